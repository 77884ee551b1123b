/** Which key press is which command (shared/commands.ts), in the page and in both modes alike. */
import { VIEW_IDS, type Command } from '../../../shared/commands';

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
  /**
   * False in the browser mode while nothing of the app has focus (the page itself does): Ctrl+L and
   * Ctrl+D are then the browser's (the address bar, a bookmark). Omitted: the desktop app, where they
   * are always the app's.
   */
  focusInApp?: boolean;
}

/** The browser's own shortcuts, which the app takes only while one of its controls has focus. */
const BROWSER_KEYS = new Set(['l', 'd']);

/** Back and Forward, for the desktop app only: in a browser tab the browser walks the history itself. */
function historyCommand(e: KeyInput, mod: boolean): Command | null {
  if (e.focusInApp !== undefined || e.shiftKey || e.inTextField) return null;
  const alt = e.altKey && !mod;
  if ((alt && e.key === 'ArrowLeft') || (mod && !e.altKey && e.key === '[')) return 'back';
  if ((alt && e.key === 'ArrowRight') || (mod && !e.altKey && e.key === ']')) return 'forward';
  return null;
}

/** The mouse's side buttons (MouseEvent.button 3 and 4), likewise only in the desktop app. */
export function commandForMouseButton(button: number, desktop: boolean): Command | null {
  if (!desktop) return null;
  return button === 3 ? 'back' : button === 4 ? 'forward' : null;
}

export function commandForKey(e: KeyInput, mac: boolean): Command | null {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const key = e.key.toLowerCase();
  const history = historyCommand(e, mod);
  if (history) return history;
  if (mod && !e.altKey) {
    if (e.focusInApp === false && !e.shiftKey && BROWSER_KEYS.has(key)) return null;
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
