import { z } from 'zod';
import { message } from './protocol';

/** Messages the background service worker answers. */
export const TabStatusSchema = z.object({
  tabId: z.number().int(),
  contentScript: z.enum(['alive', 'absent']),
  url: z.string().optional(),
});
export type TabStatus = z.infer<typeof TabStatusSchema>;

export const backgroundProtocol = {
  /** Whether Loupe's content script is running in a tab (the side panel shows it). */
  'tab/status': message<TabStatus>()({
    from: ['extension'],
    request: z.strictObject({ tabId: z.number().int().nonnegative() }),
  }),
};
export type BackgroundProtocol = typeof backgroundProtocol;
