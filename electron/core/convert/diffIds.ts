/**
 * The uncompressed digest (diffID) of a layer, computed by streaming its blob once: the compressed bytes
 * are hashed (and checked against the digest the manifest names) while a decompressor feeds a second hash.
 * The decompression runs on libuv's thread pool, the hashing on the main thread, side by side; memory
 * stays flat whatever the layer size.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { LensError } from '../errors';

/** How a layer blob is stored, judged from its first bytes rather than from any media type. */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

export interface LayerProgress {
  /** Compressed bytes read so far. */
  bytesDone: number;
  /** The blob's size when known. */
  bytesTotal: number | null;
}

export interface DiffIdOptions {
  /** The blob's digest as the manifest names it; a different one is DIGEST_MISMATCH. */
  expectedDigest?: string;
  /** The blob's size when known; used for progress and checked at the end. */
  expectedSize?: number;
  onProgress?: (progress: LayerProgress) => void;
  signal?: AbortSignal;
}

export interface LayerDigests {
  /** sha256 of the blob as stored. */
  digest: string;
  size: number;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  compression: LayerCompression;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** A tar header is 512 bytes with "ustar" at offset 257; an empty tar is all zero blocks. */
const TAR_HEADER = 512;
const PROGRESS_STEP = 1 << 20;
/**
 * Output chunk of the decompressor. Each chunk is one trip between libuv's pool (inflate) and the main
 * thread (hash, stream bookkeeping); zlib's default 16 KiB makes ~28,000 trips for a 455 MB tar, and the
 * bench machine took 3.1 s for a 200 MB layer read from a file with it, 1.7 s with 1 MiB.
 */
const DECOMPRESSED_CHUNK = 1 << 20;

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => head[i] === b);
}

function sniff(head: Uint8Array): LayerCompression | null {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  if (head.length === 0) return null;
  const ustar = new TextDecoder('latin1').decode(head.subarray(257, 262)) === 'ustar';
  const zeroBlock = head.length >= TAR_HEADER && head.subarray(0, TAR_HEADER).every((b) => b === 0);
  return ustar || zeroBlock ? 'none' : null;
}

/** Reads until enough bytes are in hand to recognise the format, then replays them ahead of the rest. */
async function peek(source: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; rest: AsyncIterator<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < TAR_HEADER) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(chunks), rest: iterator };
}

function decompressorFor(compression: LayerCompression) {
  if (compression === 'gzip') return createGunzip({ chunkSize: DECOMPRESSED_CHUNK });
  if (compression === 'zstd') return createZstdDecompress({ chunkSize: DECOMPRESSED_CHUNK });
  return null;
}

/**
 * Hashes what it is written one turn of the event loop later. The decompressor hands each chunk over
 * from inside its pool callback, before it queues the next inflate; hashing right there would keep the
 * pool idle while the main thread hashes, and the main thread idle while the pool inflates. Deferred,
 * both run at once (the bench measured one 200 MB layer at 2.2 s hashed in place, 1.7 s deferred).
 * Writes still complete one after another, so the hash sees the chunks in order.
 */
function hashSink(hash: ReturnType<typeof createHash>): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      setImmediate(() => {
        hash.update(chunk);
        done();
      });
    },
  });
}

/**
 * Streams a layer blob and returns its digest, size, diffID and compression. Errors: CANCELLED when the
 * signal fires, DIGEST_MISMATCH when the blob is not what the manifest names, INPUT_INVALID when it is
 * neither gzip, zstd nor a tar, or its compressed stream is corrupt; errors of the source pass through.
 */
export async function computeDiffId(source: AsyncIterable<Uint8Array>, options: DiffIdOptions = {}): Promise<LayerDigests> {
  const { expectedDigest, expectedSize, onProgress, signal } = options;
  const what = expectedDigest ? `Layer ${expectedDigest}` : 'Layer';
  const blobHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let done = 0;
  let reported = 0;
  const report = (force: boolean) => {
    if (onProgress && (force || done - reported >= PROGRESS_STEP)) {
      reported = done;
      onProgress({ bytesDone: done, bytesTotal: expectedSize ?? null });
    }
  };

  let compression: LayerCompression | null = null;
  let rest: AsyncIterator<Uint8Array> | undefined;
  try {
    signal?.throwIfAborted();
    const { head, rest: iterator } = await peek(source);
    rest = iterator;
    compression = sniff(head);
    if (compression === null) {
      throw new LensError('INPUT_INVALID', `${what} is neither gzip, zstd nor an uncompressed tar; its diffID cannot be computed.`);
    }
    const counted = async function* () {
      for (let chunk: Uint8Array | undefined = head; chunk !== undefined;) {
        blobHash.update(chunk);
        done += chunk.length;
        report(false);
        yield chunk;
        const next = await iterator.next();
        chunk = next.done ? undefined : next.value;
      }
    };
    const decompressor = decompressorFor(compression);
    const sink = hashSink(tarHash);
    await (decompressor ? pipeline(counted, decompressor, sink, { signal }) : pipeline(counted, sink, { signal }));
  } catch (e) {
    // Stop the source as well: a network body left half read would hold its connection.
    Promise.resolve(rest?.return?.()).catch(() => undefined);
    if (signal?.aborted) throw new LensError('CANCELLED', `${what}: diffID computation cancelled.`);
    if (e instanceof LensError) throw e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ZSTD_'))) {
      throw new LensError('INPUT_INVALID', `${what} is not a valid ${compression} stream.`, (e as Error).message);
    }
    throw new LensError('INTERNAL', `${what}: reading the blob failed.`, e instanceof Error ? e.message : String(e));
  }
  report(true);

  const digest = `sha256:${blobHash.digest('hex')}`;
  // For an uncompressed tar both hashes saw the same bytes, so diffID and digest agree.
  const diffId = `sha256:${tarHash.digest('hex')}`;
  if (expectedDigest !== undefined && digest !== expectedDigest) {
    throw new LensError('DIGEST_MISMATCH', `Layer ${expectedDigest} arrived with digest ${digest}.`);
  }
  if (expectedSize !== undefined && done !== expectedSize) {
    throw new LensError('DIGEST_MISMATCH', `${what} has ${done} bytes, not the ${expectedSize} its manifest says.`);
  }
  return { digest, size: done, diffId, compression };
}
