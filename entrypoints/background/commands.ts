import type { Browser } from 'wxt/browser';
import { sendToTab } from '@/utils/protocols';
import { openSidePanel } from '@/utils/lib/platform/side-panel';

/** Keyboard shortcuts (manifest `commands`; people can change the keys in the browser's shortcut settings). */
export const COMMANDS = { openSidePanel: 'open-side-panel', saveHoveredImage: 'save-hovered-image' } as const;

export function handleCommand(command: string, tab?: Browser.tabs.Tab) {
  if (command === COMMANDS.openSidePanel) {
    // A shortcut counts as a user gesture: open synchronously, before any await.
    void openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }).catch(() => {});
  } else if (command === COMMANDS.saveHoveredImage && tab?.id !== undefined) {
    // Every frame hears it; only the one showing the button saves.
    void sendToTab(tab.id, { allFrames: true })('content/save-hovered', {}).catch(() => {});
  }
}
