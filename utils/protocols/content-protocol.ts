import { message } from '../lib/messaging/protocol';
import { empty } from '../lib/messaging/tiny-validators';

/**
 * Messages Loupe's content scripts answer. They are validated with the tiny
 * validators (no zod here: this module is bundled into every page).
 */
export interface ContentStatus {
  url: string;
  isTopFrame: boolean;
}

export const contentProtocol = {
  /** Is Loupe's content script running in this tab? */
  'content/ping': message<ContentStatus>()({ from: ['extension'], request: empty() }),
  /** Report this frame's images (and, in the top frame, the product) again from scratch: the background lost them. */
  'content/report': message()({ from: ['extension'], request: empty() }),
  /** Send the product this page sells again (top frame; a restarted worker forgot it). Answers once it is sent. */
  'content/product': message()({ from: ['extension'], request: empty() }),
  /** The "save the hovered image" shortcut: save what the hover button is showing, if anything. */
  'content/save-hovered': message<{ saved: boolean }>()({ from: ['extension'], request: empty() }),
};
export type ContentProtocol = typeof contentProtocol;
