/**
 * Unit tests run outside a browser: give them the `browser.i18n.getMessage` that
 * `#i18n` calls, answering from locales/en.yml the way the browser answers from
 * the built `_locales/en/messages.json` ($1…$9 substituted, `$$` is a dollar sign).
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

const messages = generateChromeMessages(
  await parseMessagesFile(resolve(import.meta.dirname, '../../../../locales/en.yml')),
);

function getMessage(name: string, substitutions?: string | string[]): string {
  const message = messages[name]?.message;
  if (message === undefined) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return message.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (subs[Number(what) - 1] ?? '')));
}

const scope = globalThis as { chrome?: { i18n?: unknown } };
scope.chrome = { ...scope.chrome, i18n: { getMessage } };
