/**
 * Where the user is, as a URL fragment: the mode (Inspect, or Audit), the reference inspected and the
 * view shown, the panes chosen, the audit on screen. Each step (an Inspect, a tab, a switch of mode, an audit started) is
 * a history entry, so Back and Forward walk them (the browser's own buttons in the browser mode,
 * Alt+Left/Right and the mouse's side buttons in the desktop app) and a reload reopens the view. A
 * fragment, because the browser mode's page URL carries its session token in the query.
 */
import { VIEW_IDS, type ViewId } from '../../../shared/commands';
import { PANES } from './panes';

export const APP_MODES = ['inspect', 'audit'] as const;
export type AppMode = (typeof APP_MODES)[number];

/** The audit on screen: its target as typed, --deep, and the id the core keeps its rows under for the session. */
export interface AuditLocation {
  target: string;
  deep: boolean;
  id: string | null;
}

/** The panes the user chose to show or hide, over each manifest kind's defaults (see lib/panes). */
export type PaneChoices = Record<string, boolean>;

export interface ViewLocation {
  mode: AppMode;
  reference: string | null;
  view: ViewId | null;
  audit: AuditLocation | null;
  panes: PaneChoices | null;
}

const PANE_IDS = new Set<string>(PANES.map((p) => p.id));

/** `show=as-served,oci&hide=v2s1`: the choices made, pane ids the app knows only. */
function parsePanes(params: URLSearchParams): PaneChoices | null {
  const choices: PaneChoices = {};
  for (const [param, shown] of [
    ['show', true],
    ['hide', false],
  ] as const)
    for (const id of params.get(param)?.split(',') ?? []) if (PANE_IDS.has(id)) choices[id] = shown;
  return Object.keys(choices).length > 0 ? choices : null;
}

function writePanes(params: URLSearchParams, choices: PaneChoices): void {
  const ids = (shown: boolean) => PANES.map((p) => p.id).filter((id) => choices[id] === shown);
  if (ids(true).length > 0) params.set('show', ids(true).join(','));
  if (ids(false).length > 0) params.set('hide', ids(false).join(','));
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
    panes: parsePanes(params),
  };
}

export function locationHash({ mode, reference, view, audit, panes }: ViewLocation): string {
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
  if (panes) writePanes(params, panes);
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Adds a history entry for the location (what `next` leaves out stays as it is), unless the current entry already is it. */
export function pushLocation(next: Partial<ViewLocation>): void {
  const hash = locationHash({ ...currentLocation(), ...next });
  if (hash === window.location.hash) return;
  window.history.pushState(null, '', hash || window.location.pathname + window.location.search);
}

/** Rewrites the current history entry (a pane shown or hidden is not a step of its own). */
export function replaceLocation(next: Partial<ViewLocation>): void {
  const hash = locationHash({ ...currentLocation(), ...next });
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash || window.location.pathname + window.location.search);
}

/** Goes to a location as Back or Forward would: a history entry, then every view follows it (popstate). */
export function navigate(next: Partial<ViewLocation>): void {
  pushLocation(next);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function currentLocation(): ViewLocation {
  return parseLocation(window.location.hash);
}
