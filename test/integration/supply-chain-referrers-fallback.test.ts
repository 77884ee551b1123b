/**
 * A referrers endpoint that refuses the way registries and proxies without the OCI 1.1 API do (405 Method
 * Not Allowed, 501 Not Implemented, a 404 whose body is an HTML page rather than an OCI error): the
 * supply chain falls back to the referrers tag schema and cosign's tags instead of failing. The server
 * written here answers that status on `/v2/<name>/referrers/<digest>` and proxies every other request to
 * a real docker-registry 2.8, which holds the image, its cosign signature and a referrers tag index;
 * it counts the requests it sees.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/api';
import { createCore, type Core } from '../../electron/core/handlers';
import { blobOf } from '../support/blobs';
import { cli, supplyChainJson } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { forwardTo } from '../support/countingProxy';
import { sampleImage } from '../support/images';
import { pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import {
  cosignSign,
  cosignSignatureImage,
  digestTag,
  p256KeyPair,
  pushArtifact,
  referrerArtifact,
  referrersTagIndex,
  simpleSigningPayload,
} from '../support/supplyChain';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping referrers fallback tests: ${missingMessage('docker-registry')}`);

const SPDX_ARTIFACT = 'application/spdx+json';

interface Refusal {
  status: number;
  contentType: string;
  body: string;
}

const REFUSALS: ReadonlyArray<[string, Refusal]> = [
  ['405 Method Not Allowed', { status: 405, contentType: 'text/plain', body: 'method not allowed\n' }],
  ['501 Not Implemented', { status: 501, contentType: 'application/json', body: '{"message":"not implemented"}' }],
  ['404 with an HTML page', { status: 404, contentType: 'text/html', body: '<html><body><h1>Not Found</h1></body></html>' }],
];

/** Answers `refusal` on the referrers endpoint and forwards the rest to the registry; logs "METHOD path" of each request. */
async function refusingProxy(registryUrl: string, refusal: Refusal): Promise<{ host: string; requests: string[]; close(): Promise<void> }> {
  const target = new URL(registryUrl);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (/^\/v2\/.+\/referrers\//.test(req.url ?? '')) {
      res.writeHead(refusal.status, { 'Content-Type': refusal.contentType }).end(refusal.body);
      return;
    }
    forwardTo(target, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!registryBinary)('a referrers endpoint that refuses: the tag schema and cosign tags are read instead', () => {
  let registry: RunningRegistry;
  let core: Core;
  let dir = '';
  let keyFile = '';
  const key = p256KeyPair();
  const built = { image: '', sbom: '', signature: '', tagIndex: '' };

  beforeAll(async () => {
    registry = await startRegistry();
    core = createCore({ mode: 'browser' });
    dir = await mkdtemp(join(tmpdir(), 'lens-referrers-fallback-'));
    keyFile = join(dir, 'cosign.pub');
    await writeFile(keyFile, key.publicPem);
    const image = sampleImage('fallback', { architecture: 'amd64', os: 'linux' }, 'oci');
    await pushArtifact(registry.url, 'lens/fallback', image);
    built.image = await pushManifest(registry.url, 'lens/fallback', 'v1', image.manifest.bytes, image.manifest.mediaType);
    const payload = simpleSigningPayload(built.image, `${registry.host}/lens/fallback`);
    const signature = cosignSignatureImage([{ payload, signature: cosignSign(key, payload) }]);
    built.signature = await pushArtifact(registry.url, 'lens/fallback', signature, digestTag(built.image, 'sig'));
    const sbom = referrerArtifact(
      SPDX_ARTIFACT,
      [blobOf(JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'lens/fallback', packages: [] }), 'application/spdx+json')],
      image.manifest,
    );
    built.sbom = await pushArtifact(registry.url, 'lens/fallback', sbom);
    const index = referrersTagIndex([{ manifest: sbom.manifest, artifactType: SPDX_ARTIFACT }]);
    built.tagIndex = await pushManifest(registry.url, 'lens/fallback', digestTag(built.image), index.bytes, index.mediaType);
  });

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(REFUSALS)('the endpoint answers %s', (_name, refusal) => {
    let proxy: Awaited<ReturnType<typeof refusingProxy>>;
    beforeAll(async () => {
      proxy = await refusingProxy(registry.url, refusal);
    });
    afterAll(() => proxy?.close());

    it('supply-chain exits 0 with the tag index referrer and the cosign signature, asking the endpoint once', async () => {
      proxy.requests.length = 0;
      const json = await supplyChainJson(`${proxy.host}/lens/fallback:v1`, '--key', keyFile);
      expect(json.nodes.map((n) => [n.digest, n.kind, n.via, n.verified])).toEqual([
        [built.sbom, 'sbom', 'referrers-tag', null],
        [built.signature, 'signature', 'cosign-tag', true],
      ]);
      const tag = digestTag(built.image);
      // The API once, then the fallback tag and cosign's three by HEAD; bodies by digest, only for what is shown.
      expect(proxy.requests.filter((r) => r !== 'GET /v2/').sort()).toEqual(
        [
          'GET /v2/lens/fallback/manifests/v1',
          `GET /v2/lens/fallback/referrers/${built.image}`,
          `HEAD /v2/lens/fallback/manifests/${tag}`,
          `GET /v2/lens/fallback/manifests/${built.tagIndex}`,
          `HEAD /v2/lens/fallback/manifests/${tag}.sig`,
          `HEAD /v2/lens/fallback/manifests/${tag}.att`,
          `HEAD /v2/lens/fallback/manifests/${tag}.sbom`,
          `GET /v2/lens/fallback/manifests/${built.sbom}`,
          `GET /v2/lens/fallback/manifests/${built.signature}`,
          ...proxy.requests.filter((r) => r.startsWith('GET /v2/lens/fallback/blobs/')),
        ].sort(),
      );
      // One layer each: the SPDX document and the simple-signing payload; no config is read.
      expect(proxy.requests.filter((r) => r.includes('/blobs/'))).toHaveLength(2);
    });

    it('the text output says which status meant "no referrers API"', async () => {
      const run = await cli('supply-chain', `${proxy.host}/lens/fallback:v1`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`The registry has no referrers API (${refusal.status}): the sha256-<hex> referrers tag`);
    });

    it('the referrers call reads the tag schema too', async () => {
      const envelope = await core.dispatch('referrers', { reference: `${proxy.host}/lens/fallback:v1` });
      expect(envelope.ok).toBe(true);
      const result = (envelope as { value: ResultOf<'referrers'> }).value;
      expect(result).toMatchObject({ subject: built.image, source: 'tag-schema', fallbackTag: digestTag(built.image) });
      expect(result.referrers.map((r) => r.digest)).toEqual([built.sbom]);
      expect(result.explanation).toBe(
        `The registry has no referrers API (${refusal.status}); read from the index tagged ${digestTag(built.image)}: 1 found.`,
      );
    });
  });
});
