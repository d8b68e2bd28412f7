import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';

// WXT's storage items read `chrome.storage` (the setup file's `chrome` has only i18n): here, an in-memory one.
const scope = globalThis as { chrome?: Record<string, unknown> };
scope.chrome = { ...scope.chrome, runtime: fakeBrowser.runtime, storage: fakeBrowser.storage };

const {
  addCustomEngine,
  CustomEngineSchema,
  MAX_CUSTOM_ENGINES,
  removeCustomEngine,
  setEngineOn,
  webSearchEngines,
  webSearchItem,
  WebSearchSettingsSchema,
} = await import('./preferences');

const onIds = async () =>
  webSearchEngines(await webSearchItem.getValue())
    .filter((engine) => engine.on)
    .map((engine) => engine.id);

beforeEach(() => fakeBrowser.reset());

describe('the web-search setting', () => {
  it('has every built-in engine on until the person turns one off, and back on', async () => {
    expect(await onIds()).toEqual(['google-lens', 'bing', 'tineye', 'yandex']);
    await setEngineOn('bing', false);
    await setEngineOn('bing', false);
    expect(await webSearchItem.getValue()).toEqual({ off: ['bing'], custom: [] });
    expect(await onIds()).toEqual(['google-lens', 'tineye', 'yandex']);
    await setEngineOn('bing', true);
    expect(await onIds()).toEqual(['google-lens', 'bing', 'tineye', 'yandex']);
  });

  it('adds a person’s engine, trimmed and on at once; an empty upload page is none', async () => {
    const added = await addCustomEngine({
      name: '  Stand-in  ',
      urlTemplate: ' http://127.0.0.1:8080/search?img={url} ',
      uploadUrl: '  ',
    });
    expect(added.ok).toBe(true);
    const [engine] = (await webSearchItem.getValue()).custom;
    expect(engine).toEqual({
      id: expect.stringMatching(/^custom-/),
      name: 'Stand-in',
      urlTemplate: 'http://127.0.0.1:8080/search?img={url}',
    });
    expect(await onIds()).toContain(engine!.id);

    await setEngineOn(engine!.id, false);
    await removeCustomEngine(engine!.id);
    // Gone from both lists: nothing stale is left in the switched-off ids.
    expect(await webSearchItem.getValue()).toEqual({ off: [], custom: [] });
  });

  it('says which field is wrong, and stores nothing', async () => {
    const cases = [
      [{ name: '', urlTemplate: 'https://a.org/?q={url}', uploadUrl: '' }, 'name', 'give the engine a name'],
      [{ name: 'A', urlTemplate: 'https://a.org/?q=', uploadUrl: '' }, 'urlTemplate', '{url}'],
      [{ name: 'A', urlTemplate: 'javascript:alert({url})', uploadUrl: '' }, 'urlTemplate', 'http://'],
      [{ name: 'A', urlTemplate: 'https://a.org/?q={url}', uploadUrl: 'file:///x' }, 'uploadUrl', 'or nothing'],
      [{ name: 'x'.repeat(41), urlTemplate: 'https://a.org/?q={url}', uploadUrl: '' }, 'name', 'at most 40'],
    ] as const;
    for (const [draft, field, words] of cases) {
      const result = await addCustomEngine(draft);
      expect(result).toEqual({ ok: false, field, error: expect.stringContaining(words) });
    }
    expect((await webSearchItem.getValue()).custom).toEqual([]);
  });

  it(`keeps at most ${MAX_CUSTOM_ENGINES} engines of one’s own (the setting fits one sync item)`, async () => {
    for (let i = 0; i < MAX_CUSTOM_ENGINES; i++)
      expect((await addCustomEngine({ name: `E${i}`, urlTemplate: 'https://a.org/?q={url}', uploadUrl: '' })).ok).toBe(
        true,
      );
    const refused = await addCustomEngine({ name: 'one more', urlTemplate: 'https://a.org/?q={url}', uploadUrl: '' });
    expect(refused).toEqual({ ok: false, field: 'form', error: expect.stringContaining('remove one first') });
    const biggest = WebSearchSettingsSchema.parse({
      off: [],
      custom: Array.from({ length: MAX_CUSTOM_ENGINES }, (_, i) => ({
        id: `custom-${crypto.randomUUID()}`,
        name: `${i}`.padEnd(40, 'n'),
        urlTemplate: `https://a.org/?q={url}&${'p'.repeat(470)}`,
        uploadUrl: `https://a.org/${'u'.repeat(480)}`,
      })),
    });
    expect(new TextEncoder().encode(JSON.stringify(biggest)).length).toBeLessThan(8192);
  });

  it('refuses a stored engine that is not one (another device, an old version, a hand edit)', () => {
    const good = { id: 'custom-a', name: 'A', urlTemplate: 'https://a.org/?q={url}' };
    expect(CustomEngineSchema.safeParse(good).success).toBe(true);
    expect(CustomEngineSchema.safeParse({ ...good, id: 'google-lens' }).success).toBe(false);
    expect(CustomEngineSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(CustomEngineSchema.safeParse({ ...good, urlTemplate: 'x'.repeat(501) + '{url}' }).success).toBe(false);
  });
});
