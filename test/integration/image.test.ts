/**
 * The image around a manifest, against a real CNCF distribution 2.8 registry: a list's platforms and
 * one child opened by digest, the config with its history and layers, the repository's tags, and
 * referrers found through the OCI tag-schema fallback (distribution 2.8 has no referrers API).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobOf, type Blob } from '../support/blobs';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, sampleImage, type SampleImages } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { GZIPPED_EMPTY_TAR } from '../../electron/core/convert/downgradeToSchema1';
import { createCore, type Core } from '../../electron/core/handlers';
import type { CallName, ResultOf } from '../../shared/api';
import type { WireError } from '../../shared/errors';
import { MediaType } from '../../shared/mediaTypes';

const REPO = 'lens/image';
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping image integration tests: ${missingMessage('docker-registry')}`);

async function call<K extends CallName>(core: Core, name: K, args: unknown): Promise<ResultOf<K>> {
  const envelope = await core.dispatch(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { wire: envelope.error });
  return envelope.value as ResultOf<K>;
}

async function failure(core: Core, name: CallName, args: unknown): Promise<WireError> {
  const envelope = await core.dispatch(name, args);
  if (envelope.ok) throw new Error(`${name} succeeded`);
  return envelope.error;
}

describe.skipIf(!registryBinary)('image, tags and referrers against docker-registry', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;
  let core: Core;
  const ref = (tagOrDigest: string) => `${registry.host}/${REPO}${tagOrDigest.startsWith('sha256:') ? '@' : ':'}${tagOrDigest}`;

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, REPO);
    core = createCore({ mode: 'browser' });
  });

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
  });

  it('describes a schema 2 image: config, history linked to layers, runtime settings, sizes', async () => {
    const built = sampleImage('schema2', { architecture: 'amd64', os: 'linux' }, 'docker');
    const [config, base, app] = built.blobs as [Blob, Blob, Blob];
    const image = await call(core, 'image', { reference: ref('schema2') });

    expect(image.manifest).toEqual({
      digest: samples.schema2.digest,
      mediaType: MediaType.dockerSchema2,
      size: samples.schema2.bytes.length,
    });
    expect(image.platforms).toBeNull();
    expect(image.config).toMatchObject({
      digest: config.digest,
      mediaType: MediaType.dockerConfig,
      size: config.size,
      text: config.bytes.toString('utf8'),
      os: 'linux',
      architecture: 'amd64',
      cmd: ['/app/hello.sh'],
      entrypoint: null,
      workingDir: '/app',
      labels: { 'org.opencontainers.image.title': 'lens sample schema2' },
    });
    expect(image.config?.env).toContain('LENS_SAMPLE=schema2');
    expect(image.config?.history.map((h) => [h.emptyLayer, h.layerIndex])).toEqual([
      [false, 0],
      [false, 1],
      [true, null],
    ]);
    expect(image.config?.history[2]?.createdBy).toBe('/bin/sh -c #(nop)  CMD ["/app/hello.sh"]');
    expect(image.layers.map((l) => [l.digest, l.size])).toEqual([
      [base.digest, base.size],
      [app.digest, app.size],
    ]);
    expect(image.layers.every((l) => /^sha256:[a-f0-9]{64}$/.test(l.diffId ?? ''))).toBe(true);
    expect(image.totalLayerSize).toBe(base.size + app.size);
    expect(image.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname} ${e.status}`)).toEqual([
      `GET /v2/${REPO}/manifests/schema2 200`,
      `GET /v2/${REPO}/blobs/${config.digest} 200`,
    ]);
  });

  it('lists the platforms of a manifest list and opens one child by digest', async () => {
    const list = await call(core, 'image', { reference: ref('list') });
    expect(list.manifest.digest).toBe(samples.list.digest);
    expect(list.config).toBeNull();
    const platformOf = (p: { os: string | null; architecture: string | null; variant: string | null }) =>
      [p.os, p.architecture, p.variant].filter(Boolean).join('/');
    expect(list.platforms?.map((p) => [platformOf(p), p.digest])).toEqual(samples.list.children.map((c) => [c.platform, c.digest]));

    const arm = samples.list.children.find((c) => c.platform === 'linux/arm64/v8')!;
    const child = await call(core, 'image', { reference: ref('list'), digest: arm.digest });
    expect(child.reference.digest).toBe(arm.digest);
    expect(child.reference.canonical).toBe(`${registry.host}/${REPO}@${arm.digest}`);
    expect(child.config).toMatchObject({ architecture: 'arm64', variant: 'v8', os: 'linux' });
  });

  it("refuses a child digest the registry does not have, with the registry's error code", async () => {
    const error = await failure(core, 'image', { reference: ref('list'), digest: `sha256:${'0'.repeat(64)}` });
    expect(error.code).toBe('REGISTRY_ERROR');
    expect(error.message).toContain('MANIFEST_UNKNOWN');
  });

  it('lists the repository tags; distribution 2.8 ignores n and answers one page without a Link', async () => {
    const page = await call(core, 'tags', { reference: ref('schema2'), pageSize: 2 });
    expect(page.repository).toBe(`${registry.host}/${REPO}`);
    expect([...page.tags].sort()).toEqual(['index', 'list', 'oci', 'schema2']);
    expect(page.nextCursor).toBeNull();
    expect(new URL(page.exchanges[0]!.url).search).toBe('?n=2');
  });

  it('reports an unknown repository as NAME_UNKNOWN', async () => {
    const error = await failure(core, 'tags', { reference: `${registry.host}/lens/nothing-here` });
    expect(error.code).toBe('REGISTRY_ERROR');
    expect(error.message).toContain('NAME_UNKNOWN');
  });

  describe('referrers', () => {
    const signatureType = 'application/vnd.example.signature.v1+json';
    let artifactDigest: string;

    beforeAll(async () => {
      // An artifact whose subject is the OCI sample, and the fallback index a 1.1 client would push with it.
      const config = blobOf('{}', MediaType.ociEmpty);
      const payload = blobOf('signed!', 'application/octet-stream');
      await pushBlob(registry.url, REPO, config);
      await pushBlob(registry.url, REPO, payload);
      const subject = { mediaType: MediaType.ociManifest, digest: samples.oci.digest, size: samples.oci.bytes.length };
      const artifact = blobOf(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          artifactType: signatureType,
          config: { mediaType: MediaType.ociEmpty, digest: config.digest, size: config.size },
          layers: [{ mediaType: 'application/octet-stream', digest: payload.digest, size: payload.size }],
          subject,
          annotations: { 'org.example.signer': 'lens-tests' },
        }),
        MediaType.ociManifest,
      );
      artifactDigest = await pushManifest(registry.url, REPO, artifact.digest, artifact.bytes, MediaType.ociManifest);
      const fallback = blobOf(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociIndex,
          manifests: [
            {
              mediaType: MediaType.ociManifest,
              digest: artifactDigest,
              size: artifact.size,
              artifactType: signatureType,
              annotations: { 'org.example.signer': 'lens-tests' },
            },
          ],
        }),
        MediaType.ociIndex,
      );
      await pushManifest(registry.url, REPO, `sha256-${samples.oci.digest.slice('sha256:'.length)}`, fallback.bytes, MediaType.ociIndex);
    });

    it('falls back to the sha256-<hex> tag where the referrers API is not served', async () => {
      const result = await call(core, 'referrers', { reference: ref('oci') });
      expect(result).toMatchObject({
        subject: samples.oci.digest,
        source: 'tag-schema',
        fallbackTag: `sha256-${samples.oci.digest.slice(7)}`,
      });
      expect(result.referrers).toEqual([
        {
          digest: artifactDigest,
          mediaType: MediaType.ociManifest,
          size: expect.any(Number),
          artifactType: signatureType,
          annotations: { 'org.example.signer': 'lens-tests' },
        },
      ]);
      // The tag was resolved by HEAD, the API tried, then the fallback read.
      expect(result.exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(['HEAD 200', 'GET 404', 'GET 200']);
    });

    it('filters by artifact type', async () => {
      const none = await call(core, 'referrers', { reference: ref('oci'), artifactType: 'application/vnd.example.sbom' });
      expect(none.referrers).toEqual([]);
      const some = await call(core, 'referrers', { reference: ref('oci'), digest: samples.oci.digest, artifactType: signatureType });
      expect(some.referrers.map((r) => r.digest)).toEqual([artifactDigest]);
    });

    it('says nothing refers to a manifest without referrers', async () => {
      const result = await call(core, 'referrers', { reference: ref('schema2') });
      expect(result).toMatchObject({ subject: samples.schema2.digest, source: 'none', referrers: [] });
      expect(result.explanation).toContain('no referrers API');
    });

    it('describes an artifact as not a runnable image', async () => {
      const image = await call(core, 'image', { reference: ref(artifactDigest) });
      expect(image.config).toBeNull();
      expect(image.notes.join(' ')).toContain('artifact');
    });
  });
});

describe.skipIf(!registryBinary)('a stored schema 1 image', () => {
  let registry: RunningRegistry;
  let core: Core;
  const built = sampleImage('legacy', { architecture: 'amd64', os: 'linux' }, 'docker');

  beforeAll(async () => {
    // Schema 1 can only be stored by a registry that accepts it; the registry's own downgrade is a
    // document it signed itself, so it verifies on the way back in.
    registry = await startRegistry({ schema1: true });
    for (const blob of built.blobs) await pushBlob(registry.url, REPO, blob);
    await pushBlob(registry.url, REPO, blobOf(GZIPPED_EMPTY_TAR, MediaType.dockerLayerGzip));
    await pushManifest(registry.url, REPO, 'modern', built.manifest.bytes, built.manifest.mediaType);
    const legacy = new Uint8Array(await (await fetch(`${registry.url}/v2/${REPO}/manifests/modern`)).arrayBuffer());
    const put = await fetch(`${registry.url}/v2/${REPO}/manifests/legacy`, {
      method: 'PUT',
      body: legacy,
      headers: { 'content-type': MediaType.dockerSchema1Signed },
    });
    if (put.status !== 201) throw new Error(`PUT schema 1: ${put.status} ${await put.text()}`);
    core = createCore({ mode: 'browser' });
  });

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
  });

  it('reads history and layers from the document, and layer sizes by HEAD', async () => {
    const [, base, app] = built.blobs as [Blob, Blob, Blob];
    const image = await call(core, 'image', { reference: `${registry.host}/${REPO}:legacy` });
    expect(image.manifest.mediaType).toBe(MediaType.dockerSchema1Signed);
    expect(image.config).toMatchObject({ digest: null, architecture: 'amd64', cmd: ['/app/hello.sh'], workingDir: '/app' });
    expect(image.config?.history.map((h) => h.emptyLayer)).toEqual([false, false, true]);
    expect(image.layers.map((l) => [l.digest, l.size])).toEqual([
      [base.digest, base.size],
      [app.digest, app.size],
    ]);
    expect(image.totalLayerSize).toBe(base.size + app.size);
    expect(
      image.exchanges
        .filter((e) => e.method === 'HEAD')
        .map((e) => new URL(e.url).pathname)
        .sort(),
    ).toEqual([base.digest, app.digest].map((d) => `/v2/${REPO}/blobs/${d}`).sort());
  });

  it('a rescue to schema 2 streams the layers (in the request log) and leaves no progress behind', async () => {
    const [, base, app] = built.blobs as [Blob, Blob, Blob];
    const converted = await call(core, 'convert', { source: `${registry.host}/${REPO}:legacy`, to: 'v2s2', requestId: 'rescue-1' });
    expect(converted.manifest.mediaType).toBe(MediaType.dockerSchema2);
    // Layers stream several at once, so the log holds them in the order they finished: compare as sets.
    const streamed = converted.exchanges?.filter((e) => e.purpose === 'blob').map((e) => new URL(e.url).pathname);
    expect(streamed?.sort()).toEqual([base, app].map((b) => `/v2/${REPO}/blobs/${b.digest}`).sort());
    expect(await call(core, 'progress', { requestId: 'rescue-1' })).toEqual({ progress: null });
  });
});

/**
 * distribution 2.8 ignores `n`; registries that paginate (distribution 3, Docker Hub, GHCR) answer a
 * page and a Link rel="next". This small server answers the way distribution 3 does, so that following
 * the Link is tested too.
 */
describe('tags pagination by Link header', () => {
  const ALL = Array.from({ length: 7 }, (_, i) => `v${i}`);
  let server: Server;
  let host: string;
  const seen: string[] = [];
  let core: Core;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url.pathname + url.search);
      if (url.pathname !== '/v2/lens/paged/tags/list') return void res.writeHead(404).end();
      const n = Number(url.searchParams.get('n') ?? ALL.length);
      const last = url.searchParams.get('last');
      const start = last ? ALL.indexOf(last) + 1 : 0;
      const tags = ALL.slice(start, start + n);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (start + n < ALL.length) headers.link = `</v2/lens/paged/tags/list?last=${tags.at(-1)}&n=${n}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify({ name: 'lens/paged', tags }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    core = createCore({ mode: 'browser' });
  });

  afterAll(async () => {
    await core?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('follows rel="next" until the last page', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await call(core, 'tags', { reference: `${host}/lens/paged`, pageSize: 3, cursor });
      pages.push(page.tags);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([['v0', 'v1', 'v2'], ['v3', 'v4', 'v5'], ['v6']]);
    expect(seen).toEqual(['/v2/lens/paged/tags/list?n=3', '/v2/lens/paged/tags/list?last=v2&n=3', '/v2/lens/paged/tags/list?last=v5&n=3']);
  });
});
