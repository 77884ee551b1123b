import type { ArgsOf, CallName, ResultOf } from '../../../shared/api';
import { callLens } from './client';

export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Calls whose arguments take a request id, so the core can abort their registry requests. */
export type CancellableCall = { [K in CallName]: ArgsOf<K> extends { requestId?: string } ? K : never }[CallName];

/**
 * Runs one call and, when react-query aborts it (Cancel, a newer inspect, the view going away), asks
 * the core to abort the registry requests too; the abort alone would only drop the answer here.
 */
export async function callCancellable<K extends CancellableCall>(
  name: K,
  args: ArgsOf<K>,
  signal: AbortSignal,
  /** Given when the caller also asks for the call's progress under this id. */
  requestId: string = newRequestId(),
): Promise<ResultOf<K>> {
  const cancel = () => {
    // Best effort: the request may have finished in the meantime, and the answer is discarded either way.
    callLens('cancel', { requestId }).catch(() => undefined);
  };
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await callLens(name, { ...args, requestId });
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
