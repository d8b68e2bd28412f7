/**
 * Test-only page set-up for the scanner's unit tests (happy-dom): a shop page
 * at a fixed URL, and one call that scans it with {@link testGeometry} sizes.
 */
import { noChanges, deltaOf } from '../dedupe';
import { PageScanner } from '../scanner';
import type { ScanDelta } from '../types';
import { testGeometry } from './dom';

/**
 * A scanner with a synchronous initial pass, for tests: the same pass as `scanRootInSlices`, in
 * one go. Pages never need it, so the content script does not carry it.
 */
export class TestScanner extends PageScanner {
  scanRoot(): ScanDelta {
    const changes = noChanges();
    const { walk, pass } = this.startRootPass();
    walk.visitNext(Infinity);
    this.process(walk.cands, changes, pass);
    return deltaOf(changes);
  }

  /** The page-level opt-out in force, if any. */
  get pageOptOut() {
    return this.optOut;
  }
}

export const PAGE = 'https://shop.test/products/linen-shirt?variant=2';
/** A rendered box every size rule accepts. */
export const big = 'data-box="400x400"';

/** Puts `body` and `head` in the document, at {@link PAGE} (with a hash the scanner must drop). */
export function setPage(body: string, head = ''): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${PAGE}#reviews`);
  document.head.innerHTML = head;
  document.body.innerHTML = body;
}

/** Sets the page and scans it once; `media` lists the media queries that match. */
export function scan(body: string, head = '', media: string[] = []) {
  setPage(body, head);
  const geometry = testGeometry(media);
  const scanner = new TestScanner({ geometry });
  const delta = scanner.scanRoot();
  return {
    scanner,
    delta,
    geometry,
    urls: scanner.records().flatMap((r) => (r.saveAllowed ? [r.url] : [])),
    records: scanner.records(),
  };
}
