import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexTarFile } from '../sources/tarReader';
import { tarBlocks, tarGz, type TarFile } from './tarWriter';

const work = mkdtempSync(join(tmpdir(), 'lens-tarw-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LONG = `bundle/formats/${'127.0.0.1_5000_team_application-with-a-long-name_release-2024'.repeat(2)}.v2s1.0123456789ab.json`;
const files: TarFile[] = [
  { name: 'bundle/README.md', bytes: '# Summary\n\ncafé ✓\n' },
  { name: 'bundle/empty', bytes: '' },
  { name: 'bundle/block', bytes: 'x'.repeat(512) },
  { name: LONG, bytes: new Uint8Array([1, 2, 3]) },
];

describe('tar writer', () => {
  it('GNU tar lists and extracts exactly what was written, long names included', () => {
    const file = join(work, 'b.tar.gz');
    writeFileSync(file, tarGz(files, new Date('2024-03-01T00:00:00Z')));
    const listed = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(files.map((f) => f.name));
    const out = join(work, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xzf', file, '-C', out]);
    for (const f of files) expect(readFileSync(join(out, f.name))).toEqual(Buffer.from(f.bytes));
    const verbose = execFileSync('tar', ['-tvzf', file, '--utc'], { encoding: 'utf8' });
    expect(verbose).toContain('2024-03-01 00:00');
  });

  it('our own reader reads it back', async () => {
    const file = join(work, 'b.tar');
    writeFileSync(file, Buffer.concat([...tarBlocks(files)]));
    const index = await indexTarFile(file);
    for (const f of files) expect(await index.read(index.require(f.name, f.name), 1 << 20)).toEqual(Buffer.from(f.bytes));
  });
});
