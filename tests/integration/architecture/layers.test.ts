import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules in eslint.config.js, tried on deliberately bad imports: each must be refused
 * where it breaks a layer and allowed where it does not. (`npm run lint` applies them to the tree.)
 */
const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function refusals(rule: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}
const restrictedImports = (filePath: string, code: string) => refusals('no-restricted-imports', filePath, code);

describe('layers', () => {
  it.each([
    [
      'utils/lib/messaging/example.ts',
      "import { saveQueue } from '../../saving/save-queue';",
      'never imports a capability',
    ],
    ['utils/lib/example.ts', "import { x } from '@/utils/page-scan';", 'never imports a capability'],
    [
      'components/lib/Example.tsx',
      "import { ProvenanceBadge } from '../provenance/ProvenanceBadge';",
      'never imports a capability',
    ],
    ['utils/contract/example.ts', "import { browser } from 'wxt/browser';", 'imports only zod'],
    ['utils/contract/example.ts', "import { x } from '../lib/messaging/protocol';", 'imports only zod'],
    [
      'server/platform/http/example.ts',
      "import { boardsRouter } from '../../features/boards';",
      'never imports a feature',
    ],
    ['server/platform/db/example.ts', "import type { AppEnv } from '../../app-context';", 'never imports a feature'],
    [
      'utils/saving/example.ts',
      "import { createTestApp } from '../../server/testing/test-app';",
      'never imports server code',
    ],
    [
      'server/features/pins/example.ts',
      "import { createTestApp } from '../../testing/test-app';",
      'never imports test support',
    ],
    ['utils/page-scan/example.ts', "import { buildPage } from './testing/dom';", 'never imports test support'],
    [
      'server/platform/limits/example.ts',
      "import { createApiClient } from '../../../utils/lib/api-client';",
      'nothing from utils/ but the contract',
    ],
    [
      'server/features/pins/example.ts',
      "import { saveQueue } from '../../../utils/saving/save-queue';",
      'nothing from utils/ but the contract',
    ],
    [
      'server/cli/example.ts',
      "import { createCatalog } from '../features/catalog/catalog-service';",
      'through its index.ts',
    ],
    [
      'server/app-example.ts',
      "import { createBoardsRepository } from './features/boards/boards.repository';",
      'through its index.ts',
    ],
    [
      'server/features/pins/example.ts',
      "import { analyzeProvenance } from '../provenance/analyze';",
      'through its index.ts',
    ],
    [
      'server/features/catalog/api/example.ts',
      "import { createUsersRepository } from '../../users/users-repository';",
      'through its index.ts',
    ],
  ])('%s: %s is refused', async (file, code, reason) => {
    const messages = await restrictedImports(file, code);
    expect(messages.join('\n')).toContain(reason);
  });

  it.each([
    ['utils/lib/api-client/example.ts', "import { provenanceEndpoints } from './provenance';"],
    ['utils/contract/example.ts', "import { z } from 'zod';\nimport { ProblemSchema } from './problem';"],
    [
      'utils/saving/example.ts',
      "import { sendToBackground } from '@/utils/protocols';\nimport { apiClient } from '../lib/api-client';",
    ],
    ['server/features/pins/example.ts', "import { ProblemError } from '../../platform/http/problem';"],
    ['server/platform/http/example.ts.test.ts', "import { createTestApp } from '../../testing/test-app';"],
    ['server/platform/limits/example.ts', "import { createTokenBuckets } from '../../../utils/lib/token-bucket';"],
    [
      'server/features/pins/example.ts',
      "import { type Pin } from '../../../utils/contract';\nimport type { StatusCode } from 'hono/utils/http-status';",
    ],
    ['server/cli/example.ts', "import { createCatalog } from '../features/catalog';"],
    ['server/features/pins/example.ts', "import { analyzeProvenanceFinal } from '../provenance';"],
    ['server/features/provenance/api/example.ts', "import { analyzeProvenance } from '../analyze';"],
    ['server/features/pins/example.test.ts', "import { ProvenanceCache } from '../provenance/result-cache';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });

  // Node's globals typecheck in extension code (vite's types bring @types/node in), so lint is what stops them.
  it.each([
    ['utils/saving/example.ts', 'export const debug = process.env.DEBUG;'],
    ['entrypoints/background/example.ts', "export const bytes = Buffer.from('loupe');"],
    ['components/lib/Example.tsx', 'export const here = __dirname;'],
  ])('%s: %s is refused (a Node global)', async (file, code) => {
    expect((await refusals('no-restricted-globals', file, code)).join('\n')).toContain('this is a Node global');
  });

  it.each([
    ['server/platform/example.ts', 'export const debug = process.env.DEBUG;'],
    ['utils/saving/example.test.ts', "export const bytes = Buffer.from('loupe');"],
    ['utils/saving/example.ts', "export const later = setTimeout(() => globalThis.fetch('/'), 1);"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await refusals('no-restricted-globals', file, code)).toEqual([]);
  });

  // The server compiles with the DOM's types for the shared product parser; lint keeps browser globals out.
  it.each([
    ['server/features/shops/example.ts', 'export const page = document.title;'],
    ['server/platform/example.ts', 'export const agent = navigator.userAgent;'],
  ])('%s: %s is refused (a browser global)', async (file, code) => {
    expect((await refusals('no-restricted-globals', file, code)).join('\n')).toContain('this is a browser global');
  });
});
