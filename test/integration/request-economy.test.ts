/**
 * How many requests each workload costs, counted by docker-registry's own access log: an Inspect as the
 * UI makes it (the inspection by tag, then the image details and the default format panes by the digest
 * it answered), the same Inspect again, a manifest list, and the CLI, with and without token auth.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCounter, describeRequests } from '../support/accessLog';
import { cli } from '../support/cli';
import { call, uiInspect } from '../support/uiCalls';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startTokenServer, type RunningTokenServer } from '../support/tokenServer';
import { createCore, type Core, type CoreOptions } from '../../electron/core/handlers';
import { CLIENT_ACCEPT_SETS } from '../../shared/acceptSets';
import { MANIFEST_MEDIA_TYPES, MediaType, type FormatId } from '../../shared/mediaTypes';

const REPO = 'lens/economy';
const OTHER = 'lens/economy-other';
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping request economy tests: ${missingMessage('docker-registry')}`);

/**
 * An Inspect as the UI makes it, cold then warm: the warm one asks only for the manifest by tag, whose
 * digest says that everything held for it still applies.
 */
async function coldThenWarm(registry: RunningRegistry, core: Core, reference: string, cold: string[]): Promise<FormatId[]> {
  const counter = accessCounter(registry);
  const panes = await uiInspect(core, reference);
  expect(describeRequests(await counter.take())).toEqual(cold);
  await uiInspect(core, reference);
  expect(describeRequests(await counter.take())).toEqual(['GET manifest 200']);
  return panes;
}

describe.skipIf(!registryBinary)('request economy against docker-registry', () => {
  describe('anonymous registry', () => {
    let registry: RunningRegistry | undefined;
    // One session for the whole file, as the desktop app or one `serve` keeps it.
    const core = createCore({ mode: 'browser' });
    const ref = (tag: string) => `${registry!.host}/${REPO}:${tag}`;

    beforeAll(async () => {
      registry = await startRegistry();
      await pushSampleImages(registry.url, REPO);
    });
    afterAll(() => Promise.all([core.close(), registry?.stop()]));

    it('a schema 2 image by tag costs its manifest and config cold, and its manifest warm', () =>
      coldThenWarm(registry!, core, ref('schema2'), ['GET manifest 200', 'GET blob 200']));

    it('a manifest list by tag costs the list and its amd64 child (no pane of a list needs a config)', () =>
      coldThenWarm(registry!, core, ref('list'), ['GET manifest 200', 'GET manifest 200']));

    it('an answer from the cache shows the headers the registry sent with those bytes, and says it came from the cache', async () => {
      const byTag = await call(core, 'inspect', { reference: ref('oci'), accept: [...MANIFEST_MEDIA_TYPES], method: 'GET' });
      const pinnedRef = `${registry!.host}/${REPO}@${byTag.digestCheck.computed}`;
      const counter = accessCounter(registry!);
      const byDigest = await call(core, 'inspect', { reference: pinnedRef, accept: [...MANIFEST_MEDIA_TYPES], method: 'GET' });
      expect(await counter.take()).toEqual([]);
      expect(byDigest.response).toMatchObject({ fromCache: true, status: 200, responseHeaders: byTag.response.responseHeaders });
      expect(byDigest.digestCheck).toMatchObject({ verdict: 'match', header: byTag.digestCheck.header });
    });

    it('a schema 1 rewritten on the fly for a tag is not kept: asked by its digest, the registry answers', async () => {
      const served = await call(core, 'inspect', { reference: ref('schema2'), accept: [MediaType.dockerSchema1Signed], method: 'GET' });
      expect(served.contentType).toBe(MediaType.dockerSchema1Signed);
      const counter = accessCounter(registry!);
      const byDigest = `${registry!.host}/${REPO}@${served.digestCheck.header}`;
      const again = await call(core, 'inspect', { reference: byDigest, accept: [...MANIFEST_MEDIA_TYPES], method: 'GET' });
      expect(describeRequests(await counter.take())).toEqual(['GET manifest 404']);
      expect(again.response.status).toBe(404);
    });

    it('the CLI fetches each manifest and config once per run', async () => {
      const counter = accessCounter(registry!);
      const dir = await mkdtemp(join(tmpdir(), 'lens-economy-'));
      try {
        const exported = await cli('export', ref('oci'), '--dir', join(dir, 'out'));
        expect(exported.code, exported.stderr).toBe(0);
        expect(describeRequests(await counter.take())).toEqual(['GET manifest 200', 'GET blob 200']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect((await cli('convert', ref('schema2'), '--to', 'v2s1')).code).toBe(0);
      expect(describeRequests(await counter.take())).toEqual(['GET manifest 200', 'GET blob 200']);
      const inspected = await cli('inspect', ref('schema2'), '--json');
      expect(describeRequests(await counter.take())).toEqual(['GET manifest 200']);
      expect(JSON.parse(inspected.stdout)).toMatchObject({
        requestLedger: [{ registry: registry!.host, gets: 1, heads: 0, tokenRequests: 0, fromCache: 0, rateLimit: null }],
      });
    });
  });

  describe('negotiation', () => {
    let registry: RunningRegistry | undefined;
    const ref = (tag: string) => `${registry!.host}/${REPO}:${tag}`;
    const rows = CLIENT_ACCEPT_SETS.length;

    beforeAll(async () => {
      registry = await startRegistry();
      await pushSampleImages(registry.url, REPO);
    });
    afterAll(() => registry?.stop());

    it('negotiate asks every row by HEAD; the simulation reads the stored manifest and config by digest once', async () => {
      const counter = accessCounter(registry!);
      // A profile named: the matrix alone (by default the fingerprint's HEADs come first, counted in negotiate-profiles.test.ts).
      const result = await cli('negotiate', ref('schema2'), '--json', '--profile', 'distribution-2');
      expect(result.code, result.stderr).toBe(0);
      const requests = describeRequests(await counter.take());
      expect(requests.filter((r) => r === 'HEAD manifest 200')).toHaveLength(rows + 1);
      expect(requests.filter((r) => r.startsWith('GET')).sort()).toEqual(['GET blob 200', 'GET manifest 200']);
      const answers = JSON.parse(result.stdout) as Array<{ registry: { digest: string | null }; simulated: { digest: string | null } }>;
      for (const row of answers) expect(row.registry.digest).toBe(row.simulated.digest);
    });

    it('after an Inspect in the same session, the Negotiation view costs HEADs only: 0 GETs', async () => {
      const core = createCore({ mode: 'browser' });
      try {
        await uiInspect(core, ref('schema2'));
        const counter = accessCounter(registry!);
        await call(core, 'negotiate', { reference: ref('schema2'), method: 'HEAD' });
        expect(describeRequests(await counter.take())).toEqual(Array<string>(rows + 1).fill('HEAD manifest 200'));
      } finally {
        await core.close();
      }
    });

    it('--method GET asks every row by GET, for a registry whose HEAD answers differently', async () => {
      const counter = accessCounter(registry!);
      const run = await cli(
        'negotiate',
        ref('oci'),
        '--method',
        'GET',
        '--accept-set',
        MediaType.ociManifest,
        '--profile',
        'distribution-2',
      );
      expect(run.code).toBe(0);
      const byTag = (await counter.take()).filter((r) => r.path === `/v2/${REPO}/manifests/oci`);
      // The row by GET, and the HEAD that finds the stored manifest's digest.
      expect(byTag.map((r) => r.method).sort()).toEqual(['GET', 'HEAD']);
    });
  });

  describe('registry with token auth', () => {
    let dir: string;
    let tokens: RunningTokenServer;
    let registry: RunningRegistry;
    const ref = (tag: string, repository = REPO) => `${registry.host}/${repository}:${tag}`;
    let options: CoreOptions;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'lens-economy-token-'));
      tokens = await startTokenServer({ dir, anonymous: { [REPO]: ['pull'], [OTHER]: ['pull'] } });
      registry = await startRegistry({
        auth: tokens.registryAuth(),
        // Docker Hub's pull-limit headers, sent by the real registry on every answer.
        extraConfig: { http: { headers: { 'RateLimit-Limit': ['100;w=21600'], 'RateLimit-Remaining': ['76;w=21600'] } } },
      });
      for (const repository of [REPO, OTHER]) {
        const access = [{ type: 'repository', name: repository, actions: ['pull', 'push'] }];
        await pushSampleImages(registry.url, repository, { authorization: `Bearer ${await tokens.mint('fixture', access)}` });
      }
      options = { mode: 'browser', caFile: tokens.certFile, credentialEnvironment: { env: {}, home: dir } };
    });
    afterAll(async () => {
      await registry?.stop();
      await tokens?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('an Inspect costs one challenge and one token beside its manifest and config, and warm its manifest only', async () => {
      const core = createCore(options);
      try {
        const tokenRequests = tokens.requests.length;
        const panes = await coldThenWarm(registry, core, ref('schema2'), ['GET manifest 401', 'GET manifest 200', 'GET blob 200']);
        expect(tokens.requests.length - tokenRequests).toBe(1);
        // The ledger counts what the registry's log and the token server saw, and what the cache answered instead.
        const { registries } = await call(core, 'requestLedger', {});
        expect(registries).toHaveLength(1);
        expect(registries[0]).toMatchObject({ registry: registry.host, gets: 4, heads: 0, others: 0, tokenRequests: 1 });
        expect(registries[0]!.fromCache).toBeGreaterThanOrEqual(2 * (panes.length + 1));
        expect(registries[0]!.rateLimit).toMatchObject({ limit: { count: 100, windowSeconds: 21600 }, remaining: { count: 76 } });
      } finally {
        await core.close();
      }
    });

    it('one challenge per registry in a session, even for calls that start together; one token per scope, reused', async () => {
      const core = createCore(options);
      try {
        const counter = accessCounter(registry);
        const tokenRequests = tokens.requests.length;
        const both = () =>
          Promise.all(
            [REPO, OTHER].map((repository) =>
              call(core, 'inspect', { reference: ref('schema2', repository), accept: [...MANIFEST_MEDIA_TYPES], method: 'HEAD' }),
            ),
          );
        await both();
        const cold = describeRequests(await counter.take());
        expect(cold.filter((r) => r.endsWith(' 401'))).toEqual(['HEAD manifest 401']);
        expect(tokens.requests.slice(tokenRequests).map((r) => r.scopes)).toEqual(
          expect.arrayContaining([[`repository:${REPO}:pull`], [`repository:${OTHER}:pull`]]),
        );
        expect(tokens.requests.length - tokenRequests).toBe(2);
        await both();
        expect(describeRequests(await counter.take())).toEqual(['HEAD manifest 200', 'HEAD manifest 200']);
        expect(tokens.requests.length - tokenRequests).toBe(2);
      } finally {
        await core.close();
      }
    });
  });
});
