import { describe, expect, it } from 'vitest';
import config from '../../../wxt.config';

/**
 * The manifest differs between Chrome (MV3 side panel, pinned key) and Firefox
 * (MV2 sidebar, gecko id): each branch, and the permission audit, in one place.
 * Every permission is used: storage (settings, save queue), contextMenus, alarms
 * (save-queue retries), scripting (reading an image inside its page's frame),
 * sidePanel (Chrome's panel; Firefox's sidebar needs none).
 */
type ManifestFn = (env: {
  browser: string;
  manifestVersion: 2 | 3;
  mode: string;
  command: string;
}) => Record<string, unknown>;
const manifestFor = (browser: 'chrome' | 'firefox') =>
  (config.manifest as ManifestFn)({
    browser,
    manifestVersion: browser === 'firefox' ? 2 : 3,
    mode: 'production',
    command: 'build',
  });

describe('manifest', () => {
  it('Chrome: side panel permission, the pinned key, our side-panel shortcut', () => {
    const manifest = manifestFor('chrome');
    expect(manifest.permissions).toEqual(['storage', 'contextMenus', 'alarms', 'scripting', 'sidePanel']);
    expect(manifest.key).toMatch(/^MII/);
    expect(manifest.browser_specific_settings).toBeUndefined();
    expect(Object.keys(manifest.commands as object)).toEqual(['open-side-panel', 'save-hovered-image']);
  });

  it('Firefox: no side panel permission, a gecko id and data-collection declaration, the sidebar’s own shortcut', () => {
    const manifest = manifestFor('firefox');
    expect(manifest.permissions).toEqual(['storage', 'contextMenus', 'alarms', 'scripting']);
    expect(manifest.key).toBeUndefined();
    expect(manifest.browser_specific_settings).toMatchObject({
      gecko: {
        id: 'loupe@loupe.dev',
        // Not "none": saves, captured products and searches leave the browser for the backend.
        data_collection_permissions: { required: ['browsingActivity', 'websiteContent', 'searchTerms'] },
      },
    });
    expect(Object.keys(manifest.commands as object)).toEqual(['_execute_sidebar_action', 'save-hovered-image']);
  });

  it.each(['chrome', 'firefox'] as const)(
    '%s: nothing that widens the attack surface (CSP, outside connections, exposed files)',
    (browser) => {
      const manifest = manifestFor(browser);
      expect(manifest.content_security_policy).toBeUndefined(); // the browsers' strict defaults: no remote code, no eval
      expect(manifest.externally_connectable).toBeUndefined(); // pages cannot message Loupe
      expect(manifest.web_accessible_resources).toBeUndefined(); // pages cannot load or fingerprint Loupe's files
      expect(manifest.host_permissions).toEqual(['<all_urls>']); // every page's images, and a backend on any host
    },
  );
});
