/**
 * Where the user is, as a URL fragment: the mode (Inspect, or Audit), the reference inspected and the
 * view shown, the audit on screen. Each step (an Inspect, a tab, a switch of mode, an audit started) is
 * a history entry, so Back and Forward walk them (the browser's own buttons in the browser mode,
 * Alt+Left/Right and the mouse's side buttons in the desktop app) and a reload reopens the view. A
 * fragment, because the browser mode's page URL carries its session token in the query.
 */
import { VIEW_IDS, type ViewId } from '../../../shared/commands';

export const APP_MODES = ['inspect', 'audit'] as const;
export type AppMode = (typeof APP_MODES)[number];

/** The audit on screen: its target as typed, --deep, and the id the core keeps its rows under for the session. */
export interface AuditLocation {
  target: string;
  deep: boolean;
  id: string | null;
}

export interface ViewLocation {
  mode: AppMode;
  reference: string | null;
  view: ViewId | null;
  audit: AuditLocation | null;
}

export function parseLocation(hash: string): ViewLocation {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const reference = params.get('ref')?.trim() || null;
  const view = params.get('view');
  const target = params.get('audit')?.trim() || null;
  return {
    mode: params.get('mode') === 'audit' ? 'audit' : 'inspect',
    reference,
    view: VIEW_IDS.find((id) => id === view) ?? null,
    audit: target ? { target, deep: params.get('deep') === '1', id: params.get('run') || null } : null,
  };
}

export function locationHash({ mode, reference, view, audit }: ViewLocation): string {
  const params = new URLSearchParams();
  // Inspect is the default, so an Inspect fragment reads as it always has.
  if (mode !== 'inspect') params.set('mode', mode);
  if (reference) params.set('ref', reference);
  if (view) params.set('view', view);
  if (audit) {
    params.set('audit', audit.target);
    if (audit.deep) params.set('deep', '1');
    if (audit.id) params.set('run', audit.id);
  }
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Adds a history entry for the location (what `next` leaves out stays as it is), unless the current entry already is it. */
export function pushLocation(next: Partial<ViewLocation>): void {
  const hash = locationHash({ ...currentLocation(), ...next });
  if (hash === window.location.hash) return;
  window.history.pushState(null, '', hash || window.location.pathname + window.location.search);
}

/** Goes to a location as Back or Forward would: a history entry, then every view follows it (popstate). */
export function navigate(next: Partial<ViewLocation>): void {
  pushLocation(next);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function currentLocation(): ViewLocation {
  return parseLocation(window.location.hash);
}
