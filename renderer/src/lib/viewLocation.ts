/**
 * Where the user is, as a URL fragment: the reference inspected and the view shown. Each step (an
 * Inspect, a tab) is a history entry, so Back and Forward walk them (the browser's own buttons in the
 * browser mode, Alt+Left/Right and the mouse's side buttons in the desktop app) and a reload reopens the
 * view. A fragment, because the browser mode's page URL carries its session token in the query.
 */
import { VIEW_IDS, type ViewId } from '../../../shared/commands';

export interface ViewLocation {
  reference: string | null;
  view: ViewId | null;
}

export function parseLocation(hash: string): ViewLocation {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const reference = params.get('ref')?.trim() || null;
  const view = params.get('view');
  return { reference, view: VIEW_IDS.find((id) => id === view) ?? null };
}

export function locationHash({ reference, view }: ViewLocation): string {
  const params = new URLSearchParams();
  if (reference) params.set('ref', reference);
  if (view) params.set('view', view);
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Adds a history entry for the location, unless the current entry already is it. */
export function pushLocation(next: ViewLocation): void {
  const hash = locationHash(next);
  if (hash === window.location.hash) return;
  window.history.pushState(null, '', hash || window.location.pathname + window.location.search);
}

export function currentLocation(): ViewLocation {
  return parseLocation(window.location.hash);
}
