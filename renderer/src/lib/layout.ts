/** The window layout the app remembers between sessions: which panes show, their widths, the open view. */
import { z } from 'zod/mini';
import { usePersistedState } from './persisted';

const Flags = z.record(z.string(), z.boolean());
const Weights = z.record(z.string(), z.number().check(z.positive()));

export function usePaneChoices() {
  return usePersistedState<Record<string, boolean>>('layout.panes', Flags, {});
}

export function usePaneWeights() {
  return usePersistedState<Record<string, number>>('layout.weights', Weights, {});
}

export const VIEW_IDS = ['formats', 'diff', 'negotiation', 'image', 'repository', 'log'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const VIEW_LABELS: Record<ViewId, string> = {
  formats: 'Formats',
  diff: 'Diff',
  negotiation: 'Negotiation',
  image: 'Image',
  repository: 'Repository',
  log: 'Request log',
};

export function useSelectedView() {
  return usePersistedState<ViewId>('layout.view', z.enum(VIEW_IDS), 'formats');
}
