/**
 * One audit of TAGS synthetic tags (a loopback server that generates them, in this process, keeping
 * nothing), with the report streamed to a file, in a process of its own so that its peak RSS is the
 * audit's (and the small server's). Prints one JSON line.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runAudit } from '../../electron/core/audit/audit';
import { createCore } from '../../electron/core/handlers';
import { startSyntheticRegistry } from '../../test/support/syntheticRegistry';

const repositories = Number(process.argv[2] ?? 10);
const tagsPerRepository = Number(process.argv[3] ?? 10_000);
const server = await startSyntheticRegistry({ repositories, tagsPerRepository, pageSize: 1000 }, false);
const core = createCore({ mode: 'browser' });
const dir = await mkdtemp(join(tmpdir(), 'lens-audit-bench-'));
try {
  const output = join(dir, 'report.csv');
  const start = performance.now();
  const { summary } = await runAudit(core.clientFor({ registry: server.host, repository: '', tag: null, digest: null }), {
    registry: server.host,
    prefix: '',
    output,
  });
  const ms = performance.now() - start;
  const reportBytes = (await stat(output)).size;
  const requests = summary.requests.GET + summary.requests.HEAD + summary.requests.token;
  process.stdout.write(
    `${JSON.stringify({ tags: summary.tags, repositories: summary.repositories, requests, ms, reportBytes, peakRssKb: process.resourceUsage().maxRSS })}\n`,
  );
} finally {
  await core.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
