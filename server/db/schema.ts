import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CapturedProduct } from '../../utils/contract';

/**
 * Loupe's tables. Every row that holds a person's data carries `user_id`, and
 * every query that reads it filters on the authenticated user: that is how one
 * user can never see another's boards.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: createdAt(),
});

/** API tokens, stored only as SHA-256 hashes: a leaked database does not leak working tokens. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, so a person can tell their tokens apart without the secret. */
    prefix: text('prefix').notNull(),
    label: text('label').notNull().default(''),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('api_tokens_user_id_idx').on(table.userId)],
);

const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const boards = pgTable(
  'boards',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('boards_user_id_name_key').on(table.userId, sql`lower(${table.name})`)],
);

export const pins = pgTable(
  'pins',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Insertion order: the stable sort key behind cursor pagination (timestamps can tie). */
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    /** The Idempotency-Key of the save that created the pin: a retry finds it instead of saving twice. */
    clientKey: text('client_key'),
    imageUrl: text('image_url').notNull(),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    altText: text('alt_text'),
    product: jsonb('product').$type<CapturedProduct>(),
    note: text('note').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    colors: text('colors').array().notNull().default(sql`'{}'::text[]`),
    width: integer('width'),
    height: integer('height'),
    provenanceVerdict: text('provenance_verdict'),
    provenanceStrength: text('provenance_strength'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('pins_user_id_client_key_key').on(table.userId, table.clientKey),
    uniqueIndex('pins_board_id_image_url_key').on(table.boardId, table.imageUrl),
    index('pins_board_id_seq_idx').on(table.boardId, table.seq),
    index('pins_user_id_idx').on(table.userId),
  ],
);
