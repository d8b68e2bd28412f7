import { inflateSync, gunzipSync } from 'node:zlib';

/**
 * Inflate zlib (or gzip) data with a hard output cap. zlib stops as soon as the
 * cap is reached, so a zip bomb costs at most `maxBytes` of memory and the time
 * to produce them. Returns null for corrupt or over-limit data.
 */
export const boundedInflate = (
  data: Uint8Array,
  maxBytes: number,
  kind: 'zlib' | 'gzip' = 'zlib',
): Uint8Array | null => {
  try {
    const options = { maxOutputLength: maxBytes };
    return kind === 'gzip' ? gunzipSync(data, options) : inflateSync(data, options);
  } catch {
    return null;
  }
};
