import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { treeKeyAction, type TreeShape } from '../lib/treeKeys';

export interface TreeProps<T extends TreeShape> {
  label: string;
  roots: readonly T[];
  selected: string;
  onSelect: (id: string) => void;
  /** The item's accessible name. */
  renderLabel: (item: T) => ReactNode;
  /** Shown after the name on the same row, and read as the item's description. */
  renderDetail: (item: T) => ReactNode;
}

/**
 * A WAI-ARIA tree (role tree, treeitem, group) with one tab stop: the selected item, which follows
 * focus. Keys as lib/treeKeys.ts; a click selects an item, its arrow opens or closes it. Every item
 * starts open, so the whole tree is read at a glance; what a user closes stays closed.
 */
export function Tree<T extends TreeShape>({ label, roots, selected, onSelect, renderLabel, renderDetail }: TreeProps<T>) {
  const baseId = useId();
  const tree = useRef<HTMLUListElement>(null);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const itemId = (id: string) => `${baseId}-item-${id}`;
  const expanded = new Set<string>();
  const collect = (items: readonly TreeShape[]) => {
    for (const item of items) {
      if (item.children.length > 0 && !closed.has(item.id)) expanded.add(item.id);
      collect(item.children);
    }
  };
  collect(roots);

  const focus = (id: string) => {
    onSelect(id);
    tree.current?.querySelector<HTMLElement>(`#${CSS.escape(itemId(id))}`)?.focus();
  };
  const setOpen = (id: string, open: boolean) => {
    const next = new Set(closed);
    if (open) next.delete(id);
    else next.add(id);
    setClosed(next);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const action = treeKeyAction(e.key, roots, expanded, selected);
    if (!action) return;
    e.preventDefault();
    if ('focus' in action) focus(action.focus);
    else if ('open' in action) setOpen(action.open, true);
    else setOpen(action.close, false);
  };

  const renderItems = (items: readonly T[], level: number): ReactNode =>
    items.map((item, i) => {
      const hasChildren = item.children.length > 0;
      const open = expanded.has(item.id);
      const id = itemId(item.id);
      return (
        <li
          key={item.id}
          id={id}
          role="treeitem"
          aria-level={level}
          aria-setsize={items.length}
          aria-posinset={i + 1}
          aria-expanded={hasChildren ? open : undefined}
          aria-selected={item.id === selected}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-detail`}
          tabIndex={item.id === selected ? 0 : -1}
          onClick={(e) => {
            e.stopPropagation();
            focus(item.id);
          }}
        >
          <div className="tree-row">
            <span
              className="tree-toggle"
              aria-hidden="true"
              onClick={
                hasChildren
                  ? (e) => {
                      e.stopPropagation();
                      focus(item.id);
                      setOpen(item.id, !open);
                    }
                  : undefined
              }
            >
              {hasChildren ? (open ? '▾' : '▸') : ''}
            </span>
            <span id={`${id}-label`} className="tree-label">
              {renderLabel(item)}
            </span>
            <span id={`${id}-detail`} className="tree-detail">
              {renderDetail(item)}
            </span>
          </div>
          {hasChildren && open && <ul role="group">{renderItems(item.children as readonly T[], level + 1)}</ul>}
        </li>
      );
    });

  return (
    <ul className="tree" role="tree" aria-label={label} ref={tree} onKeyDown={onKeyDown}>
      {renderItems(roots, 1)}
    </ul>
  );
}
