/**
 * Keyboard shortcuts, one table for the key handler and the help dialog. The Electron menu shows the
 * same accelerators and, when an item is clicked, sends the same command as a `lens:command` DOM event.
 */
import { VIEW_IDS, VIEW_LABELS, type ViewId } from './layout';

export type Command = 'focus-reference' | 'inspect' | 'compare' | 'theme' | 'shortcuts' | `view:${ViewId}`;

export interface Shortcut {
  command: Command;
  /** As shown to people; "Mod" is Ctrl, or ⌘ on macOS. */
  keys: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'focus-reference', keys: 'Mod+L  or  /', description: 'Focus the image reference' },
  { command: 'inspect', keys: 'Mod+Enter', description: 'Inspect' },
  { command: 'compare', keys: 'Mod+D', description: 'Compare (open the diff)' },
  { command: 'theme', keys: 'Mod+Shift+L', description: 'Theme: system, dark, light' },
  ...VIEW_IDS.map((id, i) => ({ command: `view:${id}` as const, keys: `Alt+${i + 1}`, description: `Show the ${VIEW_LABELS[id]} view` })),
  { command: 'shortcuts', keys: '?', description: 'Show these shortcuts' },
];

/** Zoom is the browser's (or the Electron menu's) own; listed so people find it. */
export const ZOOM_KEYS = 'Mod+Plus, Mod+Minus, Mod+0';

export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Whether focus is in a text field, where plain keys type rather than command. */
  inTextField: boolean;
}

export function commandForKey(e: KeyInput, mac: boolean): Command | null {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'l') return e.shiftKey ? 'theme' : 'focus-reference';
    if (key === 'enter' && !e.shiftKey) return 'inspect';
    if (key === 'd' && !e.shiftKey) return 'compare';
    return null;
  }
  if (e.altKey && !mod && !e.shiftKey) {
    // By code: Alt+digit types other characters on some layouts (and on macOS).
    const digit = /^Digit([1-9])$/.exec(e.code ?? '')?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
    const view = digit ? VIEW_IDS[Number(digit) - 1] : undefined;
    return view ? `view:${view}` : null;
  }
  if (!mod && !e.altKey && !e.inTextField) {
    if (e.key === '/') return 'focus-reference';
    if (e.key === '?') return 'shortcuts';
  }
  return null;
}

const COMMANDS = new Set<string>(SHORTCUTS.map((s) => s.command));

export function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && COMMANDS.has(value);
}
