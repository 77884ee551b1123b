import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../../test/support/lensError';
import { writeFileAtomic } from './atomicWrite';
import { verifiedStream } from './verifiedStream';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lens-blob-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function* chunksOf(bytes: Buffer, size = 1000): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const blob = Buffer.alloc(5_000, 7);
const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;

describe('a blob written through verifiedStream', () => {
  it('lands byte for byte when the bytes are the ones the digest names', async () => {
    const path = join(dir, 'blob');
    expect(await writeFileAtomic(path, verifiedStream(chunksOf(blob), digest))).toBe(blob.length);
    expect((await readFile(path)).equals(blob)).toBe(true);
  });

  it('never lands when they are not: DIGEST_MISMATCH, and no file or temporary file is left', async () => {
    const other = Buffer.concat([blob.subarray(0, 4_999), Buffer.from([8])]);
    const error = await rejection(writeFileAtomic(join(dir, 'blob'), verifiedStream(chunksOf(other), digest)));
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(`should have digest ${digest}`);
    expect(await readdir(dir)).toEqual([]);
  });
});
