/**
 * The session's request log: every HTTP exchange any call reported, in the order the answers arrived.
 * Calls return the exchanges they made (already redacted by the core); the log listens to react-query's
 * cache, so no view has to remember to report anything.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { CapturedExchange } from '../../../shared/exchange';
import { createStore, useStore } from '../lib/store';
import { currentAction, type UserAction } from '../lib/userAction';

export interface LoggedExchange {
  /** Position in the session, from 1. */
  id: number;
  /** The call that made it: inspect, image, tags, ... */
  call: string;
  /** The user action it answered (the latest one when the answer arrived). */
  action: UserAction;
  exchange: CapturedExchange;
}

/** A long session keeps its most recent exchanges; bodies make each entry up to a few MB. */
const LIMIT = 1000;

const log = createStore<readonly LoggedExchange[]>([]);
let nextId = 1;
// The same result is reported again when a page is added to an infinite query; log each list once.
const seen = new WeakSet<object>();

function add(call: string, exchanges: readonly CapturedExchange[]): void {
  if (seen.has(exchanges) || exchanges.length === 0) return;
  seen.add(exchanges);
  const action = currentAction();
  log.set([...log.get(), ...exchanges.map((exchange) => ({ id: nextId++, call, action, exchange }))].slice(-LIMIT));
}

function exchangeLists(data: unknown): CapturedExchange[][] {
  if (typeof data !== 'object' || data === null) return [];
  if ('pages' in data && Array.isArray(data.pages)) return data.pages.flatMap(exchangeLists);
  return 'exchanges' in data && Array.isArray(data.exchanges) ? [data.exchanges as CapturedExchange[]] : [];
}

/** Starts logging the exchanges of every successful query of this client. */
export function attachRequestLog(client: QueryClient): () => void {
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const call = String(event.query.queryKey[0]);
    for (const list of exchangeLists(event.query.state.data)) add(call, list);
  });
}

export function clearRequestLog(): void {
  log.set([]);
}

export function useRequestLog(): readonly LoggedExchange[] {
  return useStore(log);
}
