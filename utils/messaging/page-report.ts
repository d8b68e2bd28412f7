import { z } from 'zod';
import type { ImageRecord } from '../page-scan';
import { MAX_DATA_URL_LENGTH, MAX_URL_LENGTH, reportable } from '../page-scan/url';
import type { ProductSources } from '../page-scan/product/collect';
import type { Json as JsonValue } from '../page-scan/product/normalize';

/**
 * What content scripts report about their frame. It comes from inside web
 * pages, so the background validates every field and bounds every size.
 */
const Text = (max: number) => z.string().max(max);
const ImageUrl = z
  .string()
  .max(MAX_DATA_URL_LENGTH)
  .regex(/^(https?:|data:image\/)/i, 'an image URL must be http(s) or a data: image')
  .refine(reportable, `an http(s) image URL is at most ${MAX_URL_LENGTH} characters`);
const Dimension = z.number().finite().min(0).max(1_000_000);

export const ImageRecordSchema = z.strictObject({
  url: ImageUrl,
  source: z.enum(['img', 'picture', 'lazy', 'background', 'poster', 'svg-image']),
  naturalWidth: Dimension.nullable(),
  naturalHeight: Dimension.nullable(),
  renderedWidth: Dimension,
  renderedHeight: Dimension,
  alt: Text(300),
  linkUrl: Text(MAX_URL_LENGTH).nullable(),
  frameUrl: Text(MAX_URL_LENGTH),
  inShadowRoot: z.boolean(),
  hoverEligible: z.boolean(),
  saveAllowed: z.boolean(),
  blockedReason: z.enum(['page-nopin', 'page-nosave', 'image-nopin', 'image-nosave']).nullable(),
  blockedDetail: Text(200).nullable(),
});

/** A frame reports changes, not its whole list, so an infinite feed does not resend everything. */
export const PageImagesReportSchema = z.strictObject({
  frameUrl: Text(MAX_URL_LENGTH),
  /** True for the first report of a frame (and after `content/report`): replaces what was known. */
  reset: z.boolean(),
  upserted: z.array(ImageRecordSchema).max(5000),
  removed: z.array(Text(MAX_DATA_URL_LENGTH)).max(5000),
});
export type PageImagesReport = z.infer<typeof PageImagesReportSchema>;

const Json: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string().max(20_000), z.number(), z.boolean(), z.null(), z.array(Json).max(200), z.record(z.string().max(200), Json)]));

export const ProductSourcesSchema = z.strictObject({
  pageUrl: Text(8192),
  base: Text(8192),
  canonical: Text(8192).nullable(),
  jsonLd: z.array(Text(200_000)).max(20),
  microdata: z.array(z.record(z.string().max(200), Json)).max(20),
  meta: z.array(z.tuple([Text(200), Text(4096)])).max(200),
});

// Compile-time checks: the schemas accept exactly what page-scan produces.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const imageRecordMatches: Same<z.infer<typeof ImageRecordSchema>, ImageRecord> = true;
const productSourcesFit: z.infer<typeof ProductSourcesSchema> extends ProductSources ? true : false = true;
void imageRecordMatches;
void productSourcesFit;
