import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError } from '@/utils/lib/api-client';

/** Don't retry what retrying cannot fix: a refused token or an incompatible server. */
const shouldRetry = (failureCount: number, error: unknown) =>
  failureCount < 2 &&
  !(
    error instanceof ApiError &&
    (error.kind === 'unauthorized' || error.kind === 'incompatible' || error.kind === 'problem')
  );

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, staleTime: 30_000 } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
