/**
 * The offline source on screen (the sample, an OCI layout, a docker archive, a manifest file), if any.
 * A tiny external store rather than React context, so the button that opens a source and the view that
 * shows it need no provider around the app.
 */
import type { OpenedSource } from '../../../shared/export';
import { createStore, useStore } from './store';

const shown = createStore<OpenedSource | null>(null);

export const showSource = (opened: OpenedSource): void => shown.set(opened);
export const closeSource = (): void => shown.set(null);

export function useShownSource(): OpenedSource | null {
  return useStore(shown);
}
