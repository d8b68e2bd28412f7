import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every key the extension asks for: `i18n.t('…')` in its code and `__MSG_…__` in the manifest. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of ['entrypoints', 'components', 'utils'].flatMap(sourceFiles)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bi18n\.t\(\s*'([^']+)'/g)) keys.add(match[1]!);
  }
  for (const match of readFileSync(join(root, 'wxt.config.ts'), 'utf8').matchAll(/__MSG_(\w+)__/g))
    keys.add(match[1]!.replaceAll('_', '.'));
  return keys;
}

/** The keys locales/en.yml defines, as code spells them ("popup.blocked.heading"). */
function definedKeys(parsed: unknown, prefix = ''): string[] {
  if (typeof parsed !== 'object' || parsed === null) return [prefix];
  const entries = Object.entries(parsed);
  // A plural ({1: …, n: …}) is one key.
  if (entries.every(([key]) => key === 'n' || /^\d+$/.test(key))) return [prefix];
  return entries.flatMap(([key, value]) => definedKeys(value, prefix ? `${prefix}.${key}` : key));
}

describe('locales/en.yml', () => {
  const defined = new Set(definedKeys(parse(readFileSync(join(root, 'locales/en.yml'), 'utf8'))));

  it('has every string the code uses', () => {
    expect([...usedKeys()].filter((key) => !defined.has(key)).sort()).toEqual([]);
  });

  it('has no string the code does not use', () => {
    const used = usedKeys();
    expect([...defined].filter((key) => !used.has(key)).sort()).toEqual([]);
  });

  it('builds into browser messages (a key may only use letters, digits and nesting)', async () => {
    // The parser adds the browser's predefined @@ messages (@@ui_locale…); those are not ours.
    const messages = (await parseMessagesFile(join(root, 'locales/en.yml'))).filter(
      (message) => !message.key[0]!.startsWith('@@'),
    );
    expect(messages.length).toBe(defined.size);
    for (const message of messages) expect(message.key.join('_')).toMatch(/^[A-Za-z0-9_]+$/);
  });
});
