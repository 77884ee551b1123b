/**
 * The end-to-end tests drive dist/, so they must never run against an old build. Modification times
 * decide: when any source is newer than the oldest build output (or an output is missing), dist/ is
 * rebuilt first with scripts/build.mjs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['electron', 'renderer', 'shared', 'resources', 'scripts/build.mjs', 'package-lock.json'];
const OUTPUTS = ['dist/cli.js', 'dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html'];

function newestIn(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => name !== 'node_modules')
      .map((name) => newestIn(join(path, name))),
  );
}

/** Why dist/ is not current, or null when it is. */
export function staleReason(root: string): string | null {
  const outputs = OUTPUTS.map((file) => statSync(join(root, file), { throwIfNoEntry: false }));
  const missing = OUTPUTS.filter((_, i) => !outputs[i]);
  if (missing.length > 0) return `${missing.join(', ')} missing`;
  const built = Math.min(...outputs.map((s) => s!.mtimeMs));
  const changed = SOURCES.filter((source) => newestIn(join(root, source)) > built);
  return changed.length > 0 ? `${changed.join(', ')} changed since the last build` : null;
}

export default function globalSetup(): void {
  const reason = staleReason(ROOT);
  if (reason === null) return;
  process.stdout.write(`Building first: ${reason}.\n`);
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The build failed; the end-to-end tests need a current dist/.');
}
