import { i18n } from '#i18n';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { normalizeHostPattern } from '../page-scan/dormant';
import {
  BUILT_IN_ENGINES,
  IMAGE_URL_PLACEHOLDER,
  isUsableTemplate,
  isUsableUploadPage,
  type WebSearchEngine,
} from '../web-search/engines';
import { DEFAULT_MIN_IMAGE_SIZE, PAGE_SETTING_KEYS } from './page-behaviour';

/**
 * The settings people change in the popup. Each is a WXT storage item in
 * `sync` (they follow the person across browsers; the API token alone stays
 * in `local`), validated with zod before it is written, and versioned so a
 * future shape can migrate stored values. The content script reads the page
 * settings by key (see page-behaviour.ts) and reacts to changes at once.
 */

/** A host the user typed or pasted (a URL works too), reduced to `example.com`. */
export const HostPatternSchema = z
  .string()
  .trim()
  .min(1, { error: () => i18n.t('errors.settings.siteMissing') })
  .max(253)
  .transform(normalizeHostPattern)
  .refine(Boolean, { error: () => i18n.t('errors.settings.notASite') });

export const HostListSchema = z
  .array(HostPatternSchema)
  .max(1000)
  .transform((hosts) => [...new Set(hosts)]);

export const MinImageSizeSchema = z.coerce
  .number({ error: () => i18n.t('errors.settings.pixels') })
  .int({ error: () => i18n.t('errors.settings.wholePixels') })
  .min(DEFAULT_MIN_IMAGE_SIZE, { error: () => i18n.t('errors.settings.minPixels', [String(DEFAULT_MIN_IMAGE_SIZE)]) })
  .max(2000, { error: () => i18n.t('errors.settings.maxPixels') });

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

/**
 * Version 2 of the site lists stores bare host names. Version 1 (before this
 * popup) could hold whatever was pasted: URLs, `www.` and `*.` prefixes,
 * duplicates. The migration normalises them once; unusable entries are dropped.
 */
const migrateHostList = (stored: unknown): string[] =>
  Array.isArray(stored)
    ? [
        ...new Set(
          stored
            .filter((item): item is string => typeof item === 'string')
            .map(normalizeHostPattern)
            .filter(Boolean),
        ),
      ]
    : [];

export const blockedSitesItem = storage.defineItem<string[]>(`sync:${PAGE_SETTING_KEYS.blockedSites}`, {
  fallback: [],
  version: 2,
  migrations: { 2: migrateHostList },
});
export const hoverButtonOffSitesItem = storage.defineItem<string[]>(`sync:${PAGE_SETTING_KEYS.hoverButtonOffSites}`, {
  fallback: [],
  version: 2,
  migrations: { 2: migrateHostList },
});
export const hoverButtonItem = storage.defineItem<boolean>(`sync:${PAGE_SETTING_KEYS.hoverButton}`, {
  fallback: true,
  version: 1,
});
export const minImageSizeItem = storage.defineItem<number>(`sync:${PAGE_SETTING_KEYS.minImageSize}`, {
  fallback: DEFAULT_MIN_IMAGE_SIZE,
  version: 1,
});
export const onPageBadgesItem = storage.defineItem<boolean>(`sync:${PAGE_SETTING_KEYS.onPageBadges}`, {
  fallback: false,
  version: 1,
});
export const themeItem = storage.defineItem<Theme>('sync:theme', { fallback: 'system', version: 1 });

/**
 * "Search the web": which engines are on, and the person's own. A person's engine is a name, a URL
 * template with `{url}` for the image's address, and optionally the engine's upload page (for
 * images only the browser can see). Sizes keep the whole setting inside one sync item's 8 KB.
 */
export const MAX_CUSTOM_ENGINES = 6;
const EngineAddress = z
  .string()
  .trim()
  .max(500, { error: () => i18n.t('errors.settings.engineUrlTooLong') });

export const CustomEngineSchema = z.strictObject({
  id: z.string().regex(/^custom-[\w-]{1,40}$/),
  name: z
    .string()
    .trim()
    .min(1, { error: () => i18n.t('errors.settings.engineNameMissing') })
    .max(40, { error: () => i18n.t('errors.settings.engineNameTooLong') }),
  urlTemplate: EngineAddress.refine(isUsableTemplate, {
    error: () => i18n.t('errors.settings.engineTemplate', [IMAGE_URL_PLACEHOLDER]),
  }),
  uploadUrl: EngineAddress.refine(isUsableUploadPage, {
    error: () => i18n.t('errors.settings.engineUploadPage'),
  }).optional(),
});
export type CustomEngine = z.infer<typeof CustomEngineSchema>;

export const WebSearchSettingsSchema = z.strictObject({
  /** Engines switched off, by id: engines are on unless the person turned them off. */
  off: z.array(z.string().max(60)).max(50),
  custom: z.array(CustomEngineSchema).max(MAX_CUSTOM_ENGINES),
});
export type WebSearchSettings = z.infer<typeof WebSearchSettingsSchema>;

export const webSearchItem = storage.defineItem<WebSearchSettings>('sync:webSearch', {
  fallback: { off: [], custom: [] },
  version: 1,
});

/** Every engine, built-in first, each with whether it is on. */
export const webSearchEngines = (settings: WebSearchSettings): (WebSearchEngine & { on: boolean })[] =>
  [...BUILT_IN_ENGINES, ...settings.custom].map((engine) => ({ ...engine, on: !settings.off.includes(engine.id) }));

export async function setEngineOn(id: string, on: boolean): Promise<void> {
  await webSearchItem.setValue(withEngineOn(await webSearchItem.getValue(), id, on));
}

/** `settings` with engine `id` switched on or off (a form shows it at once, then stores it). */
export function withEngineOn(settings: WebSearchSettings, id: string, on: boolean): WebSearchSettings {
  const off = on ? settings.off.filter((other) => other !== id) : [...new Set([...settings.off, id])];
  return WebSearchSettingsSchema.parse({ ...settings, off });
}

/** The form's fields as typed: an empty upload page means none. */
export interface CustomEngineDraft {
  name: string;
  urlTemplate: string;
  uploadUrl: string;
}

/** Adds a person's engine (on at once); returns the first problem with the field it concerns instead. */
export async function addCustomEngine(
  draft: CustomEngineDraft,
): Promise<{ ok: true; engine: CustomEngine } | { ok: false; field: keyof CustomEngineDraft | 'form'; error: string }> {
  const settings = await webSearchItem.getValue();
  if (settings.custom.length >= MAX_CUSTOM_ENGINES)
    return { ok: false, field: 'form', error: i18n.t('errors.settings.tooManyEngines', [String(MAX_CUSTOM_ENGINES)]) };
  const parsed = CustomEngineSchema.safeParse({
    id: `custom-${crypto.randomUUID()}`,
    name: draft.name,
    urlTemplate: draft.urlTemplate,
    uploadUrl: draft.uploadUrl.trim() ? draft.uploadUrl : undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    return {
      ok: false,
      field: field === 'name' || field === 'urlTemplate' || field === 'uploadUrl' ? field : 'form',
      error: issue?.message ?? 'not an engine',
    };
  }
  await webSearchItem.setValue(
    WebSearchSettingsSchema.parse({ ...settings, custom: [...settings.custom, parsed.data] }),
  );
  return { ok: true, engine: parsed.data };
}

export async function removeCustomEngine(id: string): Promise<void> {
  const settings = await webSearchItem.getValue();
  await webSearchItem.setValue({
    off: settings.off.filter((other) => other !== id),
    custom: settings.custom.filter((engine) => engine.id !== id),
  });
}

/** Adds a site to a list (validated and normalised); returns the problem instead when it is not a site. */
export async function addSite(
  item: typeof blockedSitesItem,
  input: string,
): Promise<{ ok: true; host: string } | { ok: false; error: string }> {
  const parsed = HostPatternSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'not a site' };
  const current = await item.getValue();
  if (!current.includes(parsed.data)) await item.setValue(HostListSchema.parse([...current, parsed.data]));
  return { ok: true, host: parsed.data };
}

export async function removeSite(item: typeof blockedSitesItem, host: string): Promise<void> {
  await item.setValue((await item.getValue()).filter((entry) => entry !== host));
}

/** Applies the theme to an extension page: `data-theme` on <html>, which the shared CSS reads. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.dataset.theme = theme;
}

/** Keeps a page's theme in step with the setting; returns the unsubscribe. */
export function followTheme(root: HTMLElement = document.documentElement): () => void {
  void themeItem.getValue().then((theme) => applyTheme(theme, root));
  return themeItem.watch((theme) => applyTheme(theme, root));
}
