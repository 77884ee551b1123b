/** The window layout the app remembers between sessions: which panes show, their widths, the open view. */
import { z } from 'zod/mini';
import { VIEW_IDS, type ViewId } from '../../../shared/commands';
import { usePersistedState } from './persisted';

const Flags = z.record(z.string(), z.boolean());
const Weights = z.record(z.string(), z.number().check(z.positive()));

export function usePaneChoices() {
  return usePersistedState<Record<string, boolean>>('layout.panes', Flags, {});
}

export function usePaneWeights() {
  return usePersistedState<Record<string, number>>('layout.weights', Weights, {});
}

export function useSelectedView() {
  return usePersistedState<ViewId>('layout.view', z.enum(VIEW_IDS), 'formats');
}
