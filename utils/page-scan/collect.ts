/**
 * Collecting candidates: the elements that may show an image, found by walking
 * the DOM (open shadow roots included) and reading nothing but the few boxes
 * needed to prune the walk.
 *
 * Images, video posters, SVG images and page meta elements are taken as they
 * come. Backgrounds come two ways: inline styles and lazy `data-bg` attributes
 * through one native query (their value is in an attribute), and possible
 * stylesheet backgrounds measured top-down while walking: nothing inside an
 * element small on both sides, at most `maxBoxChecks` per pass.
 */
import type { Geometry } from './geometry';
import { AREA_ATTRIBUTES, AREA_TAGS } from './placement';
import type { PageAreas } from './placement';
import { MIN_LONG_SIDE, passesSizeRules } from './rules';
import type { Size } from './types';

/** What a candidate may show; `meta` is a page meta element, which may carry the page's opt-out. */
export type CandidateKind = 'img' | 'poster' | 'svg-image' | 'background' | 'meta';

export interface Candidate {
  el: Element;
  kind: CandidateKind;
  inShadow: boolean;
  /** A background from the stylesheet walk: the box measured while collecting (null: too small). */
  box?: Size | null;
  /** A background found by the inline-style / lazy-attribute query: read its value from the attribute, not the computed style. */
  inline?: boolean;
}

/*
 * What the walk asks of an element, by its tag: one lookup in one table per element (a big page
 * has tens of thousands), where three sets cost three (measured: 0.4–0.8 ms less on the 3,000-card page).
 */
/** It may carry a stylesheet background worth measuring. */
const MAY_HAVE_BACKGROUND = 1;
/**
 * It may host a shadow root: the DOM standard's list for attachShadow, and custom elements (a
 * name with a hyphen). Asking any other element for its shadow root is a call into the browser
 * that cannot answer yes: on a page of cards (li, a, img, button) most of them.
 */
const MAY_HOST_SHADOW = 2;
/** It opens an area of the page by its tag ({@link AREA_TAGS}). */
const OPENS_AREA = 4;
/** Each tag's roles; each list gives its tags (names separated by spaces) one role. */
const TAG_ROLES = new Map<string, number>();
for (const [role, tags] of [
  [MAY_HAVE_BACKGROUND, 'div section a span li figure header article aside main button i td'],
  [MAY_HOST_SHADOW, 'div section span header article aside main footer nav p body blockquote h1 h2 h3 h4 h5 h6'],
  [OPENS_AREA, AREA_TAGS],
] as const)
  for (const tag of tags.split(' ')) TAG_ROLES.set(tag, (TAG_ROLES.get(tag) ?? 0) | role);
const rolesOf = (tag: string): number => TAG_ROLES.get(tag) ?? (tag.includes('-') ? MAY_HOST_SHADOW : 0);

/** An inline style with a url(): a background in an attribute. */
const INLINE_STYLE_BG = '[style*="url("]';
/** A lazy loader's background, in an attribute of its own. */
const LAZY_BG = ['[data-bg]', '[data-background-image]'];
/** Elements whose background is in an attribute: an inline style with a url(), or a lazy loader's data-bg. */
const INLINE_BG_SELECTOR = `${INLINE_STYLE_BG},${LAZY_BG}`;

/** What one pass collects: the candidates, and the state that prunes its walk. */
interface Pass {
  cands: Candidate[];
  /** Elements already taken as inline / lazy backgrounds (not measured again as stylesheet ones). */
  inlineBg: Set<Element>;
  /** Elements measured small: their subtrees are skipped. */
  smallBg: Set<Element>;
  /** How many elements were measured as possible stylesheet backgrounds. */
  bgQueued: number;
  /** Elements visited (incremental passes only: added subtrees may overlap). */
  seen: Set<Element> | null;
  /** A whole-document pass's areas: those an attribute may open, then those a tag opens as the walk passes them (see placement.ts). */
  areas?: PageAreas;
}

function newPass(seen: Set<Element> | null, areas?: PageAreas): Pass {
  return { cands: [], inlineBg: new Set(), smallBg: new Set(), bgQueued: 0, seen, areas };
}

export interface CollectorOptions {
  geometry: Geometry;
  /** Per pass: how many elements without an image of their own may be measured as possible stylesheet backgrounds. */
  maxBoxChecks: number;
  /** Counts the backgrounds left unmeasured once the budget is spent. */
  stats: { backgroundBudgetExhausted: number };
  /** Whether `el` owns a record: a re-scanned element that showed a background before must lose it. */
  ownsRecord(el: Element): boolean;
  /** Called once for each open shadow root found. */
  onShadowRoot(root: ShadowRoot): void;
}

/** One walk over a whole document, in document order, a chunk at a time. */
export interface DocumentWalk {
  /** The pass's candidates so far, in the order found (grows as the walk goes on). */
  readonly cands: readonly Candidate[];
  /** Whether every element has been visited. */
  readonly done: boolean;
  /** Visits up to `count` more elements. */
  visitNext(count: number): void;
}

/** Collects candidates for one scanner; remembers the open shadow roots it has found. */
export interface Collector {
  /**
   * A pass over the whole document: the inline / lazy backgrounds at once (one
   * native query, no style reads), then every element as `visitNext` asks.
   * Into `areas` go the elements that may open an area by an attribute (from
   * the same query) and those that open one by their tag (as the walk passes them).
   */
  walkDocument(doc: Document, areas: PageAreas): DocumentWalk;
  /**
   * An incremental pass: `nodes` (MutationRecord.addedNodes, or the target of an
   * attribute mutation) and their subtrees, each element once however the
   * subtrees overlap. Disconnected and non-element nodes are skipped.
   */
  collectAdded(nodes: Iterable<Node>): Candidate[];
  /** `el` alone as a candidate, as a scan would take it (a background only when large), or null. */
  candidateFor(el: Element): Candidate | null;
  /** Open shadow roots found so far (an observer should watch them too). */
  shadowRoots(): ShadowRoot[];
  /** Forgets the shadow roots whose host left the document. */
  forgetDetachedShadowRoots(): void;
}

/** What an element shows by its kind alone (an img, a video's poster, an SVG image, a page meta element), or null. */
function kindOf(el: Element, tag: string): Exclude<CandidateKind, 'background'> | null {
  if (tag === 'img') return 'img';
  if (tag === 'video') return el.hasAttribute('poster') ? 'poster' : null;
  if (tag === 'image') return 'ownerSVGElement' in el ? 'svg-image' : null; // SVG elements have it, HTML ones do not
  return tag === 'meta' ? 'meta' : null;
}

export function createCollector({
  geometry,
  maxBoxChecks,
  stats,
  ownsRecord,
  onShadowRoot,
}: CollectorOptions): Collector {
  const shadowRootsSeen = new Set<ShadowRoot>();

  function collect(root: ParentNode, inShadow: boolean, pass: Pass): void {
    queryInlineBackgrounds(root, inShadow, pass);
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) visit(all[i]!, inShadow, pass);
  }

  function queryInlineBackgrounds(root: ParentNode, inShadow: boolean, pass: Pass): void {
    const inline = root.querySelectorAll(INLINE_BG_SELECTOR);
    for (let i = 0; i < inline.length; i++) addInline(inline[i]!, inShadow, pass);
  }

  /** `el` as a background in an attribute, once however many of its attributes are found. */
  function addInline(el: Element, inShadow: boolean, pass: Pass): void {
    if (pass.inlineBg.has(el)) return;
    pass.inlineBg.add(el);
    pass.cands.push({ el, kind: 'background', inShadow, inline: true });
  }

  function visit(el: Element, inShadow: boolean, pass: Pass): void {
    const seen = pass.seen;
    if (seen) {
      if (seen.has(el)) return;
      seen.add(el);
    }
    const out = pass.cands;
    const tag = el.localName;
    const roles = rolesOf(tag);
    if (roles & OPENS_AREA) pass.areas?.add(el);
    const kind = kindOf(el, tag);
    const sr = roles & MAY_HOST_SHADOW ? el.shadowRoot : null;
    if (sr?.mode === 'open') {
      if (!shadowRootsSeen.has(sr)) {
        shadowRootsSeen.add(sr);
        onShadowRoot(sr);
      }
      collect(sr, true, pass);
    }
    if (kind) {
      out.push({ el, kind, inShadow });
    } else if (roles & MAY_HAVE_BACKGROUND) {
      // Stylesheet backgrounds. Measured top-down (a parent precedes its children in document
      // order): inside a small or hidden element nothing is measured (menu items, closed
      // panels, icons), and at most maxBoxChecks elements per pass.
      if (pass.bgQueued >= maxBoxChecks) {
        // Past the budget nothing more is measured, so nothing more needs looking up: most of
        // a big page's elements stop here (an inline background among them is counted too).
        stats.backgroundBudgetExhausted++;
        return;
      }
      if (pass.inlineBg.has(el)) return;
      const parent = el.parentElement;
      if (parent && pass.smallBg.has(parent)) {
        pass.smallBg.add(el);
      } else {
        pass.bgQueued++;
        const box = geometry.box(el);
        if (passesSizeRules(box.width, box.height)) out.push({ el, kind: 'background', inShadow, box });
        else {
          // Prune the subtree only when both sides are small (hidden, icon, menu item); a wide
          // zero-height box is usually a container of floats whose children do render.
          if (Math.max(box.width, box.height) < MIN_LONG_SIDE) pass.smallBg.add(el);
          // A re-scanned element that showed a background before must lose its record.
          if (ownsRecord(el)) out.push({ el, kind: 'background', inShadow, box: null });
        }
      }
    }
  }

  return {
    walkDocument(doc, areas) {
      const pass = newPass(null, areas);
      // A query per lazy loader's attribute: the browser often answers a lone attribute selector
      // that matches nothing without a walk (measured: 0.3 ms to nothing on the 3,000-card page),
      // while each selector of a list costs a walk of the document.
      for (const selector of LAZY_BG) for (const el of doc.querySelectorAll(selector)) addInline(el, false, pass);
      // One walk for two things: inline-style backgrounds, and the elements that may open an area
      // by an attribute (placement.ts judges which do).
      for (const el of doc.querySelectorAll(`${INLINE_STYLE_BG},${AREA_ATTRIBUTES}`)) {
        if (el.matches(INLINE_STYLE_BG)) addInline(el, false, pass);
        areas.add(el);
      }
      const all = doc.querySelectorAll('*');
      let visited = 0;
      return {
        cands: pass.cands,
        get done() {
          return visited >= all.length;
        },
        visitNext(count) {
          for (const end = Math.min(all.length, visited + count); visited < end; visited++)
            visit(all[visited]!, false, pass);
        },
      };
    },

    collectAdded(nodes) {
      const pass = newPass(new Set());
      for (const node of nodes) {
        if (node.nodeType !== 1 || !node.isConnected) continue;
        const el = node as Element;
        if (pass.seen!.has(el)) continue;
        const inShadow = el.getRootNode().nodeType === 11;
        if (el.matches(INLINE_BG_SELECTOR)) addInline(el, inShadow, pass);
        visit(el, inShadow, pass);
        collect(el, inShadow, pass);
      }
      return pass.cands;
    },

    candidateFor(el) {
      const inShadow = el.getRootNode().nodeType === 11;
      const tag = el.localName;
      const kind = kindOf(el, tag);
      if (kind) return kind === 'meta' ? null : { el, kind, inShadow };
      const inline = el.matches(INLINE_BG_SELECTOR);
      if (inline || rolesOf(tag) & MAY_HAVE_BACKGROUND) {
        const box = geometry.box(el);
        if (passesSizeRules(box.width, box.height)) return { el, kind: 'background', inShadow, box, inline };
      }
      return null;
    },

    shadowRoots() {
      return [...shadowRootsSeen];
    },

    forgetDetachedShadowRoots() {
      for (const sr of shadowRootsSeen) if (!sr.host.isConnected) shadowRootsSeen.delete(sr);
    },
  };
}
