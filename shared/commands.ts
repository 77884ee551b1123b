/**
 * The app's commands, one table for the keyboard shortcuts of the page, its help dialog and the items of
 * the Electron menu. The menu does not take the keys (the page handles them, in the browser mode too);
 * a click on an item sends its command into the page as a `lens:command` DOM event.
 */

export const VIEW_IDS = ['formats', 'diff', 'negotiation', 'image', 'repository', 'log', 'registry', 'supply'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const VIEW_LABELS: Record<ViewId, string> = {
  formats: 'Formats',
  diff: 'Diff',
  negotiation: 'Negotiation',
  image: 'Image',
  repository: 'Repository',
  log: 'Request log',
  registry: 'Registry',
  supply: 'Supply chain',
};

export type Command = 'focus-reference' | 'inspect' | 'compare' | 'theme' | 'shortcuts' | 'back' | 'forward' | `view:${ViewId}`;

export interface CommandSpec {
  command: Command;
  /** For people: the menu item and the help dialog's line. */
  label: string;
  /** As the help dialog shows them; "Mod" is Ctrl, or ⌘ on macOS. */
  keys: string;
  /** The same keys in Electron's accelerator syntax, shown beside the menu item. */
  accelerator: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  { command: 'focus-reference', label: 'Focus the image reference', keys: 'Mod+L  or  /', accelerator: 'CmdOrCtrl+L' },
  { command: 'inspect', label: 'Inspect', keys: 'Mod+Enter', accelerator: 'CmdOrCtrl+Enter' },
  { command: 'compare', label: 'Compare (open the diff)', keys: 'Mod+D', accelerator: 'CmdOrCtrl+D' },
  { command: 'theme', label: 'Theme: system, dark, light', keys: 'Mod+Shift+L', accelerator: 'CmdOrCtrl+Shift+L' },
  // The browser mode leaves these to the browser, which already walks the page's history with them.
  { command: 'back', label: 'Back', keys: 'Alt+Left  or  Mod+[  or  the mouse’s back button', accelerator: 'Alt+Left' },
  { command: 'forward', label: 'Forward', keys: 'Alt+Right  or  Mod+]  or  the mouse’s forward button', accelerator: 'Alt+Right' },
  ...VIEW_IDS.map((id, i) => ({
    command: `view:${id}` as const,
    label: `Show the ${VIEW_LABELS[id]} view`,
    keys: `Alt+${i + 1}`,
    accelerator: `Alt+${i + 1}`,
  })),
  { command: 'shortcuts', label: 'Keyboard shortcuts', keys: '?', accelerator: 'Shift+/' },
];

/** The DOM event that carries a menu command into the page. */
export const COMMAND_EVENT = 'lens:command';

const KNOWN = new Set<string>(COMMANDS.map((c) => c.command));

export function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && KNOWN.has(value);
}
