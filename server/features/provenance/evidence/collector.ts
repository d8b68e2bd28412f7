import type { ProvenanceEvidence } from '../../../../utils/contract/provenance';
import { LIMITS } from '../limits';
import type { Declaration, Signals } from '../verdict';

const shorten = (value: string): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > LIMITS.maxEvidenceValueChars ? `${flat.slice(0, LIMITS.maxEvidenceValueChars - 1)}…` : flat;
};

/** An evidence item as it is reported: its value on one line, bounded. */
export const evidence = (item: ProvenanceEvidence): ProvenanceEvidence => ({ ...item, value: shorten(item.value) });

/**
 * What one pass over a file has found so far, gathered by the evidence steps (C2PA, XMP, EXIF,
 * text chunks, pixels) in turn; `decide` (verdict.ts) then weighs it.
 */
export class EvidenceCollector {
  readonly signals: Signals = { c2pa: null, declarations: [], hints: [], warnings: [] };
  /** False once the answer was cut short (time budget, busy validator): not the file's answer. */
  cacheable = true;
  /** A remote Content Credentials URL a step saw (C2PA or dcterms:provenance); never fetched. */
  remoteManifest: string | undefined;

  constructor(private readonly deadline: number) {}

  /** A field that states what made the image. */
  declare(meaning: Declaration['meaning'], item: ProvenanceEvidence): void {
    this.signals.declarations.push({ meaning, evidence: evidence(item) });
  }

  /** A field that suggests, and never decides. */
  hint(item: ProvenanceEvidence): void {
    this.signals.hints.push(evidence(item));
  }

  warn(warning: string): void {
    this.signals.warnings.push(warning);
  }

  /** Milliseconds left of the time budget (negative once spent). */
  timeLeft(): number {
    return this.deadline - performance.now();
  }

  /** The budget is spent: say what was skipped, and do not remember this answer. */
  skippedForTime(what: string): void {
    this.cacheable = false;
    this.warn(`Time budget spent: ${what} skipped`);
  }

  /** Runs one reader; a reader that fails becomes a warning, never a failed analysis. */
  async guarded<T>(what: string, run: () => Promise<T> | T): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.warn(`${what} could not be read (${error instanceof Error ? error.message.slice(0, 120) : 'error'})`);
      return undefined;
    }
  }
}
