import { minify } from 'terser';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { sensitiveSiteExcludeMatches } from './utils/page-scan/sensitive-sites';

/**
 * The public half of Loupe's development signing key. Chrome derives the
 * extension id from it, so the id stays the same across builds and machines:
 * tests and backend CORS rules can rely on it. (The private half is not needed
 * to load an unpacked extension and is not kept in the repository.)
 */
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzhjywFyK7DLEzarF9/co62imzHw1+qIo2CbWnrBhTOWbpTtjQ+fsGXT/UTyUa68MopIEAXXZddEGH0+mhEf0IcCAH+slYpQfiL805y/dVWtolKr3nW0ifcxYY/b1y7CUKiGN0M5R8AzRl6I93Pd5rMPVxejpmPPjcLW/IR0YS/YMjtIc3yjXafEgOr7XSyGifZlK0kUJZ0AGJs3xMj6p3qV2Qr+jAC5/3rs4wjX0aKCm0fbE4sBp1kheRMVvjqHL8keOSy3jZHVvX6JxoKgQTM+e+V4nZPnA6QCpi4sJojmPvLYZbYH372ivuqyUZP4PnByDROPUqnETCoTuAntehwIDAQAB';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  // LOUPE_NO_MINIFY=1 keeps function names readable in a DevTools profile of the content script.
  vite: () => (process.env.LOUPE_NO_MINIFY ? { build: { minify: false } } : {}),
  hooks: {
    // The built-in sensitive sites (banks, webmail, password managers, health portals) never get the
    // content script at all: the browser keeps it out, and its bundle need not carry the list.
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const script of manifest.content_scripts ?? []) {
        script.exclude_matches = [...(script.exclude_matches ?? []), ...sensitiveSiteExcludeMatches()];
      }
    },
    // The content script runs in every frame of every page and has a 15 kB gzip budget, most of
    // which webextension-polyfill would take. It uses only calls that behave the same natively in
    // Chrome and Firefox (see utils/lib/messaging/content-extension-api.ts), so its bundle alone resolves
    // `wxt/browser` (also used inside WXT's content-script context) to the native namespace.
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const nativeBrowser = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      const alias = viteConfig.resolve?.alias;
      const others = Array.isArray(alias)
        ? alias.filter((entry) => String(entry.find) !== 'wxt/browser')
        : Object.entries(alias ?? {})
            .filter(([find]) => find !== 'wxt/browser')
            .map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      viteConfig.resolve = { ...viteConfig.resolve, alias: [nativeBrowser, ...others] };
      if (!process.env.LOUPE_NO_MINIFY) viteConfig.plugins = [...(viteConfig.plugins ?? []), terserPass()];
    },
  },
  manifest: ({ browser }) => ({
    // Words come from locales/<lang>.yml (nested keys join with "_": extension.name → __MSG_extension_name__).
    default_locale: 'en',
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    // scripting: reading an image inside its page's frame when only that page can (blob: URLs, logins).
    permissions: ['storage', 'contextMenus', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    commands: {
      // Firefox opens its sidebar through this reserved command; Chrome's side panel through ours.
      ...(browser === 'firefox'
        ? {
            _execute_sidebar_action: {
              suggested_key: { default: 'Alt+Shift+L' },
              description: '__MSG_commands_openSidebar__',
            },
          }
        : {
            'open-side-panel': {
              suggested_key: { default: 'Alt+Shift+L' },
              description: '__MSG_commands_openSidePanel__',
            },
          }),
      'save-hovered-image': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commands_saveHoveredImage__',
      },
    },
    // Content scripts run on every page and the backend may live on any host the user chooses.
    host_permissions: ['<all_urls>'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'loupe@loupe.dev',
              // The first version that knows data_collection_permissions (on desktop and Android).
              strict_min_version: '142.0',
              // Mozilla counts anything handled outside the browser as transmission, a self-hosted
              // backend included. Loupe sends the backend the pages saves and captured products come
              // from (browsing activity), the images, product data and links on them (website
              // content), and what people type into its search (search terms); a "search the web"
              // hand-off gives the chosen engine the image. Loupe cannot work without them: required.
              data_collection_permissions: { required: ['browsingActivity', 'websiteContent', 'searchTerms'] },
            },
          },
        }
      : { key: CHROME_PUBLIC_KEY }),
  }),
});

/**
 * A terser pass over the content script after Vite's own minifier: three compress passes take
 * about 380 B gzip more off its output (2.5% of the 15 kB budget), which Vite's minifier alone
 * does not, and writing function expressions that use no `this` as arrows (methods as methods)
 * 10 B more: nothing in the content script calls one with `new` or reads its prototype. Only the
 * content script, whose size is a budget: the other bundles are not worth the time.
 */
function terserPass(): Plugin {
  return {
    name: 'loupe:content-script-terser',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const { code } = await minify(chunk.code, {
          ecma: 2020,
          compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
          mangle: true,
        });
        if (code) chunk.code = code;
      }
    },
  };
}
