import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_MODEL, ModelUnavailableError } from './embeddings';
import { ConfigError, loadEnv } from '../../env';
import { catalogSettingsFromEnv } from './catalog-service';

describe('catalogue settings', () => {
  it('defaults the model folder to <LOUPE_DATA_DIR>/models and the model to CLIP ViT-B/32', () => {
    const env = loadEnv({ LOUPE_DATA_DIR: '/srv/loupe' });
    expect(env.LOUPE_MODEL_DIR).toBe(path.resolve('/srv/loupe/models'));
    expect(env.LOUPE_EMBED_MODEL).toBe(DEFAULT_EMBED_MODEL);
  });

  it('takes LOUPE_MODEL_DIR and LOUPE_EMBED_MODEL as the tests and the CLI pass them', () => {
    const env = loadEnv({
      LOUPE_MODEL_DIR: '../shared/fixtures/embed/hf',
      LOUPE_EMBED_MODEL: 'local/mnv2-as-clip-vision',
      LOUPE_FETCH_ALLOW_PRIVATE: 'true',
    });
    expect(env.LOUPE_MODEL_DIR).toBe(path.resolve('../shared/fixtures/embed/hf'));
    const settings = catalogSettingsFromEnv(env);
    expect(settings.embedder.id).toBe('local/mnv2-as-clip-vision:q8');
    expect(settings.fetchAllowPrivate).toBe(true);
  });

  it('refuses a model id that could leave the model folder, naming the setting', () => {
    expect(() => loadEnv({ LOUPE_EMBED_MODEL: '../../etc' })).toThrow(ConfigError);
    expect(() => loadEnv({ LOUPE_EMBED_MODEL: '../../etc' })).toThrow(/LOUPE_EMBED_MODEL: must be a model id/);
  });

  it('starts without a model; using it says how to get one', () => {
    const { embedder } = catalogSettingsFromEnv(loadEnv({ LOUPE_MODEL_DIR: '/nonexistent/models' }));
    expect(() => embedder.dimensions).toThrow(ModelUnavailableError);
    expect(() => embedder.dimensions).toThrow(/npm run server -- models fetch/);
  });
});
