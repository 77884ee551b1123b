/**
 * react-query hooks for the calls around an inspection. Keys start with the call's name, then the
 * reference as typed, then whatever else changes the answer (a digest, an Accept set, a format), so a
 * new Inspect of the same reference can refresh every view at once (see refreshReference).
 */
import { keepPreviousData, skipToken, useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import type { FormatId } from '../../../shared/mediaTypes';
import { argsOf, type HashedInputs } from '../lib/verificationInputs';
import { callCancellable } from './cancellable';
import { callLens } from './client';

export const imageKey = (reference: string, digest: string | null) => ['image', reference, digest] as const;
export const tagsKey = (reference: string, pageSize: number) => ['tags', reference, pageSize] as const;
export const referrersKey = (reference: string, digest: string | null) => ['referrers', reference, digest] as const;
export const convertKey = (reference: string, format: FormatId) => ['convert', reference, format] as const;
export const negotiateKey = (reference: string, method: 'GET' | 'HEAD', acceptSets: readonly string[]) =>
  ['negotiate', reference, method, acceptSets] as const;
export const fingerprintKey = (reference: string) => ['fingerprint', reference] as const;
/** The verification inputs by their hash only: keys and trust roots stay out of keys (and devtools, and logs). */
export const supplyChainKey = (reference: string, source: string, inputsHash: string) =>
  ['supplyChain', reference, source, inputsHash] as const;

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

/**
 * The supply chain of the inspected image, asked only while `enabled` (its tab is on screen): once per
 * reference and set of verification inputs. `source` is what is asked (the reference pinned to the
 * inspected digest, whose manifest the core already holds); `reference`, as typed, keys it so that a new
 * Inspect refreshes it. A change of inputs keeps the previous tree on screen until the new one arrives.
 */
export function useSupplyChain(reference: string | null, source: string, inputs: HashedInputs, enabled: boolean) {
  return useQuery({
    queryKey: reference ? supplyChainKey(reference, source, inputs.hash) : ['supplyChain', null],
    queryFn:
      reference && enabled ? ({ signal }) => callCancellable('supplyChain', { source, ...argsOf(inputs.inputs) }, signal) : skipToken,
    placeholderData: keepPreviousData,
  });
}
