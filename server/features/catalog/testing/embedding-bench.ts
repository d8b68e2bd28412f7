/**
 * Shared set-up for the embedding benchmarks (plain scripts, run with `npx tsx`).
 * They use the shared fixture images and, unless LOUPE_MODEL_DIR /
 * LOUPE_EMBED_MODEL say otherwise, the fixture model.
 */
import { readFile } from 'node:fs/promises';

import { env } from '@huggingface/transformers';

import { fixturePath, fixturesSkipReason, haveFixtures } from '../../../testing/fixtures';

export interface ProductManifest {
  description: string;
  gallery: { id: string; from: string; source: boolean }[];
  queries: { id: string; target: string }[];
  baseline_on_this_subset: Record<string, { recall_at_1: number; recall_at_5: number }>;
}

/** Exits 0 with a reason when the fixtures are not there: a benchmark without data is not a failure. */
export function requireFixturesOrExit(): void {
  if (!haveFixtures) {
    console.log(`skipped: ${fixturesSkipReason}`);
    process.exit(0);
  }
  // Benchmarks measure what is on disk; they never download.
  env.allowRemoteModels = false;
}

export function benchModelSettings(): { modelDir: string; modelId: string } {
  return {
    modelDir: process.env.LOUPE_MODEL_DIR ?? fixturePath('embed', 'hf'),
    modelId: process.env.LOUPE_EMBED_MODEL ?? 'local/mnv2-as-clip-vision',
  };
}

export async function loadManifest(): Promise<ProductManifest> {
  return JSON.parse(await readFile(productPath('manifest.json'), 'utf8')) as ProductManifest;
}

export const productPath = (...parts: string[]) => fixturePath('embed', 'images', 'products', ...parts);

export const galleryFile = (id: string) => productPath('gallery', `${id}.png`);
export const queryFile = (id: string) => productPath('queries', `${id}.jpg`);
