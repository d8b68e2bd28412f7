import { describe, expect, it, vi } from 'vitest';
import { setToolbarBadge } from './toolbar-badge';

describe('setToolbarBadge', () => {
  it('uses Chrome’s Manifest V3 `action`', async () => {
    const setBadgeText = vi.fn(async () => {});
    await setToolbarBadge(3, '12', { action: { setBadgeText } });
    expect(setBadgeText).toHaveBeenCalledWith({ tabId: 3, text: '12' });
  });

  it('uses Firefox’s Manifest V2 `browserAction` (there is no `action` there)', async () => {
    const setBadgeText = vi.fn(async () => {});
    await setToolbarBadge(5, '', { browserAction: { setBadgeText } });
    expect(setBadgeText).toHaveBeenCalledWith({ tabId: 5, text: '' });
  });

  it('rejects, never throws, where neither exists or the browser refuses', async () => {
    const missing = setToolbarBadge(1, '2', {});
    await expect(missing).rejects.toThrow(/no toolbar button API/);
    const refused = setToolbarBadge(1, '2', {
      browserAction: {
        setBadgeText: () => {
          throw new Error('Invalid tab ID: 1');
        },
      },
    });
    await expect(refused).rejects.toThrow(/Invalid tab ID/);
  });
});
