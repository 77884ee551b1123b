// The request figures, run by `npm run bench`, or alone: `node scripts/bench-requests.mjs` (needs
// docker-registry and skopeo). Each workload's requests as docker-registry's access log and the token
// server counted them, beside `skopeo inspect` of the same image in the same run
// (scripts/bench/requests.ts), and the negotiation matrix's wall time against one HEAD (≤ 1.5×), both
// through a relay that adds a network's latency to each request.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './bench/bundle.mjs';

const MATRIX_TARGET = 1.5;

const dir = await mkdtemp(join(tmpdir(), 'manifest-lens-bench-requests-'));
try {
  await bundleForNode({ requests: 'scripts/bench/requests.ts' }, dir);
  const run = spawnSync(process.execPath, [join(dir, 'requests.mjs')], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) {
    process.stderr.write(`The request benchmark failed:\n${run.stderr}`);
    process.exit(1);
  }
  const { figures, timing } = JSON.parse(run.stdout.trim().split('\n').at(-1));
  const count = (c) => (c === null ? '—' : `${c.gets} GET ${c.heads} HEAD ${c.challenges} 401 ${c.tokens} token`);
  const width = Math.max(...figures.map((f) => `${f.registry}: ${f.workload}`.length));
  process.stdout.write('\n== Requests per workload (docker-registry access log, token server), beside skopeo inspect\n');
  process.stdout.write(`${'workload'.padEnd(width)}  ${'manifest-lens'.padEnd(30)}  skopeo inspect\n`);
  for (const f of figures)
    process.stdout.write(`${`${f.registry}: ${f.workload}`.padEnd(width)}  ${count(f.ours).padEnd(30)}  ${count(f.skopeo)}\n`);
  const ratio = timing.matrixMs / timing.oneHeadMs;
  process.stdout.write(
    `negotiation matrix (${timing.addedLatencyMs} ms added to each request): ${timing.matrixMs.toFixed(1)} ms, one HEAD ${timing.oneHeadMs.toFixed(1)} ms: ${ratio.toFixed(2)}× (target ≤ ${MATRIX_TARGET}×) ${ratio <= MATRIX_TARGET ? 'ok' : 'MISSED'}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
