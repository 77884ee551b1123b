import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MediaType } from '../../../shared/mediaTypes';
import { parseImageConfig, parseManifest, parseManifestOf } from './manifestTypes';
import { readVector } from '../../../test/support/vectors';
import { outcomeCode } from '../../../test/support/lensError';

const vector = (name: string) => readVector(`containers-image/${name}`);
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

const desc = { mediaType: 'x/y', size: 1, digest: `sha256:${'a'.repeat(64)}` };

describe('parseManifest', () => {
  it.each([
    ['schema1.json', 'schema1', MediaType.dockerSchema1Signed],
    ['v2s1-signed-verifies.json', 'schema1', MediaType.dockerSchema1Signed],
    ['schema2.json', 'schema2', MediaType.dockerSchema2],
    ['oci1.json', 'ociManifest', MediaType.ociManifest],
    ['oci1-to-schema1.json', 'schema1', MediaType.dockerSchema1Signed],
  ])('reads the vector %s as %s', (file, kind, mediaType) => {
    const parsed = parseManifest(vector(file));
    expect(parsed.kind).toBe(kind);
    expect(parsed.mediaType).toBe(mediaType);
  });

  it('classifies a schema 2 body without mediaType by its fields', () => {
    expect(parseManifest(bytes({ schemaVersion: 2, manifests: [] })).kind).toBe('ociIndex');
    expect(parseManifest(bytes({ schemaVersion: 2, config: desc, layers: [] })).kind).toBe('ociManifest');
  });

  // containers/image's manifest.GuessMIMEType: for schemaVersion 2 without a mediaType, the config's media
  // type decides before anything else; a config of another type (or none) leaves an index or an OCI manifest.
  it.each([
    ['a Docker image config', { config: { ...desc, mediaType: MediaType.dockerConfig }, layers: [] }, 'schema2', MediaType.dockerSchema2],
    ['an OCI image config', { config: { ...desc, mediaType: MediaType.ociConfig }, layers: [] }, 'ociManifest', MediaType.ociManifest],
    [
      'an artifact config',
      { config: { ...desc, mediaType: 'application/vnd.cncf.helm.config.v1+json' }, layers: [] },
      'ociManifest',
      MediaType.ociManifest,
    ],
    ['manifests and no config', { manifests: [{ ...desc, mediaType: MediaType.ociManifest }] }, 'ociIndex', MediaType.ociIndex],
  ])('recognises a body without mediaType that has %s as containers/image does', (_what, doc, kind, mediaType) => {
    const parsed = parseManifest(bytes({ schemaVersion: 2, ...doc }));
    expect(parsed.kind).toBe(kind);
    expect(parsed.mediaType).toBe(mediaType);
  });

  it('recognises schema 1 by its schemaVersion alone, signed when it has signatures', () => {
    const doc = { schemaVersion: 1, name: 'a', tag: 'b', architecture: 'amd64', fsLayers: [], history: [] };
    expect(parseManifest(bytes(doc)).mediaType).toBe(MediaType.dockerSchema1);
    expect(parseManifest(bytes({ ...doc, signatures: [] })).mediaType).toBe(MediaType.dockerSchema1Signed);
  });

  it('lets the content type settle a body that names no media type', () => {
    const doc = bytes({ schemaVersion: 2, manifests: [] });
    expect(parseManifest(doc, `${MediaType.ociIndex}; charset=utf-8`).kind).toBe('ociIndex');
  });

  it('calls a schema 1 without signatures unsigned', () => {
    const doc = { schemaVersion: 1, name: 'a', tag: 'b', architecture: 'amd64', fsLayers: [], history: [] };
    expect(parseManifest(bytes(doc)).mediaType).toBe(MediaType.dockerSchema1);
  });

  it('keeps fields it does not model, so conversions can report them', () => {
    const parsed = parseManifest(bytes({ schemaVersion: 2, mediaType: MediaType.dockerSchema2, config: desc, layers: [], extra: 7 }));
    expect((parsed.manifest as Record<string, unknown>).extra).toBe(7);
  });

  it.each([
    ['not JSON', '{'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['an array', '[]'],
    ['schemaVersion 3', { schemaVersion: 3 }],
    ['an unknown mediaType', { schemaVersion: 2, mediaType: 'text/plain' }],
    [
      'a schema 2 with a bad digest',
      { schemaVersion: 2, mediaType: MediaType.dockerSchema2, config: { ...desc, digest: 'sha256:AB' }, layers: [] },
    ],
    ['a negative size', { schemaVersion: 2, mediaType: MediaType.dockerSchema2, config: { ...desc, size: -1 }, layers: [] }],
    ['a list entry without platform', { schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [desc] }],
    ['an index with layers', { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [], layers: [] }],
    ['an OCI manifest with manifests', { schemaVersion: 2, mediaType: MediaType.ociManifest, config: desc, layers: [], manifests: [] }],
    [
      'schema 1 with unequal fsLayers and history',
      { schemaVersion: 1, name: 'a', tag: 'b', architecture: 'amd64', fsLayers: [{ blobSum: desc.digest }], history: [] },
    ],
  ])('refuses %s with INPUT_INVALID', (_name, input) => {
    const b = input instanceof Uint8Array ? input : bytes(input);
    expect(outcomeCode(() => parseManifest(b))).toBe('INPUT_INVALID');
  });

  it('names the bad field in the message', () => {
    const doc = { schemaVersion: 2, mediaType: MediaType.dockerSchema2, config: desc, layers: [{ ...desc, size: 'big' }] };
    expect(() => parseManifest(bytes(doc))).toThrow(/layers\.0\.size/);
  });

  it('throws nothing but LensError, whatever the input', () => {
    const anyJson = fc.jsonValue().map((v) => bytes(v));
    const manifestLike = fc
      .record({
        schemaVersion: fc.constantFrom(1, 2),
        mediaType: fc.constantFrom(...Object.values(MediaType), undefined),
        manifests: fc.option(fc.array(fc.jsonValue())),
        config: fc.option(fc.jsonValue()),
        layers: fc.option(fc.array(fc.jsonValue())),
        fsLayers: fc.option(fc.array(fc.jsonValue())),
        history: fc.option(fc.array(fc.jsonValue())),
      })
      .map((v) => bytes(v));
    fc.assert(
      fc.property(fc.oneof(anyJson, manifestLike, fc.uint8Array()), (b) => {
        const code = outcomeCode(() => parseManifest(b));
        expect(code === undefined || code === 'INPUT_INVALID').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseManifestOf', () => {
  it('insists on the format asked for', () => {
    expect(parseManifestOf(vector('schema2.json'), 'schema2', 'a schema 2 manifest').manifest.layers).toHaveLength(5);
    expect(() => parseManifestOf(vector('oci1.json'), 'schema2', 'a schema 2 manifest')).toThrow(/Expected a schema 2 manifest/);
  });
});

describe('parseImageConfig', () => {
  it('reads the vector configs', () => {
    expect(parseImageConfig(vector('schema2-config.json')).rootfs.diff_ids).toHaveLength(5);
    expect(parseImageConfig(vector('oci1-config.json')).os).toBe('linux');
  });

  it('refuses a config without rootfs', () => {
    expect(outcomeCode(() => parseImageConfig(bytes({ architecture: 'amd64', os: 'linux' })))).toBe('INPUT_INVALID');
  });
});
