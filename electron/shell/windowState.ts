/**
 * The desktop window's size, position and maximized state, remembered in userData between launches.
 * The file is read as untrusted input (another version, or a hand edit, may have left anything there).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const Dimension = z.number().int().min(200).max(32_768);
const Coordinate = z.number().int().min(-32_768).max(32_768);

const WindowState = z.object({
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: Dimension,
  height: Dimension,
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof WindowState>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The remembered state, or the default when there is none or it does not read. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/**
 * Keeps the position only when the window would still show on one of today's displays (one may have
 * been unplugged); the size stays either way and the system places the window.
 */
export function placeOnScreen(state: WindowState, workAreas: readonly Area[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  // At least the title bar's first 100 × 40 px inside some work area.
  const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y < a.y + a.height - 40);
  if (visible) return state;
  const { x: _x, y: _y, ...rest } = state;
  return rest;
}

/**
 * Written whole to a temp file and renamed over the old one, so a crash never leaves half a file; and
 * synchronously, because it runs as the window closes, which may be the app quitting.
 */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, file);
}
