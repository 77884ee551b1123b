/**
 * An audit of a registry behind token auth (docker-registry auth.token and the test token server) whose
 * catalog is closed to the audit's token: the named repository is audited on its own, and the summary's
 * token count is what the token server recorded, its GET and HEAD counts what the registry logged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary } from '../../shared/audit';
import { countByMethod, servedRequests } from '../support/accessLog';
import { cli } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startTokenServer, type RunningTokenServer } from '../support/tokenServer';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping the token-auth audit test: ${missingMessage('docker-registry')}`);

const REPO = 'lens/private';

describe.skipIf(!registryBinary)('audit behind token auth', () => {
  let dir: string;
  let tokens: RunningTokenServer;
  let registry: RunningRegistry;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-audit-token-'));
    // Anyone may pull any repository; nobody is granted the catalog (registry:catalog:*).
    tokens = await startTokenServer({ dir, users: {}, anonymous: { '*': ['pull'] } });
    registry = await startRegistry({ auth: tokens.registryAuth() });
    const fixture = {
      authorization: `Bearer ${await tokens.mint('fixture', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}`,
    };
    const image = sampleImage('private', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, fixture);
    for (const tag of ['1', '2', '3']) await pushManifest(registry.url, REPO, tag, image.manifest.bytes, image.manifest.mediaType, fixture);
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('audits the named repository when the catalog is refused, and counts token requests as the token server saw them', async () => {
    const from = registry.logs().length;
    const tokensBefore = tokens.requests.length;
    const run = await cli('audit', `${registry.host}/${REPO}`, '--json', '--ca-file', tokens.certFile);
    await sleep(100);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as AuditSummary;
    expect(summary).toMatchObject({ repositories: 1, tags: 3, schema1: [], complete: true });
    const logged = servedRequests(registry.logs().slice(from));
    expect(summary.requests).toEqual({ ...countByMethod(logged), token: tokens.requests.length - tokensBefore });
    expect(summary.requests.HEAD).toBe(3);
    // One token for the repository, reused for every tag: not one per request.
    expect(tokens.requests.slice(tokensBefore).filter((r) => r.scopes.some((s) => s.startsWith('repository:')))).toHaveLength(1);
  });
});
