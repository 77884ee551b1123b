import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { inFolder, writeFileAtomic } from './atomicWrite';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lens-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Yields `chunks` chunks of 64 KiB, then fails the way a dropped connection does. */
async function* breaksAfter(chunks: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < chunks; i++) yield Buffer.alloc(64 * 1024, i);
  throw new LensError('REGISTRY_UNREACHABLE', 'The connection to the registry was closed unexpectedly.');
}

describe('writeFileAtomic', () => {
  it('writes bytes, text and streams exactly', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"é":1}');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([0, 1, 2]));
    const size = await writeFileAtomic(
      join(dir, 'c.bin'),
      (async function* () {
        yield Buffer.from('ab');
        yield Buffer.from('cd');
      })(),
    );
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('{"é":1}');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([0, 1, 2]);
    expect(size).toBe(4);
    expect(await readdir(dir)).toEqual(['a.json', 'b.bin', 'c.bin']);
  });

  it('an export that fails half-way leaves no file and no temporary file', async () => {
    const target = join(dir, 'manifest.json');
    const seen: number[] = [];
    await expect(writeFileAtomic(target, breaksAfter(3), { onBytes: (n) => seen.push(n) })).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
    });
    // Bytes were on disk before the failure: the temporary file really was half-written, then removed.
    expect(seen.at(-1)).toBe(3 * 64 * 1024);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a failed rewrite leaves the previous file intact', async () => {
    const target = join(dir, 'manifest.json');
    await writeFile(target, 'previous');
    await expect(writeFileAtomic(target, breaksAfter(1))).rejects.toBeInstanceOf(LensError);
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('a cancelled write is CANCELLED and leaves nothing behind', async () => {
    const controller = new AbortController();
    const slow = (async function* () {
      yield Buffer.from('first');
      controller.abort();
      yield Buffer.from('second');
    })();
    await expect(writeFileAtomic(join(dir, 'x'), slow, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a missing folder is a USAGE error naming the path', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'f.json'), 'x')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('folder does not exist'),
    });
  });
});

describe('inFolder', () => {
  const failing = () => Promise.reject(new LensError('CANCELLED', 'stopped'));

  it('removes the folders it created when the work fails before any file is complete', async () => {
    const target = join(dir, 'a', 'b', 'c');
    await expect(inFolder(target, failing)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a folder that existed, and one that holds a complete file', async () => {
    await expect(inFolder(dir, failing)).rejects.toBeInstanceOf(LensError);
    expect(await readdir(dir)).toEqual([]);
    const target = join(dir, 'export');
    const work = async () => {
      await writeFileAtomic(join(target, 'one.json'), '{}');
      return failing();
    };
    await expect(inFolder(target, work)).rejects.toBeInstanceOf(LensError);
    expect(await readdir(target)).toEqual(['one.json']);
  });
});
