/**
 * The negotiation simulator against its oracle: for every stored kind of manifest, by tag and by digest,
 * and for the Accept sets real clients send (and some awkward ones), the simulator must give the status,
 * content type, digest and error code that docker-registry (CNCF distribution 2.8) gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { gzipLayer } from '../support/blobs';
import { imageConfig, pushSampleImages, schema2Manifest } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { acceptHeaderValue, CLIENT_ACCEPT_SETS } from '../../shared/acceptSets';
import { MediaType, MANIFEST_MEDIA_TYPES } from '../../shared/mediaTypes';
import { downgradeToSchema1 } from '../../electron/core/convert/downgradeToSchema1';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';
import { sha256Digest } from '../../electron/core/digest';
import { simulateNegotiation, type Downgrade, type StoredManifest } from '../../electron/core/convert/negotiationSimulator';
import { fetchBlob, requestManifest } from '../support/registryHttp';
import { pushSchema1 } from '../support/schema1';

// On CI a missing registry throws here instead of skipping.
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping negotiation integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/negotiate';
const S1 = MediaType.dockerSchema1Signed;
const S2 = MediaType.dockerSchema2;
const LIST = MediaType.dockerList;
const OCI = MediaType.ociManifest;
const IDX = MediaType.ociIndex;

/**
 * The clients' own Accept sets (shared/acceptSets.ts, one array element per header line), then shapes
 * only a hand-written request has: q-values, several lines, stray spaces, wildcards, letter case.
 */
const ACCEPT_SETS: Array<[name: string, lines: readonly string[]]> = [
  ...CLIENT_ACCEPT_SETS.map((set): [string, readonly string[]] => [set.label, set.lines]),
  // The app sends a set as one comma-joined line; the registry must read it as it reads the client's lines.
  ...CLIENT_ACCEPT_SETS.filter((set) => set.lines.length > 1).map((set): [string, string[]] => [
    `${set.label}, on one line`,
    [acceptHeaderValue(set)],
  ]),
  ['q-values, even q=0', [`${S2};q=0, ${LIST}; q=0.5`]],
  ['OCI index with a q-value only', [`${IDX};q=0.9`]],
  ['two header lines', [OCI, S2]],
  ['spaces and an empty item', [` ${LIST} ,, ${IDX} `]],
  ['wildcards only', ['*/*', 'application/*']],
  ['a type in other letter case', ['Application/Vnd.Docker.Distribution.Manifest.V2+JSON']],
];

interface Stored {
  byDigest: Map<string, StoredManifest>;
  downgrade?: Downgrade;
}

/**
 * Asks the registry and the simulator the same question for every Accept set; returns one line per
 * disagreement on status, content type, digest or error code (a HEAD answer has no error body).
 */
async function disagreements(
  registry: RunningRegistry,
  reference: string,
  digest: string,
  by: 'tag' | 'digest',
  method: 'GET' | 'HEAD',
  store: Stored,
) {
  const lines: string[] = [];
  for (const [name, accept] of ACCEPT_SETS) {
    const real = await requestManifest(registry.url, REPO, reference, accept, method);
    const simulated = await simulateNegotiation(
      { stored: store.byDigest.get(digest)!, child: (d) => store.byDigest.get(d), downgrade: store.downgrade },
      { by, tag: by === 'tag' ? reference : undefined, accept, method },
    );
    const want = { status: real.status, contentType: real.contentType, digest: real.digest, errorCode: real.errorCode };
    const got = {
      status: simulated.status,
      contentType: simulated.contentType,
      digest: simulated.digest,
      errorCode: method === 'HEAD' ? null : simulated.errorCode,
    };
    if (JSON.stringify(want) !== JSON.stringify(got))
      lines.push(`${name}: registry ${JSON.stringify(want)}, simulator ${JSON.stringify(got)}`);
    // Bodies: the stored bytes as they are, or for a rewrite a schema 1 whose canonical payload is the registry's.
    if (method === 'GET' && real.status === 200 && simulated.body) {
      const [ours, theirs] =
        real.contentType === S1 ? [canonicalPayload(simulated.body), canonicalPayload(real.body)] : [simulated.body, real.body];
      if (sha256Digest(ours) !== sha256Digest(theirs)) lines.push(`${name}: bodies differ`);
    }
  }
  return lines;
}

/** What the registry stores under a digest: by digest with every type accepted nothing is rewritten or refused. */
async function storedAt(registry: RunningRegistry, digest: string): Promise<StoredManifest> {
  const answer = await requestManifest(registry.url, REPO, digest, [...MANIFEST_MEDIA_TYPES]);
  expect(answer.status).toBe(200);
  return { bytes: answer.body, digest };
}

describe.skipIf(!registryBinary)('simulator vs docker-registry', () => {
  let registry: RunningRegistry;
  const tags = ['schema2', 'oci', 'list', 'index', 'list-of-oci', 'index-untyped', 'list-arm-first', 'list-arm-only', 'schema2-no-history'];
  const stored = new Map<string, StoredManifest>();
  const digestOfTag = new Map<string, string>();

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
      const manifest = await storedAt(registry, head.digest!);
      stored.set(manifest.digest, manifest);
      const parsed = parseManifest(manifest.bytes);
      if (parsed.kind === 'dockerList' || parsed.kind === 'ociIndex') {
        for (const child of parsed.manifest.manifests) stored.set(child.digest, await storedAt(registry, child.digest));
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
          expect(await disagreements(registry, by === 'tag' ? tag : digest, digest, by, method, { byDigest: stored, downgrade })).toEqual(
            [],
          );
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

describe.skipIf(!registryBinary)('simulator vs docker-registry holding a schema 1 manifest', () => {
  let registry: RunningRegistry;
  const byDigest = new Map<string, StoredManifest>();
  let digest = '';

  beforeAll(async () => {
    // Only with compatibility.schema1.enabled does distribution 2.8 store a pushed schema 1 (after checking its signature).
    registry = await startRegistry({ schema1: true });
    const samples = await pushSampleImages(registry.url, REPO);
    digest = await pushSchema1(registry.url, REPO, samples.schema2.bytes, 'schema1');
    byDigest.set(digest, await storedAt(registry, digest));
  });

  afterAll(async () => {
    await registry?.stop();
  });

  for (const by of ['tag', 'digest'] as const) {
    for (const method of ['GET', 'HEAD'] as const) {
      it(`schema1 by ${by} (${method}): served as stored whatever the Accept`, async () => {
        expect(await disagreements(registry, by === 'tag' ? 'schema1' : digest, digest, by, method, { byDigest })).toEqual([]);
      });
    }
  }
});
