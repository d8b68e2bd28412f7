import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env';
import { loadTrustLists, OFFICIAL_TRUST_LIST_URLS, TRUST_LIST_FILES, trustListDir } from '../features/provenance';
import { TEST_CERT_PEM } from '../features/provenance/testing/test-certificate';
import { TRUST_SUMS_FILE, TrustUpdateError, trustCommand, updateTrustLists } from './trust';
import { UsageError } from './usage-error';

// `trust update` against a loopback server standing in for the C2PA's: the tests never reach the internet.
describe('trust update', () => {
  let dataDir: string;
  let origin: string;
  let server: ReturnType<typeof createServer>;
  const twoCerts = `Subject\tCN=first\n${TEST_CERT_PEM}\nSubject\tCN=second\n${TEST_CERT_PEM}`;
  const bodies: Record<string, { status?: number; body: string }> = {
    '/anchors.pem': { body: twoCerts },
    '/tsa.pem': { body: TEST_CERT_PEM },
    '/new-anchors.pem': { body: `${twoCerts}\n${TEST_CERT_PEM}` },
    '/html': { body: '<!doctype html><title>GitHub is down</title>' },
    '/broken.pem': { body: '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' },
    '/gone': { status: 404, body: 'no' },
  };
  const file = (name: keyof typeof TRUST_LIST_FILES) => path.join(trustListDir(dataDir), TRUST_LIST_FILES[name]);
  const quiet = () => undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-trust-'));
    server = createServer((req, res) => {
      const answer = bodies[req.url ?? ''] ?? { status: 404, body: 'not found' };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/x-pem-file' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('defaults to the official C2PA lists', () => {
    expect(OFFICIAL_TRUST_LIST_URLS.anchors).toMatch(
      /^https:\/\/raw\.githubusercontent\.com\/c2pa-org\/conformance-public\/main\/trust-list\/C2PA-TRUST-LIST\.pem$/,
    );
    expect(OFFICIAL_TRUST_LIST_URLS.tsa).toMatch(/\/C2PA-TSA-TRUST-LIST\.pem$/);
  });

  it('saves both lists, says what it saved, and the server then uses them', async () => {
    const lines: string[] = [];
    const saved = await updateTrustLists({
      dataDir,
      anchorsUrl: `${origin}/anchors.pem`,
      tsaUrl: `${origin}/tsa.pem`,
      log: (line) => lines.push(line),
    });
    expect(saved.map((item) => item.certificates)).toEqual([2, 1]);
    expect(await readFile(file('anchors'), 'utf8')).toBe(twoCerts);
    expect(await readFile(file('tsa'), 'utf8')).toBe(TEST_CERT_PEM);
    expect(lines.join('\n')).toMatch(
      /Saved the C2PA trust list: 2 certificates from http:\/\/127\.0\.0\.1:\d+\/anchors\.pem\n\s+→ .*C2PA-TRUST-LIST\.pem \(sha256 [0-9a-f]{64}\)/,
    );
    expect(readdirSync(trustListDir(dataDir)).sort()).toEqual(
      [...Object.values(TRUST_LIST_FILES), TRUST_SUMS_FILE].sort(),
    ); // no temp files left
    // Recorded as `sha256sum -c SHA256SUMS` reads them.
    const sums = await readFile(path.join(trustListDir(dataDir), TRUST_SUMS_FILE), 'utf8');
    expect(sums).toBe(
      `${createHash('sha256').update(twoCerts).digest('hex')}  ${TRUST_LIST_FILES.anchors}\n${createHash('sha256').update(TEST_CERT_PEM).digest('hex')}  ${TRUST_LIST_FILES.tsa}\n`,
    );

    const { trust } = loadTrustLists(loadEnv({ LOUPE_DATA_DIR: dataDir }));
    expect(trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });

  it('leaves the saved lists intact when a download is not PEM, does not parse, or fails', async () => {
    await updateTrustLists({ dataDir, anchorsUrl: `${origin}/anchors.pem`, tsaUrl: `${origin}/tsa.pem`, log: quiet });
    const before = [await readFile(file('anchors'), 'utf8'), await readFile(file('tsa'), 'utf8')];
    const attempts: [string, string, RegExp][] = [
      [
        `${origin}/new-anchors.pem`,
        `${origin}/html`,
        /TSA trust list downloaded from .*\/html is not a list of PEM certificates \(no PEM certificate in it\)/,
      ],
      [`${origin}/broken.pem`, `${origin}/tsa.pem`, /certificate 1 of 1 does not parse/],
      [
        `${origin}/new-anchors.pem`,
        `${origin}/gone`,
        /Could not download the C2PA TSA trust list from .*\/gone: the server answered HTTP 404/,
      ],
      [
        `${origin}/new-anchors.pem`,
        'http://127.0.0.1:1/tsa.pem',
        /Could not download the C2PA TSA trust list from http:\/\/127\.0\.0\.1:1\/tsa\.pem: fetch failed/,
      ],
    ];
    for (const [anchorsUrl, tsaUrl, message] of attempts) {
      const error = await updateTrustLists({ dataDir, anchorsUrl, tsaUrl, log: quiet }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrustUpdateError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/Nothing was changed\.$/);
      expect([await readFile(file('anchors'), 'utf8'), await readFile(file('tsa'), 'utf8')]).toEqual(before);
    }
    expect(readdirSync(trustListDir(dataDir)).sort()).toEqual(
      [...Object.values(TRUST_LIST_FILES), TRUST_SUMS_FILE].sort(),
    );
  });

  it('checks its arguments', async () => {
    const env = loadEnv({ LOUPE_DATA_DIR: dataDir });
    await expect(trustCommand([], env)).rejects.toBeInstanceOf(UsageError);
    await expect(trustCommand(['download'], env)).rejects.toBeInstanceOf(UsageError);
    await expect(trustCommand(['update', '--anchors-url', 'file:///etc/passwd'], env)).rejects.toThrow(
      /--anchors-url must be an http\(s\) URL/,
    );
    await expect(trustCommand(['update', '--bogus'], env)).rejects.toBeInstanceOf(UsageError);
  });

  it(
    'runs as `npm run server -- trust update`, and fails with a message and exit code 1',
    { timeout: 90_000 },
    async () => {
      const fresh = await mkdtemp(path.join(tmpdir(), 'loupe-trust-cli-'));
      const run = (args: string[], env: Record<string, string> = {}) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          execFile(
            process.execPath,
            ['--import', 'tsx', path.resolve('server/main.ts'), ...args],
            { env: { ...process.env, LOUPE_DATA_DIR: fresh, PORT: '0', ...env } },
            (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
          );
        });
      try {
        const failed = await run([
          'trust',
          'update',
          '--anchors-url',
          `${origin}/anchors.pem`,
          '--tsa-url',
          `${origin}/html`,
        ]);
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(/^The C2PA TSA trust list downloaded from .* is not a list of PEM certificates/);
        expect(Object.values(TRUST_LIST_FILES).some((name) => existsSync(path.join(trustListDir(fresh), name)))).toBe(
          false,
        );

        const ok = await run([
          'trust',
          'update',
          '--anchors-url',
          `${origin}/anchors.pem`,
          '--tsa-url',
          `${origin}/tsa.pem`,
        ]);
        expect(ok.code).toBe(0);
        expect(ok.stdout).toContain('Saved the C2PA TSA trust list: 1 certificate from');
        expect(ok.stdout).toMatch(
          /From its next start Loupe uses downloaded trust lists \(.*C2PA-TRUST-LIST\.pem, .*C2PA-TSA-TRUST-LIST\.pem\)\./,
        );

        // A trust file the settings name but that is missing stops the server, naming the setting.
        const missing = await run(['serve'], { LOUPE_TRUST_ANCHORS: path.join(fresh, 'nope.pem') });
        expect(missing.code).toBe(1);
        expect(missing.stderr).toMatch(
          /^Loupe cannot start: invalid configuration\n\s+LOUPE_TRUST_ANCHORS: cannot read ".*nope\.pem" \(no such file\)/,
        );
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    },
  );
});
