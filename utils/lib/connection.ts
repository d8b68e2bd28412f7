import { i18n } from '#i18n';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { API_TOKEN_PATTERN } from '../contract';

/** Where `npm start` serves the backend. */
export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:8787';

export const BackendUrlSchema = z
  .url({ protocol: /^https?$/, error: () => i18n.t('errors.settings.backendUrl') })
  .transform((url) => url.replace(/\/+$/, ''));

// The token's format is the shared contract's; its message here is the person's language.
export const ConnectionSettingsSchema = z.object({
  backendUrl: BackendUrlSchema,
  token: z
    .string()
    .trim()
    .regex(API_TOKEN_PATTERN, { error: () => i18n.t('errors.settings.token') }),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettingsSchema>;

/** The backend address syncs across the user's browsers; the token stays on this device. */
export const backendUrlItem = storage.defineItem<string>('sync:backendUrl', { fallback: DEFAULT_BACKEND_URL });
export const apiTokenItem = storage.defineItem<string>('local:apiToken', { fallback: '' });

export async function readConnectionSettings(): Promise<{ backendUrl: string; token: string }> {
  const [backendUrl, token] = await Promise.all([backendUrlItem.getValue(), apiTokenItem.getValue()]);
  return { backendUrl, token };
}

/** Validates and stores the connection settings; returns the field problems instead when they are invalid. */
export async function saveConnectionSettings(input: { backendUrl: string; token: string }) {
  const parsed = ConnectionSettingsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false as const,
      errors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])) as Partial<
        Record<keyof ConnectionSettings, string>
      >,
    };
  }
  await Promise.all([backendUrlItem.setValue(parsed.data.backendUrl), apiTokenItem.setValue(parsed.data.token)]);
  return { ok: true as const, settings: parsed.data };
}

/** Calls `onChange` whenever either setting changes, in any extension page or the worker. Returns the unsubscribe. */
export function watchConnectionSettings(onChange: () => void): () => void {
  const unwatchUrl = backendUrlItem.watch(onChange);
  const unwatchToken = apiTokenItem.watch(onChange);
  return () => {
    unwatchUrl();
    unwatchToken();
  };
}
