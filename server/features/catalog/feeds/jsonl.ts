/**
 * JSON Lines of Loupe's own product shape (utils/contract/products.ts), one
 * product per line: the format for hand-made catalogues and for exports
 * from other systems. Validated strictly and not rewritten: a line that does
 * not fit the shape is an error row naming the offending fields.
 */
import { ProductSchema } from '../../../../utils/contract/products';
import { lines } from './input';
import type { FeedRow } from './types';

export async function* parseJsonLines(chunks: AsyncIterable<string>): AsyncGenerator<FeedRow> {
  for await (const entry of lines(chunks)) {
    if ('tooLong' in entry) {
      yield { ok: false, line: entry.number, error: 'line is too long; skipped' };
      continue;
    }
    if (entry.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(entry.text);
    } catch (error) {
      yield { ok: false, line: entry.number, error: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    const parsed = ProductSchema.safeParse(value);
    if (parsed.success) yield { ok: true, line: entry.number, product: parsed.data, warnings: [] };
    else {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`);
      yield { ok: false, line: entry.number, error: issues.join('; ') };
    }
  }
}
