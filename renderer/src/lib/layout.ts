/** The window layout the app remembers between sessions: which panes show, their widths, the open view. */
import { z } from 'zod/mini';
import { VIEW_IDS, type ViewId } from '../../../shared/commands';
import { usePersistedState } from './persisted';

const Flags = z.record(z.string(), z.boolean());
const Weights = z.record(z.string(), z.number().check(z.positive()));

/** The panes shown and hidden: the ones the page's location names (a reload, a shared link), else the last ones chosen. */
export function usePaneChoices(fromLocation: Record<string, boolean> | null) {
  return usePersistedState<Record<string, boolean>>('layout.panes', Flags, {}, fromLocation ?? undefined);
}

export function usePaneWeights() {
  return usePersistedState<Record<string, number>>('layout.weights', Weights, {});
}

/** The view shown: the one the page's location names (a reload, a shared link), else the last one used. */
export function useSelectedView(fromLocation: ViewId | null) {
  return usePersistedState<ViewId>('layout.view', z.enum(VIEW_IDS), 'formats', fromLocation ?? undefined);
}

/** Narrower than this, the Accept sidebar starts folded away: the panes need the width more. */
const WIDE_WINDOW = 1280;

/** Whether the Accept sidebar shows; until the user chooses, it shows in windows wide enough for it. */
export function useAcceptSidebar() {
  return usePersistedState<boolean>('layout.acceptSidebar', z.boolean(), window.innerWidth >= WIDE_WINDOW);
}
