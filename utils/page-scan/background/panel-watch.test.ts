import { describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ runtime: { sendMessage: vi.fn() } }));
vi.mock('wxt/browser', () => ({ browser: api }));

const { panelShowsTab } = await import('./panel-watch');

describe('whether a side panel shows a tab', () => {
  it('asks the open panels about that tab', async () => {
    api.runtime.sendMessage.mockResolvedValueOnce({ ok: true, value: true });
    expect(await panelShowsTab(7)).toBe(true);
    expect(api.runtime.sendMessage).toHaveBeenCalledWith({ loupe: 1, type: 'panel/shows-tab', payload: { tabId: 7 } });
  });

  it('is no when no panel answers yes: none open (no receiver), none showing it, or a strange answer', async () => {
    api.runtime.sendMessage.mockRejectedValueOnce(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    expect(await panelShowsTab(7)).toBe(false);
    api.runtime.sendMessage.mockResolvedValueOnce(undefined);
    expect(await panelShowsTab(7)).toBe(false);
    api.runtime.sendMessage.mockResolvedValueOnce({ ok: true, value: 'true' });
    expect(await panelShowsTab(7)).toBe(false);
    api.runtime.sendMessage.mockResolvedValueOnce({ ok: false, error: 'Unknown message type' });
    expect(await panelShowsTab(7)).toBe(false);
  });
});
