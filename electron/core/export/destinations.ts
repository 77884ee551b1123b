/**
 * Where exports go. The page never names a path: each shell answers these questions its own way — the
 * desktop app with Electron's native dialogs (main.ts), the CLI with its --output / --dir arguments,
 * the browser mode with a folder of its own under the user's Downloads, reported back after the write.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ExportDestinations {
  /** A file path for `suggestedName` (a manifest, a bundle); null when the user cancelled. */
  saveFile(suggestedName: string): Promise<string | null>;
  /** A folder for an "export all formats" named after `suggestedName`; null when cancelled. */
  chooseFolder(suggestedName: string): Promise<string | null>;
}

/** Same name twice in one folder gets " (2)", " (3)"… before its first dot, as browsers name downloads. */
function unused(dir: string, name: string): string {
  const dot = name.indexOf('.', 1);
  const [stem, ext] = dot === -1 ? [name, ''] : [name.slice(0, dot), name.slice(dot)];
  let candidate = name;
  for (let n = 2; existsSync(join(dir, candidate)); n++) candidate = `${stem} (${n})${ext}`;
  return join(dir, candidate);
}

/** No dialog to ask: everything goes under `root` (default ~/Downloads/Manifest Lens), never overwriting. */
export function folderDestinations(root: string = join(homedir(), 'Downloads', 'Manifest Lens')): ExportDestinations {
  return {
    async saveFile(suggestedName) {
      await mkdir(root, { recursive: true });
      return unused(root, suggestedName);
    },
    async chooseFolder(suggestedName) {
      await mkdir(root, { recursive: true });
      return unused(root, suggestedName);
    },
  };
}
