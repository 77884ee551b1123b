import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { computeDiffId, type LayerProgress } from './diffIds';
import { rejection } from '../../../test/support/lensError';

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A one-file tar built by hand: 512-byte header with a valid checksum, the data padded, two zero blocks. */
function tarOf(name: string, data: Uint8Array): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write('0', 156, 'latin1');
  header.write('ustar\x0000', 257, 'latin1');
  const sum = header.reduce((a, b) => a + b, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  padded.set(data);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

/** Yields the bytes in small pieces, as a network body would. */
function chunked(bytes: Uint8Array, size = 7000): AsyncIterable<Uint8Array> {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })(),
    { objectMode: true },
  );
}

const tar = tarOf('hello.txt', randomBytes(300_000));

describe('computeDiffId', () => {
  it('gunzips and hashes a gzip layer, checking the blob digest', async () => {
    const blob = gzipSync(tar);
    const result = await computeDiffId(chunked(blob), { expectedDigest: sha(blob), expectedSize: blob.length });
    expect(result).toEqual({ digest: sha(blob), size: blob.length, diffId: sha(tar), compression: 'gzip' });
  });

  it('agrees with gzip -dc | sha256sum on a layer gzip itself wrote', async () => {
    const blob = execFileSync('gzip', ['-c', '-n'], { input: tar });
    const expected = execFileSync('sh', ['-c', 'gzip -dc | sha256sum'], { input: blob }).toString().split(' ')[0];
    expect((await computeDiffId(chunked(blob))).diffId).toBe(`sha256:${expected}`);
  });

  it('reads a gzip stream of several members as one, as gunzip does', async () => {
    const blob = Buffer.concat([gzipSync(tar.subarray(0, 1000)), gzipSync(tar.subarray(1000))]);
    expect((await computeDiffId(chunked(blob))).diffId).toBe(sha(tar));
  });

  it('handles the gzipped empty tar distribution uses for empty layers', async () => {
    const emptyTarGzip = new Uint8Array([
      31, 139, 8, 0, 0, 9, 110, 136, 0, 255, 98, 24, 5, 163, 96, 20, 140, 88, 0, 8, 0, 0, 255, 255, 46, 175, 181, 239, 0, 4, 0, 0,
    ]);
    const result = await computeDiffId(chunked(emptyTarGzip));
    expect(result.digest).toBe('sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4');
    expect(result.diffId).toBe(sha(new Uint8Array(1024)));
  });

  it('decompresses zstd layers', async () => {
    const blob = zstdCompressSync(tar);
    expect(await computeDiffId(chunked(blob))).toMatchObject({ diffId: sha(tar), compression: 'zstd' });
  });

  it('takes an uncompressed tar as its own diffID', async () => {
    expect(await computeDiffId(chunked(tar))).toEqual({ digest: sha(tar), size: tar.length, diffId: sha(tar), compression: 'none' });
  });

  it('reports progress in compressed bytes, ending at the total', async () => {
    const blob = gzipSync(randomBytes(3 << 20));
    const seen: LayerProgress[] = [];
    await computeDiffId(chunked(blob, 64 * 1024), { expectedSize: blob.length, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual({ bytesDone: blob.length, bytesTotal: blob.length });
    expect(seen.map((p) => p.bytesDone)).toEqual([...seen.map((p) => p.bytesDone)].sort((a, b) => a - b));
  });

  it('stops with CANCELLED when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const blob = gzipSync(randomBytes(4 << 20));
    const error = await rejection(
      computeDiffId(chunked(blob, 64 * 1024), {
        signal: controller.signal,
        onProgress: (p) => p.bytesDone > 1 << 20 && controller.abort(),
      }),
    );
    expect(error.code).toBe('CANCELLED');
  });

  it('stops with CANCELLED when already aborted', async () => {
    expect((await rejection(computeDiffId(chunked(tar), { signal: AbortSignal.abort() }))).code).toBe('CANCELLED');
  });

  it('refuses a blob whose digest is not the one named', async () => {
    const error = await rejection(computeDiffId(chunked(gzipSync(tar)), { expectedDigest: sha(tar) }));
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(sha(tar));
  });

  it('refuses a blob whose size is not the one named', async () => {
    const blob = gzipSync(tar);
    expect((await rejection(computeDiffId(chunked(blob), { expectedSize: blob.length + 1 }))).code).toBe('DIGEST_MISMATCH');
  });

  it.each([
    ['a truncated gzip stream', () => gzipSync(tar).subarray(0, 5000)],
    ['a corrupt zstd stream', () => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(2000)])],
    ['bytes that are no layer at all', () => Buffer.from('{"not":"a layer"}'.repeat(100))],
    ['an empty blob', () => Buffer.alloc(0)],
  ])('refuses %s with INPUT_INVALID', async (_name, make) => {
    const error = await rejection(computeDiffId(chunked(make())));
    expect(error.code).toBe('INPUT_INVALID');
  });

  it('stops its source when the layer turns out corrupt, so a network body does not stay half read', async () => {
    let stopped = false;
    const source = (async function* () {
      try {
        yield Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes(4000)]);
        yield* chunked(randomBytes(1 << 20));
      } finally {
        stopped = true;
      }
    })();
    expect((await rejection(computeDiffId(source))).code).toBe('INPUT_INVALID');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(true);
  });

  it('passes a LensError of the source through', async () => {
    const source = (async function* () {
      yield gzipSync(tar).subarray(0, 600);
      throw new LensError('REGISTRY_UNREACHABLE', 'connection reset');
    })();
    expect((await rejection(computeDiffId(source))).code).toBe('REGISTRY_UNREACHABLE');
  });
});
