import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { storage } from 'wxt/utils/storage';
import { sendToBackground } from '@/utils/protocols';
import type { ImageToSave } from '@/utils/protocols/background-protocol';
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
