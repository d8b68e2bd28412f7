/**
 * Tab-separated records with exact line numbers.
 *
 * Google's TSV has no quoting: one product per line, tabs between fields.
 * Spreadsheet exports do quote ("…" with "" for a quote) to carry tabs and
 * line breaks inside a field, so we accept that too, but only when it is
 * unambiguous: a field is quoted if it starts with a quote *and* its closing
 * quote is followed by a tab or the end of the record. Otherwise quotes are
 * text (`15" screen`, `"Best" mug`). A quoted field continues onto the next
 * lines only while the record is short of the header's column count, and for
 * at most MAX_RECORD_LINES lines, so one stray quote cannot swallow the rows
 * after it.
 *
 * (csv-parse was tried first: its line counters drift on CRLF inside quoted
 * fields, and errors must point at the right line.)
 */
import { lines, type Line } from './input';

type TooLong = { number: number; tooLong: true };

export type TsvRecord = { line: number; fields: string[] } | { line: number; error: string };

const MAX_RECORD_LINES = 20;

/** `columns()` gives the header's field count once known (undefined while reading the header). */
export async function* tsvRecords(
  chunks: AsyncIterable<string>,
  columns: () => number | undefined = () => undefined,
): AsyncGenerator<TsvRecord> {
  const source = lines(chunks)[Symbol.asyncIterator]();
  /** Lines read ahead for a quoted field that turned out not to close; read again as records of their own. */
  const replay: (Line | TooLong)[] = [];
  const nextLine = async (): Promise<Line | TooLong | undefined> => {
    const again = replay.shift();
    if (again) return again;
    const next = await source.next();
    return next.done ? undefined : next.value;
  };

  for (;;) {
    const first = await nextLine();
    if (!first) return;
    if ('tooLong' in first) {
      yield { line: first.number, error: 'line is too long; skipped' };
      continue;
    }
    if (first.text.trim() === '') continue;

    let text = first.text;
    let parsed = splitFields(text, true);
    const expected = columns();
    const literal = splitFields(first.text, false) as string[];
    // A line that is a whole record when its quotes are read as text is one: do not reach into the next line.
    if (parsed === 'open' && expected !== undefined && literal.length >= expected) parsed = literal;
    const joined: Line[] = [];
    while (parsed === 'open') {
      const next = joined.length + 1 < MAX_RECORD_LINES ? await nextLine() : undefined;
      if (!next || 'tooLong' in next) {
        // The quote never closed: read its line literally, then the lines after it as records again.
        replay.unshift(...joined, ...(next ? [next] : []));
        parsed = literal;
        break;
      }
      joined.push(next);
      text += `\n${next.text}`;
      parsed = splitFields(text, true);
      if (parsed !== 'open' && expected !== undefined && parsed.length > expected) {
        // Closing the quote on a later line made too many fields: it was never a quoted field.
        replay.unshift(...joined);
        parsed = literal;
      }
    }
    yield { line: first.number, fields: parsed };
  }
}

/** Splits one record; 'open' when a quoted field continues past the end of `text`. */
export function splitFields(text: string, quotes: boolean): string[] | 'open' {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (quotes && text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (quoted === 'open') return 'open';
      if (quoted) {
        fields.push(quoted.value);
        if (quoted.end >= text.length) return fields;
        i = quoted.end + 1; // past the tab
        continue;
      }
    }
    const tab = text.indexOf('\t', i);
    if (tab < 0) {
      fields.push(text.slice(i));
      return fields;
    }
    fields.push(text.slice(i, tab));
    i = tab + 1;
  }
}

/** A quoted field at `start`: its value and the index of the tab (or end) after it; undefined if the quotes are just text. */
function readQuoted(text: string, start: number): { value: string; end: number } | 'open' | undefined {
  let value = '';
  let j = start + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote < 0) return 'open'; // may close on a following line
    value += text.slice(j, quote);
    if (text[quote + 1] === '"') {
      value += '"';
      j = quote + 2;
      continue;
    }
    const after = quote + 1;
    if (after === text.length || text[after] === '\t') return { value, end: after };
    return undefined; // `"Best" mug`: the quotes are part of the text
  }
}
