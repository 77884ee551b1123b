// The benchmark's ~200 MB gzip layer: generated once into the temp dir, the same bytes on every machine
// (a seeded generator), text-like so that it compresses about as a real layer does.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export const LAYER_BYTES = 200 * 1024 * 1024;
export const LAYER_FILE = join(tmpdir(), 'manifest-lens-bench', `layer-${LAYER_BYTES}-v1.tar.gz`);

/** xorshift32: the same layer on every machine, without a dependency. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Text-like data: words from a fixed vocabulary, spaces and newlines, now and then a random hex token. */
function* layerText(rand, shouldStop) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const vocabulary = Array.from({ length: 4096 }, () =>
    Buffer.from(Array.from({ length: 2 + Math.floor(rand() * 11) }, () => alphabet[Math.floor(rand() * 36)]).join('')),
  );
  const hex = '0123456789abcdef';
  while (!shouldStop()) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let at = 0;
    while (at < chunk.length - 40) {
      if (rand() < 0.02) {
        for (let i = 0; i < 16; i++) chunk[at++] = hex.charCodeAt(Math.floor(rand() * 16));
      } else {
        const word = vocabulary[Math.floor(rand() * vocabulary.length)];
        word.copy(chunk, at);
        at += word.length;
      }
      chunk[at++] = rand() < 0.1 ? 0x0a : 0x20;
    }
    yield chunk.subarray(0, at);
  }
}

/** The layer's path, writing it first when it is not there yet. */
export async function ensureLayer() {
  if (existsSync(LAYER_FILE)) return LAYER_FILE;
  mkdirSync(join(tmpdir(), 'manifest-lens-bench'), { recursive: true });
  process.stdout.write(`Generating the ${LAYER_BYTES / (1024 * 1024)} MB gzip layer once (${LAYER_FILE})...\n`);
  const partial = `${LAYER_FILE}.${process.pid}.partial`;
  let written = 0;
  const count = new Transform({
    transform(chunk, _encoding, done) {
      written += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.from(layerText(random(0x5eed), () => written >= LAYER_BYTES)),
    createGzip({ level: 6 }),
    count,
    createWriteStream(partial),
  );
  renameSync(partial, LAYER_FILE);
  return LAYER_FILE;
}
