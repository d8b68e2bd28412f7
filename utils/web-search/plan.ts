import { searchUrlFor, type WebSearchEngine } from './engines';
import { isPublicImageUrl } from './public-address';

/**
 * How an image reaches an engine: by its address when the engine can fetch it (a public http(s)
 * URL), else as bytes through the engine's upload page; an engine with neither way cannot take it.
 * A part of an image has no address of its own: it can only go as a file, through an upload page.
 */
export type WebSearchPlan =
  | { how: 'address'; url: string }
  | { how: 'upload'; uploadUrl: string }
  | { how: 'impossible'; why: 'address-not-public' | 'part-needs-upload' };

export function planWebSearch(engine: WebSearchEngine, imageUrl: string, part = false): WebSearchPlan {
  if (!part && isPublicImageUrl(imageUrl)) return { how: 'address', url: searchUrlFor(engine, imageUrl) };
  if (engine.uploadUrl) return { how: 'upload', uploadUrl: engine.uploadUrl };
  return { how: 'impossible', why: part ? 'part-needs-upload' : 'address-not-public' };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
};

/**
 * The file name the upload page sees: the last part of the image's path when it has one (only
 * letters, digits, dots, dashes and underscores), else "image"; "-part" added for a part of it;
 * with an extension that fits its type.
 */
export function uploadFileName(imageUrl: string, type: string, part = false): string {
  let base = '';
  if (/^https?:/i.test(imageUrl)) {
    try {
      const last = new URL(imageUrl).pathname.split('/').at(-1) ?? '';
      base = decodeURIComponent(last)
        .replace(/[^\w.-]+/g, '_')
        .replace(/^[._]+/, '')
        .slice(0, 100);
    } catch {
      base = '';
    }
  }
  const extension = EXTENSIONS[type];
  if (!base) base = 'image';
  // A part of the image is a new picture: its own name, and the extension of what it was cut into.
  if (part) base = `${base.replace(/\.[a-z0-9]{2,5}$/i, '')}-part`;
  return extension && !/\.[a-z0-9]{2,5}$/i.test(base) ? `${base}.${extension}` : base;
}
