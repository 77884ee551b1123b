/**
 * manifest-lens audit against docker-registry 2.8 with schema 1 enabled, filled with every format and
 * the registry's own signed schema 1. The judges: what the test pushed (the counts), and the registry's
 * access log (every request the audit says it made, and no more).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary } from '../../shared/audit';
import { MediaType } from '../../shared/mediaTypes';
import { countByMethod, servedRequests } from '../support/accessLog';
import { REPO_ROOT } from '../support/app';
import { fillAuditRegistry, fillManyRepositories, type ExpectedTag } from '../support/auditImages';
import { cli } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { startRegistry, type RunningRegistry } from '../support/registry';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping audit integration tests: ${missingMessage('docker-registry')}`);

const summaryOf = (stdout: string) => JSON.parse(stdout) as AuditSummary;

function byType(tags: readonly ExpectedTag[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of tags) counts[t.mediaType] = (counts[t.mediaType] ?? 0) + 1;
  return counts;
}

describe.skipIf(!registryBinary)('audit against docker-registry', () => {
  let registry: RunningRegistry;
  let expected: ExpectedTag[];
  let dir: string;

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    expected = await fillAuditRegistry(registry.url);
    dir = await mkdtemp(join(tmpdir(), 'lens-audit-'));
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI and returns what it printed with the requests the registry logged meanwhile. */
  async function audited(...args: string[]) {
    const from = registry.logs().length;
    const run = await cli('audit', ...args);
    // The access log line is written as the answer completes; give the last one a moment.
    await sleep(100);
    return { run, logged: servedRequests(registry.logs().slice(from)) };
  }

  it('--json counts every tag by the type it serves, names the schema 1 tags, and counts its requests as the registry logged them', async () => {
    const { run, logged } = await audited(registry.host, '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run.stdout);
    const repositories = new Set(expected.map((t) => t.repository));
    expect(summary).toEqual({
      registry: registry.host,
      repositories: repositories.size,
      tags: expected.length,
      byMediaType: byType(expected),
      schema1: expect.any(Array) as unknown as string[],
      requests: { ...countByMethod(logged), token: 0 },
      complete: true,
    });
    expect([...summary.schema1].sort()).toEqual(['legacy/app:old-1.0', 'legacy/app:old-list']);
    // One HEAD per tag, one catalog page, one tags/list page per repository: every HEAD answered type and digest.
    expect(summary.requests).toEqual({ HEAD: expected.length, GET: 1 + repositories.size, token: 0 });
    // The full Accept list: nothing the audit asked for made the registry downgrade anything.
    expect(logged.filter((r) => r.method === 'HEAD').every((r) => r.status === 200)).toBe(true);
  });

  it('text output flags schema 1 as unpullable by Docker 27+ and containerd 2.1', async () => {
    const { run } = await audited(`${registry.host}/legacy`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Docker 27+ and containerd 2.1 cannot pull this');
    expect(run.stdout).toContain('legacy/app:old-1.0');
    expect(run.stdout).not.toContain('team/');
  });

  it('a prefix audits only the repositories under it (path components, not string prefixes)', async () => {
    const { run, logged } = await audited(`${registry.host}/team`, '--json');
    const summary = summaryOf(run.stdout);
    const team = expected.filter((t) => t.repository.startsWith('team/'));
    expect(summary.repositories).toBe(2);
    expect(summary.tags).toBe(team.length);
    expect(logged.some((r) => r.path.includes('/legacy/'))).toBe(false);
  });

  it('--deep reads lists and indexes and flags the one without linux/amd64; --output writes one row per tag', async () => {
    const output = join(dir, 'deep.csv');
    const { run, logged } = await audited(registry.host, '--json', '--deep', '--output', output);
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run.stdout);
    const bodies = expected.filter((t) => [MediaType.dockerList, MediaType.ociIndex, MediaType.ociManifest].includes(t.mediaType as never));
    expect(summary.requests).toEqual({ ...countByMethod(logged), token: 0 });
    expect(summary.requests.GET).toBe(1 + 3 + bodies.length);
    const lines = (await readFile(output, 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + expected.length);
    const arm = lines.find((l) => l.startsWith('team/arm,edge,'));
    expect(arm).toContain('no linux/amd64 image');
    expect(lines.filter((l) => l.includes('no linux/amd64'))).toHaveLength(1);
    await expect(stat(`${output}.partial`)).rejects.toThrow();
  });

  it('bad arguments exit 2 with one line', async () => {
    for (const args of [['alpine'], [registry.host, '--concurrency', '0'], [registry.host, '--output', join(dir, 'x.txt')]]) {
      const run = await cli('audit', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(1);
    }
  });
});

describe.skipIf(!registryBinary)('audit resumed after SIGKILL', () => {
  const REPOS = 30;
  const TAGS = 3;
  let registry: RunningRegistry;
  let dir: string;

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    await fillManyRepositories(registry.url, REPOS, TAGS);
    dir = await mkdtemp(join(tmpdir(), 'lens-audit-resume-'));
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function finishedIn(statePath: string): Promise<string[]> {
    try {
      return (JSON.parse(await readFile(statePath, 'utf8')) as { finished: string[] }).finished;
    } catch {
      return [];
    }
  }

  it('resumes without asking again for finished repositories, and the report holds every tag once', async () => {
    const statePath = join(dir, 'state.json');
    const output = join(dir, 'report.json');
    const args = ['audit', registry.host, '--state', statePath, '--output', output, '--max-rps', '40', '--json'];
    const code = "process.argv.splice(1, 0, 'manifest-lens'); const { main } = await import('./electron/cli/cli.ts'); await main();";
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const from = registry.logs().length;
    while ((await finishedIn(statePath)).length < REPOS / 3) await sleep(20);
    child.kill('SIGKILL');
    await exited;
    const finishedBefore = await finishedIn(statePath);
    expect(finishedBefore.length).toBeLessThan(REPOS);
    const firstRun = servedRequests(registry.logs().slice(from));

    const resumedFrom = registry.logs().length;
    const run = await cli(...args.filter((a) => a !== '--max-rps' && a !== '40'));
    await sleep(100);
    expect(run.code, run.stderr).toBe(0);
    const secondRun = servedRequests(registry.logs().slice(resumedFrom));
    const summary = summaryOf(run.stdout);
    expect(summary).toMatchObject({ repositories: REPOS, tags: REPOS * TAGS, schema1: [], complete: true });
    expect(summary.requests).toEqual({ ...countByMethod(secondRun), token: 0 });
    // Nothing of a repository the state called finished was asked for again.
    const finishedPaths = finishedBefore.map((repo) => `/v2/${repo}/`);
    expect(secondRun.filter((r) => finishedPaths.some((p) => r.path.startsWith(p)))).toEqual([]);
    // Repeated: the catalog page and the repositories in progress at the kill, within 10% of one audit's requests.
    const all = REPOS * TAGS + REPOS + 1;
    const repeated = firstRun.length + secondRun.length - all;
    expect(repeated).toBeLessThanOrEqual(all / 10);
    const rows = JSON.parse(await readFile(output, 'utf8')) as Array<{ repository: string; tag: string }>;
    expect(new Set(rows.map((r) => `${r.repository}:${r.tag}`)).size).toBe(REPOS * TAGS);
    expect(rows).toHaveLength(REPOS * TAGS);
  }, 60_000);
});
