/**
 * The repository passes wherever it is cloned: no project file names a path that leaves it. Files are
 * read as text and every relative path literal is resolved against its file, as Node or Vite would;
 * joins of the module's own folder with '..' segments are resolved the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIPPED = new Set(['node_modules', 'dist', 'release', '.git', 'test-results', 'playwright-report', '.tmp', 'vectors']);
const SOURCE = /\.(ts|tsx|mjs|cjs|js|json|ya?ml|sh)$/;

function projectFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIPPED.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) projectFiles(path, out);
    else if (SOURCE.test(name) || name === 'run') out.push(path);
  }
  return out;
}

const inside = (path: string) => {
  const rel = relative(ROOT, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
};

/** Paths a file names relative to itself: '../x' literals and join(__dirname, '..', …) calls. */
export function namedPaths(file: string, text: string): string[] {
  const here = dirname(file);
  const literals = [...text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)].map((m) => resolve(here, m[1]!));
  const joins = [...text.matchAll(/join\(\s*(?:__dirname|here)\s*,((?:\s*'\.\.'\s*,?)+)/g)].map((m) =>
    resolve(
      here,
      ...m[1]!
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s === "'..'")
        .map(() => '..'),
    ),
  );
  return [...literals, ...joins];
}

describe('the repository is self-contained', () => {
  const files = projectFiles(ROOT);

  it('finds the project files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('names no path outside the repository', () => {
    const escapes = files.flatMap((file) =>
      namedPaths(file, readFileSync(file, 'utf8'))
        .filter((path) => !inside(path))
        .map((path) => `${relative(ROOT, file)} names ${path}`),
    );
    expect(escapes).toEqual([]);
  });

  it('catches a path that leaves the repository', () => {
    const file = join(ROOT, 'electron', 'core', 'convert', 'x.test.ts');
    // Built at run time, so that this file itself names no path outside the repository.
    const up = Array.from({ length: 4 }, () => '..');
    const named = namedPaths(
      file,
      `const v = new URL('${up.join('/')}/outside/', import.meta.url); join(__dirname, ${up.map((p) => `'${p}'`).join(', ')})`,
    );
    expect(named.filter((p) => !inside(p))).toHaveLength(2);
    expect(namedPaths(file, `import { a } from '${up.slice(1).join('/')}/shared/api';`).every(inside)).toBe(true);
  });
});
