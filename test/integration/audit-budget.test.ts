/**
 * The audit's request budget, judged by a loopback registry of our own that records when each request
 * arrives: a 429 with Retry-After stops every worker for that long, --max-rps spaces request starts,
 * Docker Hub's RateLimit headers are read and reported, and catalog and tag pages are followed through
 * their Link headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../electron/cli/cli';
import { createCore } from '../../electron/core/handlers';
import { REPO_ROOT } from '../support/app';
import { cli } from '../support/cli';
import { startSyntheticRegistry, SYNTHETIC_DIGEST, type SyntheticRegistry } from '../support/syntheticRegistry';

let server: SyntheticRegistry | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const summaryOf = (stdout: string) => JSON.parse(stdout) as { repositories: number; tags: number; requests: Record<string, number> };

describe('audit request budget', () => {
  it('follows Link pagination of the catalog and of tags/list: every tag once, one request per page', async () => {
    server = await startSyntheticRegistry({ repositories: 7, tagsPerRepository: 5, pageSize: 3 });
    const run = await cli('audit', server.host, '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary.repositories).toBe(7);
    expect(summary.tags).toBe(35);
    const catalogPages = 3; // 7 names, 3 a page
    const tagPages = 7 * 2; // 5 tags, 3 a page
    expect(summary.requests).toEqual({ GET: catalogPages + tagPages, HEAD: 35, token: 0 });
    expect(server.arrivals.filter((a) => a.method !== 'GET' || a.path !== '/v2/').length).toBe(catalogPages + tagPages + 35);
  });

  it('a 429 with Retry-After pauses every worker for that long, then the audit finishes', async () => {
    let answeredAt = 0;
    let heads = 0;
    server = await startSyntheticRegistry({
      repositories: 1,
      tagsPerRepository: 120,
      pageSize: 200,
      intercept: (req, res) => {
        // Not the first HEAD: by the 16th every worker's connection is open, so nothing is slow to leave.
        if (req.method !== 'HEAD' || ++heads !== 16) return false;
        answeredAt = Date.now();
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
        return true;
      },
    });
    // Paced, so that without the pause the tags after the 429 would arrive during the second it asked for.
    const run = await cli('audit', server.host, '--json', '--concurrency', '8', '--max-rps', '100');
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary.tags).toBe(120);
    expect(summary.requests.HEAD).toBe(121);
    // Between 50 ms after the 429 (requests already on their way) and the second it asked for: nothing.
    const early = server.arrivals.filter((a) => a.at > answeredAt + 50 && a.at < answeredAt + 950);
    expect(early).toEqual([]);
    expect(run.stderr).toContain('429 Too Many Requests 1 time(s)');
  });

  it('--max-rps spaces request starts: no second holds more than N', async () => {
    server = await startSyntheticRegistry({ repositories: 1, tagsPerRepository: 24, pageSize: 100 });
    const run = await cli('audit', server.host, '--json', '--max-rps', '10');
    expect(run.code, run.stderr).toBe(0);
    // 10 intervals of 100 ms; arrival lags by a few ms each way (connections opening, a busy machine).
    const times = server.arrivals.filter((a) => a.path !== '/v2/').map((a) => a.at);
    expect(times).toHaveLength(26);
    for (let i = 0; i + 10 < times.length; i++) expect(times[i + 10]! - times[i]!).toBeGreaterThanOrEqual(900);
  });

  it("reads Docker Hub's RateLimit headers and says what is left, and that HEADs are not counted", async () => {
    server = await startSyntheticRegistry({
      repositories: 1,
      tagsPerRepository: 2,
      pageSize: 100,
      manifestHeaders: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600', 'docker-ratelimit-source': '203.0.113.7' },
    });
    const run = await cli('audit', server.host);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(
      "Pull limit: 76 per 21600 s left of 100 per 21600 s for 203.0.113.7; the audit's HEADs do not count against it, its GETs do.",
    );
  });

  it('a progress line goes to a terminal only: repositories done/total, tags/s, ETA; a pipe gets none', async () => {
    server = await startSyntheticRegistry({ repositories: 4, tagsPerRepository: 3, pageSize: 100 });
    const lines: Array<string | null> = [];
    // Paced (about 0.8 s), so that redraws, at most one each 100 ms, see repositories finish.
    const code = await runCli(['audit', server.host, '--max-rps', '20'], {
      stdout: () => undefined,
      stderr: () => undefined,
      progress: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    expect(lines[0]).toBe('audit: 0/4 repositories, 0 tags, 0 tags/s');
    expect(lines.some((l) => l !== null && /^audit: [1-3]\/4 repositories, \d+ tags, \d+ tags\/s, ETA \d+ s$/.test(l))).toBe(true);
    expect(lines.length).toBeLessThan(16);
    // The line is cleared before the summary is printed.
    expect(lines.at(-1)).toBeNull();
    const main = "process.argv.splice(1, 0, 'manifest-lens'); const { main } = await import('./electron/cli/cli.ts'); await main();";
    const piped = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', main, 'audit', server.host],
      {
        cwd: REPO_ROOT,
      },
    );
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toContain('4 repositories, 12 tags');
  });

  it('streams a repository of many tags: each tags/list page is asked for only once the tags of the one before are handed out', async () => {
    server = await startSyntheticRegistry({ repositories: 1, tagsPerRepository: 5000, pageSize: 1000 });
    const rows: string[] = [];
    const run = await runCli(['audit', server.host, '--json', '--concurrency', '4'], {
      stdout: (t) => rows.push(t),
      stderr: () => undefined,
    });
    expect(run).toBe(0);
    expect(JSON.parse(rows[0]!)).toMatchObject({ tags: 5000, requests: { GET: 1 + 5, HEAD: 5000 } });
    const order = server.arrivals
      .filter((a) => a.path !== '/v2/' && a.path !== '/v2/_catalog')
      .map((a) => (a.path.endsWith('/tags/list') ? 'page' : 'head'));
    // Page k+1 is asked for after HEADs of page k went out and before any of page k+1's: never the whole list up front.
    const pages = order.flatMap((kind, i) => (kind === 'page' ? [i] : []));
    expect(pages).toHaveLength(5);
    for (let k = 1; k < 5; k++) {
      const headsBefore = order.slice(0, pages[k]).filter((kind) => kind === 'head').length;
      expect(headsBefore).toBeGreaterThan(1000 * (k - 1));
      expect(headsBefore).toBeLessThanOrEqual(1000 * k);
    }
  });

  it("the handler table's audit call gives the CLI's summary, shows progress under its requestId, and cancel stops it", async () => {
    server = await startSyntheticRegistry({ repositories: 20, tagsPerRepository: 10, pageSize: 100 });
    const core = createCore({ mode: 'browser' });
    try {
      const seen: unknown[] = [];
      const running = core.dispatch('audit', { target: server.host, maxRps: 200, requestId: 'a1' });
      const poll = setInterval(() => void core.dispatch('progress', { requestId: 'a1' }).then((e) => e.ok && seen.push(e.value)), 50);
      const envelope = await running;
      clearInterval(poll);
      expect(envelope).toMatchObject({ ok: true, value: { registry: server.host, repositories: 20, tags: 200, complete: true } });
      const views = seen.flatMap((v) => {
        const p = (v as { progress: { audit?: { repositoriesDone: number; repositoriesTotal: number } } | null }).progress;
        return p?.audit ? [p.audit] : [];
      });
      expect(views.length).toBeGreaterThan(0);
      expect(views.every((a) => a.repositoriesTotal === 20 && a.repositoriesDone <= 20)).toBe(true);
      // Cleared once the audit answered.
      expect(await core.dispatch('progress', { requestId: 'a1' })).toEqual({ ok: true, value: { progress: null } });

      const cancelled = core.dispatch('audit', { target: server.host, maxRps: 50, requestId: 'a2' });
      await new Promise((r) => setTimeout(r, 200));
      await core.dispatch('cancel', { requestId: 'a2' });
      expect(await cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });

      expect(await core.dispatch('audit', { target: 'alpine' })).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    } finally {
      await core.close();
    }
  });

  it('GETs a tag only when its HEAD lacks the digest, and takes the digest from the body', async () => {
    server = await startSyntheticRegistry({ repositories: 1, tagsPerRepository: 4, pageSize: 100, headWithoutDigest: true });
    const output = join(await mkdtemp(join(tmpdir(), 'lens-audit-get-')), 'rows.json');
    const run = await cli('audit', server.host, '--json', '--output', output);
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run.stdout).requests).toEqual({ GET: 1 + 1 + 4, HEAD: 4, token: 0 });
    const rows = JSON.parse(await readFile(output, 'utf8')) as Array<{ digest: string; status: number }>;
    expect(rows.map((r) => r.digest)).toEqual(Array(4).fill(SYNTHETIC_DIGEST));
    await rm(dirname(output), { recursive: true });
  });

  it('a repository whose tags are refused gets one row saying why, and the audit goes on', async () => {
    server = await startSyntheticRegistry({
      repositories: 3,
      tagsPerRepository: 2,
      pageSize: 100,
      intercept: (req, res) => {
        if (!req.url?.startsWith('/v2/synthetic/r000001/tags/list')) return false;
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}');
        return true;
      },
    });
    const output = join(await mkdtemp(join(tmpdir(), 'lens-audit-denied-')), 'rows.csv');
    const run = await cli('audit', server.host, '--json', '--output', output);
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ repositories: 3, tags: 4 });
    const lines = (await readFile(output, 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines.find((l) => l.startsWith('synthetic/r000001,'))).toMatch(
      /^synthetic\/r000001,,unknown,,,0,its tags could not be listed: .*403 Forbidden: DENIED/,
    );
    await rm(dirname(output), { recursive: true });
  });
});
