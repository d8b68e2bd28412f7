import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LoopbackFiles, startLoopbackFiles } from '../../testing/loopback-files';
import { type DownloadProgress, DownloadError, downloadFile } from './download-file';

// The downloader against a real HTTP server on loopback: nothing here reaches the internet.
describe('downloadFile', () => {
  let server: LoopbackFiles;
  let dir: string;
  const body = randomBytes(300_000);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const gitBlobSha1 = createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
  const dest = () => path.join(dir, 'sub', 'file.bin');
  const listing = () => readdirSync(path.join(dir, 'sub')).sort();

  beforeAll(async () => {
    server = await startLoopbackFiles();
    server.files.set('/file.bin', body);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-download-'));
    server.requests.length = 0;
    server.ranges = true;
    server.cutAfter.clear();
    return () => rm(dir, { recursive: true, force: true });
  });

  it('downloads the whole file with progress, checks its sha256, and installs it', async () => {
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({
      url: `${server.origin}/file.bin`,
      dest: dest(),
      expected: { size: body.length, sha256 },
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({ file: dest(), bytes: body.length, sha256, resumedFrom: 0 });
    expect((await readFile(dest())).equals(body)).toBe(true);
    expect(listing()).toEqual(['file.bin']); // no part left behind
    expect(progress.at(-1)).toEqual({ received: body.length, total: body.length, resumedFrom: 0 });
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([[undefined, 200]]);
  });

  it('checks a git blob id (the Hub’s ETag of a file kept in git)', async () => {
    await downloadFile({
      url: `${server.origin}/file.bin`,
      dest: dest(),
      expected: { size: body.length, gitBlobSha1 },
    });
    expect(existsSync(dest())).toBe(true);
  });

  it('rejects a file whose digest or size does not match, and installs nothing', async () => {
    for (const expected of [
      { sha256: sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { size: body.length, gitBlobSha1: '0'.repeat(40) },
      { size: body.length + 1 },
    ]) {
      const error = await downloadFile({ url: `${server.origin}/file.bin`, dest: dest(), expected }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).kind).toBe('checksum');
      expect((error as Error).message).toMatch(/nothing was installed/);
      expect(listing()).toEqual([]); // neither the file nor its part
    }
  });

  it('keeps a cut-off download and resumes it with Range on the next try', async () => {
    server.cutAfter.set('/file.bin', 100_000);
    const first = await downloadFile({
      url: `${server.origin}/file.bin`,
      dest: dest(),
      expected: { size: body.length, sha256 },
    }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DownloadError);
    expect(first).toMatchObject({ kind: 'network', resumable: true });
    expect(existsSync(dest())).toBe(false);
    expect(listing()).toEqual(['file.bin.part', 'file.bin.part.json']);
    const kept = statSync(`${dest()}.part`).size; // what arrived before the cut (at most the 100 kB sent)
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(100_000);

    const progress: DownloadProgress[] = [];
    const second = await downloadFile({
      url: `${server.origin}/file.bin`,
      dest: dest(),
      expected: { size: body.length, sha256 },
      onProgress: (p) => progress.push(p),
    });
    expect(second.resumedFrom).toBe(kept);
    expect(progress.at(-1)).toEqual({ received: body.length, total: body.length, resumedFrom: kept });
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      [`bytes=${kept}-`, 206],
    ]);
    expect((await readFile(dest())).equals(body)).toBe(true);
    expect(listing()).toEqual(['file.bin']);
  });

  it('starts over cleanly when the server ignores Range', async () => {
    server.cutAfter.set('/file.bin', 100_000);
    await expect(
      downloadFile({ url: `${server.origin}/file.bin`, dest: dest(), expected: { sha256 } }),
    ).rejects.toMatchObject({ resumable: true });
    const kept = statSync(`${dest()}.part`).size;
    server.ranges = false;
    const result = await downloadFile({ url: `${server.origin}/file.bin`, dest: dest(), expected: { sha256 } });
    expect(result.resumedFrom).toBe(0);
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      [`bytes=${kept}-`, 200], // asked for the rest, got the whole file: the part was emptied first
    ]);
    expect((await readFile(dest())).equals(body)).toBe(true);
  });

  it('discards a part of something else (another URL or digest) instead of splicing it', async () => {
    server.files.set('/other.bin', randomBytes(200_000));
    server.cutAfter.set('/other.bin', 50_000);
    await expect(downloadFile({ url: `${server.origin}/other.bin`, dest: dest() })).rejects.toMatchObject({
      resumable: true,
    });
    const result = await downloadFile({ url: `${server.origin}/file.bin`, dest: dest(), expected: { sha256 } });
    expect(result.resumedFrom).toBe(0);
    expect(server.requests.at(-1)?.range).toBeUndefined();
  });

  it('refuses a file larger than allowed, and a check that fails deletes the part', async () => {
    await expect(
      downloadFile({ url: `${server.origin}/file.bin`, dest: dest(), maxBytes: 1000 }),
    ).rejects.toMatchObject({ kind: 'too_large' });
    const checked = downloadFile({
      url: `${server.origin}/file.bin`,
      dest: dest(),
      check: async () => {
        throw new Error('not what we wanted');
      },
    });
    await expect(checked).rejects.toMatchObject({ kind: 'rejected', message: 'not what we wanted' });
    expect(listing()).toEqual([]);
  });

  it('says what went wrong when the server is not there or answers an error', async () => {
    const closed = await startLoopbackFiles();
    await closed.close();
    await expect(downloadFile({ url: `${closed.origin}/x`, dest: dest() })).rejects.toMatchObject({
      kind: 'network',
      message: 'fetch failed (ECONNREFUSED)',
    });
    await expect(downloadFile({ url: `${server.origin}/missing`, dest: dest() })).rejects.toMatchObject({
      kind: 'http',
      message: 'the server answered HTTP 404',
    });
  });
});
