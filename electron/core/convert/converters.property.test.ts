/**
 * The promise every converter makes: whatever bytes come in, what comes out is a result or a LensError,
 * never a TypeError or a RangeError from deep inside. Each converter gets documents shaped for it (so the
 * conversion itself runs, not only the parser) mixed with arbitrary JSON and bytes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MediaType } from '../../../shared/mediaTypes';
import { LensError } from '../errors';
import type { LayerDigests } from './diffIds';
import { indexToList, listToIndex } from './listToIndex';
import { simulateNegotiation } from './negotiationSimulator';
import { ociToSchema2 } from './ociToSchema2';
import { schema2ToOci } from './schema2ToOci';
import { layersNeedingDiffIds, upgradeFromSchema1 } from './upgradeFromSchema1';

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const hex64 = fc.stringMatching(/^[a-f0-9]{64}$/);
const digest = hex64.map((h) => `sha256:${h}`);
const awkwardString = fc.oneof(fc.string(), fc.constantFrom('<&>', '\u2028', '\ud800', '\u00e9', ''));
const annotations = fc.dictionary(awkwardString, awkwardString, { maxKeys: 3 });
const platform = fc.record(
  {
    os: fc.constantFrom('linux', 'windows'),
    architecture: fc.constantFrom('amd64', 'arm64', 'arm'),
    variant: fc.string(),
    features: fc.array(fc.string()),
    'os.version': fc.string(),
  },
  { requiredKeys: ['os', 'architecture'] },
);

const dockerLayerTypes = [
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.diff.tar',
];
const ociLayerTypes = [
  MediaType.ociLayerGzip,
  MediaType.ociLayer,
  MediaType.ociLayerZstd,
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.v1.tar+gzip+encrypted',
];

function descriptorOf(mediaTypes: readonly string[]) {
  return fc.record(
    {
      mediaType: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...mediaTypes) }, { weight: 1, arbitrary: fc.string() }),
      digest,
      size: fc.nat(),
      urls: fc.array(awkwardString, { maxLength: 2 }),
      annotations,
      platform,
      artifactType: fc.string(),
      data: fc.base64String(),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['mediaType', 'digest', 'size'] },
  );
}

const schema2 = fc.record({
  schemaVersion: fc.constant(2),
  mediaType: fc.constant(MediaType.dockerSchema2),
  config: descriptorOf([MediaType.dockerConfig, 'application/octet-stream']),
  layers: fc.array(descriptorOf(dockerLayerTypes), { maxLength: 4 }),
});
const oci = fc.record(
  {
    schemaVersion: fc.constant(2),
    mediaType: fc.constantFrom(MediaType.ociManifest, undefined),
    config: descriptorOf([MediaType.ociConfig, 'application/vnd.cncf.helm.config.v1+json']),
    layers: fc.array(descriptorOf(ociLayerTypes), { maxLength: 4 }),
    annotations,
    subject: descriptorOf([MediaType.ociManifest]),
    artifactType: fc.string(),
  },
  { requiredKeys: ['schemaVersion', 'config', 'layers'] },
);
const listOf = (mediaType: string | undefined, children: readonly string[]) =>
  fc.record(
    {
      schemaVersion: fc.constant(2),
      mediaType: fc.constant(mediaType),
      manifests: fc.array(descriptorOf(children), { maxLength: 4 }),
      annotations,
    },
    { requiredKeys: ['schemaVersion', 'mediaType', 'manifests'] },
  );
const dockerList = listOf(MediaType.dockerList, [MediaType.dockerSchema2, MediaType.ociManifest]);
const ociIndex = listOf(MediaType.ociIndex, [MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerSchema2]);

/** Schema 1 documents with a valid v1 ID chain and random history details. */
const schema1 = fc
  .array(
    fc.record({
      blob: fc.oneof(digest, fc.constant('sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4')),
      throwaway: fc.boolean(),
      created: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('2020-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2020-01-01T00:00:00.1000+05:30') },
        { weight: 1, arbitrary: fc.oneof(fc.constant('2020-02-30T00:00:00Z'), fc.string()) },
      ),
      cmd: fc.option(fc.array(awkwardString, { maxLength: 3 }), { nil: undefined }),
      extra: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((steps) => {
    let parent = '';
    const entries = steps.map((s) => {
      const id = createHash('sha256').update(`${s.blob} ${parent}`).digest('hex');
      const v1 = {
        ...s.extra,
        id,
        ...(parent ? { parent } : {}),
        created: s.created,
        container_config: { Cmd: s.cmd },
        throwaway: s.throwaway,
      };
      parent = id;
      return { blobSum: s.blob, v1Compatibility: JSON.stringify(v1) };
    });
    entries.reverse();
    return {
      schemaVersion: 1,
      name: 'a',
      tag: 'b',
      architecture: 'amd64',
      fsLayers: entries.map((e) => ({ blobSum: e.blobSum })),
      history: entries.map((e) => ({ v1Compatibility: e.v1Compatibility })),
    };
  });

const noise = fc.oneof(fc.jsonValue().map(encode), fc.uint8Array({ maxLength: 64 }));
const shaped = (doc: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: doc.map(encode) }, { weight: 1, arbitrary: noise });

/** Runs `convert` on each input; fails on anything but a LensError and when too few inputs convert. */
function holds(inputs: fc.Arbitrary<Uint8Array>, convert: (b: Uint8Array) => unknown): void {
  let converted = 0;
  fc.assert(
    fc.property(inputs, (b) => {
      try {
        convert(b);
        converted++;
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(LensError);
      }
    }),
    { numRuns: 600 },
  );
  expect(converted).toBeGreaterThan(30);
}

/** Pretends every layer was streamed, with the compression chosen from the digest. */
function fakeLayers(b: Uint8Array): Map<string, LayerDigests> {
  const compressions = ['gzip', 'none', 'zstd'] as const;
  return new Map(
    layersNeedingDiffIds(b).map((d, i) => [d, { digest: d, size: i, diffId: d, compression: compressions[d.charCodeAt(7) % 3]! }]),
  );
}

describe('every converter throws only LensError', () => {
  it('schema2ToOci', () => holds(shaped(schema2), schema2ToOci));
  it('ociToSchema2', () => holds(shaped(oci), ociToSchema2));
  it('listToIndex, children kept', () => holds(shaped(dockerList), (b) => listToIndex(b)));
  it('listToIndex, children converted', () => holds(shaped(dockerList), (b) => listToIndex(b, () => schema2ToOci(b))));
  it('indexToList, children kept', () => holds(shaped(ociIndex), (b) => indexToList(b)));
  it('indexToList, children converted', () => holds(shaped(ociIndex), (b) => indexToList(b, () => ociToSchema2(b))));
  it('upgradeFromSchema1 to schema 2', () => holds(shaped(schema1), (b) => upgradeFromSchema1(b, fakeLayers(b), 'v2s2')));
  it('upgradeFromSchema1 to OCI', () => holds(shaped(schema1), (b) => upgradeFromSchema1(b, fakeLayers(b), 'oci')));

  it('simulateNegotiation', async () => {
    const stored = fc.oneof(shaped(schema2), shaped(oci), shaped(dockerList), shaped(ociIndex));
    const accept = fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom(...Object.values(MediaType)).map((t) => `${t};q=0.5`),
      ),
      { maxLength: 3 },
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(stored, accept, fc.constantFrom('tag' as const, 'digest' as const), async (b, lines, by) => {
        try {
          await simulateNegotiation(
            { stored: { bytes: b, digest: `sha256:${'a'.repeat(64)}` }, child: () => ({ bytes: b, digest: `sha256:${'b'.repeat(64)}` }) },
            { by, tag: 'latest', accept: lines },
          );
          answered++;
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(LensError);
        }
      }),
      { numRuns: 600 },
    );
    expect(answered).toBeGreaterThan(30);
  });
});
