/**
 * The calls behind the UI's Audit view, made through the handler table as the renderer makes them,
 * against docker-registry 2.8 with schema 1 enabled: an audit kept under an auditId, its rows paged and
 * filtered from the report on disk, paused (a cancel) and resumed without asking again for finished
 * repositories, exported as the CLI's report, and a rescue of chosen images only. The judges: what the
 * test pushed, the registry's access log, and what the registry serves afterwards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderDestinations } from '../../electron/core/export/destinations';
import { createCore, type Core } from '../../electron/core/handlers';
import type { ResultOf } from '../../shared/api';
import type { TagKind, TagRow } from '../../shared/auditReport';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../../shared/mediaTypes';
import { accessCounter, servedRequests } from '../support/accessLog';
import { fillAuditRegistry, fillManyRepositories, type ExpectedTag } from '../support/auditImages';
import { findComponent, missingMessage } from '../support/components';
import { requestManifest } from '../support/registryHttp';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { call } from '../support/uiCalls';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping the audit UI call tests: ${missingMessage('docker-registry')}`);

/** What the audit (without --deep) calls each media type the test pushed. */
const KIND: Record<string, TagKind> = {
  [MediaType.dockerSchema1Signed]: 'schema1-signed',
  [MediaType.dockerSchema2]: 'schema2',
  [MediaType.dockerList]: 'manifest-list',
  [MediaType.ociManifest]: 'oci-manifest',
  [MediaType.ociIndex]: 'oci-index',
};

async function failure(core: Core, name: 'auditRows' | 'rescue' | 'audit', args: unknown) {
  const envelope = await core.dispatch(name, args);
  if (envelope.ok) throw new Error(`${name} succeeded`);
  return envelope.error;
}

async function allRows(core: Core, auditId: string, limit: number): Promise<TagRow[]> {
  const rows: TagRow[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await call(core, 'auditRows', { auditId, offset, limit });
    rows.push(...page.rows);
    if (page.rows.length < limit) return rows;
  }
}

describe.skipIf(!registryBinary)('the Audit view’s calls against docker-registry', () => {
  let registry: RunningRegistry;
  let expected: ExpectedTag[];
  let core: Core;
  let dir: string;
  const auditId = 'ui-audit-1';

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    expected = await fillAuditRegistry(registry.url);
    dir = await mkdtemp(join(tmpdir(), 'lens-audit-ui-'));
    core = createCore({ mode: 'browser', destinations: folderDestinations(join(dir, 'exports')), auditDir: dir });
    await call(core, 'audit', { target: registry.host, auditId });
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pages every row the audit found, each tag once with the kind of what the test pushed, in pages of at most 500', async () => {
    const rows = await allRows(core, auditId, 3);
    expect(rows.map((r) => `${r.repository}:${r.tag} ${r.kind}`).sort()).toEqual(
      expected.map((t) => `${t.repository}:${t.tag} ${KIND[t.mediaType]}`).sort(),
    );
    const page = await call(core, 'auditRows', { auditId, limit: 500 });
    expect(page).toMatchObject({ target: registry.host, total: expected.length, matching: expected.length, complete: true });
    const byKind: Record<string, number> = {};
    for (const t of expected) byKind[KIND[t.mediaType]!] = (byKind[KIND[t.mediaType]!] ?? 0) + 1;
    expect(page.byKind).toEqual(byKind);
    expect((await failure(core, 'auditRows', { auditId, limit: 501 })).code).toBe('USAGE');
    expect((await failure(core, 'auditRows', { auditId, offset: -1 })).code).toBe('USAGE');
    expect((await failure(core, 'auditRows', { auditId: 'never-started' })).message).toContain('No audit never-started');
  });

  it('filters by kind and by problems: the schema 1 rows say Docker 27+ and containerd 2.1 cannot pull them', async () => {
    const schema1 = await call(core, 'auditRows', { auditId, kind: 'schema1-signed' });
    expect(schema1.rows.map((r) => `${r.repository}:${r.tag}`).sort()).toEqual(['legacy/app:old-1.0', 'legacy/app:old-list']);
    expect(schema1.matching).toBe(2);
    expect(schema1.rows.every((r) => r.flags.includes('Docker 27+ and containerd 2.1 cannot pull this'))).toBe(true);
    const problems = await call(core, 'auditRows', { auditId, problemsOnly: true });
    // Without --deep only schema 1 is a problem: the arm64-only index is flagged only when read.
    expect(problems.matching).toBe(2);
    expect(problems.problems).toBe(2);
    const index = await call(core, 'auditRows', { auditId, kind: 'oci-index', offset: 1, limit: 1 });
    expect(index.matching).toBe(expected.filter((t) => t.mediaType === MediaType.ociIndex).length);
    expect(index.rows).toHaveLength(1);
  });

  it('exports the rows as the CLI’s report: CSV with one line per tag, JSON parseable as an array', async () => {
    const csv = await call(core, 'exportAudit', { auditId, format: 'csv' });
    expect(csv.path.startsWith(join(dir, 'exports'))).toBe(true);
    expect(csv.path.endsWith('.csv')).toBe(true);
    const lines = (await readFile(csv.path, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('repository,tag,kind,mediaType,digest,status,flags');
    expect(lines).toHaveLength(1 + expected.length);
    expect(csv.rows).toBe(expected.length);
    const json = await call(core, 'exportAudit', { auditId, format: 'json' });
    expect((JSON.parse(await readFile(json.path, 'utf8')) as TagRow[]).length).toBe(expected.length);
    expect(json.size).toBe((await readFile(json.path)).length);
  });

  it('rescues only the images chosen, skips one that is not schema 1, and audits their rows again', async () => {
    const counter = accessCounter(registry);
    const target = registry.host;
    const outside = await failure(core, 'rescue', {
      target: `${target}/team`,
      to: 'v2s2',
      tagSuffix: null,
      images: ['legacy/app:old-1.0'],
    });
    expect(outside.code).toBe('USAGE');
    const tooMany = Array.from({ length: 501 }, (_, i) => `legacy/app:t${i}`);
    expect((await failure(core, 'rescue', { target, to: 'v2s2', tagSuffix: null, images: tooMany })).code).toBe('USAGE');
    expect((await failure(core, 'rescue', { target, to: 'v2s2', tagSuffix: null, images: ['not a tag'] })).code).toBe('USAGE');
    await counter.take();

    const report: ResultOf<'rescue'> = await call(core, 'rescue', {
      target,
      to: 'v2s2',
      tagSuffix: null,
      images: ['legacy/app:old-1.0', 'legacy/app:schema2'],
      auditId,
    });
    const logged = await counter.take();
    expect(report.images.map((e) => [e.image, e.outcome])).toEqual([
      ['legacy/app:old-1.0', 'rescued'],
      ['legacy/app:schema2', 'skipped'],
    ]);
    expect(report.images[1]!.reason).toContain(`it serves ${MediaType.dockerSchema2}, not schema 1`);
    // No walk: no catalog, no tag list, nothing of the schema 1 tag left out of the selection.
    expect(logged.filter((r) => r.path.startsWith('/v2/_catalog') || r.path.includes('/tags/list'))).toEqual([]);
    expect(logged.filter((r) => r.path.includes('old-list'))).toEqual([]);
    const served = await requestManifest(registry.url, 'legacy/app', 'old-1.0', MANIFEST_MEDIA_TYPES, 'HEAD');
    expect(served.contentType).toBe(MediaType.dockerSchema2);
    expect(served.digest).toBe(report.images[0]!.to!.digest);
    // The row was audited again: it now says what the tag serves.
    const row = (await allRows(core, auditId, 500)).find((r) => r.tag === 'old-1.0')!;
    expect(row).toMatchObject({ kind: 'schema2', mediaType: MediaType.dockerSchema2, digest: served.digest, flags: [] });
    expect((await call(core, 'auditRows', { auditId, kind: 'schema1-signed' })).matching).toBe(1);
  });
});

describe.skipIf(!registryBinary)('an audit paused and resumed through the calls', () => {
  const REPOS = 30;
  const TAGS = 3;
  let registry: RunningRegistry;
  let dir: string;
  let core: Core;

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    await fillManyRepositories(registry.url, REPOS, TAGS);
    dir = await mkdtemp(join(tmpdir(), 'lens-audit-ui-pause-'));
    core = createCore({ mode: 'browser', auditDir: dir });
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a cancel keeps what is finished; the same call again asks nothing of the finished repositories', async () => {
    const auditId = 'paused';
    const from = registry.logs().length;
    const first = core.dispatch('audit', { target: registry.host, auditId, requestId: 'run-1', maxRps: 40 });
    for (;;) {
      const { progress } = await call(core, 'progress', { requestId: 'run-1' });
      if ((progress?.audit?.repositoriesDone ?? 0) >= 5) break;
      await sleep(20);
    }
    await call(core, 'cancel', { requestId: 'run-1' });
    const paused = await first;
    expect(paused.ok ? null : paused.error.code).toBe('CANCELLED');
    const page = await call(core, 'auditRows', { auditId });
    expect(page.complete).toBe(false);
    expect(page.total % TAGS).toBe(0);
    const finished = [...new Set(page.rows.map((r) => r.repository))];
    expect(finished.length).toBe(page.total / TAGS);
    expect(finished.length).toBeGreaterThanOrEqual(5);
    expect(finished.length).toBeLessThan(REPOS);
    await sleep(100);
    const firstRun = servedRequests(registry.logs().slice(from));

    const resumedFrom = registry.logs().length;
    const summary = await call(core, 'audit', { target: registry.host, auditId, requestId: 'run-2' });
    await sleep(100);
    const secondRun = servedRequests(registry.logs().slice(resumedFrom));
    expect(summary).toMatchObject({ repositories: REPOS, tags: REPOS * TAGS, complete: true });
    expect(secondRun.filter((r) => finished.some((repo) => r.path.startsWith(`/v2/${repo}/`)))).toEqual([]);
    const all = REPOS * TAGS + REPOS + 1;
    expect(firstRun.length + secondRun.length - all).toBeLessThanOrEqual(all / 10);
    const rows = (await call(core, 'auditRows', { auditId, limit: 500 })).rows;
    expect(rows).toHaveLength(REPOS * TAGS);
    expect(new Set(rows.map((r) => `${r.repository}:${r.tag}`)).size).toBe(REPOS * TAGS);
  }, 60_000);
});
