/**
 * Every conversion route of convertImage, in process, on a 127-layer image and a 500-entry list and
 * index held in memory: median and p95 over many runs. Prints one JSON document for scripts/bench.mjs.
 */
import { performance } from 'node:perf_hooks';
import type { Blob } from '../../test/support/blobs';
import { dockerList, imageConfig, ociIndex, ociManifest, schema2Manifest } from '../../test/support/images';
import { MediaType, type FormatId } from '../../shared/mediaTypes';
import { downgradeToSchema1, EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR } from '../../electron/core/convert/downgradeToSchema1';
import { simulateNegotiation } from '../../electron/core/convert/negotiationSimulator';
import type { LayerDigests } from '../../electron/core/convert/diffIds';
import { canonicalPayload, generateSigningKey, signPrettyJws } from '../../electron/core/convert/prettyJws';
import { layersNeedingDiffIds, upgradeFromSchema1 } from '../../electron/core/convert/upgradeFromSchema1';
import { convertImage } from '../../electron/core/operations/convertImage';
import type { ImageSource, SourceManifest } from '../../electron/core/sources/source';
import { ENTRIES, LAYERS, manyLayers } from './benchImages';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 10;

/** An image source over blobs in memory: what an OCI layout is, without the disk. */
function memorySource(
  top: SourceManifest,
  blobs: Map<string, Uint8Array>,
  manifests: Map<string, SourceManifest>,
  tag = 'bench',
): ImageSource {
  const get = (digest: string) => {
    const bytes = blobs.get(digest);
    if (!bytes) throw new Error(`no blob ${digest}`);
    return bytes;
  };
  return {
    kind: 'oci-layout',
    input: 'memory',
    name: { registry: null, repository: 'lens/bench', tag },
    manifest: async () => top,
    manifestByDigest: async (digest) => manifests.get(digest)!,
    blob: async (digest) => get(digest),
    blobStream: async (digest) => ({
      stream: (async function* () {
        yield get(digest);
      })(),
      size: get(digest).length,
    }),
    close: async () => undefined,
  };
}

const stored = (blob: Blob): SourceManifest => ({ bytes: blob.bytes, mediaType: blob.mediaType, digest: blob.digest });

/** The benchmarks' large image as schema 2 and OCI, with its blobs in memory. */
function bigImage() {
  const { config, layers } = manyLayers();
  const ociConfig = { ...config, mediaType: MediaType.ociConfig };
  const ociLayers = layers.map((l) => ({ ...l, mediaType: MediaType.ociLayerGzip }));
  const blobs = new Map<string, Uint8Array>([
    [config.digest, config.bytes],
    [EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR],
    ...layers.map((l): [string, Uint8Array] => [l.digest, l.bytes]),
  ]);
  return { schema2: schema2Manifest(config, layers), oci: ociManifest(ociConfig, ociLayers), blobs, layers };
}

/** 500 entries, linux/amd64 last (the longest search), each a small image manifest of its own. */
function bigList(image: Blob, configBlob: [string, Uint8Array]) {
  const platforms = ['arm64', 'arm', 'ppc64le', 's390x', '386', 'riscv64', 'mips64le'];
  const children = Array.from({ length: ENTRIES - 1 }, (_, i) => {
    const config = imageConfig({ architecture: platforms[i % platforms.length]!, os: 'linux', variant: `v${i}`, history: [], diffIDs: [] });
    return {
      manifest: schema2Manifest(config, []),
      platform: { architecture: platforms[i % platforms.length]!, os: 'linux', variant: `v${i}` },
    };
  });
  const entries = [...children, { manifest: image, platform: { architecture: 'amd64', os: 'linux' } }];
  const manifests = new Map(entries.map((e): [string, SourceManifest] => [e.manifest.digest, stored(e.manifest)]));
  const blobs = new Map<string, Uint8Array>([configBlob]);
  return { list: dockerList(entries), index: ociIndex(entries), manifests, blobs };
}

interface Timing {
  route: string;
  /** Milliseconds; null for a figure shown for context only. */
  target: number | null;
  medianMs: number;
  p95Ms: number;
  runs: number;
}

async function time(route: string, target: number | null, run: () => unknown): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { route, target, medianMs: at(0.5), p95Ms: at(0.95), runs: RUNS };
}

const FORMATS: FormatId[] = ['v2s1', 'v2s1-unsigned', 'v2s2', 'oci', 'docker-list', 'oci-index'];

async function main(): Promise<void> {
  const key = await generateSigningKey();
  const image = bigImage();
  const configDigest = [...image.blobs.keys()][0]!;
  const schema1 = await downgradeToSchema1(
    { manifest: image.schema2.bytes, config: image.blobs.get(configDigest)!, repository: 'lens/bench', tag: 'bench' },
    { key },
  );
  const schema1Stored: SourceManifest = { bytes: schema1.bytes, mediaType: schema1.mediaType, digest: schema1.digest };
  const lists = bigList(image.schema2, [configDigest, image.blobs.get(configDigest)!]);
  const listBlobs = new Map([...lists.blobs, ...image.blobs]);

  const results: Timing[] = [];
  const route = async (name: string, source: ImageSource, to: FormatId, target: number | null, remark = '') => {
    results.push(await time(`${name} -> ${to}${remark}`, target, () => convertImage(source, { to, signingKey: key })));
  };
  const sources: Array<[string, ImageSource, number]> = [
    [`schema 2, ${LAYERS} layers`, memorySource(stored(image.schema2), image.blobs, new Map()), 5],
    [`OCI, ${LAYERS} layers`, memorySource(stored(image.oci), image.blobs, new Map()), 5],
    [`schema 1, ${LAYERS} layers`, memorySource(schema1Stored, image.blobs, new Map()), 5],
    [`manifest list, ${ENTRIES} entries`, memorySource(stored(lists.list), listBlobs, lists.manifests), 50],
    [`OCI index, ${ENTRIES} entries`, memorySource(stored(lists.index), listBlobs, lists.manifests), 50],
  ];
  for (const [name, source, target] of sources) {
    for (const to of FORMATS) {
      if (name.startsWith('schema 1') && (to === 'docker-list' || to === 'oci-index')) continue; // refused by design
      // The rescue streams every layer through gunzip and sha256: I/O, timed for context; the conversion itself is below.
      const rescue = name.startsWith('schema 1') && (to === 'v2s2' || to === 'oci');
      await route(name, source, to, rescue ? null : target, rescue ? `, ${LAYERS} small layers streamed` : '');
    }
  }
  const layerDigests = new Map(
    layersNeedingDiffIds(schema1.bytes).map((digest): [string, LayerDigests] => {
      const layer = image.layers.find((l) => l.digest === digest)!;
      return [digest, { digest, size: layer.size, diffId: layer.diffID, compression: 'gzip' }];
    }),
  );
  for (const to of ['v2s2', 'oci'] as const) {
    results.push(
      await time(`schema 1, ${LAYERS} layers -> ${to}, diffIDs known (the conversion itself)`, 5, () =>
        upgradeFromSchema1(schema1.bytes, layerDigests, to),
      ),
    );
  }
  const payload = canonicalPayload(schema1.bytes);
  results.push(
    await time(`of v2s1: jose ES256 signature over the ${payload.length}-byte payload`, null, () => signPrettyJws(payload, { key })),
  );
  const listStored = { bytes: lists.list.bytes, digest: lists.list.digest };
  results.push(
    await time(`negotiation: ${ENTRIES}-entry list by tag, no list type accepted`, 50, () =>
      simulateNegotiation(
        {
          stored: listStored,
          child: (d) => lists.manifests.get(d),
          downgrade: (m, tag) =>
            downgradeToSchema1({ manifest: m.bytes, config: image.blobs.get(configDigest)!, repository: 'lens/bench', tag }, { key }),
        },
        { by: 'tag', tag: 'bench', accept: [MediaType.dockerSchema2] },
      ),
    ),
  );
  process.stdout.write(
    `${JSON.stringify({ results, sizes: { schema2: image.schema2.size, schema1: schema1.bytes.length, list: lists.list.size, index: lists.index.size } })}\n`,
  );
}

await main();
