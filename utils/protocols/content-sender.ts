import { backgroundSender } from '../lib/messaging/content-extension-api';
import type { BackgroundProtocol } from './background-protocol';

/**
 * What the content script sends to the background, checked against the background's protocol. The
 * protocol is imported as a type only: its zod schemas stay out of the content script's budget.
 */
export const sendToBackground = backgroundSender<BackgroundProtocol>();
