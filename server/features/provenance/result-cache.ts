import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ProvenanceResult } from '../../../utils/contract/provenance';
import type { TrustSettings } from './trust';

/** Answers a cache keeps by default: each is a few kB (evidence and warnings are bounded). */
export const DEFAULT_CACHED_ANSWERS = 512;

/** A digest of the trust settings, so cached answers never cross trust configurations (memoised per object). */
const trustKeys = new WeakMap<TrustSettings, string>();
const trustKey = (trust: TrustSettings | undefined): string => {
  if (!trust) return 'none';
  let key = trustKeys.get(trust);
  if (key === undefined) {
    key = createHash('sha256')
      .update(trust.anchorsPem ?? '')
      .update('\0')
      .update(trust.allowedEkuConfig ?? '')
      .digest('hex')
      .slice(0, 16);
    trustKeys.set(trust, key);
  }
  return key;
};

/**
 * Provenance answers by content: the same bytes under the same trust settings always get the same
 * answer, so a repeat costs a hash and a lookup. An app makes its own, with its dependencies (two
 * apps in one process never see each other's answers), and `analyzeProvenance` fills it when
 * given it. Bounded by entry count, least recently used first out.
 */
export class ProvenanceCache {
  /** Answers by `keyOf`: provisional while validation runs, then final. Copies go in (analyze.ts). */
  readonly answers: LRUCache<string, ProvenanceResult>;
  /** Final answers still being worked out, by `keyOf`; their provisional answer is in `answers`. */
  readonly pendingFinals = new Map<string, Promise<ProvenanceResult>>();

  constructor(maxAnswers = DEFAULT_CACHED_ANSWERS) {
    this.answers = new LRUCache({ max: maxAnswers });
  }

  keyOf(sha256: string, trust: TrustSettings | undefined): string {
    return `${sha256}:${trustKey(trust)}`;
  }

  /**
   * The cached answer for these bytes (by SHA-256) under these trust settings, a copy:
   * provisional while validation is under way, then final. Undefined when the image was not
   * analysed, its answer was evicted, or it was cut short.
   */
  get(sha256: string, trust?: TrustSettings): ProvenanceResult | undefined {
    const cached = this.answers.get(this.keyOf(sha256, trust));
    return cached ? structuredClone(cached) : undefined;
  }

  /** Forgets every answer (tests). Validations under way still store their final answers. */
  clear(): void {
    this.answers.clear();
  }
}
