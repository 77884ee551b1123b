/**
 * react-query hooks for the calls around an inspection. Keys start with the call's name, then the
 * reference as typed, then whatever else changes the answer (a digest, an Accept set, a format), so a
 * new Inspect of the same reference can refresh every view at once (see refreshReference).
 */
import { keepPreviousData, skipToken, useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import type { FormatId } from '../../../shared/mediaTypes';
import { callCancellable } from './cancellable';
import { callLens } from './client';

export const imageKey = (reference: string, digest: string | null) => ['image', reference, digest] as const;
export const tagsKey = (reference: string, pageSize: number) => ['tags', reference, pageSize] as const;
export const referrersKey = (reference: string, digest: string | null) => ['referrers', reference, digest] as const;
export const convertKey = (reference: string, format: FormatId) => ['convert', reference, format] as const;
export const negotiateKey = (reference: string, method: 'GET' | 'HEAD', acceptSets: readonly string[]) =>
  ['negotiate', reference, method, acceptSets] as const;
export const fingerprintKey = (reference: string) => ['fingerprint', reference] as const;

/** Marks every answer about `reference` stale: what is on screen refetches, the rest when next shown. */
export function refreshReference(client: QueryClient, reference: string): void {
  void client.invalidateQueries({ predicate: (q) => q.queryKey[1] === reference }, { cancelRefetch: false });
}

export function useImage(reference: string | null, digest: string | null = null) {
  return useQuery({
    queryKey: reference ? imageKey(reference, digest) : ['image', null],
    queryFn: reference ? ({ signal }) => callCancellable('image', { reference, ...(digest ? { digest } : {}) }, signal) : skipToken,
  });
}

export function useTags(reference: string | null, pageSize = 100) {
  return useInfiniteQuery({
    queryKey: reference ? tagsKey(reference, pageSize) : ['tags', null],
    queryFn: reference
      ? ({ signal, pageParam }) => callCancellable('tags', { reference, pageSize, ...(pageParam ? { cursor: pageParam } : {}) }, signal)
      : skipToken,
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useReferrers(reference: string | null, digest: string | null = null) {
  return useQuery({
    queryKey: reference ? referrersKey(reference, digest) : ['referrers', null],
    queryFn: reference ? ({ signal }) => callCancellable('referrers', { reference, ...(digest ? { digest } : {}) }, signal) : skipToken,
  });
}

/**
 * One format of the image; `enabled` false holds back conversions that are expensive (schema 1 rescue).
 * `requestId` names the run so that useProgress can follow it.
 */
export function useConvert(reference: string | null, format: FormatId, enabled = true, requestId?: string) {
  return useQuery({
    queryKey: reference ? convertKey(reference, format) : ['convert', null, format],
    // `enabled`, not a missing queryFn: other observers share this key (a pane and a diff side), and a
    // refetch through an observer without a queryFn fails with "Missing queryFn".
    queryFn: reference ? ({ signal }) => callCancellable('convert', { source: reference, to: format }, signal, requestId) : skipToken,
    enabled,
    // A pane keeps showing the previous reference's document (and its editor) until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** The session's requests per registry, asked again whenever the request log has grown to `exchanges`. */
export function useRequestLedger(exchanges: number) {
  return useQuery({
    queryKey: ['requestLedger', exchanges],
    queryFn: () => callLens('requestLedger', {}),
    placeholderData: keepPreviousData,
  });
}

/** Polls the progress of a running call while `active`. */
export function useProgress(requestId: string, active: boolean) {
  return useQuery({
    queryKey: ['progress', requestId],
    queryFn: active ? () => callLens('progress', { requestId }) : skipToken,
    refetchInterval: active ? 250 : false,
    staleTime: 0,
  });
}

export function useNegotiate(reference: string | null, method: 'GET' | 'HEAD', acceptSets: readonly string[], enabled: boolean) {
  return useQuery({
    queryKey: reference ? negotiateKey(reference, method, acceptSets) : ['negotiate', null],
    queryFn:
      reference && enabled
        ? ({ signal }) => callCancellable('negotiate', { reference, method, acceptSets: [...acceptSets] }, signal)
        : skipToken,
  });
}

/**
 * Which implementation the registry is, asked only while `enabled` (its tab, or the negotiation matrix's
 * default profiles, is on screen); one answer per reference for the Registry view and the matrix both.
 */
export function useFingerprint(reference: string | null, enabled: boolean) {
  return useQuery({
    queryKey: reference ? fingerprintKey(reference) : ['fingerprint', null],
    queryFn: reference && enabled ? ({ signal }) => callCancellable('fingerprint', { reference }, signal) : skipToken,
  });
}
