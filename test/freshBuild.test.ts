import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReason } from '../e2e/globalSetup';

const OUTPUTS = ['dist/cli.js', 'dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html'];

describe('the end-to-end setup refuses a stale build', () => {
  let root: string;
  const write = (file: string, seconds: number) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), file);
    utimesSync(join(root, file), seconds, seconds);
  };
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a build newer than every source, and names what changed after it', () => {
    root = mkdtempSync(join(tmpdir(), 'lens-fresh-'));
    write('electron/core/handlers.ts', 1000);
    write('renderer/src/App.tsx', 1000);
    for (const file of OUTPUTS) write(file, 2000);
    expect(staleReason(root)).toBeNull();
    write('renderer/src/App.tsx', 3000);
    expect(staleReason(root)).toBe('renderer changed since the last build');
  });

  it('names missing outputs', () => {
    root = mkdtempSync(join(tmpdir(), 'lens-fresh-'));
    write('electron/core/handlers.ts', 1000);
    for (const file of OUTPUTS.slice(1)) write(file, 2000);
    expect(staleReason(root)).toBe('dist/cli.js missing');
  });
});
