/**
 * Finds files that ship beside the program. The same code runs bundled (dist/cli.js, with dist/renderer
 * and ../resources beside it) and from source through tsx (electron/<shell>/<file>.ts, two levels below
 * the repository root), so the path is searched for upwards rather than fixed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first `<ancestor>/<relative>` (for relatives in order, nearest ancestor first) that exists, or undefined. */
export function findAbove(fromUrl: string, relatives: readonly string[]): string | undefined {
  for (let dir = dirname(fileURLToPath(fromUrl)); ; dir = dirname(dir)) {
    for (const relative of relatives) {
      const candidate = join(dir, relative);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
