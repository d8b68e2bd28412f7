import type { ProvenanceEvidence } from '../../../../utils/contract/provenance';
import { sourceTypeCode, sourceTypeMeaning } from '../readers/digital-source-type';
import { knownGeneratorName } from '../readers/generator-metadata';
import { parseXmp } from '../readers/xmp';
import type { EvidenceCollector } from './collector';

/** Step 2: XMP / IPTC DigitalSourceType, CreatorTool, dcterms:provenance. Unsigned: an AI claim declares, a capture claim only hints. */
export async function readXmpEvidence(found: EvidenceCollector, packets: readonly string[]): Promise<void> {
  for (const packet of packets) {
    const xmp = await found.guarded('XMP', () => parseXmp(packet));
    if (!xmp) continue;
    if (xmp.digitalSourceType) {
      const meaning = sourceTypeMeaning(xmp.digitalSourceType);
      const item: ProvenanceEvidence = {
        source: 'xmp',
        field: 'Iptc4xmpExt:DigitalSourceType',
        value: sourceTypeCode(xmp.digitalSourceType),
      };
      if (meaning === 'ai-generated' || meaning === 'ai-edited') found.declare(meaning, item);
      else if (meaning === 'capture' || meaning === 'human')
        found.hint({ ...item, value: `${item.value} [unsigned non-AI claim: not enough for camera-or-human]` });
      else if (meaning === 'synthetic')
        found.hint({ ...item, value: `${item.value} [synthetic, not necessarily generative AI: hint only]` });
    }
    const generator = knownGeneratorName(xmp.creatorTool);
    if (xmp.creatorTool && generator)
      found.hint({ source: 'xmp', field: 'xmp:CreatorTool', value: `${xmp.creatorTool} [hint only]`, tool: generator });
    const provenance = xmp.provenance ?? '';
    if (/^https?:\/\//i.test(provenance)) found.remoteManifest ??= provenance;
  }
  if (found.remoteManifest && !found.signals.c2pa) {
    found.hint({
      source: 'xmp',
      field: 'dcterms:provenance',
      value: `${found.remoteManifest} [remote Content Credentials referenced, not fetched (privacy/offline)]`,
    });
  }
}
