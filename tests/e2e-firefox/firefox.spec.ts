import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { provenanceFixtureCases } from '../../server/testing/provenance-fixture-cases';
import { fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { startFixtureSite } from '../e2e/harness/fixture-site';
import { expectCentrePart, standInEngine } from '../e2e/harness/stand-in-engine';
import { expect, test } from './fixtures';
import { shopOffered as shopOfferedOnPage } from '../pages/shop/expected';

// Loupe's Firefox build (MV2: browserAction, sidebar_action, a background page) in a real Firefox.
// What the Chromium suite checks in depth, checked here once per feature on Firefox's own APIs.

// What the sidebar offers for the shop page: the same as Chromium's side panel, sorted.
const shopOffered = [...shopOfferedOnPage].sort();

/**
 * A loopback address for the backend that answers only once `open` is called: it then relays every
 * connection to the real backend (an address that is down, then up, without restarting a server).
 */
async function relayTo(backendUrl: string) {
  const target = new URL(backendUrl);
  const sockets = new Set<Socket>();
  const relay = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    const closeBoth = () => {
      for (const end of [socket, upstream]) {
        end.destroy();
        sockets.delete(end);
      }
    };
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('error', closeBoth);
      end.on('close', closeBoth);
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as AddressInfo;
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve)),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => (relay.listening ? relay.close(() => resolve()) : resolve()));
    },
  };
}

/** The image paths the sidebar offers to save right now (null while it shows nothing). */
const offeredInSidebar = `return [...view.document.querySelectorAll('[data-testid="page-image"][data-save-allowed="true"]')]
  .map((card) => new URL(card.getAttribute('data-src')).pathname).sort();`;

test('the popup connects to the backend, says when the token is refused, and tests the connection again', async ({
  firefox,
  backend,
}) => {
  const { tab } = firefox;
  await tab.navigate(firefox.pageUrl('popup.html'));
  const status = () =>
    tab.execute<[string, string] | null>(
      `const s = document.querySelector('[data-testid="connection-status"]'); return s && [s.dataset.state, s.textContent];`,
    );
  const connect = async (url: string, token: string) => {
    for (const [name, value] of [
      ['backendUrl', url],
      ['token', token],
    ] as const) {
      const input = await tab.findElement(`input[name="${name}"]`);
      await tab.clear(input);
      await tab.type(input, value);
    }
    await tab.click(await tab.findElement('//form//button[@type="submit"]', undefined, 'xpath'));
  };

  const wrong = `${backend.token.slice(0, -4)}${backend.token.endsWith('aaaa') ? 'bbbb' : 'aaaa'}`;
  await connect(backend.url, wrong);
  await expect
    .poll(status)
    .toEqual(['error', expect.stringContaining(`The backend at ${backend.url} refused the API token`)]);

  // An address where nothing answers yet: said so. Once the backend answers there, "Test connection" says that.
  const relay = await relayTo(backend.url);
  try {
    await connect(relay.url, backend.token);
    await expect
      .poll(status)
      .toEqual(['error', expect.stringContaining(`Could not reach the Loupe backend at ${relay.url}`)]);
    await relay.open();
    await tab.click(await tab.findElement('//button[normalize-space()="Test connection"]', undefined, 'xpath'));
    await expect.poll(status).toEqual(['connected', expect.stringContaining(relay.url)]);
  } finally {
    await relay.close();
  }

  await connect(backend.url, backend.token);
  await expect.poll(status).toEqual(['connected', expect.stringContaining(backend.url)]);
  expect(
    await firefox.inExtension(
      `return [(await browser.storage.sync.get('backendUrl')).backendUrl, (await browser.storage.local.get('apiToken')).apiToken];`,
    ),
  ).toEqual([backend.url, backend.token]);
});

test('the sidebar lists the page’s images and product, follows the page as it adds images and its tab to another page; the toolbar counts them', async ({
  firefox,
  site,
  connectExtension,
}) => {
  await connectExtension();
  const { tab } = firefox;
  await tab.navigate(site.url('shop/product.html'));
  await firefox.openSidebar();

  await expect.poll(() => firefox.inSidebar(offeredInSidebar), { timeout: 15_000 }).toEqual(shopOffered);
  const product = () =>
    firefox.inSidebar<string>(`return view.document.querySelector('[data-testid="page-product"]')?.textContent ?? '';`);
  await expect.poll(product).toContain('Linen Shirt');
  expect(await product()).toContain('Loom & Co');

  // The page adds an image: the open sidebar shows it without being asked.
  await tab.execute(`const img = document.createElement('img');
    img.src = '/feed/img/item-01.png'; img.width = 300; img.height = 300; img.alt = 'added later';
    document.body.append(img);`);
  await expect
    .poll(() => firefox.inSidebar(offeredInSidebar))
    .toEqual([...shopOffered, '/feed/img/item-01.png'].sort());

  // The toolbar button (browserAction in Firefox's MV2) counts them once the count is turned on, and stops.
  const tabId = await firefox.tabId();
  const badge = () =>
    firefox.inExtension<string>(`return browser.browserAction.getBadgeText({ tabId: arguments[0] });`, [tabId]);
  expect(await badge()).toBe('');
  await firefox.inExtension(`await browser.storage.sync.set({ showBadgeCount: true });`);
  await expect.poll(badge).toBe(String(shopOffered.length + 1));
  await firefox.inExtension(`await browser.storage.sync.set({ showBadgeCount: false });`);
  await expect.poll(badge).toBe('');

  // The sidebar follows its tab to another page, an infinite feed, and grows with it.
  await tab.navigate(site.url('feed/index.html'));
  const feed = (n: number) =>
    [
      '/feed/img/banner.png',
      ...Array.from({ length: n }, (_, i) => `/feed/img/item-${String(i + 1).padStart(2, '0')}.png`),
    ].sort();
  await expect.poll(() => firefox.inSidebar(offeredInSidebar)).toEqual(feed(6));
  await tab.execute(`window.loadMore();`);
  await expect.poll(() => firefox.inSidebar(offeredInSidebar)).toEqual(feed(12));
});

test('the hover Save button saves the image as a pin on the backend, with the page’s product', async ({
  firefox,
  site,
  backend,
  connectExtension,
}) => {
  await connectExtension();
  const { tab } = firefox;
  await tab.navigate(site.url('shop/product.html'));

  await tab.hover(await tab.findElement('img[srcset*="1600w"]'));
  const host = await tab.findElement('loupe-save-button');
  await expect.poll(() => tab.execute(`return arguments[0].style.display;`, [host])).toBe('block');
  // The button lives in a closed shadow root: Marionette opens it, as a person's pointer reaches it.
  const button = await tab.findElement('button', await tab.shadowRoot(host));
  await tab.click(button);
  await expect.poll(() => tab.execute(`return arguments[0].dataset.state;`, [button])).toBe('saved');

  await expect
    .poll(async () => (await backend.api.listBoards()).find((board) => board.name === 'Saved')?.pinCount)
    .toBe(1);
  const saved = (await backend.api.listBoards()).find((board) => board.name === 'Saved')!;
  const [pin] = (await backend.api.boardPins(saved.id)).items;
  expect(pin).toMatchObject({
    imageUrl: site.url('shop/img/shirt-blue-1600.png'),
    sourceUrl: site.url('shop/product.html'),
    width: 1600,
    product: { name: 'Linen Shirt' },
  });
});

test.describe('provenance', () => {
  test.skip(!haveFixtures, fixturesSkipReason);

  test('an image card in the sidebar shows its provenance badge (the extension sends the bytes the backend may not fetch)', async ({
    firefox,
    connectExtension,
  }) => {
    // The worker's backend keeps the default and refuses private addresses such as this loopback site.
    const name = 'made_a1111_parameters_text.png';
    const fixture = provenanceFixtureCases.find((c) => c.name === name)!;
    const gallery = await startFixtureSite(
      { [name]: fixture.file },
      {
        'gallery.html': `<!doctype html><meta charset="utf-8"><title>Gallery</title><img src="${name}" alt="handbag" style="width:300px;height:300px">`,
      },
    );
    try {
      await connectExtension();
      await firefox.tab.navigate(gallery.url('gallery.html'));
      await firefox.openSidebar();
      const badge = () =>
        firefox.inSidebar(
          `const badge = view.document.querySelector('[data-testid="page-image"][data-src="' + arguments[0] + '"] [data-testid="provenance-badge"]');
           return badge && [badge.dataset.status, badge.dataset.verdict, badge.dataset.strength];`,
          [gallery.url(name)],
        );
      await expect
        .poll(badge, { timeout: 30_000 })
        .toEqual(['final', fixture.expected.verdict, fixture.expected.strength]);
    } finally {
      await gallery.stop();
    }
  });
});

test('the part of an image in the box goes to the engine’s upload page, cut in Firefox’s background page', async ({
  firefox,
  site,
  connectExtension,
}) => {
  const engine = await standInEngine();
  /** Clicks the button named `name` (its label or its text) inside `within` in the sidebar; false while there is none. */
  const click = (within: string, name: string) =>
    firefox.inSidebar<boolean>(
      `const scope = view.document.querySelector(arguments[0]);
       const button = scope && [...scope.querySelectorAll('button, summary')].find(
         (b) => b.getAttribute('aria-label') === arguments[1] || b.textContent.trim() === arguments[1]);
       if (!button) return false;
       button.click();
       return true;`,
      [within, name],
    );
  const hero = site.url('shop/img/hero.png');
  try {
    await connectExtension();
    // A person's own engine with an upload page, as the popup stores it.
    await firefox.inExtension(
      `await browser.storage.sync.set({ webSearch: { off: [], custom: [{ id: 'custom-stand-in', name: 'Stand-in',
         urlTemplate: arguments[0] + '/search?img={url}', uploadUrl: arguments[0] + '/upload' }] } });`,
      [engine.origin],
    );
    await firefox.tab.navigate(site.url('shop/product.html'));
    await firefox.openSidebar();

    // Find similar on the banner's card, the centre box (where the box starts), then the web with the part.
    await expect.poll(() => click(`[data-testid="page-image"][data-src="${hero}"]`, 'Find similar')).toBe(true);
    await expect.poll(() => click('[data-testid="similar-to"]', 'Search a part')).toBe(true);
    await expect.poll(() => click('[data-testid="similar-to"]', 'Find similar')).toBe(true);
    await expect.poll(() => click('[data-testid="web-search"]', 'Search the web')).toBe(true); // opens its details
    await expect
      .poll(() => click('[data-testid="web-search"]', 'Search the web for the part in the box with Stand-in'))
      .toBe(true);

    await expect.poll(() => engine.received.length, { timeout: 30_000 }).toBe(1);
    expect(engine.received[0]).toMatchObject({ name: 'hero-part.png', type: 'image/png' });
    await expectCentrePart(engine.bodies[0]!, 'tests/pages/shop/img/hero.png');
    await expect
      .poll(() =>
        firefox.inSidebar(`return view.document.querySelector('[data-testid="web-search-progress"]')?.textContent;`),
      )
      .toBe('Gave the part in the box to Stand-in’s upload page.');
  } finally {
    await firefox.inExtension(
      `for (const tab of await browser.tabs.query({})) if (tab.url.startsWith(arguments[0])) await browser.tabs.remove(tab.id);
       await browser.storage.sync.remove(['webSearch']);`,
      [engine.origin],
    );
    await engine.stop();
  }
});

test('a board’s pins in the sidebar: their pictures load, a pin opens, and its note and tags reach the backend', async ({
  firefox,
  site,
  backend,
  connectExtension,
}) => {
  await connectExtension();
  const board = await backend.api.createBoard({ name: `Firefox board ${Date.now()}` });
  const { pin } = await backend.api.savePin({
    boardId: board.id,
    imageUrl: site.url('shop/img/hero.png'),
    sourceUrl: site.url('shop/product.html'),
    altText: 'A blue linen shirt',
    product: { name: 'Linen shirt', price: '49.00', currency: 'EUR', url: site.url('shop/product.html'), images: [] },
  });
  await firefox.tab.navigate(site.url('shop/product.html'));
  await firefox.openSidebar();

  /** Clicks the first element matching `selector` whose text or label holds `text`; false while there is none. */
  const click = (selector: string, text: string) =>
    firefox.inSidebar<boolean>(
      `const found = [...view.document.querySelectorAll(arguments[0])].find(
         (el) => el.textContent.includes(arguments[1]) || el.getAttribute('aria-label') === arguments[1]);
       if (!found) return false;
       found.click();
       return true;`,
      [selector, text],
    );
  await expect.poll(() => click('[role="tab"]', 'Boards')).toBe(true);
  await expect.poll(() => click('[data-testid="board-card"]', board.name)).toBe(true);
  // The pin's picture comes from the page's site into the add-on's page, and has loaded.
  await expect
    .poll(() =>
      firefox.inSidebar(
        `return [...view.document.querySelectorAll('[data-testid="pin-card"] img')].map((img) => img.complete && img.naturalWidth);`,
      ),
    )
    .toEqual([1200]);

  await expect.poll(() => click('button', 'Open pin: A blue linen shirt')).toBe(true);
  await expect
    .poll(() =>
      firefox.inSidebar(
        `const pinView = view.document.querySelector('[data-testid="pin-view"]');
         return pinView && [pinView.querySelector('#pin-heading')?.textContent, pinView.querySelector('[data-testid="pin-price"]')?.textContent];`,
      ),
    )
    .toEqual(['A blue linen shirt', expect.stringContaining('49')]);

  // A person types a note and tags (as React hears typing) and saves them: the sidebar sends them to the API.
  await firefox.inSidebar(
    `const form = view.document.querySelector('[data-testid="pin-notes"]');
     const type = (field, text) => {
       Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value').set.call(field, text);
       field.dispatchEvent(new view.Event('input', { bubbles: true }));
     };
     type(form.querySelector('textarea'), 'For the terrace');
     type(form.querySelector('input'), 'linen, blue');`,
  );
  await expect.poll(() => click('[data-testid="pin-notes"] button[type="submit"]', 'Save')).toBe(true);
  await expect
    .poll(async () => (await backend.api.boardPins(board.id)).items.find((saved) => saved.id === pin.id))
    .toMatchObject({ note: 'For the terrace', tags: ['linen', 'blue'] });
  await expect
    .poll(() => firefox.inSidebar(`return !!view.document.querySelector('[data-testid="pin-notes-saved"]');`))
    .toBe(true);
});
