import { Fragment, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

export interface StripItem {
  id: string;
  title: string;
  node: ReactNode;
}

export interface PaneStripProps {
  items: readonly StripItem[];
  /** Relative widths by item id (a missing one counts as 1). */
  weights: Readonly<Record<string, number>>;
  onWeightsChange: (weights: Record<string, number>) => void;
}

const MIN_WEIGHT = 0.2;
const KEY_STEP = 0.1;

/**
 * Panes side by side in a grid whose columns the user resizes with the splitters between them: by
 * dragging, or focused with the arrow keys. Widths are weights (fr units), so they survive a change of
 * window size and can be remembered as they are.
 */
export function PaneStrip({ items, weights, onWeightsChange }: PaneStripProps) {
  const strip = useRef<HTMLDivElement>(null);
  const weightOf = (id: string) => weights[id] ?? 1;
  const columns = items.map((item) => `minmax(var(--pane-min, 240px), ${weightOf(item.id)}fr)`).join(' var(--splitter, 6px) ');

  /** Moves `delta` of weight from the pane right of splitter `i` to the pane left of it. */
  const shift = (i: number, delta: number) => {
    const left = items[i]!.id;
    const right = items[i + 1]!.id;
    const total = weightOf(left) + weightOf(right);
    const nextLeft = Math.min(total - MIN_WEIGHT, Math.max(MIN_WEIGHT, weightOf(left) + delta));
    onWeightsChange({ ...weights, [left]: nextLeft, [right]: total - nextLeft });
  };

  const startDrag = (i: number, e: PointerEvent<HTMLDivElement>) => {
    const panes = strip.current?.querySelectorAll<HTMLElement>(':scope > .strip-cell');
    const leftEl = panes?.[i];
    const rightEl = panes?.[i + 1];
    if (!leftEl || !rightEl) return;
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const leftId = items[i]!.id;
    const rightId = items[i + 1]!.id;
    const pixels = leftEl.getBoundingClientRect().width + rightEl.getBoundingClientRect().width;
    const total = weightOf(leftId) + weightOf(rightId);
    const startLeft = weightOf(leftId);
    const move = (ev: globalThis.PointerEvent) => {
      const delta = ((ev.clientX - startX) / pixels) * total;
      const nextLeft = Math.min(total - MIN_WEIGHT, Math.max(MIN_WEIGHT, startLeft + delta));
      onWeightsChange({ ...weights, [leftId]: nextLeft, [rightId]: total - nextLeft });
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };

  const onKeyDown = (i: number, e: KeyboardEvent) => {
    const delta = e.key === 'ArrowLeft' ? -KEY_STEP : e.key === 'ArrowRight' ? KEY_STEP : 0;
    if (delta === 0) return;
    e.preventDefault();
    shift(i, delta);
  };

  return (
    <div className="pane-strip" ref={strip} style={{ gridTemplateColumns: columns }}>
      {items.map((item, i) => {
        const next = items[i + 1];
        const share = next ? Math.round((weightOf(item.id) / (weightOf(item.id) + weightOf(next.id))) * 100) : 0;
        return (
          <Fragment key={item.id}>
            <div className="strip-cell">{item.node}</div>
            {next && (
              <div
                className="splitter"
                role="separator"
                aria-orientation="vertical"
                aria-label={`Resize ${item.title} and ${next.title}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={share}
                tabIndex={0}
                onPointerDown={(e) => startDrag(i, e)}
                onKeyDown={(e) => onKeyDown(i, e)}
              />
            )}
          </Fragment>
        );
      })}
    </div>
  );
}
