import { describe, expect, it, vi } from 'vitest';
import { openSidePanel } from './side-panel';

describe('openSidePanel', () => {
  it('opens Chrome’s side panel for the tab', async () => {
    const open = vi.fn(async () => {});
    await openSidePanel({ tabId: 4 }, { sidePanel: { open } });
    expect(open).toHaveBeenCalledWith({ tabId: 4 });
  });

  it('falls back to the window when there is no tab', async () => {
    const open = vi.fn(async () => {});
    await openSidePanel({ windowId: 2 }, { sidePanel: { open } });
    expect(open).toHaveBeenCalledWith({ windowId: 2 });
  });

  it('opens Firefox’s sidebar', async () => {
    const open = vi.fn(async () => {});
    await openSidePanel({ tabId: 4 }, { sidebarAction: { open } });
    expect(open).toHaveBeenCalledOnce();
  });

  it('says so where neither exists', async () => {
    await expect(openSidePanel({ tabId: 1 }, {})).rejects.toThrow(/neither a side panel nor a sidebar/);
  });
});
