import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fixturePath, fixturesSkipReason, haveFixtures } from '../../../testing/fixtures';
import { type LoopbackFiles, startLoopbackFiles } from '../../../testing/loopback-files';
import {
  FetchModelArgumentError,
  ModelFetchError,
  ModelUnavailableError,
  createImageEmbedder,
  fetchModel,
  validateFetchModelOptions,
  type ModelFileProgress,
} from './index';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'loupe-fetch-'));
  return () => rmSync(tmp, { recursive: true, force: true });
});

describe('fetchModel arguments', () => {
  it('defaults to the production CLIP model and q8 weights', () => {
    expect(validateFetchModelOptions({ modelDir: 'models' })).toEqual({
      modelDir: path.resolve('models'),
      modelId: 'Xenova/clip-vit-base-patch32',
      dtype: 'q8',
    });
  });

  it('refuses bad arguments before touching the network or the disk', async () => {
    const target = path.join(tmp, 'not-created');
    await expect(fetchModel({ modelDir: '' })).rejects.toBeInstanceOf(FetchModelArgumentError);
    await expect(fetchModel({ modelDir: '   ' })).rejects.toThrow(/LOUPE_MODEL_DIR/);
    for (const modelId of ['../../etc', '/abs', 'https://evil.example/model', 'a/b/c', '']) {
      await expect(fetchModel({ modelDir: target, modelId })).rejects.toBeInstanceOf(FetchModelArgumentError);
    }
    await expect(fetchModel({ modelDir: target, dtype: 'fp64' as never })).rejects.toThrow(/dtype/);
    expect(existsSync(target)).toBe(false);
  });
});

/**
 * The real download code against a loopback "Hub" (node:http on 127.0.0.1) serving the small
 * fixture model in the Hub's URL layout and headers: nothing reaches the internet.
 */
describe.skipIf(!haveFixtures)('fetchModel from a loopback Hub (the fixture model)', () => {
  let hub: LoopbackFiles;
  const source = fixturePath('embed', 'hf', 'local', 'mnv2-as-clip-vision');
  const vision = '/acme/mnv2/resolve/main/onnx/vision_model_quantized.onnx';
  const fetchIt = (extra: Partial<Parameters<typeof fetchModel>[0]> = {}) =>
    fetchModel({ modelDir: tmp, modelId: 'acme/mnv2', baseUrl: hub.origin, ...extra });

  beforeAll(async () => {
    hub = await startLoopbackFiles();
    hub.addHubModel('acme/mnv2', source);
  });
  afterAll(() => hub.close());
  beforeEach(() => {
    hub.requests.length = 0;
    hub.cutAfter.clear();
    hub.wrongDigest.clear();
  });

  it('saves the model where the embedder loads it, checking each file, and reports the missing text tower', async () => {
    const progress: ModelFileProgress[] = [];
    const result = await fetchIt({ onProgress: (event) => progress.push(event) });

    expect(result.root).toBe(path.join(tmp, 'acme', 'mnv2'));
    expect(existsSync(path.join(result.root, 'onnx', 'vision_model_quantized.onnx'))).toBe(true);
    expect(result.textTower).toBe(false);
    expect(result.textTowerNote).toMatch(/text tower not available from acme\/mnv2: it has no tokenizer\.json/);
    expect(result.downloaded).toBe(3_655_739 + 314 + 453);
    // LFS files are checked against X-Linked-Etag (sha256), git files against their ETag (blob id).
    const done = Object.fromEntries(progress.filter((e) => e.status === 'done').map((e) => [e.file, e.checkedBy]));
    expect(done).toEqual({
      'config.json': 'git blob id',
      'preprocessor_config.json': 'git blob id',
      'onnx/vision_model_quantized.onnx': 'sha256',
    });
    // The files after the first come from the commit the Hub named for it.
    expect(hub.requests.filter((r) => r.method === 'HEAD').map((r) => r.path)).toEqual([
      '/acme/mnv2/resolve/main/config.json',
      '/acme/mnv2/resolve/c0ffee0000000000000000000000000000000001/preprocessor_config.json',
      '/acme/mnv2/resolve/c0ffee0000000000000000000000000000000001/onnx/vision_model_quantized.onnx',
      '/acme/mnv2/resolve/c0ffee0000000000000000000000000000000001/tokenizer.json',
    ]);

    // What was saved embeds exactly like the original.
    const bytes = await readFile(fixturePath('embed', 'images', 'products', 'gallery', 'src000.png'));
    const fetched = createImageEmbedder({ modelDir: tmp, modelId: 'acme/mnv2' });
    const original = createImageEmbedder({
      modelDir: fixturePath('embed', 'hf'),
      modelId: 'local/mnv2-as-clip-vision',
    });
    expect(Array.from(await fetched.embedImage(bytes))).toEqual(Array.from(await original.embedImage(bytes)));
    await Promise.all([fetched.close(), original.close()]);

    // A second fetch finds everything on disk and downloads nothing.
    hub.requests.length = 0;
    expect((await fetchIt({ text: false })).downloaded).toBe(0);
    expect(hub.requests).toEqual([]);
  });

  it('rejects a file that does not match the digest the Hub announced, and installs no model', async () => {
    hub.wrongDigest.add(vision);
    const error = await fetchIt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFetchError);
    expect((error as Error).message).toMatch(
      /onnx\/vision_model_quantized\.onnx .*sha256 [0-9a-f]{64} does not match the expected [0-9a-f]{64}; nothing was installed/,
    );
    expect(readdirSync(path.join(tmp, 'acme', 'mnv2', 'onnx'))).toEqual([]);
    const embedder = createImageEmbedder({ modelDir: tmp, modelId: 'acme/mnv2' });
    await expect(embedder.embedImage(new Uint8Array([1]))).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('resumes a cut-off model download with Range on the next run, and the result loads', async () => {
    hub.cutAfter.set(vision, 1_000_000);
    const first = await fetchIt().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ModelFetchError);
    expect(readdirSync(path.join(tmp, 'acme', 'mnv2', 'onnx')).sort()).toEqual([
      'vision_model_quantized.onnx.part',
      'vision_model_quantized.onnx.part.json',
    ]);
    // The part holds what arrived before the cut (up to the 1 MB sent; the client may drop what it had not read yet).
    const kept = statSync(path.join(tmp, 'acme', 'mnv2', 'onnx', 'vision_model_quantized.onnx.part')).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1_000_000);
    expect(first).toMatchObject({ resumable: true, message: expect.stringContaining(`cut off after ${kept} bytes`) });

    hub.requests.length = 0;
    const progress: ModelFileProgress[] = [];
    const second = await fetchIt({ onProgress: (event) => progress.push(event) });
    expect(second.downloaded).toBe(3_655_739 - kept);
    // The resolve URL redirects to storage (as the Hub does for LFS files); the range goes along.
    expect(hub.requests.filter((r) => r.method === 'GET').map((r) => [r.path, r.range, r.status])).toEqual([
      [vision, `bytes=${kept}-`, 302],
      [`/lfs${vision}`, `bytes=${kept}-`, 206],
    ]);
    expect(progress.filter((e) => e.status === 'present').map((e) => e.file)).toEqual([
      'config.json',
      'preprocessor_config.json',
    ]);
    expect(progress.find((e) => e.status === 'done')).toMatchObject({
      file: 'onnx/vision_model_quantized.onnx',
      resumedFrom: kept,
      checkedBy: 'sha256',
    });
  });

  it('fails when the text tower is required but absent', async () => {
    await expect(fetchIt({ text: true })).rejects.toThrow(/acme\/mnv2 has no text tower: tokenizer\.json is missing/);
  });
});

if (!haveFixtures) describe('fetchModel from a loopback Hub', () => it.skip(`skipped: ${fixturesSkipReason}`));
