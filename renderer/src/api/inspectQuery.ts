import { keepPreviousData, skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { InspectArgs, InspectResult } from '../../../shared/api';
import { callCancellable } from './cancellable';

/** What the user asked for; the request id is added per attempt. */
export type InspectRequest = Required<Pick<InspectArgs, 'reference' | 'accept' | 'method'>>;

/** One cache entry per reference, Accept set (in the order sent) and method. */
export function inspectQueryKey(request: InspectRequest) {
  return ['inspect', request.reference, request.accept, request.method] as const;
}

export interface InspectSession {
  request: InspectRequest | null;
  result: InspectResult | undefined;
  /**
   * What stays on screen: the result, or while a new inspection runs (or after it was cancelled) the
   * previous one, so the views keep their editors and only update them when the answer arrives.
   */
  shown: InspectResult | undefined;
  error: Error | null;
  running: boolean;
  cancelled: boolean;
  run: (request: InspectRequest) => void;
  cancel: () => void;
}

/** The current inspection: pressing Inspect always asks the registry again, even for a cached key. */
export function useInspectSession(initial: InspectRequest | null = null): InspectSession {
  const queryClient = useQueryClient();
  const [request, setRequest] = useState<InspectRequest | null>(initial);
  const [cancelled, setCancelled] = useState(false);
  const query = useQuery({
    queryKey: request ? inspectQueryKey(request) : ['inspect', null],
    queryFn: request ? ({ signal }) => callCancellable('inspect', request, signal) : skipToken,
    placeholderData: keepPreviousData,
  });

  const run = useCallback(
    (next: InspectRequest) => {
      setCancelled(false);
      // Marks a cached answer stale (so the switch to its key fetches) or refetches the active one. A
      // fetch already under way for it (refreshReference starts one) is the fresh answer: cancelling it
      // would leave its request at the registry and send a second.
      void queryClient.invalidateQueries({ queryKey: inspectQueryKey(next), exact: true }, { cancelRefetch: false });
      setRequest(next);
    },
    [queryClient],
  );

  const cancel = useCallback(() => {
    if (!request) return;
    setCancelled(true);
    void queryClient.cancelQueries({ queryKey: inspectQueryKey(request), exact: true });
  }, [queryClient, request]);

  const running = query.fetchStatus === 'fetching';
  return {
    request,
    result: running || query.isPlaceholderData ? undefined : query.data,
    shown: query.error && !running ? undefined : query.data,
    error: running ? null : query.error,
    running,
    cancelled: cancelled && !running,
    run,
    cancel,
  };
}
