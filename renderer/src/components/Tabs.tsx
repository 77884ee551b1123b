import { memo, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** Shown after the label, e.g. a count. */
  badge?: ReactNode;
}

export interface TabsProps<T extends string> {
  label: string;
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** A tab's content; `active` is false while it stays mounted behind another tab. */
  renderPanel: (id: T, active: boolean) => ReactNode;
}

/**
 * ARIA tabs with automatic activation: arrow keys, Home and End move between tabs, one tab stop for the
 * whole list. A panel is rendered once its tab is first opened and then kept (hidden) while another is
 * shown, so coming back costs nothing: editors keep their models, tables their scroll position.
 */
export function Tabs<T extends string>({ label, tabs, selected, onSelect, renderPanel }: TabsProps<T>) {
  const baseId = useId();
  const list = useRef<HTMLDivElement>(null);
  const [visited, setVisited] = useState<ReadonlySet<T>>(() => new Set([selected]));
  // Selection also changes from outside (shortcuts, "Compare"): remember every tab shown so far.
  if (!visited.has(selected)) setVisited(new Set([...visited, selected]));
  const tabId = (id: T) => `${baseId}-tab-${id}`;
  const panelId = (id: T) => `${baseId}-panel-${id}`;

  const onKeyDown = (e: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(target.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(target.id))}`)?.focus();
  };

  return (
    <div className="tabs">
      <div className="tablist" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={tabId(t.id)}
            type="button"
            role="tab"
            aria-selected={t.id === selected}
            aria-controls={panelId(t.id)}
            tabIndex={t.id === selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
            {t.badge !== undefined && <span className="tab-badge">{t.badge}</span>}
          </button>
        ))}
      </div>
      {tabs
        .filter((t) => visited.has(t.id) || t.id === selected)
        .map((t) => (
          <div
            key={t.id}
            className={t.id === selected ? 'tabpanel' : 'tabpanel kept'}
            role="tabpanel"
            id={panelId(t.id)}
            aria-labelledby={tabId(t.id)}
            // Kept panels keep their size (see .kept): editors in them need no relayout when shown again.
            aria-hidden={t.id === selected ? undefined : true}
            inert={t.id !== selected}
          >
            <KeptPanel id={t.id} active={t.id === selected} render={renderPanel} />
          </div>
        ))}
    </div>
  );
}

/**
 * A panel behind another tab is not rendered again: its props freeze, so it neither fetches for a new
 * reference nor redraws its editors until it is shown (its own state still updates).
 */
const KeptPanel = memo(
  function KeptPanel<T extends string>({ id, active, render }: { id: T; active: boolean; render: (id: T, active: boolean) => ReactNode }) {
    return render(id, active);
  },
  // Going behind another tab needs no render either: the frozen props still say active, which only
  // matters when they change, and they do not until the panel is shown again.
  (_prev, next) => !next.active,
) as <T extends string>(props: { id: T; active: boolean; render: (id: T, active: boolean) => ReactNode }) => ReactNode;
