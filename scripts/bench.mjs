// `npm run bench`: the conversion engine's figures.
// 1. Every convertImage route on a 127-layer image and a 500-entry list and index, in process: median
//    and p95 against the targets (5 ms and 50 ms).
// 2. diffID throughput on a ~200 MB gzip layer (generated once, deterministic, compressible) against
//    `gzip -dc | sha256sum` in the same run, and the peak RSS of the process computing it (≤ 150 MB).
// 3. Requests per workload beside skopeo's (scripts/bench-requests.mjs), then the UI (scripts/bench-ui.mjs).
// 4. An audit of 100,000 synthetic tags (a loopback server generating them) streamed to a report: wall
//    time, requests per tag and peak RSS (≤ 200 MB).
// `npm run bench -- --only audit` runs only the audit.
// The TypeScript entries under scripts/bench/ are bundled with esbuild and run by plain node, so no
// loader is counted in the memory figure.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { bundleForNode } from './bench/bundle.mjs';

const LAYER_BYTES = 200 * 1024 * 1024;
const LAYER_FILE = join(tmpdir(), 'manifest-lens-bench', `layer-${LAYER_BYTES}-v1.tar.gz`);
const DIFFID_RUNS = 3;
const TARGETS = { throughputRatio: 0.9, peakRssMb: 150, auditPeakRssMb: 200 };
const AUDIT_SHAPE = { repositories: 10, tagsPerRepository: 10_000 };
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

const mb = (bytes) => bytes / (1024 * 1024);
const fixed = (n, digits = 2) => n.toFixed(digits);

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

async function ensureLayer() {
  if (existsSync(LAYER_FILE)) return;
  mkdirSync(join(tmpdir(), 'manifest-lens-bench'), { recursive: true });
  process.stdout.write(`Generating the ${mb(LAYER_BYTES)} MB gzip layer once (${LAYER_FILE})...\n`);
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
}

function runJson(file, args = []) {
  const result = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

function gzipSha256(file) {
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', 'gzip -dc "$1" | sha256sum', 'sh', file], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`gzip -dc | sha256sum failed: ${result.stderr}`);
  return { ms, diffId: `sha256:${result.stdout.split(' ')[0]}` };
}

function verdict(ok) {
  return ok ? 'ok' : 'MISSED';
}

const dir = await mkdtemp(join(tmpdir(), 'manifest-lens-bench-'));
try {
  await bundleForNode(
    { conversions: 'scripts/bench/conversions.ts', diffIdRun: 'scripts/bench/diffIdRun.ts', auditRun: 'scripts/bench/auditRun.ts' },
    dir,
  );

  process.stdout.write('\n== Audit of synthetic tags (loopback server, report streamed to a file)\n');
  const audit = runJson(join(dir, 'auditRun.mjs'), [String(AUDIT_SHAPE.repositories), String(AUDIT_SHAPE.tagsPerRepository)]);
  const auditRssMb = audit.peakRssKb / 1024;
  process.stdout.write(
    `${audit.tags} tags in ${audit.repositories} repositories: ${fixed(audit.ms / 1000, 1)} s (${fixed(audit.tags / (audit.ms / 1000), 0)} tags/s), ` +
      `${fixed(audit.requests / audit.tags, 3)} requests per tag, report ${fixed(mb(audit.reportBytes), 1)} MB\n`,
  );
  process.stdout.write(
    `audit peak RSS: ${fixed(auditRssMb, 1)} MB (target ≤ ${TARGETS.auditPeakRssMb} MB) ${verdict(auditRssMb <= TARGETS.auditPeakRssMb)}\n`,
  );

  if (only !== 'audit') {
    process.stdout.write('\n== Conversions in process (convertImage on sources in memory)\n');
    const conversions = runJson(join(dir, 'conversions.mjs'));
    const width = Math.max(...conversions.results.map((r) => r.route.length));
    process.stdout.write(`${'route'.padEnd(width)}  median ms   p95 ms  target\n`);
    for (const r of conversions.results) {
      const target = r.target === null ? '(context)' : `≤ ${r.target} ms ${verdict(r.p95Ms <= r.target)}`;
      process.stdout.write(`${r.route.padEnd(width)}  ${fixed(r.medianMs, 3).padStart(9)} ${fixed(r.p95Ms, 3).padStart(8)}  ${target}\n`);
    }
    const judged = (target) => conversions.results.filter((r) => r.target === target);
    const worst = (target, of) => Math.max(...judged(target).map((r) => r[of]));
    const within = (target, of) => judged(target).filter((r) => r[of] <= target).length;
    process.stdout.write(
      `(${conversions.results[0].runs} runs each; sizes: schema 2 ${conversions.sizes.schema2} B, schema 1 ${conversions.sizes.schema1} B, list ${conversions.sizes.list} B, index ${conversions.sizes.index} B)\n`,
    );

    process.stdout.write('\n== diffID throughput\n');
    await ensureLayer();
    const size = statSync(LAYER_FILE).size;
    const ours = [];
    const theirs = [];
    for (let i = 0; i < DIFFID_RUNS; i++) {
      theirs.push(gzipSha256(LAYER_FILE));
      ours.push(runJson(join(dir, 'diffIdRun.mjs'), [LAYER_FILE]));
    }
    if (ours.some((o) => o.diffId !== theirs[0].diffId))
      throw new Error(`diffIDs differ: ours ${ours.map((o) => o.diffId)}, gzip -dc | sha256sum ${theirs[0].diffId}`);
    const best = (runs) => Math.min(...runs.map((r) => r.ms));
    const ratio = best(theirs) / best(ours);
    const peakRssMb = Math.max(...ours.map((o) => o.peakRssKb)) / 1024;
    process.stdout.write(`layer: ${fixed(mb(size), 1)} MB gzip, diffID ${theirs[0].diffId} (both agree)\n`);
    process.stdout.write(
      `gzip -dc | sha256sum: best ${fixed(best(theirs), 0)} ms of ${DIFFID_RUNS} (${fixed(mb(size) / (best(theirs) / 1000), 1)} MB/s compressed)\n`,
    );
    process.stdout.write(
      `computeDiffId:        best ${fixed(best(ours), 0)} ms of ${DIFFID_RUNS} (${fixed(mb(size) / (best(ours) / 1000), 1)} MB/s compressed)\n`,
    );

    process.stdout.write('\n== Summary\n');
    for (const [what, target] of [
      ['127-layer image', 5],
      ['500-entry list/index', 50],
    ]) {
      const n = judged(target).length;
      process.stdout.write(
        `${what}: ${within(target, 'medianMs')}/${n} routes within ${target} ms by median, ${within(target, 'p95Ms')}/${n} by p95; worst median ${fixed(worst(target, 'medianMs'), 3)} ms, worst p95 ${fixed(worst(target, 'p95Ms'), 3)} ms ${verdict(worst(target, 'p95Ms') <= target)}\n`,
      );
    }
    process.stdout.write(
      `diffID throughput vs gzip -dc | sha256sum: ${fixed(ratio)}x (target ≥ ${TARGETS.throughputRatio}x) ${verdict(ratio >= TARGETS.throughputRatio)}\n`,
    );
    process.stdout.write(
      `diffID peak RSS: ${fixed(peakRssMb, 1)} MB (target ≤ ${TARGETS.peakRssMb} MB) ${verdict(peakRssMb <= TARGETS.peakRssMb)}\n`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

// The request figures beside skopeo's (scripts/bench-requests.mjs), then the UI figures: initial
// JavaScript size and timings in chromium (scripts/bench-ui.mjs).
for (const part of only === 'audit' ? [] : ['scripts/bench-requests.mjs', 'scripts/bench-ui.mjs']) {
  const run = spawnSync(process.execPath, [part], { stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}
