import { z } from 'zod';
import type { WireImage } from './image-wire';
import { MAX_DATA_URL_LENGTH, MAX_URL_LENGTH, reportable } from '../url';
import type { ProductSources } from '../product/collect';
import type { Json as JsonValue } from '../product/normalize';
import * as LIMITS from '../../contract/product-limits';

/**
 * What content scripts report about their frame. It comes from inside web
 * pages, so the background validates every field and bounds every size.
 */
const Text = (max: number) => z.string().max(max);
const ImageUrl = z
  .string()
  .max(MAX_DATA_URL_LENGTH)
  .regex(/^(https?:|data:image\/|\/)/i, "an image URL must be http(s), a data: image or a path on the frame's origin")
  .refine(reportable, `an http(s) image URL is at most ${MAX_URL_LENGTH} characters`);
const Dimension = z.number().finite().min(0).max(1_000_000);

const Source = z.enum(['img', 'picture', 'lazy', 'background', 'poster', 'svg-image', 'noscript']);
const WireFields = [
  ImageUrl,
  Source,
  Dimension,
  Dimension,
  Dimension.nullable(),
  Dimension.nullable(),
  Text(300),
  Text(MAX_URL_LENGTH).nullable(),
  z.enum(['main', 'other', 'chrome']),
  Dimension,
] as const;
/** One image as a content script sends it (see image-wire.ts: a tuple, defaults left off). */
export const WireImageSchema = z.union([
  z.tuple(WireFields),
  z.tuple([
    ...WireFields,
    z.union([z.literal(0), z.literal(1)]),
    z.enum(['page-nopin', 'page-nosave', 'image-nopin', 'image-nosave']).nullable(),
    Text(200).nullable(),
  ]),
]);

/** A frame reports changes, not its whole list, so an infinite feed does not resend everything. */
export const PageImagesReportSchema = z.strictObject({
  /** The frame's URL: every record in the report is from it. */
  frameUrl: Text(MAX_URL_LENGTH).refine((url) => URL.canParse(url), 'frameUrl must be a URL'),
  /** True for the first report of a frame (and after `content/report`): replaces what was known. */
  reset: z.boolean(),
  upserted: z.array(WireImageSchema).max(5000),
  removed: z.array(Text(MAX_DATA_URL_LENGTH)).max(5000),
});
export type PageImagesReport = z.infer<typeof PageImagesReportSchema>;

/** A JSON value `depth` levels down a microdata item: containers only above the depth limit. */
function jsonAt(depth: number): z.ZodType<JsonValue> {
  const scalar = z.union([z.string().max(LIMITS.JSON_STRING_CHARS), z.number(), z.boolean(), z.null()]);
  if (depth >= LIMITS.JSON_DEPTH) return scalar;
  const inner = jsonAt(depth + 1);
  return z.union([scalar, z.array(inner).max(LIMITS.JSON_ARRAY_ITEMS), jsonObject(inner)]);
}
const jsonObject = (values: z.ZodType<JsonValue>) => z.record(z.string().max(LIMITS.JSON_KEY_CHARS), values);

/** A page's structured data, within the limits its content script trims it to (contract/product-limits). */
export const ProductSourcesSchema = z.strictObject({
  pageUrl: Text(LIMITS.URL_CHARS),
  base: Text(LIMITS.URL_CHARS),
  canonical: Text(LIMITS.URL_CHARS).nullable(),
  heading: Text(LIMITS.HEADING_CHARS).nullable(),
  jsonLd: z.array(Text(LIMITS.JSON_LD_CHARS)).max(LIMITS.JSON_LD_SCRIPTS),
  microdata: z.array(jsonObject(jsonAt(1))).max(LIMITS.MICRODATA_ITEMS),
  meta: z.array(z.tuple([Text(LIMITS.META_KEY_CHARS), Text(LIMITS.META_VALUE_CHARS)])).max(LIMITS.META_TAGS),
});

// Compile-time checks: the schemas accept exactly what page-scan produces.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const wireImageMatches: Same<z.infer<typeof WireImageSchema>, WireImage> = true;
const productSourcesFit: z.infer<typeof ProductSourcesSchema> extends ProductSources ? true : false = true;
void wireImageMatches;
void productSourcesFit;
