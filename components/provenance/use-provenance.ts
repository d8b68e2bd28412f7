import { useQuery, useQueryClient } from '@tanstack/react-query';
import pLimit from 'p-limit';
import { useEffect, useState, type RefObject } from 'react';
import { checkProvenance, followProvisional, type ProvenanceCheck } from '@/utils/provenance/check-provenance';
import { pollUntilFinal } from '@/utils/provenance/provisional-poller';
import type { ImageLocation } from '@/utils/lib/image-bytes/read-image-bytes';
import { useApi } from '../lib/use-api';

/**
 * A page can show a hundred images: check at most three at a time, so the
 * backend's expensive work queues in the panel rather than piling up there.
 */
const checks = pLimit(3);

export const provenanceQueryKey = (imageUrl: string) => ['provenance', imageUrl] as const;

/**
 * Where an image comes from, checked once per image URL per panel session
 * (the backend caches by content too). A provisional answer is shown at once
 * and followed until the backend's validation gives the final one: the query
 * stays fetching while it polls, and each answer is written to the cache as it
 * comes. When the last observer goes, the query's signal stops the polling; a
 * provisional answer is stale, so the next observer resumes from it.
 */
export function useProvenance(imageUrl: string | undefined, where: ImageLocation = {}, { enabled = true } = {}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = provenanceQueryKey(imageUrl ?? '');
  return useQuery<ProvenanceCheck>({
    queryKey,
    enabled: Boolean(api && imageUrl) && enabled,
    staleTime: (query) => (query.state.data?.result.status === 'provisional' ? 0 : Infinity),
    retry: 1,
    queryFn: async ({ signal }) => {
      const previous = queryClient.getQueryData<ProvenanceCheck>(queryKey);
      const first =
        previous?.result.status === 'provisional'
          ? previous
          : await checks(() =>
              signal.aborted ? Promise.reject(signal.reason) : checkProvenance(api!, imageUrl!, where, signal),
            );
      return pollUntilFinal(first, (latest) => followProvisional(api!, latest, imageUrl!, where, signal), {
        signal,
        onAnswer: (answer) => queryClient.setQueryData(queryKey, answer),
      });
    },
  });
}

/** True once the element has come near the viewport (and stays true): badges load as cards scroll into view. */
export function useSeen(ref: RefObject<Element | null>, margin = '200px'): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((entry) => entry.isIntersecting) && setSeen(true),
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen, margin]);
  return seen;
}
