import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, placeOnScreen, readWindowState, writeWindowState } from './windowState';

describe('window state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-window-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips what was written', async () => {
    const file = join(dir, 'sub', 'window.json');
    writeWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ width: 1200 });
  });

  it.each([
    ['no file', null],
    ['not JSON', '{'],
    ['a size too small to use', '{"width": 10, "height": 10}'],
    ['the wrong types', '{"width": "wide", "height": 900}'],
  ])('falls back to the default for %s', async (_name, content) => {
    const file = join(dir, 'window.json');
    if (content !== null) await writeFile(file, content);
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('placeOnScreen', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('keeps a position on a display', () => {
    expect(placeOnScreen({ x: 100, y: 50, width: 800, height: 600, maximized: false }, [display])).toMatchObject({ x: 100, y: 50 });
  });
  it('drops a position on a display that is gone, keeping the size', () => {
    expect(placeOnScreen({ x: 2500, y: 50, width: 800, height: 600, maximized: false }, [display])).toEqual({
      width: 800,
      height: 600,
      maximized: false,
    });
  });
});
