import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { storage } from 'wxt/utils/storage';
import { sendToBackground } from '@/utils/protocols';
import type { ImageToSave } from '@/utils/protocols/background-protocol';
import type { SaveBatch } from '@/utils/saving/save-batches';
import { saveBatchesItem } from '@/utils/saving/save-batches-item';
import { queryKeys } from '../lib/use-api';

const saveQueueKey = ['save-queue'] as const;

/** Saves waiting for the backend or refused by it, kept current as the background works through them. */
export function useSaveQueue() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      storage.watch('local:saveQueue', () => {
        void queryClient.invalidateQueries({ queryKey: saveQueueKey });
        // A save that left the queue is now a pin: board counts and covers changed.
        void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
      }),
    [queryClient],
  );
  return useQuery({ queryKey: saveQueueKey, queryFn: () => sendToBackground('save/list', {}) });
}

export function useSaveToBoard() {
  return useMutation({
    mutationFn: ({ image, board }: { image: ImageToSave; board: { id: string; name: string } }) =>
      sendToBackground('save/to-board', { image, board }),
  });
}

export const retrySave = (id?: string) => sendToBackground('save/retry', id ? { id } : {});
export const discardSave = (id: string) => sendToBackground('save/discard', { id });

export function useSaveMany() {
  return useMutation({
    mutationFn: ({ images, board }: { images: ImageToSave[]; board: { id: string; name: string } }) =>
      sendToBackground('save/many', { images, board }),
  });
}

/** One "save many"'s tally, kept current as its saves land (the background writes it to storage). */
export function useSaveBatch(batchId: string | undefined) {
  const [batch, setBatch] = useState<SaveBatch>();
  useEffect(() => {
    if (!batchId) return;
    const show = (batches: SaveBatch[] | null) => setBatch(batches?.find((one) => one.id === batchId));
    void saveBatchesItem.getValue().then(show);
    return saveBatchesItem.watch(show);
  }, [batchId]);
  return batch;
}
