import { storage } from 'wxt/utils/storage';
import type { SaveBatch } from './save-batches';

/** The tallies of recent "save many"s: written by the background as saves land, read by the side panel. */
export const saveBatchesItem = storage.defineItem<SaveBatch[]>('local:saveBatches', { fallback: [] });
