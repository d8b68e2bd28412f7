import { z } from 'zod';
import { CapturedProductSchema, ImageRegionSchema, type CapturedProduct } from '../contract';
import type { ImageRecord } from '../page-scan';
import type { QueuedSave } from '../saving/save-queue';
import type { SaveBatch } from '../saving/save-batches';
import { MAX_DATA_URL_LENGTH, MAX_URL_LENGTH } from '../page-scan/url';
import { PageImagesReportSchema, ProductSourcesSchema } from '../page-scan/wire/page-report';
import { message } from '../lib/messaging/protocol';
import type { WebSearchOutcome } from '../web-search/background/search-the-web';

/** Messages the background service worker answers. */
export const TabStatusSchema = z.object({
  tabId: z.number().int(),
  contentScript: z.enum(['alive', 'absent']),
  url: z.string().optional(),
});
export type TabStatus = z.infer<typeof TabStatusSchema>;

const HttpUrl = z.url({ protocol: /^https?$/ }).max(4096);

/** An image to save, as a page (through the content script) or the side panel describes it. */
export const ImageToSaveSchema = z.strictObject({
  imageUrl: HttpUrl,
  pageUrl: HttpUrl.optional(),
  pageTitle: z.string().max(500).optional(),
  altText: z.string().max(2000).optional(),
  width: z.number().int().positive().max(100_000).optional(),
  height: z.number().int().positive().max(100_000).optional(),
  product: CapturedProductSchema.optional(),
});
export type ImageToSave = z.infer<typeof ImageToSaveSchema>;

export interface QueuedConfirmation {
  saveId: string;
  boardName: string;
}

/** Everything the side panel shows about a tab's page. */
export interface PageSnapshot {
  tabId: number;
  /** Every frame's images, one entry per URL, largest first. Includes images the page does not allow saving. */
  images: ImageRecord[];
  product: CapturedProduct | null;
  /** Which of the images show the product. */
  productImageUrls: string[];
  /** Whether any Loupe content script has reported for this tab. */
  reported: boolean;
}

/** An on-page badge's content: the verdict, and the words the badge shows (chosen by the extension, not the page). */
export interface PageVerdict {
  verdict: string;
  strength: string;
  text: string;
  description: string;
}

/** The most images one "save many" takes (a page's whole grid, within reason). */
export const MAX_SAVE_MANY = 500;

export const backgroundProtocol = {
  /** The provenance verdict for an image on the page (on-page badges); null when Loupe cannot tell (not connected, unreadable). */
  'provenance/verdict': message<PageVerdict | null>()({
    from: ['content'],
    request: z.strictObject({
      imageUrl: z
        .string()
        .max(MAX_DATA_URL_LENGTH)
        .regex(/^(https?:|data:image\/)/i),
      frameUrl: z.string().max(MAX_URL_LENGTH),
    }),
  }),
  /** A frame's images changed (content scripts report as the page grows). */
  'page/images': message()({ from: ['content'], request: PageImagesReportSchema }),
  /** The product the top frame's page sells, as raw structured data; the background parses it. */
  'page/product': message()({ from: ['content'], request: ProductSourcesSchema }),
  /** A frame's content script started on a new document. Answers whether a side panel shows its tab, so it should scan now. */
  'page/started': message<boolean>()({ from: ['content'], request: z.strictObject({}) }),
  /** Whether a side panel still shows the sender's tab (a changing page asks now and then; it stops scanning if not). */
  'page/wanted': message<boolean>()({ from: ['content'], request: z.strictObject({}) }),
  /** The frame stopped scanning (nobody looked): its list is no longer kept up to date. */
  'page/stopped': message()({ from: ['content'], request: z.strictObject({}) }),
  /** The images and product of a tab (the side panel's "This page"). */
  'tab/page': message<PageSnapshot>()({
    from: ['extension'],
    request: z.strictObject({ tabId: z.number().int().nonnegative() }),
  }),
  /** Whether Loupe's content script is running in a tab (the side panel shows it). */
  'tab/status': message<TabStatus>()({
    from: ['extension'],
    request: z.strictObject({ tabId: z.number().int().nonnegative() }),
  }),
  /** Save an image to the last-used board (the hover button). Queued: resolves once stored, not once sent. */
  'save/quick': message<QueuedConfirmation>()({ from: ['content', 'extension'], request: ImageToSaveSchema }),
  /** Save an image to a chosen board (the side panel's board picker); remembers it as the last-used board. */
  'save/to-board': message<QueuedConfirmation>()({
    from: ['extension'],
    request: z.strictObject({
      image: ImageToSaveSchema,
      board: z.strictObject({ id: z.uuid(), name: z.string().min(1).max(100) }),
    }),
  }),
  /** Save several images to a chosen board at once (This page's selection): one batch, tallied as saves land. */
  'save/many': message<SaveBatch>()({
    from: ['extension'],
    request: z.strictObject({
      images: z.array(ImageToSaveSchema).min(1).max(MAX_SAVE_MANY),
      board: z.strictObject({ id: z.uuid(), name: z.string().min(1).max(100) }),
    }),
  }),
  /** "Change board" after a quick save: open the side panel's board picker for that image. */
  'save/choose-board': message()({ from: ['content', 'extension'], request: ImageToSaveSchema }),
  /** Saves still waiting for the backend, or refused by it. */
  'save/list': message<QueuedSave[]>()({ from: ['extension'], request: z.strictObject({}) }),
  'save/retry': message()({
    from: ['extension'],
    request: z.strictObject({ id: z.string().min(1).max(100).optional() }),
  }),
  'save/discard': message()({ from: ['extension'], request: z.strictObject({ id: z.string().min(1).max(100) }) }),
  /** "Search the web" with an engine the person picked in the side panel: opens it in a new tab with the image. */
  'web/search': message<WebSearchOutcome>()({
    from: ['extension'],
    request: z.strictObject({
      engineId: z.string().min(1).max(100),
      // The side panel shows any image a page shows: its address, or data:/blob: only the browser has.
      imageUrl: z
        .string()
        .max(MAX_DATA_URL_LENGTH)
        .regex(/^(https?:|data:image\/|blob:)/i),
      where: z.strictObject({
        tabId: z.number().int().nonnegative().optional(),
        frameUrl: z.string().max(MAX_URL_LENGTH).optional(),
      }),
      /** The part the person marked; absent, the whole image. */
      region: ImageRegionSchema.optional(),
    }),
  }),
};
export type BackgroundProtocol = typeof backgroundProtocol;
