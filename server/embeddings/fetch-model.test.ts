import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { env } from '@huggingface/transformers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { fixturePath, haveFixtures } from '../testing/fixtures';
import { FetchModelArgumentError, createImageEmbedder, fetchModel, validateFetchModelOptions } from './index';

env.allowRemoteModels = false;

/**
 * transformers.js downloads through `env.fetch`. Replacing it keeps these
 * tests offline: the "Hub" below serves the fixture model from disk, so the
 * real download-and-save code runs without a network.
 */
const realFetch = env.fetch;
let requested: string[] = [];
let tmp: string;

beforeEach(() => {
  requested = [];
  tmp = mkdtempSync(path.join(os.tmpdir(), 'loupe-fetch-'));
  env.fetch = async (input: string | URL) => {
    throw new Error(`unexpected network access in a test: ${String(input)}`);
  };
});
afterEach(() => {
  env.fetch = realFetch;
  rmSync(tmp, { recursive: true, force: true });
});

function serveFixtureModelAs(modelId: string) {
  const prefix = `https://huggingface.co/${modelId}/resolve/main/`;
  const source = fixturePath('embed', 'hf', 'local', 'mnv2-as-clip-vision');
  env.fetch = async (input: string | URL) => {
    const url = String(input);
    requested.push(url);
    const file = url.startsWith(prefix) ? path.join(source, ...url.slice(prefix.length).split('/')) : undefined;
    if (!file || !existsSync(file)) return new Response('Entry not found', { status: 404 });
    const bytes = await readFile(file);
    return new Response(bytes, { status: 200, headers: { 'content-length': String(bytes.length) } });
  };
}

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

  it('leaves remote loading switched off afterwards, even when the download fails', async () => {
    env.fetch = async () => new Response('nope', { status: 404 });
    await expect(fetchModel({ modelDir: tmp, modelId: 'acme/missing' })).rejects.toThrow();
    expect(env.allowRemoteModels).toBe(false);
  });
});

describe.skipIf(!haveFixtures)('fetchModel download (served offline from the fixture model)', () => {
  it('saves the model where the embedder loads it, and reports the missing text tower', async () => {
    serveFixtureModelAs('acme/mnv2');
    const progress: string[] = [];
    const result = await fetchModel({ modelDir: tmp, modelId: 'acme/mnv2', onProgress: (e) => progress.push(`${e.status}:${e.file}`) });

    expect(result.root).toBe(path.join(tmp, 'acme', 'mnv2'));
    expect(existsSync(path.join(result.root, 'onnx', 'vision_model_quantized.onnx'))).toBe(true);
    expect(result.textTower).toBe(false);
    expect(result.textTowerNote).toMatch(/text tower not available/);
    expect(requested.every((url) => url.startsWith('https://huggingface.co/acme/mnv2/resolve/main/'))).toBe(true);
    expect(progress).toContain('done:onnx/vision_model_quantized.onnx');
    expect(env.allowRemoteModels).toBe(false);

    // What was saved embeds exactly like the original.
    const bytes = await readFile(fixturePath('embed', 'images', 'products', 'gallery', 'src000.png'));
    const fetched = createImageEmbedder({ modelDir: tmp, modelId: 'acme/mnv2' });
    const original = createImageEmbedder({ modelDir: fixturePath('embed', 'hf'), modelId: 'local/mnv2-as-clip-vision' });
    expect(Array.from(await fetched.embedImage(bytes))).toEqual(Array.from(await original.embedImage(bytes)));
    await Promise.all([fetched.close(), original.close()]);

    // A second fetch finds everything on disk and downloads nothing.
    requested = [];
    await fetchModel({ modelDir: tmp, modelId: 'acme/mnv2', text: false });
    expect(requested.filter((url) => url.endsWith('.onnx'))).toEqual([]);
  });

  it('fails when the text tower is required but absent', async () => {
    serveFixtureModelAs('acme/mnv2');
    await expect(fetchModel({ modelDir: tmp, modelId: 'acme/mnv2', text: true })).rejects.toThrow();
  });
});
