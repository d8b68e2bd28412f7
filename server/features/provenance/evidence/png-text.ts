import { classifyGeneratorText, knownGeneratorName } from '../readers/generator-metadata';
import type { EvidenceCollector } from './collector';

/** Step 4: generator text chunks (PNG tEXt / zTXt / iTXt). */
export function readPngTextEvidence(
  found: EvidenceCollector,
  texts: readonly { keyword: string; text: string }[],
): void {
  for (const text of texts) {
    const declaration = classifyGeneratorText(text.keyword, text.text);
    if (declaration)
      found.declare('ai-generated', {
        source: 'png-text',
        field: declaration.field,
        value: declaration.value,
        tool: declaration.tool,
      });
    else if (/^(software|source)$/i.test(text.keyword)) {
      const generator = knownGeneratorName(text.text);
      if (generator)
        found.hint({ source: 'png-text', field: text.keyword, value: `${text.text} [hint only]`, tool: generator });
    }
  }
}
