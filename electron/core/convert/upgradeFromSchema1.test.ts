import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MediaType } from '../../../shared/mediaTypes';
import { LensError } from '../errors';
import type { LayerDigests } from './diffIds';
import { layersNeedingDiffIds, upgradeFromSchema1 } from './upgradeFromSchema1';
import { fieldsOciDoesNotDefine } from './ociConfig';
import { readVector } from '../../../test/support/vectors';
import { refusal } from '../../../test/support/lensError';

const vector = (name: string) => readVector(`containers-image/${name}`);
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
const sha = (b: Uint8Array | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 3));

/** containers/image's schema1FixtureLayerInfos and schema1FixtureLayerDiffIDs (docker_schema1_test.go), oldest first. */
const FIXTURE_LAYERS: Array<[digest: string, size: number, diffId: string]> = [
  [
    'sha256:9cadd93b16ff2a0c51ac967ea2abfadfac50cfa3af8b5bf983d89b8f8647f3e4',
    74876245,
    'sha256:e1d829eddb62dc49f1c56dbf8acd0c71299b3996115399de853a9d66d81b822f',
  ],
  [
    'sha256:4aa565ad8b7a87248163ce7dba1dd3894821aac97e846b932ff6b8ef9a8a508a',
    1239,
    'sha256:02404b4d7e5d89b1383ca346b4462b199128aa4b238c5a2b2c186004ac148ba8',
  ],
  [
    'sha256:f576d102e09b9eef0e305aaef705d2d43a11bebc3fd5810a761624bd5e11997e',
    78339724,
    'sha256:45fad80a4b1cec165c421eb570dec312d825bd8fac362e255028fa3f2169148d',
  ],
  [
    'sha256:9e92df2aea7dc0baf5f1f8d509678d6a6306de27ad06513f8e218371938c07a6',
    76857203,
    'sha256:7ddef8efd44586e54880ec4797458eac87b368544c438d7e7c63fbc0d9a7ae97',
  ],
  [
    'sha256:62e48e39dc5b30b75a97f05bccc66efbae6058b860ee20a5c9a184b9d5e25788',
    25923380,
    'sha256:b56b16b6407ba1b86252e7e50f98f142cf6844fab42e4495d56ebb7ce559e2af',
  ],
  [
    'sha256:e623934bca8d1a74f51014256445937714481e49343a31bda2bc5f534748184d',
    23511300,
    'sha256:9bd63850e406167b4751f5050f6dc0ebd789bb5ef5e5c6c31ed062bda8c063e8',
  ],
];
const fixtureLayers = new Map<string, LayerDigests>(
  FIXTURE_LAYERS.map(([digest, size, diffId]) => [digest, { digest, size, diffId, compression: 'gzip' }]),
);

/** A schema 1 built the way distribution's downgrade builds it: v1 IDs chained, newest first. */
function schema1Of(
  steps: Array<{ blob?: string; created?: string; createdBy?: string; author?: string; comment?: string }>,
  top: Record<string, unknown>,
) {
  let parent = '';
  const compat = steps.map((s, i) => {
    const blobSum = s.blob ?? 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';
    const id = createHash('sha256')
      .update(`${blobSum.slice(7)} ${parent}${i === steps.length - 1 ? ' top' : ''}`)
      .digest('hex');
    const entry =
      i === steps.length - 1
        ? { ...top, id, ...(parent ? { parent } : {}), ...(s.blob ? {} : { throwaway: true }) }
        : {
            id,
            ...(parent ? { parent } : {}),
            ...(s.comment ? { comment: s.comment } : {}),
            created: s.created ?? '0001-01-01T00:00:00Z',
            container_config: { Cmd: [s.createdBy ?? ''] },
            ...(s.author ? { author: s.author } : {}),
            ...(s.blob ? {} : { throwaway: true }),
          };
    parent = id;
    return { blobSum, v1Compatibility: JSON.stringify(entry) };
  });
  compat.reverse();
  return enc({
    schemaVersion: 1,
    name: 'a/b',
    tag: 't',
    architecture: 'amd64',
    fsLayers: compat.map((c) => ({ blobSum: c.blobSum })),
    history: compat.map((c) => ({ v1Compatibility: c.v1Compatibility })),
  });
}

describe('upgradeFromSchema1 on the containers/image vector', () => {
  const input = vector('schema1.json');

  it('asks for the diffIDs of the six layers, oldest first', () => {
    expect(layersNeedingDiffIds(input)).toEqual(FIXTURE_LAYERS.map(([d]) => d));
  });

  it('gives the layers of schema1-to-schema2.json', () => {
    const out = upgradeFromSchema1(input, fixtureLayers, 'v2s2');
    expect(out.mediaType).toBe(MediaType.dockerSchema2);
    expect(json(out.bytes).layers).toEqual(json(vector('schema1-to-schema2.json')).layers);
    expect(out.digest).toBe(sha(out.bytes));
  });

  it('rebuilds the config containers/image expects, compared as JSON as its test does', () => {
    const out = upgradeFromSchema1(input, fixtureLayers, 'v2s2');
    expect(json(out.config.bytes)).toEqual(json(vector('schema1-to-schema2-config.json')));
    expect(json(out.bytes).config).toEqual({
      mediaType: MediaType.dockerConfig,
      size: out.config.bytes.length,
      digest: sha(out.config.bytes),
    });
  });

  it('writes the config compact with sorted keys, nested values as their source text', () => {
    const text = new TextDecoder().decode(upgradeFromSchema1(input, fixtureLayers, 'v2s2').config.bytes);
    expect(text.startsWith('{"architecture":"amd64","config":{"Hostname":"9428cdea83ba"')).toBe(true);
    expect(text).toContain('"docker_version":"1.12.6","history":[{"created":"2017-11-21T16:47:27.755341705Z","comment":"Imported from -"}');
    expect(
      text.endsWith(
        '"rootfs":{"type":"layers","diff_ids":["sha256:e1d829eddb62dc49f1c56dbf8acd0c71299b3996115399de853a9d66d81b822f","sha256:02404b4d7e5d89b1383ca346b4462b199128aa4b238c5a2b2c186004ac148ba8","sha256:45fad80a4b1cec165c421eb570dec312d825bd8fac362e255028fa3f2169148d","sha256:7ddef8efd44586e54880ec4797458eac87b368544c438d7e7c63fbc0d9a7ae97","sha256:b56b16b6407ba1b86252e7e50f98f142cf6844fab42e4495d56ebb7ce559e2af","sha256:9bd63850e406167b4751f5050f6dc0ebd789bb5ef5e5c6c31ed062bda8c063e8"]}}',
      ),
    ).toBe(true);
  });

  it('writes OCI with OCI types and the same config bytes', () => {
    const oci = upgradeFromSchema1(input, fixtureLayers, 'oci');
    const v2s2 = upgradeFromSchema1(input, fixtureLayers, 'v2s2');
    expect(oci.mediaType).toBe(MediaType.ociManifest);
    expect(oci.config.bytes).toEqual(v2s2.config.bytes);
    const doc = json(oci.bytes);
    expect(doc.config.mediaType).toBe(MediaType.ociConfig);
    expect(doc.layers.every((l: { mediaType: string }) => l.mediaType === MediaType.ociLayerGzip)).toBe(true);
  });

  it('to OCI, kept: names the rebuilt config fields OCI does not define; normalized: writes none of them', () => {
    const kept = upgradeFromSchema1(input, fixtureLayers, 'oci');
    const foreign = fieldsOciDoesNotDefine(kept.config.bytes);
    expect(foreign.length).toBeGreaterThan(0);
    expect(kept.notes).toContainEqual(
      expect.objectContaining({ kind: 'changed', field: 'config', message: expect.stringContaining(`(${foreign.join(', ')})`) }),
    );
    const normalized = upgradeFromSchema1(input, fixtureLayers, 'oci', 'normalized');
    expect(fieldsOciDoesNotDefine(normalized.config.bytes)).toEqual([]);
    expect(json(normalized.bytes).config.digest).toBe(normalized.config.digest);
    expect(normalized.notes).toContainEqual(expect.objectContaining({ kind: 'lost', field: 'config' }));
  });

  it('reports the signature, repository name and rebuilt config', () => {
    const fields = upgradeFromSchema1(input, fixtureLayers, 'v2s2').notes.map((n) => `${n.kind}:${n.field}`);
    expect(fields).toEqual(expect.arrayContaining(['lost:signatures', 'lost:name', 'changed:config']));
  });
});

describe('upgradeFromSchema1', () => {
  const blobA = `sha256:${'a'.repeat(64)}`;
  const blobB = `sha256:${'b'.repeat(64)}`;
  const layers = new Map<string, LayerDigests>([
    [blobA, { digest: blobA, size: 10, diffId: `sha256:${'1'.repeat(64)}`, compression: 'gzip' }],
    [blobB, { digest: blobB, size: 20, diffId: `sha256:${'2'.repeat(64)}`, compression: 'gzip' }],
  ]);
  const image = schema1Of(
    [
      { blob: blobA, created: '2020-01-01T10:00:00.500000000+02:00', createdBy: 'ADD <x> & y', author: 'me', comment: 'c' },
      { createdBy: 'ENV a=b' },
      { blob: blobB, created: '2020-01-02T00:00:00Z', createdBy: 'RUN true' },
      {},
    ],
    {
      architecture: 'amd64',
      os: 'linux',
      created: '2020-01-03T00:00:00Z',
      container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ', 'CMD ["sh"]'] },
      config: { Labels: { n: 1.5 } },
    },
  );

  it('drops throwaway entries from the layers and keeps them as empty_layer history', () => {
    expect(layersNeedingDiffIds(image)).toEqual([blobA, blobB]);
    const out = upgradeFromSchema1(image, layers, 'v2s2');
    expect(json(out.bytes).layers.map((l: { digest: string }) => l.digest)).toEqual([blobA, blobB]);
    const config = json(out.config.bytes);
    expect(config.rootfs).toEqual({ type: 'layers', diff_ids: [layers.get(blobA)!.diffId, layers.get(blobB)!.diffId] });
    expect(config.history).toEqual([
      { created: '2020-01-01T10:00:00.5+02:00', author: 'me', created_by: 'ADD <x> & y', comment: 'c' },
      { created: '0001-01-01T00:00:00Z', created_by: 'ENV a=b', empty_layer: true },
      { created: '2020-01-02T00:00:00Z', created_by: 'RUN true' },
      { created: '2020-01-03T00:00:00Z', created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
    ]);
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'fsLayers' }));
  });

  it("keeps each entry's created as containers/image writes it: an explicit zero time stays, a missing one becomes it", () => {
    // containers/image's Schema2History has `Created time.Time` without omitempty, filled from each
    // v1Compatibility's `created`: Go writes the zero time as 0001-01-01T00:00:00Z, never leaves it out.
    const zero = '0001-01-01T00:00:00Z';
    const withZero = schema1Of([{ blob: blobA, created: zero, createdBy: 'ADD a' }, { created: zero, createdBy: 'ENV x' }, {}], {
      architecture: 'amd64',
      os: 'linux',
      created: zero,
    });
    const out = upgradeFromSchema1(withZero, layers, 'oci');
    expect(json(out.config.bytes).history.map((h: { created?: string }) => h.created)).toEqual([zero, zero, zero]);
    expect(out.notes.filter((n) => n.field.endsWith('.created'))).toEqual([]);

    const missing = schema1Of([{ blob: blobA }], { architecture: 'amd64', os: 'linux' });
    const rebuilt = upgradeFromSchema1(missing, layers, 'v2s2');
    expect(json(rebuilt.config.bytes).history).toEqual([{ created: zero }]);
    expect(rebuilt.notes).toContainEqual({
      kind: 'changed',
      field: 'history[0].created',
      message: `The entry names no time; Go writes its zero time for none: from (none) to ${zero}.`,
    });
  });

  it('keeps the v1 config fields as their exact text and removes the v1-only ones', () => {
    const text = new TextDecoder().decode(upgradeFromSchema1(image, layers, 'v2s2').config.bytes);
    expect(text).toContain('"config":{"Labels":{"n":1.5}}');
    expect(text).toContain('\\u003cx\\u003e \\u0026 y');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual([
      'architecture',
      'config',
      'container_config',
      'created',
      'history',
      'os',
      'rootfs',
    ]);
  });

  it('reports a newest step whose command schema 1 did not keep', () => {
    const bare = schema1Of([{ blob: blobA }], { architecture: 'amd64', os: 'linux' });
    expect(upgradeFromSchema1(bare, layers, 'oci').notes).toContainEqual(
      expect.objectContaining({ kind: 'lost', field: 'history[0].created_by' }),
    );
  });

  it('types uncompressed and zstd layers for OCI and refuses zstd for schema 2', () => {
    const other = new Map<string, LayerDigests>([
      [blobA, { ...layers.get(blobA)!, compression: 'none' }],
      [blobB, { ...layers.get(blobB)!, compression: 'zstd' }],
    ]);
    const oci = json(upgradeFromSchema1(image, other, 'oci').bytes);
    expect(oci.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([MediaType.ociLayer, MediaType.ociLayerZstd]);
    const error = refusal(() => upgradeFromSchema1(image, other, 'v2s2'));
    expect(error.code).toBe('CONVERSION_REFUSED');
    expect(error.message).toMatch(/zstd/);
  });

  it('collapses an entry repeated by old Docker pushes', () => {
    const m = json(image);
    m.fsLayers.splice(1, 0, m.fsLayers[1]);
    m.history.splice(1, 0, m.history[1]);
    const out = upgradeFromSchema1(enc(m), layers, 'v2s2');
    expect(json(out.config.bytes).history).toHaveLength(4);
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'history' }));
  });

  it.each([
    ['a broken parent chain', (m: { history: Array<{ v1Compatibility: string }> }) => m.history.splice(1, 1)],
    ['a bad v1 ID', (m: { history: Array<{ v1Compatibility: string }> }) => (m.history[2]!.v1Compatibility = '{"id":"xyz"}')],
    ['a v1Compatibility that is not JSON', (m: { history: Array<{ v1Compatibility: string }> }) => (m.history[0]!.v1Compatibility = '{')],
    [
      'a created time Go cannot read',
      (m: { history: Array<{ v1Compatibility: string }> }) =>
        (m.history[3]!.v1Compatibility = m.history[3]!.v1Compatibility.replace('2020-01-01T10', '2020-13-01T10')),
    ],
  ])('refuses %s with INPUT_INVALID', (_name, edit) => {
    const m = json(image);
    edit(m);
    if (m.fsLayers.length !== m.history.length) m.fsLayers.splice(1, 1);
    expect(refusal(() => upgradeFromSchema1(enc(m), layers, 'v2s2')).code).toBe('INPUT_INVALID');
  });

  it('throws nothing but LensError, whatever the v1Compatibility strings', () => {
    const history = fc.array(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc
          .record({
            id: fc.constantFrom('a'.repeat(64), 'x'),
            parent: fc.option(fc.constant('a'.repeat(64)), { nil: undefined }),
            throwaway: fc.boolean(),
            created: fc.string(),
          })
          .map((v) => JSON.stringify(v)),
      ),
      { minLength: 0, maxLength: 4 },
    );
    fc.assert(
      fc.property(history, (h) => {
        const doc = enc({
          schemaVersion: 1,
          name: 'a',
          tag: 'b',
          architecture: 'amd64',
          fsLayers: h.map(() => ({ blobSum: blobA })),
          history: h.map((v) => ({ v1Compatibility: v })),
        });
        for (const target of ['v2s2', 'oci'] as const) {
          try {
            upgradeFromSchema1(doc, layers, target);
          } catch (e) {
            expect(e).toBeInstanceOf(LensError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
