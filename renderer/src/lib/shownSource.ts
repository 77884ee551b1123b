/**
 * The offline source on screen (the sample, an OCI layout, a docker archive, a manifest file), if any.
 * A tiny external store rather than React context, so the button that opens a source and the view that
 * shows it need no provider around the app.
 */
import { useSyncExternalStore } from 'react';
import type { OpenedSource } from '../../../shared/export';

let current: OpenedSource | null = null;
const listeners = new Set<() => void>();

function set(value: OpenedSource | null): void {
  current = value;
  for (const listener of listeners) listener();
}

export const showSource = (opened: OpenedSource): void => set(opened);
export const closeSource = (): void => set(null);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useShownSource(): OpenedSource | null {
  return useSyncExternalStore(subscribe, () => current);
}
