/** Site opt-outs: page-level meta tags and per-image attributes. */
import type { BlockedReason } from './types';

export interface PageOptOut {
  reason: Extract<BlockedReason, 'page-nopin' | 'page-nosave'>;
  /** Site-supplied message (Pinterest's `description` attribute), plain text, ≤ 200 chars. */
  detail: string | null;
}

function tokens(v: string | null): string[] {
  return (v ?? '').toLowerCase().split(/[\s,;]+/);
}

/** Something cleaning would change: a control character, half a surrogate pair, whitespace other than single inner spaces. */
const NEEDS_CLEANING = /[\p{Cs}\p{Cc}]|[^\S ]| {2}|^ | $/u;

/** Plain text, whitespace collapsed, capped. */
export function cleanText(v: string | null | undefined, max: number): string {
  if (!v) return '';
  // Most texts (an image's alt, thousands on a big page) are clean already: tested, not rebuilt.
  if (v.length <= max && !NEEDS_CLEANING.test(v)) return v;
  // A page can hand over anything (a JSON-LD "\u0000" escape, a script-set alt): control characters
  // become spaces and halves of surrogate pairs go, so nothing is forwarded that the server cannot store.
  const t = v
    .replace(/\p{Cs}/gu, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  // Cut between characters, never inside a surrogate pair.
  return t.length > max ? `${t.slice(0, max - 1).replace(/\p{Cs}$/u, '')}…` : t;
}

/** Reads `<meta name="loupe" content="nosave">` and `<meta name="pinterest" content="nopin">`. */
export function readPageOptOut(doc: Document): PageOptOut | null {
  let found: PageOptOut | null = null;
  for (const meta of doc.querySelectorAll('meta[name]')) {
    const opt = metaOptOut(meta);
    // nosave (addressed to Loupe) wins over nopin.
    if (opt && (!found || opt.reason === 'page-nosave')) found = opt;
  }
  return found;
}

/** The opt-out one `<meta>` element expresses, if any. */
export function metaOptOut(meta: Element): PageOptOut | null {
  const name = (meta.getAttribute('name') ?? '').trim().toLowerCase();
  const content = tokens(meta.getAttribute('content'));
  if (name === 'loupe' && content.includes('nosave')) {
    return { reason: 'page-nosave', detail: cleanText(meta.getAttribute('description'), 200) || null };
  }
  if (name === 'pinterest' && content.includes('nopin')) {
    return { reason: 'page-nopin', detail: cleanText(meta.getAttribute('description'), 200) || null };
  }
  return null;
}

function flag(el: Element, attr: string): boolean {
  const v = el.getAttribute(attr);
  if (v === null) return false;
  const t = v.trim().toLowerCase();
  return t !== 'false' && t !== '0' && t !== 'no';
}

/** Per-image opt-out: `data-pin-nopin`, `nopin`, or Loupe's own `data-loupe-nosave`. */
export function elementOptOut(el: Element): BlockedReason | null {
  if (flag(el, 'data-loupe-nosave')) return 'image-nosave';
  if (flag(el, 'data-pin-nopin') || flag(el, 'nopin')) return 'image-nopin';
  return null;
}
