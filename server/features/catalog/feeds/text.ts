/**
 * Text clean-up shared by the feed parsers. Feeds carry HTML in descriptions
 * (and entities everywhere, sometimes encoded twice by exporters); Loupe
 * stores plain text so that nothing from a feed is ever rendered as HTML.
 */

/** HTML's Latin-1 entity names, in code-point order from U+00A0. */
const LATIN1_NAMES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para ' +
  'middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute ' +
  'Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute ' +
  'THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ' +
  'ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ...LATIN1_NAMES.map((name, i) => [name, String.fromCodePoint(0xa0 + i)] as [string, string]),
  ...Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    euro: '€',
    trade: '™',
    hellip: '…',
    mdash: '—',
    ndash: '–',
    lsquo: '‘',
    rsquo: '’',
    sbquo: '‚',
    ldquo: '“',
    rdquo: '”',
    bdquo: '„',
    bull: '•',
    dagger: '†',
    Dagger: '‡',
    permil: '‰',
    prime: '′',
    Prime: '″',
    lsaquo: '‹',
    rsaquo: '›',
    OElig: 'Œ',
    oelig: 'œ',
    Scaron: 'Š',
    scaron: 'š',
    Yuml: 'Ÿ',
    fnof: 'ƒ',
    circ: 'ˆ',
    tilde: '˜',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    zwnj: '\u200c',
    zwj: '\u200d',
    lrm: '\u200e',
    rlm: '\u200f',
    larr: '←',
    rarr: '→',
    uarr: '↑',
    darr: '↓',
    harr: '↔',
    hearts: '♥',
    check: '✓',
    star: '☆',
    minus: '−',
    infin: '∞',
    asymp: '≈',
    ne: '≠',
    le: '≤',
    ge: '≥',
    Omega: 'Ω',
    mu: 'μ',
    pi: 'π',
    alpha: 'α',
    beta: 'β',
    oline: '‾',
    frasl: '⁄',
  }),
]);

/**
 * Decodes named (`&eacute;`), decimal (`&#233;`) and hex (`&#xE9;`) references.
 * Only terminated references are decoded, so a URL query like `?a=1&copy=2`
 * keeps its text; unknown names are left as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES.get(ref) ?? whole;
  });
}

/** Elements whose content is never visible text. */
const INVISIBLE = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Tags that break lines when rendered. */
const BREAKING = /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote|pre|hr)\b[^>]*>/gi;
/** Any tag or comment. A "<" not followed by a letter, "/" or "!" is text ("<3", "a < b"). */
const TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][^>]*>/g;

/**
 * HTML (or plain text that may contain entities) → plain text: invisible
 * elements dropped, block tags turned into line breaks, other tags removed,
 * entities decoded, runs of spaces and of line breaks collapsed.
 */
export function htmlToText(html: string): string {
  const text = decodeEntities(html.replace(INVISIBLE, ' ').replace(BREAKING, '\n').replace(TAG, ''));
  return text
    .replace(/[\u00a0\t\f\v ]+/g, ' ')
    .replace(/ *\r?\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** One-line text (titles, brands, colours): like htmlToText, with line breaks folded into spaces. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ');
}
