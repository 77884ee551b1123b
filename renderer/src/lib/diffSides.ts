/** What the diff compares: one pane of a reference on each side. */
import type { PaneId } from './panes';

export interface DiffSide {
  /** Null: the reference being inspected, whatever it is now. */
  reference: string | null;
  /** Null: the counterpart of what was served (lib/panes.ts), until the user picks one. */
  pane: PaneId | null;
}

export interface DiffSides {
  left: DiffSide;
  right: DiffSide;
}

export const DEFAULT_DIFF_SIDES: DiffSides = {
  left: { reference: null, pane: 'as-served' },
  right: { reference: null, pane: null },
};

/** The line ranges Monaco reports, as the few lines of text a summary shows. */
export interface ChangeSummary {
  removed: string[];
  added: string[];
  /** Where the change starts on each side, 1-based; 0 when that side has no lines. */
  originalLine: number;
  modifiedLine: number;
}

export function summarizeChanges(
  original: string,
  modified: string,
  changes: ReadonlyArray<{ originalStart: number; originalEnd: number; modifiedStart: number; modifiedEnd: number }>,
): ChangeSummary[] {
  const a = original.split('\n');
  const b = modified.split('\n');
  const lines = (all: string[], start: number, end: number) => (end === 0 ? [] : all.slice(start - 1, end));
  return changes.map((c) => ({
    removed: lines(a, c.originalStart, c.originalEnd),
    added: lines(b, c.modifiedStart, c.modifiedEnd),
    originalLine: c.originalEnd === 0 ? 0 : c.originalStart,
    modifiedLine: c.modifiedEnd === 0 ? 0 : c.modifiedStart,
  }));
}
