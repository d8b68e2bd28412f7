import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { provenanceFixtureCases, provenanceFixtureTrust } from '../../server/testing/provenance-fixture-cases';
import { fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { MENU } from '../../entrypoints/background/menu-ids';
import { expect, test } from './fixtures';
import { type Backend, startBackend } from './harness/backend';
import { clickContextMenu } from './harness/extension-state';
import { startFixtureSite } from './harness/fixture-site';
import { captureScreenshot } from './harness/screenshots';

test.skip(!haveFixtures, fixturesSkipReason);

const cases = Object.fromEntries(provenanceFixtureCases.map((c) => [c.name, c]));
/** One file per kind of answer: verified and signed credentials, an unsigned declaration, a hint, tampered credentials, nothing. */
const SHOWN = [
  'huminify_lady.png',
  'c2pats_amazon-titan-g1.png',
  'made_xmp_dst_composite_ai_edit.jpg',
  'made_camera_exif_only.jpg',
  'made_c2pa_titan_pixels_tampered.png',
  'made_no_metadata.png',
];
const page = (body: string) =>
  `<!doctype html><meta charset="utf-8"><title>Gallery</title><style>img{width:220px;height:220px;object-fit:cover;margin:4px}</style>${body}`;

test.describe('provenance badges', () => {
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;

  test.beforeAll(async () => {
    site = await startFixtureSite(Object.fromEntries(SHOWN.map((name) => [name, cases[name]!.file])), {
      'gallery.html': page(SHOWN.map((name) => `<img src="${name}" alt="${name}">`).join('')),
      'blob.html': page(`<script>
        fetch('made_xmp_dst_composite_ai_edit.jpg').then((r) => r.blob()).then((blob) => {
          const img = document.createElement('img');
          img.id = 'from-blob';
          img.src = URL.createObjectURL(blob);
          document.body.append(img);
        });
      </script>`),
    });
    // The backend the way a self-hoster runs it against a loopback test site: private
    // addresses allowed (development only), the production trust lists EXPECTED.json assumes,
    // and every C2PA answer provisional first, so the badges must follow it to the final one.
    backend = await startBackend({
      user: 'prov',
      env: {
        LOUPE_FETCH_ALLOW_PRIVATE: 'true',
        LOUPE_TRUST_ANCHORS: provenanceFixtureTrust.productionAnchors.join(','),
        LOUPE_TRUST_CONFIG: provenanceFixtureTrust.config,
        LOUPE_PROVENANCE_PROVISIONAL_MS: '0',
      },
    });
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
  });

  test('each image card shows its verdict and strength, and the evidence behind it', async ({
    extension,
    connectExtension,
  }) => {
    test.setTimeout(120_000);
    await connectExtension(backend);
    const gallery = await extension.context.newPage();
    await gallery.goto(site.url('gallery.html'));
    const tabId = await extension.tabIdOf(gallery);
    const panel = await extension.openPanelFor(tabId, { viewport: { width: 420, height: 900 } });

    for (const name of SHOWN) {
      const card = panel.locator(`[data-testid="page-image"][data-src="${site.url(name)}"]`);
      await card.scrollIntoViewIfNeeded();
      const badge = card.getByTestId('provenance-badge');
      await expect(badge, name).toHaveAttribute('data-status', 'final', { timeout: 60_000 });
      await expect(badge, name).toHaveAttribute('data-verdict', cases[name]!.expected.verdict);
      await expect(badge, name).toHaveAttribute('data-strength', cases[name]!.expected.strength);
      // Never colour alone: the words are there, and an icon per verdict.
      await expect(badge.locator('svg[data-icon]')).toHaveCount(1);
      await expect(badge).toHaveAccessibleName(/^Provenance: /);
    }

    // The tampered file: credentials present but not matching, said plainly, with the C2PA evidence.
    const tampered = panel.locator(
      `[data-testid="page-image"][data-src="${site.url('made_c2pa_titan_pixels_tampered.png')}"]`,
    );
    await tampered.getByTestId('provenance-badge').click();
    const details = panel.getByTestId('provenance-details');
    await expect(details.getByTestId('provenance-verdict')).toContainText('Origin unknown');
    await expect(details.getByTestId('provenance-warnings')).toContainText('do not match');
    await expect(details.locator('[data-testid="provenance-evidence"][data-source="c2pa"]').first()).toContainText(
      'does not match the file',
    );
    await expect(details).toContainText('Checked by Loupe’s backend');
    await details.press('Escape');
    await expect(details).toHaveCount(0);

    // Signed AI credentials: the signer is named.
    await panel
      .locator(`[data-testid="page-image"][data-src="${site.url('c2pats_amazon-titan-g1.png')}"]`)
      .getByTestId('provenance-badge')
      .click();
    await expect(details.getByTestId('provenance-verdict')).toContainText('AI-generated');
    await expect(details.locator('[data-testid="provenance-evidence"][data-source="c2pa"]').first()).toContainText(
      'Amazon',
    );
    await panel.evaluate(() => window.scrollTo(0, 0));
    for (const colorScheme of ['light', 'dark'] as const)
      await captureScreenshot(panel, 'sidepanel-provenance', { colorScheme });
    await gallery.close();
    await panel.close();
  });

  test('on-page badges (a setting, off by default) mark the images on screen, and go when turned off', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const gallery = await extension.context.newPage();
    await gallery.setViewportSize({ width: 1400, height: 900 });
    await gallery.goto(site.url('gallery.html'));
    await gallery.waitForTimeout(500);
    await expect(gallery.locator('loupe-badges')).toHaveCount(0);

    await extension.serviceWorker.evaluate(() => chrome.storage.sync.set({ onPageBadges: true }));
    for (const name of SHOWN) {
      const badge = gallery.locator(`loupe-badges .b[data-src="${site.url(name)}"]`);
      await expect(badge, name).toHaveAttribute('data-strength', cases[name]!.expected.strength, { timeout: 60_000 });
      await expect(badge, name).toHaveAttribute('data-verdict', cases[name]!.expected.verdict);
      // Placed over its image's top-left corner.
      const [image, box] = [await gallery.locator(`img[src="${name}"]`).boundingBox(), await badge.boundingBox()];
      expect(box!.x).toBeGreaterThanOrEqual(image!.x);
      expect(box!.y).toBeGreaterThanOrEqual(image!.y);
      expect(box!.x).toBeLessThan(image!.x + 40);
    }
    await captureScreenshot(gallery, 'page-badges');

    await extension.serviceWorker.evaluate(() => chrome.storage.sync.set({ onPageBadges: false }));
    await expect(gallery.locator('loupe-badges')).toHaveCount(0);
    await gallery.close();
  });

  test('right-click “Check provenance” on an image only the page can read (blob:) shows its evidence', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(site.url('blob.html'));
    const blobUrl = await tab.locator('#from-blob').getAttribute('src');
    expect(blobUrl).toMatch(/^blob:/);
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId);

    await clickContextMenu(extension, MENU.checkProvenance, { srcUrl: blobUrl!, pageUrl: tab.url() }, tabId);
    const details = panel.getByTestId('provenance-details');
    const expected = cases['made_xmp_dst_composite_ai_edit.jpg']!.expected;
    await expect(details.getByTestId('provenance-verdict')).toHaveAttribute('data-verdict', expected.verdict, {
      timeout: 30_000,
    });
    await expect(details.getByTestId('provenance-verdict')).toContainText('declared');
    await expect(details.locator('[data-testid="provenance-evidence"][data-source="xmp"]')).toContainText(
      'DigitalSourceType',
    );
    await expect(details).toContainText('copy your browser loaded');
    await tab.close();
    await panel.close();
  });
});

test('when the backend cannot reach an image, the extension sends the bytes itself', async ({
  extension,
  connectExtension,
}) => {
  // A backend with the default setting: it refuses private addresses, like a loopback or intranet image
  // (the worker's backend allows them, as a self-hoster would for their own network).
  const backend = await startBackend({ user: 'refuses-private', env: { LOUPE_FETCH_ALLOW_PRIVATE: 'false' } });
  const name = 'made_a1111_parameters_text.png';
  const dataName = 'made_no_metadata.png';
  const dataUrl = `data:image/png;base64,${(await readFile(cases[dataName]!.file)).toString('base64')}`;
  const site = await startFixtureSite(
    { [name]: cases[name]!.file },
    { 'private.html': page(`<img src="${name}" alt="handbag"><img src="${dataUrl}" alt="inline">`) },
  );
  try {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(site.url('private.html'));
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId);

    const badge = panel
      .locator(`[data-testid="page-image"][data-src="${site.url(name)}"]`)
      .getByTestId('provenance-badge');
    await expect(badge).toHaveAttribute('data-verdict', cases[name]!.expected.verdict, { timeout: 30_000 });
    await expect(badge).toHaveAttribute('data-strength', cases[name]!.expected.strength);
    await badge.click();
    await expect(panel.getByTestId('provenance-details')).toContainText('copy your browser loaded');
    await expect(panel.locator('[data-testid="provenance-evidence"][data-source="png-text"]')).toContainText(
      'parameters',
    );

    const inline = panel.locator(`[data-testid="page-image"][data-src="${dataUrl}"]`).getByTestId('provenance-badge');
    await expect(inline).toHaveAttribute('data-verdict', 'unknown', { timeout: 30_000 });
    await expect(inline).toHaveAttribute('data-strength', 'none');
    await tab.close();
    await panel.close();
  } finally {
    await site.stop();
    await backend.stop();
  }
  expect(path.basename(cases[name]!.file)).toBe(name);
});
