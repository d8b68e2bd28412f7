import { z } from 'zod';
import { CapturedProductSchema } from './captured-product';
import { ProvenanceStrengthSchema, ProvenanceVerdictSchema } from './provenance';
import { httpUrl, text } from './text';

/** Boards and pins: what a person saves, and where. */

const HttpUrlSchema = httpUrl(4096);
const TimestampSchema = z.iso.datetime();

export const BoardSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    pinCount: z.number().int().nonnegative(),
    /** The newest pin's image, for the board's cover; null for an empty board. */
    coverImageUrl: z.string().nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof BoardSchema>;

const BoardNameSchema = text()
  .trim()
  .min(1, 'a board needs a name')
  .max(100, 'a board name has at most 100 characters');

export const CreateBoardSchema = z
  .strictObject({ name: BoardNameSchema, description: text().trim().max(500).default('') })
  .meta({ id: 'CreateBoard' });
export type CreateBoard = z.input<typeof CreateBoardSchema>;

export const UpdateBoardSchema = z
  .strictObject({ name: BoardNameSchema.optional(), description: text().trim().max(500).optional() })
  .meta({ id: 'UpdateBoard' });
export type UpdateBoard = z.input<typeof UpdateBoardSchema>;

export const BoardListSchema = z.object({ items: z.array(BoardSchema) }).meta({ id: 'BoardList' });

/** A pin remembers the provenance badge its image had when known (the details stay with the analysis). */
export const PinProvenanceSchema = z.object({ verdict: ProvenanceVerdictSchema, strength: ProvenanceStrengthSchema });

const TagSchema = text().trim().min(1).max(50);
const ColorSchema = text().regex(/^#[0-9a-f]{6}$/, 'a colour is "#rrggbb" in lower case');

export const PinSchema = z
  .object({
    id: z.uuid(),
    boardId: z.uuid(),
    imageUrl: z.string(),
    sourceUrl: z.string().nullable(),
    sourceTitle: z.string().nullable(),
    altText: z.string().nullable(),
    product: CapturedProductSchema.nullable(),
    note: z.string(),
    tags: z.array(z.string()),
    colors: z.array(z.string()),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    provenance: PinProvenanceSchema.nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Pin' });
export type Pin = z.infer<typeof PinSchema>;

export const CreatePinSchema = z
  .strictObject({
    boardId: z.uuid(),
    imageUrl: HttpUrlSchema,
    sourceUrl: HttpUrlSchema.optional(),
    sourceTitle: text().max(500).optional(),
    altText: text().max(2000).optional(),
    product: CapturedProductSchema.optional(),
    note: text().max(2000).default(''),
    tags: z.array(TagSchema).max(30).default([]),
    colors: z.array(ColorSchema).max(8).default([]),
    width: z.number().int().positive().max(100_000).optional(),
    height: z.number().int().positive().max(100_000).optional(),
    provenance: PinProvenanceSchema.optional(),
  })
  .meta({ id: 'CreatePin' });
export type CreatePin = z.input<typeof CreatePinSchema>;
/** A pin request after validation, with its defaults filled in. */
export type ValidCreatePin = z.output<typeof CreatePinSchema>;

/**
 * `created`: this request (or an earlier one with the same Idempotency-Key) made the pin.
 * `already-saved`: the board already had this image; the existing pin is returned.
 */
export const SavePinResultSchema = z
  .object({ outcome: z.enum(['created', 'already-saved']), pin: PinSchema })
  .meta({ id: 'SavePinResult' });
export type SavePinResult = z.infer<typeof SavePinResultSchema>;

export const UpdatePinSchema = z
  .strictObject({
    boardId: z.uuid().optional(),
    note: text().max(2000).optional(),
    tags: z.array(TagSchema).max(30).optional(),
  })
  .meta({ id: 'UpdatePin' });
export type UpdatePin = z.input<typeof UpdatePinSchema>;

export const PinPageSchema = z
  .object({ items: z.array(PinSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'PinPage' });
export type PinPage = z.infer<typeof PinPageSchema>;

/** The Idempotency-Key header: the client's own id for one save, reused on every retry of it. */
export const IdempotencyKeySchema = text()
  .min(8)
  .max(128)
  .regex(/^[\w.:-]+$/, 'an Idempotency-Key uses letters, digits and . _ : -');

/** Which of these images the user has saved already, and where (the side panel's "already saved" marks). */
export const SavedLookupRequestSchema = z
  .strictObject({ imageUrls: z.array(text().max(8192)).max(1000) })
  .meta({ id: 'SavedLookupRequest' });
export const SavedLookupSchema = z
  .object({
    saved: z.array(z.object({ imageUrl: z.string(), pinId: z.uuid(), boardId: z.uuid(), boardName: z.string() })),
  })
  .meta({ id: 'SavedLookup' });
export type SavedLookup = z.infer<typeof SavedLookupSchema>;
