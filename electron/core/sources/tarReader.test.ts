import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, linkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { indexTarFile, normalizeTarPath } from './tarReader';

const work = mkdtempSync(join(tmpdir(), 'lens-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LONG_DIR = `${'d'.repeat(60)}/${'e'.repeat(60)}`;
const LONG_NAME = `${'f'.repeat(120)}.tar`;

/** A tree with what docker save archives hold: nested files, symlinks to ../x.tar, long names, a hard link. */
function makeTree(): string {
  const root = join(work, 'tree');
  mkdirSync(join(root, 'abc'), { recursive: true });
  mkdirSync(join(root, LONG_DIR), { recursive: true });
  writeFileSync(join(root, 'manifest.json'), '[{"Config":"c.json"}]');
  writeFileSync(join(root, 'layer.tar'), Buffer.alloc(1536, 7));
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'block'), 'x'.repeat(512));
  writeFileSync(join(root, LONG_DIR, LONG_NAME), 'deep and long');
  symlinkSync('../layer.tar', join(root, 'abc', 'layer.tar'));
  linkSync(join(root, 'block'), join(root, 'hard'));
  return root;
}

const tree = makeTree();
const members = ['manifest.json', 'layer.tar', 'empty', 'block', 'hard', 'abc', LONG_DIR.split('/')[0]!];

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe.each(['gnu', 'pax', 'ustar'] as const)('GNU tar --format=%s archives', (format) => {
  const file = join(work, `${format}.tar`);
  // ustar cannot hold a 120-byte file name; the other formats can (GNU 'L' records, PAX path records).
  const names = format === 'ustar' ? members.filter((m) => !m.startsWith('d')) : members;
  execFileSync('tar', [`--format=${format}`, '-cf', file, '-C', tree, ...names]);

  it('finds regular files with their exact content', async () => {
    const index = await indexTarFile(file);
    for (const name of ['manifest.json', 'layer.tar', 'block', 'empty']) {
      const entry = index.require(name, 'file');
      expect(await collect(index.stream(entry)), name).toEqual(readFileSync(join(tree, name)));
      expect(await index.read(entry, 1 << 20)).toEqual(readFileSync(join(tree, name)));
    }
  });

  it('follows a symlink relative to its directory and a hard link by its name', async () => {
    const index = await indexTarFile(file);
    expect(index.find('abc/layer.tar')?.name).toBe('layer.tar');
    expect(index.find('./abc/layer.tar')?.name).toBe('layer.tar');
    expect(await collect(index.stream(index.require('hard', 'hard link')))).toEqual(Buffer.from('x'.repeat(512)));
    expect(index.find('abc')).toBeNull(); // a directory is not a file
    expect(index.find('missing')).toBeNull();
  });

  // ustar has no room for them (see above); the gnu and pax archives hold one.
  if (format !== 'ustar')
    it('reads names longer than 100 bytes', async () => {
      const index = await indexTarFile(file);
      const entry = index.require(`${LONG_DIR}/${LONG_NAME}`, 'long name');
      expect((await index.read(entry, 100)).toString()).toBe('deep and long');
    });
});

describe('refusals', () => {
  it('refuses a corrupted header with INPUT_INVALID', async () => {
    const file = join(work, 'corrupt.tar');
    execFileSync('tar', ['-cf', file, '-C', tree, 'manifest.json']);
    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(file, bytes);
    await expect(indexTarFile(file)).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('checksum') });
  });

  it('refuses an archive cut short inside an entry', async () => {
    const file = join(work, 'short.tar');
    execFileSync('tar', ['-cf', file, '-C', tree, 'layer.tar']);
    writeFileSync(file, readFileSync(file).subarray(0, 1024));
    await expect(indexTarFile(file)).rejects.toBeInstanceOf(LensError);
  });

  it('refuses to read a large entry into memory', async () => {
    const file = join(work, 'limit.tar');
    execFileSync('tar', ['-cf', file, '-C', tree, 'layer.tar']);
    const index = await indexTarFile(file);
    await expect(index.read(index.require('layer.tar', 'layer'), 100)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('names a missing file', async () => {
    await expect(indexTarFile(join(work, 'nope.tar'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('normalizeTarPath', () => {
  it.each([
    ['./manifest.json', 'manifest.json'],
    ['/abs/x', 'abs/x'],
    ['a/../b/', 'b'],
    ['a//b', 'a/b'],
  ])('%s -> %s', (input, expected) => expect(normalizeTarPath(input)).toBe(expected));
});
