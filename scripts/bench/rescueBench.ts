/**
 * The rescue's diffID figures on a loopback docker-registry 2.8 (schema 1 enabled) holding the bench's
 * ~200 MB gzip layer as two blobs (the same gzip stream under two gzip headers, so two digests and one
 * diffID) and two signed schema 1 images, the registry's own downgrades: one of one layer, one of both.
 * Every run is a fresh child process reading from that registry: the rescue path (rescueRun) and bare
 * Node (bareDiffId), interleaved round by round so that a noisy neighbour hits each alike.
 * Usage: rescueBench LAYER_FILE RUNS. Prints one JSON line.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MediaType } from '../../shared/mediaTypes';
import { storeRegistrySchema1 } from '../../test/support/auditImages';
import { imageConfig, schema2Manifest, type Described } from '../../test/support/images';
import { pushBlob, pushManifest } from '../../test/support/push';
import { startRegistry } from '../../test/support/registry';

const REPO = 'bench/rescue';
const execFileAsync = promisify(execFile);
const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: rescueBench LAYER_FILE RUNS');
const runs = Number(runsArg ?? 3);

interface Run {
  ms: number;
  cpuMs: number;
  peakRssKb: number;
  /** CPU the registry spent meanwhile, serving the blobs. */
  registryCpuMs: number;
  /** CPU every other process spent meanwhile: a figure to distrust when it is more than a few percent. */
  othersCpuMs: number;
}

/** CPU time every process of the machine has used so far, from /proc/stat (in clock ticks of 10 ms). */
function machineCpuMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

/** The registry's CPU time so far, from /proc/PID/stat (utime + stime, in clock ticks of 10 ms). */
function registryCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Another process busy for more than this share of one core during a run spoils it: the machine is
 * shared, and only heavy work is kept apart by the lock. Such a run is repeated (and counted).
 */
const OTHERS_LIMIT = 0.1;
const ATTEMPTS = 4;
let repeated = 0;
let keptSpoiled = 0;

async function once<T extends Run>(script: string, args: string[]): Promise<T> {
  const before = { registry: registryCpuMs(registry.pid), machine: machineCpuMs() };
  const { stdout } = await execFileAsync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
    maxBuffer: 1 << 20,
  });
  const run = JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
  const registryMs = registryCpuMs(registry.pid) - before.registry;
  const othersMs = Math.max(0, machineCpuMs() - before.machine - registryMs - run.cpuMs);
  return { ...run, registryCpuMs: registryMs, othersCpuMs: othersMs };
}

/** One run in a fresh process, again while other processes were busy meanwhile (the last try is kept). */
async function child<T extends Run>(script: string, args: string[]): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const run = await once<T>(script, args);
    const spoiled = run.othersCpuMs > OTHERS_LIMIT * run.ms;
    if (!spoiled || attempt === ATTEMPTS) {
      if (spoiled) keptSpoiled++;
      return run;
    }
    repeated++;
  }
}

/** The layer file's bytes as a stream; with `otherHeader`, byte 4 flipped (see below). */
function layerStream(path: string, otherHeader: boolean): Readable {
  let first = true;
  return Readable.from(
    (async function* () {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        if (first && otherHeader) chunk[4]! ^= 1;
        first = false;
        yield chunk;
      }
    })(),
  );
}

/**
 * A layer pushed streamed (POST, then one PUT with ?digest=) rather than held: this process starts the
 * measured ones, and a child's ru_maxrss starts from its parent's.
 */
async function pushLayer(url: string, path: string, otherHeader: boolean): Promise<Described> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of layerStream(path, otherHeader) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  const start = await fetch(`${url}/v2/${REPO}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`POST upload: ${start.status} ${await start.text()}`);
  const upload = new URL(start.headers.get('location')!, url);
  upload.searchParams.set('digest', digest);
  const put = await fetch(upload, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: Readable.toWeb(layerStream(path, otherHeader)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (put.status !== 201) throw new Error(`PUT layer ${digest}: ${put.status} ${await put.text()}`);
  return { digest, size, mediaType: MediaType.dockerLayerGzip };
}

/** The judge of every diffID below: gzip and sha256sum, programs of their own. */
function gzipDiffId(path: string): string {
  const result = spawnSync('sh', ['-c', 'gzip -dc "$1" | sha256sum', 'sh', path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`gzip -dc | sha256sum failed: ${result.stderr}`);
  return `sha256:${result.stdout.split(' ')[0]}`;
}

const registry = await startRegistry({ schema1: true });
try {
  const diffId = gzipDiffId(file);
  // Byte 4 starts the gzip header's MTIME, which no decompressor checks: another blob, the same tar.
  const a = await pushLayer(registry.url, file, false);
  const b = await pushLayer(registry.url, file, true);
  for (const [tag, layers] of [
    ['one', [a]],
    ['two', [a, b]],
  ] as const) {
    const config = imageConfig({
      architecture: 'amd64',
      os: 'linux',
      history: layers.map((_, i) => ({ created: '2024-03-01T10:00:00Z', created_by: `/bin/sh -c #(nop) ADD layer-${i}.tar /` })),
      diffIDs: layers.map(() => diffId),
    });
    await pushBlob(registry.url, REPO, config);
    const manifest = schema2Manifest(config, layers);
    await pushManifest(registry.url, REPO, `${tag}-schema2`, manifest.bytes, manifest.mediaType);
    await storeRegistrySchema1(registry.url, REPO, `${tag}-schema2`, tag);
  }

  const blobUrl = `${registry.url}/v2/${REPO}/blobs/${a.digest}`;
  type Bare = Run & { diffId: string };
  type Rescue = Run & { diffIds: string[] };
  const figures = { bare: [] as Bare[], bareChunked: [] as Bare[], one: [] as Rescue[], two: [] as Rescue[] };
  for (let i = 0; i < runs; i++) {
    figures.bare.push(await child<Bare>('./bareDiffId.mjs', [blobUrl]));
    figures.bareChunked.push(await child<Bare>('./bareDiffId.mjs', [blobUrl, String(1 << 20)]));
    figures.one.push(await child<Rescue>('./rescueRun.mjs', [registry.host, REPO, 'one']));
    figures.two.push(await child<Rescue>('./rescueRun.mjs', [registry.host, REPO, 'two']));
  }
  const found = [...figures.bare, ...figures.bareChunked]
    .map((r) => r.diffId)
    .concat([...figures.one, ...figures.two].flatMap((r) => r.diffIds));
  const wrong = found.filter((d) => d !== diffId);
  if (wrong.length > 0) throw new Error(`diffIDs differ from gzip -dc | sha256sum (${diffId}): ${[...new Set(wrong)].join(', ')}`);
  process.stdout.write(
    `${JSON.stringify({ layerBytes: a.size, diffId, repeated, keptSpoiled, attempts: ATTEMPTS, othersLimit: OTHERS_LIMIT, ...figures })}\n`,
  );
} finally {
  await registry.stop();
}
