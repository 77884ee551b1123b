/**
 * The keyboard of a WAI-ARIA tree (the APG's tree view pattern, single selection that follows focus):
 * Up and Down move through the items on screen, Right opens a closed item or enters an open one, Left
 * closes an open item or goes to its parent, Home and End go to the first and last item on screen,
 * Enter opens or closes an item with children.
 */

export interface TreeShape {
  id: string;
  children: readonly TreeShape[];
}

interface Visible {
  item: TreeShape;
  parent: string | null;
}

/** The items a user can reach: every root, and the children of each open item, in reading order. */
export function visibleItems(roots: readonly TreeShape[], expanded: ReadonlySet<string>): Visible[] {
  const out: Visible[] = [];
  const walk = (items: readonly TreeShape[], parent: string | null) => {
    for (const item of items) {
      out.push({ item, parent });
      if (item.children.length > 0 && expanded.has(item.id)) walk(item.children, item.id);
    }
  };
  walk(roots, null);
  return out;
}

export type TreeAction = { focus: string } | { open: string } | { close: string };

export function treeKeyAction(key: string, roots: readonly TreeShape[], expanded: ReadonlySet<string>, current: string): TreeAction | null {
  const visible = visibleItems(roots, expanded);
  const at = visible.findIndex((v) => v.item.id === current);
  if (at < 0) return visible[0] ? { focus: visible[0].item.id } : null;
  const { item, parent } = visible[at]!;
  const hasChildren = item.children.length > 0;
  const open = hasChildren && expanded.has(item.id);
  switch (key) {
    case 'ArrowDown':
      return at + 1 < visible.length ? { focus: visible[at + 1]!.item.id } : null;
    case 'ArrowUp':
      return at > 0 ? { focus: visible[at - 1]!.item.id } : null;
    case 'ArrowRight':
      if (!hasChildren) return null;
      return open ? { focus: item.children[0]!.id } : { open: item.id };
    case 'ArrowLeft':
      if (open) return { close: item.id };
      return parent ? { focus: parent } : null;
    case 'Home':
      return { focus: visible[0]!.item.id };
    case 'End':
      return { focus: visible[visible.length - 1]!.item.id };
    case 'Enter':
      if (!hasChildren) return null;
      return open ? { close: item.id } : { open: item.id };
    default:
      return null;
  }
}
