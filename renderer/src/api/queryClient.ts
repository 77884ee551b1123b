import { QueryClient } from '@tanstack/react-query';
import { isLensCallError } from './errors';
import { attachRequestLog } from './requestLog';

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // A typed error is the core's considered answer (bad reference, registry refused, cancelled):
        // asking again would give the same answer and, on Docker Hub, spend pull quota.
        retry: (failureCount, error) => !isLensCallError(error) && failureCount < 2,
        // Registry answers change only when the user asks again; never refetch behind their back.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
  attachRequestLog(client);
  return client;
}
