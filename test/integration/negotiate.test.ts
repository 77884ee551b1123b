/**
 * The negotiation simulator against its oracle: for every stored kind of manifest, by tag and by digest,
 * and for the Accept sets real clients send (and some awkward ones), the simulator must give the status,
 * content type, digest and error code that docker-registry (CNCF distribution 2.8) gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../../e2e/fixtures/components';
import { gzipLayer } from '../../e2e/fixtures/blobs';
import { imageConfig, pushSampleImages, schema2Manifest } from '../../e2e/fixtures/images';
import { pushBlob, pushManifest } from '../../e2e/fixtures/push';
import { startRegistry, type RunningRegistry } from '../../e2e/fixtures/registry';
import { MediaType, MANIFEST_MEDIA_TYPES } from '../../shared/mediaTypes';
import { downgradeToSchema1 } from '../../electron/convert/downgradeToSchema1';
import { parseManifest } from '../../electron/convert/manifestTypes';
import { sha256Digest } from '../../electron/convert/manifestJson';
import { simulateNegotiation, type Downgrade, type StoredManifest } from '../../electron/convert/negotiate';
import { fetchBlob, requestManifest } from './registryHttp';

// On CI a missing registry throws here instead of skipping.
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping negotiation integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/negotiate';
const S1 = MediaType.dockerSchema1Signed;
const S1U = MediaType.dockerSchema1;
const S2 = MediaType.dockerSchema2;
const LIST = MediaType.dockerList;
const OCI = MediaType.ociManifest;
const IDX = MediaType.ociIndex;

/** Accept header lines as clients send them (one array element per header line). */
const ACCEPT_SETS: Array<[name: string, lines: string[]]> = [
  ['no Accept header', []],
  ...MANIFEST_MEDIA_TYPES.map((t): [string, string[]] => [`only ${t}`, [t]]),
  ['docker 20.10 (a line per type, schema 1 included)', [S1, S1U, S2, LIST, OCI, IDX]],
  ['docker 25+ (a line per type)', [S2, LIST, OCI, IDX]],
  ['containerd (one line, */* last)', [`${S2}, ${LIST}, ${OCI}, ${IDX}, */*`]],
  ['podman / skopeo (a line per type)', [OCI, S2, S1, S1U, LIST, IDX]],
  ['q-values, even q=0', [`${S2};q=0, ${LIST}; q=0.5`]],
  ['OCI index with a q-value only', [`${IDX};q=0.9`]],
  ['two header lines', [OCI, S2]],
  ['spaces and an empty item', [` ${LIST} ,, ${IDX} `]],
  ['wildcards only', ['*/*', 'application/*']],
  ['a type in other letter case', ['Application/Vnd.Docker.Distribution.Manifest.V2+JSON']],
];

describe.skipIf(!registryBinary)('simulator vs docker-registry', () => {
  let registry: RunningRegistry;
  const tags = ['schema2', 'oci', 'list', 'index', 'list-of-oci', 'index-untyped', 'list-arm-first', 'list-arm-only', 'schema2-no-history'];
  const stored = new Map<string, StoredManifest>();
  const digestOfTag = new Map<string, string>();

  /** What the registry stores under a digest: by digest with every type accepted nothing is rewritten or refused. */
  async function storedAt(digest: string): Promise<StoredManifest> {
    const answer = await requestManifest(registry.url, REPO, digest, [...MANIFEST_MEDIA_TYPES]);
    expect(answer.status).toBe(200);
    return { bytes: answer.body, digest };
  }

  beforeAll(async () => {
    registry = await startRegistry();
    const samples = await pushSampleImages(registry.url, REPO);
    // Stored shapes distribution treats specially, built from the samples: a list whose amd64 entry is an
    // OCI manifest; an index whose body names no mediaType; lists where linux/amd64 is not first (twice,
    // variant first) or absent; and a schema 2 whose config has no history, which cannot become schema 1.
    const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 3));
    const entry = async (digest: string, mediaType: string, platform: object) => {
      const bytes = (await requestManifest(registry.url, REPO, digest, [mediaType])).body;
      return { mediaType, size: bytes.length, digest, platform };
    };
    const amd64 = { architecture: 'amd64', os: 'linux' };
    const ociEntry = await entry(samples.oci.digest, OCI, amd64);
    const [amdChild, armChild] = samples.list.children.map((c) => c.digest) as [string, string];
    const amdEntry = await entry(amdChild, S2, amd64);
    const amdV3Entry = await entry(samples.schema2.digest, S2, { ...amd64, variant: 'v3' });
    const armEntry = await entry(armChild, S2, { architecture: 'arm64', os: 'linux', variant: 'v8' });
    const list = (manifests: object[]) => encode({ schemaVersion: 2, mediaType: LIST, manifests });
    await pushManifest(registry.url, REPO, 'list-of-oci', list([ociEntry]), LIST);
    await pushManifest(registry.url, REPO, 'index-untyped', encode({ schemaVersion: 2, manifests: [ociEntry] }), IDX);
    await pushManifest(registry.url, REPO, 'list-arm-first', list([armEntry, amdV3Entry, amdEntry]), LIST);
    await pushManifest(registry.url, REPO, 'list-arm-only', list([armEntry]), LIST);
    const layer = gzipLayer([{ kind: 'file', path: 'x', content: 'x' }]);
    const config = imageConfig({ architecture: 'amd64', os: 'linux', history: [], diffIDs: [layer.diffID] });
    for (const blob of [config, layer]) await pushBlob(registry.url, REPO, blob);
    const noHistory = schema2Manifest(config, [layer]);
    await pushManifest(registry.url, REPO, 'schema2-no-history', noHistory.bytes, noHistory.mediaType);

    for (const tag of tags) {
      const head = await requestManifest(registry.url, REPO, tag, [...MANIFEST_MEDIA_TYPES], 'HEAD');
      expect(head.status, tag).toBe(200);
      digestOfTag.set(tag, head.digest!);
      const manifest = await storedAt(head.digest!);
      stored.set(manifest.digest, manifest);
      const parsed = parseManifest(manifest.bytes);
      if (parsed.kind === 'dockerList' || parsed.kind === 'ociIndex') {
        for (const child of parsed.manifest.manifests) stored.set(child.digest, await storedAt(child.digest));
      }
    }
  });

  afterAll(async () => {
    await registry?.stop();
  });

  /** The registry's own downgrade inputs: the stored manifest, its config blob, the repository and tag. */
  const downgrade: Downgrade = async (schema2, tag) => {
    const parsed = parseManifest(schema2.bytes);
    if (parsed.kind !== 'schema2') throw new Error('only schema 2 is downgraded');
    const config = await fetchBlob(registry.url, REPO, parsed.manifest.config.digest);
    return downgradeToSchema1({ manifest: schema2.bytes, config, repository: REPO, tag });
  };

  for (const tag of tags) {
    for (const by of ['tag', 'digest'] as const) {
      for (const method of ['GET', 'HEAD'] as const) {
        it(`${tag} by ${by} (${method}): every Accept set answered as the registry does`, async () => {
          const digest = digestOfTag.get(tag)!;
          const mismatches: string[] = [];
          for (const [name, lines] of ACCEPT_SETS) {
            const real = await requestManifest(registry.url, REPO, by === 'tag' ? tag : digest, lines, method);
            const simulated = await simulateNegotiation(
              { stored: stored.get(digest)!, child: (d) => stored.get(d), downgrade },
              { by, tag: by === 'tag' ? tag : undefined, accept: lines, method },
            );
            const want = { status: real.status, contentType: real.contentType, digest: real.digest, errorCode: real.errorCode };
            const got = { status: simulated.status, contentType: simulated.contentType, digest: simulated.digest, errorCode: method === 'HEAD' ? null : simulated.errorCode };
            if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${name}: registry ${JSON.stringify(want)}, simulator ${JSON.stringify(got)}`);
            // Served bodies are the stored bytes, or for a rewrite a schema 1 with the registry's canonical payload.
            if (method === 'GET' && real.status === 200 && real.contentType !== S1 && simulated.body) {
              expect(sha256Digest(simulated.body), name).toBe(sha256Digest(real.body));
            }
          }
          expect(mismatches).toEqual([]);
        });
      }
    }
  }

  it('gives the error body distribution writes for a refused OCI manifest', async () => {
    const real = await requestManifest(registry.url, REPO, 'oci', [S2]);
    const simulated = await simulateNegotiation({ stored: stored.get(digestOfTag.get('oci')!)! }, { by: 'tag', tag: 'oci', accept: [S2] });
    expect(Buffer.from(simulated.body!).toString()).toBe(Buffer.from(real.body).toString());
  });
});
