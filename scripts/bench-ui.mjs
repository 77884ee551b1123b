// The UI figures, run by `npm run bench` after the conversion figures, or alone:
// `node scripts/bench-ui.mjs` (after `npm run build`; needs docker-registry and chromium).
// 1. The renderer's initial JavaScript, raw and gzipped, with Monaco split out (read from the build).
// 2. Timings in chromium (scripts/bench/ui.bench.ts): response → side by side painted for a 127-layer
//    image and a 500-entry index (≤ 250 ms), opening a diff (≤ 300 ms), first load (≤ 1.5 s); and for
//    context the hardest diff, and the longest main-thread tasks with a 500-entry index and a 1 MiB config.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const RENDERER = 'dist/renderer';
const REPORT = 'test-results/bench-ui.json';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (!existsSync(join(RENDERER, 'index.html'))) {
  process.stderr.write('The renderer is not built: run `npm run build` first.\n');
  process.exit(2);
}

// What index.html loads before anything else: its module script and the chunks it preloads.
const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
const assets = readdirSync(join(RENDERER, 'assets')).filter((f) => f.endsWith('.js'));
const sizeOf = (file) => {
  const bytes = readFileSync(join(RENDERER, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const sum = (files) => files.map(sizeOf).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
const initialSize = sum(initial);
const lazy = assets.map((f) => `assets/${f}`).filter((f) => !initial.includes(f));
const lazySize = sum(lazy);

process.stdout.write('\n== Renderer JavaScript (Monaco split out)\n');
process.stdout.write(`initial: ${initial.join(', ')}: ${kb(initialSize.raw)} raw, ${kb(initialSize.gzip)} gzip\n`);
process.stdout.write(
  `loaded on first use (Monaco, its worker, the editors): ${lazy.length} files, ${kb(lazySize.raw)} raw, ${kb(lazySize.gzip)} gzip\n`,
);

process.stdout.write('\n== UI timings in chromium against docker-registry\n');
rmSync(REPORT, { force: true });
const run = spawnSync('npx', ['playwright', 'test', '-c', 'scripts/bench/playwright.ui.config.ts'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (run.status !== 0 || !existsSync(REPORT)) {
  process.stderr.write('The UI benchmark failed; see its output above.\n');
  process.exit(1);
}
const { runs, figures } = JSON.parse(readFileSync(REPORT, 'utf8'));
const width = Math.max(...figures.map((f) => f.what.length));
process.stdout.write(`\n${'figure'.padEnd(width)}  median     p95  target\n`);
for (const f of figures) {
  const target = f.target === null ? '(context)' : `≤ ${f.target} ms ${f.median <= f.target ? 'ok' : 'MISSED'}`;
  process.stdout.write(
    `${f.what.padEnd(width)}  ${`${f.median.toFixed(0)} ms`.padStart(7)} ${`${f.p95.toFixed(0)} ms`.padStart(7)}  ${target}\n`,
  );
}
process.stdout.write(
  `(${runs} runs each; load average at the end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${statSync('/proc/cpuinfo').isFile() ? readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length : '?'} CPUs)\n`,
);
