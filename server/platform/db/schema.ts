import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CapturedProduct } from '../../../utils/contract';

/**
 * Loupe's tables. Every row that holds a person's data carries `user_id`, and
 * every query that reads it filters on the authenticated user: that is how one
 * user can never see another's boards.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: createdAt(),
});

/** API tokens, stored only as SHA-256 hashes: a leaked database does not leak working tokens. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
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
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
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

/** A Postgres full-text search document, maintained by the database (a generated column). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const pins = pgTable(
  'pins',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
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
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    colors: text('colors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    width: integer('width'),
    height: integer('height'),
    provenanceVerdict: text('provenance_verdict'),
    provenanceStrength: text('provenance_strength'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * The embedder (`<model id>:<dtype>`) that last looked at the image: its vector is in `embedding`
     * (added by migration 0006 only where pgvector exists, like product_images'), or `embed_error` says
     * why there is none. Null: not embedded yet (new, or saved before search existed: the backfill's work).
     */
    embedderId: text('embedder_id'),
    embeddedAt: timestamp('embedded_at', { withTimezone: true }),
    embedError: text('embed_error'),
    /** What "search your saves" matches words against: product name and tags first, then alt text and note, then the page title. */
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, coalesce(product->>'name', '') || ' ' || coalesce(product->>'brand', '') || ' ' || loupe_words(tags)), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(alt_text, '') || ' ' || note), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(source_title, '')), 'C')`,
      ),
  },
  (table) => [
    uniqueIndex('pins_user_id_client_key_key').on(table.userId, table.clientKey),
    uniqueIndex('pins_board_id_image_url_key').on(table.boardId, table.imageUrl),
    index('pins_board_id_seq_idx').on(table.boardId, table.seq),
    index('pins_user_id_idx').on(table.userId),
    index('pins_search_idx').using('gin', table.searchVector),
    index('pins_user_embedder_idx').on(table.userId, table.embedderId),
  ],
);

// ─── Product catalogue (issue 6) ────────────────────────────────────────────
//
// Products are imported from shop feeds, per source: `source` names the feed
// ("acme-eu"), `source_id` is the product's id in it. Re-importing a source
// updates what changed (content_hash) and removes what vanished (last_import_id),
// and never touches another source.

/**
 * Raw bytes (an uploaded feed). node-postgres reads bytea as a Buffer, PGlite as a plain
 * Uint8Array: both are made Buffers (without a copy), so the type says the truth on either.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    source: text('source').notNull(),
    /** Forced feed format, or null to detect it from the content. */
    format: text('format'),
    /** Where the feed comes from: a URL, a file path (CLI), or `upload:NAME` (stored in `upload`). */
    location: text('location').notNull(),
    /** Shopify feeds: the shop's currency and origin. */
    currency: text('currency'),
    shopUrl: text('shop_url'),
    /** Size and modification time (file), or SHA-256 (URL, upload): a resumed run must read the same feed. */
    fingerprint: text('fingerprint'),
    upload: bytea('upload'),
    /** queued → running → succeeded | failed. A running job whose heartbeat stopped was interrupted (a crash). */
    status: text('status').notNull().default('queued'),
    embed: boolean('embed').notNull().default(true),
    embedderId: text('embedder_id'),
    /** Resume position: feed rows (good and bad, in feed order) fully handled and committed. */
    rowsDone: integer('rows_done').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    failedRows: integer('failed_rows').notNull().default(0),
    imagesEmbedded: integer('images_embedded').notNull().default(0),
    imageErrors: integer('image_errors').notNull().default(0),
    /** Why the job failed, or a note (e.g. images not embedded because pgvector is missing). */
    message: text('message'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Whose catalogue the imported products join: null for the shared catalogue (a followed shop's follower otherwise). */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('import_jobs_source_idx').on(table.source, table.createdAt)],
);

/** Problems with single rows of an import (bad rows, unfetchable images), with their line in the feed. */
export const importJobErrors = pgTable(
  'import_job_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    ref: text('ref'),
    /** `row` (skipped) or `image` (product kept, image not embedded). */
    kind: text('kind').notNull(),
    error: text('error').notNull(),
  },
  (table) => [index('import_job_errors_job_id_idx').on(table.jobId, table.id)],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    /**
     * Null for the shared catalogue (imported feeds, seen by everyone). Set for products one user's
     * browsing captured (source `captured`): only that user's searches see them.
     */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    brand: text('brand'),
    description: text('description'),
    link: text('link').notNull(),
    imageUrl: text('image_url').notNull(),
    additionalImageUrls: text('additional_image_urls')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Exact decimals: feeds' "19.99" stays 19.99. */
    price: numeric('price').notNull(),
    salePrice: numeric('sale_price'),
    currency: text('currency').notNull(),
    availability: text('availability').notNull().default('unknown'),
    gtin: text('gtin'),
    mpn: text('mpn'),
    sku: text('sku'),
    itemGroupId: text('item_group_id'),
    color: text('color'),
    size: text('size'),
    googleProductCategory: text('google_product_category'),
    /** SHA-256 of the product's fields as imported: a re-import rewrites only what changed. */
    contentHash: text('content_hash').notNull(),
    /** The last import that saw the product; a finished import removes its source's products it did not see. */
    lastImportId: uuid('last_import_id'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')`,
      ),
  },
  (table) => [
    uniqueIndex('products_source_source_id_key').on(table.source, table.sourceId),
    index('products_source_last_import_idx').on(table.source, table.lastImportId),
    index('products_owner_idx')
      .on(table.ownerId)
      .where(sql`owner_id IS NOT NULL`),
    index('products_search_idx').using('gin', table.searchVector),
  ],
);

/**
 * A product's images and their embeddings. The `embedding vector` column is
 * added by migration 0004 only where pgvector exists, so it is not declared
 * here: Drizzle never selects it, and the code reaches it through raw SQL
 * (server/features/catalog/vector-store.ts) after checking that it exists.
 *
 * Vectors from different models (embedder ids) live side by side and are
 * never compared: every query filters on `embedder_id`, which fixes the
 * dimension too. See vector-store.ts for the per-embedder HNSW index.
 */
export const productImages = pgTable(
  'product_images',
  {
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** 0 is the main image. */
    position: integer('position').notNull(),
    url: text('url').notNull(),
    /** The embedder (`<model id>:<dtype>`) whose vector `embedding` holds; null when not embedded. */
    embedderId: text('embedder_id'),
    dimensions: integer('dimensions'),
    embeddedAt: timestamp('embedded_at', { withTimezone: true }),
    /** Why the image could not be fetched or embedded at the last attempt. */
    error: text('error'),
  },
  (table) => [
    primaryKey({ columns: [table.productId, table.position] }),
    index('product_images_embedder_idx').on(table.embedderId),
  ],
);

// ─── Followed shops (issue 15) ──────────────────────────────────────────────
//
// A shop a user follows: read in the background by whichever server process
// claims it (FOR UPDATE SKIP LOCKED), refreshed on a schedule. Its products are
// catalogue products of source `shop:<id>`, owned by the follower (or shared
// when an admin follows for everyone); each run is an import job.

export const shops = pgTable(
  'shops',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    /** Whose catalogue the products join; null when an admin followed the shop for everyone. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    followedBy: uuid('followed_by').references(() => users.id, { onDelete: 'set null' }),
    origin: text('origin').notNull(),
    /** shopify | woocommerce | sitemap, once detected. */
    platform: text('platform'),
    /** queued → importing → ready | failed; a refresh goes importing again. */
    status: text('status').notNull().default('queued'),
    products: integer('products').notNull().default(0),
    /** What the run in progress has read, and how much it expects (null when unknown). */
    progressRead: integer('progress_read').notNull().default(0),
    progressTotal: integer('progress_total'),
    /** Shopify's products.json has no currency: the shop's, read once from its meta.json. */
    currency: text('currency'),
    /** The import job of the current (or last) run: resumed when the run's process died. */
    importJobId: uuid('import_job_id'),
    /** The process working on the shop, and when it last said it is alive. */
    claimedBy: text('claimed_by'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    lastRefreshedAt: timestamp('last_refreshed_at', { withTimezone: true }),
    nextRefreshAt: timestamp('next_refresh_at', { withTimezone: true }),
    error: text('error'),
    createdAt: createdAt(),
  },
  (table) => [
    unique('shops_owner_origin_key').on(table.ownerId, table.origin).nullsNotDistinct(),
    index('shops_next_refresh_idx').on(table.status, table.nextRefreshAt),
  ],
);

/**
 * What a shop's pages said at the last read, with the validators to ask again
 * conditionally: a 304 answer reuses `data` (products, or a sitemap's URLs).
 */
export const shopPages = pgTable(
  'shop_pages',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    etag: text('etag'),
    lastModified: text('last_modified'),
    data: jsonb('data').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.shopId, table.url] })],
);
