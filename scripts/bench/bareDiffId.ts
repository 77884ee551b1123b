/**
 * The baseline of the rescue's diffID figure: bare Node, one blob GET from the registry |> createGunzip |>
 * sha256, nothing else (no digest check, no format sniffing, no progress). Given a chunk size, the gunzip
 * uses it instead of zlib's default 16 KiB. Prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ownUsage } from './ownUsage';

const [url, chunkSize] = process.argv.slice(2);
if (!url) throw new Error('usage: bareDiffId URL [CHUNK_SIZE]');
const start = performance.now();
const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on('error', reject));
if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
const hash = createHash('sha256');
await pipeline(
  response,
  createGunzip(chunkSize ? { chunkSize: Number(chunkSize) } : {}),
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done();
    },
  }),
);
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, diffId: `sha256:${hash.digest('hex')}`, ...ownUsage() })}\n`);
