/**
 * `srcset` parsing after the WHATWG "parse a srcset attribute" algorithm:
 * URLs may contain commas (Cloudinary `w_300,h_200`), descriptors are
 * separated by whitespace, parentheses group, and invalid candidates are
 * dropped rather than breaking the whole attribute.
 */

export interface SrcsetCandidate {
  /** The URL as written (not resolved). */
  url: string;
  /** Width descriptor (`640w`), when given. */
  w?: number;
  /** Pixel density (`2x`); 1 when no descriptor is given. */
  x?: number;
  /** Height descriptor (`480h`, future-compat), when given. */
  h?: number;
}

const FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT = /^\d+$/;

/** ASCII whitespace per the HTML spec. */
function ws(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

export function parseSrcset(input: string | null | undefined): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  if (!input) return out;
  const s = input;
  const n = s.length;
  let pos = 0;
  while (pos < n) {
    // Skip whitespace and commas between candidates.
    let c = s.charCodeAt(pos);
    while (pos < n && (ws(c) || c === 44)) c = s.charCodeAt(++pos);
    if (pos >= n) break;
    const start = pos;
    while (pos < n && !ws(s.charCodeAt(pos))) pos++;
    let end = pos;
    const descriptors: string[] = [];
    if (s.charCodeAt(end - 1) === 44) {
      // Trailing commas end the candidate: no descriptors.
      while (end > start && s.charCodeAt(end - 1) === 44) end--;
    } else {
      // Descriptor tokens until a comma outside parentheses.
      let tok = -1;
      let paren = false;
      for (;;) {
        const d = pos < n ? s.charCodeAt(pos) : -1;
        if (paren) {
          if (d === 41) paren = false;
          else if (d === -1) {
            descriptors.push(s.slice(tok, pos));
            break;
          }
        } else if (d === -1 || d === 44 || ws(d)) {
          if (tok !== -1) descriptors.push(s.slice(tok, pos));
          tok = -1;
          if (d === -1) break;
          if (d === 44) {
            pos++;
            break;
          }
        } else {
          if (tok === -1) tok = pos;
          if (d === 40) paren = true;
        }
        pos++;
      }
    }
    const url = s.slice(start, end);
    if (!url) continue;
    const cand = parseDescriptors(url, descriptors);
    if (cand) out.push(cand);
  }
  return out;
}

function parseDescriptors(url: string, descriptors: string[]): SrcsetCandidate | null {
  let w: number | undefined;
  let x: number | undefined;
  let h: number | undefined;
  for (const d of descriptors) {
    const unit = d.charAt(d.length - 1).toLowerCase();
    const value = d.slice(0, -1);
    if (unit === 'w') {
      if (w !== undefined || x !== undefined || !INT.test(value)) return null;
      w = Number(value);
      if (w <= 0) return null;
    } else if (unit === 'x') {
      if (w !== undefined || x !== undefined || h !== undefined || !FLOAT.test(value)) return null;
      x = Number(value);
      if (!(x >= 0)) return null;
    } else if (unit === 'h') {
      if (h !== undefined || x !== undefined || !INT.test(value)) return null;
      h = Number(value);
      if (h <= 0) return null;
    } else {
      return null; // unknown descriptor: the candidate is invalid
    }
  }
  if (h !== undefined && w === undefined) return null;
  const cand: SrcsetCandidate = { url };
  if (w !== undefined) cand.w = w;
  if (h !== undefined) cand.h = h;
  if (w === undefined) cand.x = x ?? 1;
  return cand;
}

/**
 * The largest candidate: the widest `w` candidate when any has a width
 * descriptor (widths are real pixel counts, densities are relative), else the
 * highest density. Ties keep the first one.
 */
export function largestCandidate<C extends SrcsetCandidate>(cands: readonly C[]): C | null {
  let best: C | null = null;
  let bestW = 0;
  let bestX = -1;
  for (const c of cands) {
    if (c.w !== undefined) {
      if (c.w > bestW) {
        best = c;
        bestW = c.w;
      }
    } else if (bestW === 0 && (c.x ?? 1) > bestX) {
      best = c;
      bestX = c.x ?? 1;
    }
  }
  return best;
}

/** Parse and pick in one call. Returns the raw (unresolved) URL and its width when known. */
export function largestSrcsetUrl(input: string | null | undefined): SrcsetCandidate | null {
  // Most images have no srcset: nothing to parse, no lists made.
  return input ? largestCandidate(parseSrcset(input)) : null;
}
