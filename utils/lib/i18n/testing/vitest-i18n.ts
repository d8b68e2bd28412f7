/** What `#i18n` resolves to in unit tests (WXT generates the typed one for builds; see vitest.config.ts). */
import { createI18n } from '@wxt-dev/i18n';

export const i18n = createI18n();
