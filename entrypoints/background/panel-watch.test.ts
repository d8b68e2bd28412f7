import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({
  runtime: {} as { getContexts?: (filter: unknown) => Promise<unknown[]> },
  extension: { getViews: (_: unknown): unknown[] => [] },
}));
vi.mock('wxt/browser', () => ({ browser: api }));

const { panelShowsTab } = await import('./panel-watch');
const ORIGIN = 'chrome-extension://loupe';
const tab = { id: 7, windowId: 1, active: true };

describe('whether a side panel shows a tab (Chrome: runtime.getContexts)', () => {
  let contexts: { contextType: string; documentUrl?: string; windowId: number }[];
  beforeEach(() => {
    contexts = [];
    api.runtime.getContexts = vi.fn(async () => contexts);
  });

  it('a side panel of the tab’s window shows its active tab, not a background tab or another window’s', async () => {
    contexts = [{ contextType: 'SIDE_PANEL', documentUrl: `${ORIGIN}/sidepanel.html`, windowId: 1 }];
    expect(await panelShowsTab(tab)).toBe(true);
    expect(await panelShowsTab({ ...tab, active: false })).toBe(false);
    expect(await panelShowsTab({ ...tab, windowId: 2 })).toBe(false);
  });

  it('a panel opened for a tab (?tabId=) shows that tab only, wherever it is', async () => {
    contexts = [{ contextType: 'TAB', documentUrl: `${ORIGIN}/sidepanel.html?tabId=7`, windowId: 3 }];
    expect(await panelShowsTab({ ...tab, active: false })).toBe(true);
    expect(await panelShowsTab({ id: 8, windowId: 3, active: true })).toBe(false);
    contexts = [{ contextType: 'SIDE_PANEL', documentUrl: `${ORIGIN}/sidepanel.html?tabId=9`, windowId: 1 }];
    expect(await panelShowsTab(tab)).toBe(false);
  });

  it('other extension pages, and the panel page open in a tab without ?tabId=, show nothing', async () => {
    contexts = [
      { contextType: 'TAB', documentUrl: `${ORIGIN}/popup.html`, windowId: 1 },
      { contextType: 'TAB', documentUrl: `${ORIGIN}/sidepanel.html`, windowId: 1 },
      { contextType: 'SIDE_PANEL', documentUrl: undefined, windowId: 1 },
    ];
    expect(await panelShowsTab(tab)).toBe(false);
    expect(await panelShowsTab({ windowId: 1, active: true })).toBe(false);
  });
});

describe('whether a sidebar shows a tab (Firefox: extension.getViews)', () => {
  it('looks at the sidebar of the tab’s window and at panel pages opened for a tab', async () => {
    delete api.runtime.getContexts;
    const views = { sidebar: new Map<number, string[]>([[1, [`${ORIGIN}/sidepanel.html`]]]), tab: [`${ORIGIN}/sidepanel.html?tabId=12`] };
    api.extension.getViews = vi.fn((properties: unknown) => {
      const { type, windowId } = properties as { type: 'sidebar' | 'tab'; windowId?: number };
      const urls = type === 'sidebar' ? (views.sidebar.get(windowId!) ?? []) : views.tab;
      return urls.map((href) => ({ location: { href } }));
    });
    expect(await panelShowsTab(tab)).toBe(true);
    expect(await panelShowsTab({ ...tab, active: false })).toBe(false);
    expect(await panelShowsTab({ ...tab, windowId: 2 })).toBe(false);
    expect(await panelShowsTab({ id: 12, windowId: 2, active: false })).toBe(true);
  });
});
