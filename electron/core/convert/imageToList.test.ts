import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { imageToList } from './imageToList';
import { refusal } from '../../../test/support/lensError';
import { readVector, readVectorText } from '../../../test/support/vectors';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 3));
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blob = (n: number, mediaType: string) => ({ mediaType, size: n, digest: `sha256:${n.toString(16).padStart(64, '0')}` });

const config = (extra: object) =>
  enc({ architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: { type: 'layers', diff_ids: [] }, ...extra });
const schema2 = enc({
  schemaVersion: 2,
  mediaType: MediaType.dockerSchema2,
  config: blob(1, MediaType.dockerConfig),
  layers: [blob(2, MediaType.dockerLayerGzip)],
});
const oci = enc({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: blob(1, MediaType.ociConfig), layers: [] });

describe('imageToList', () => {
  it("lists a schema 2 image as the only entry of a Docker list, in distribution's layout, platform from the config", () => {
    const out = imageToList({ manifest: schema2, digest: sha(schema2), config: config({}) }, 'docker-list');
    expect(out.mediaType).toBe(MediaType.dockerList);
    expect(out.digest).toBe(sha(out.bytes));
    expect(text(out.bytes)).toBe(
      [
        '{',
        '   "schemaVersion": 2,',
        `   "mediaType": "${MediaType.dockerList}",`,
        '   "manifests": [',
        '      {',
        `         "mediaType": "${MediaType.dockerSchema2}",`,
        `         "size": ${schema2.length},`,
        `         "digest": "${sha(schema2)}",`,
        '         "platform": {',
        '            "architecture": "arm64",',
        '            "os": "linux",',
        '            "variant": "v8"',
        '         }',
        '      }',
        '   ]',
        '}',
      ].join('\n'),
    );
    expect(out.notes).toEqual([
      expect.objectContaining({ kind: 'changed', field: 'manifests', message: expect.stringContaining('linux/arm64/v8') }),
    ]);
  });

  it('keeps Windows os.version and os.features in an OCI index, and says when an OCI child sits in a Docker list', () => {
    const windows = config({
      architecture: 'amd64',
      os: 'windows',
      variant: undefined,
      'os.version': '10.0.20348.2113',
      'os.features': ['win32k'],
    });
    const index = JSON.parse(text(imageToList({ manifest: oci, digest: sha(oci), config: windows }, 'oci-index').bytes));
    expect(index.manifests[0]).toEqual({
      mediaType: MediaType.ociManifest,
      digest: sha(oci),
      size: oci.length,
      platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0.20348.2113', 'os.features': ['win32k'] },
    });
    const list = imageToList({ manifest: oci, digest: sha(oci), config: windows }, 'docker-list');
    expect(list.notes.map((n) => n.field)).toEqual(['manifests', 'manifests[0]']);
  });

  it('refuses schema 1 and lists, and reads the config as an image config', () => {
    const schema1 = enc({ schemaVersion: 1, name: 'a', tag: 'b', architecture: 'amd64', fsLayers: [], history: [] });
    expect(refusal(() => imageToList({ manifest: schema1, digest: sha(schema1), config: config({}) }, 'oci-index')).code).toBe(
      'CONVERSION_REFUSED',
    );
    const list = enc({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [] });
    expect(refusal(() => imageToList({ manifest: list, digest: sha(list), config: config({}) }, 'oci-index')).code).toBe(
      'CONVERSION_REFUSED',
    );
    expect(refusal(() => imageToList({ manifest: oci, digest: sha(oci), config: enc({ os: 'linux' }) }, 'oci-index')).code).toBe(
      'INPUT_INVALID',
    );
  });
});

describe('imageToList of OCI artifacts (image-spec and containers/image vectors)', () => {
  const listed = (path: string, config?: Uint8Array) => {
    const manifest = readVector(path);
    return { manifest, digest: sha(manifest), config };
  };

  it.each([
    ['image-spec/artifact-minimal.json', 'application/vnd.example+type'],
    ['image-spec/artifact-without-config.json', 'application/vnd.example+type'],
    ['image-spec/artifact-with-config.json', 'application/vnd.example+type'],
    ['containers-image/manifest-fixtures/ociv1.everything.json', 'application/our-artifact'],
    // No artifactType: the config's media type is the artifact's type.
    ['containers-image/oci1-artifact.json', 'application/vnd.oci.custom.artifact.config.v1+json'],
  ])('%s becomes an OCI index entry with artifactType %s and no platform, reading no config', (path, artifactType) => {
    const input = listed(path);
    const out = imageToList(input, 'oci-index');
    expect(JSON.parse(text(out.bytes))).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ mediaType: MediaType.ociManifest, digest: input.digest, size: input.manifest.length, artifactType }],
    });
    expect(out.notes).toEqual([
      expect.objectContaining({ kind: 'changed', field: 'manifests', message: expect.stringContaining(artifactType) }),
    ]);
  });

  it.each(['image-spec/artifact-with-config.json', 'containers-image/oci1-artifact.json'])(
    '%s as a Docker manifest list is refused as an artifact, not an image, without a validator message',
    (path) => {
      const e = refusal(() => imageToList(listed(path), 'docker-list'));
      expect(e.code).toBe('CONVERSION_REFUSED');
      expect(e.message).toMatch(/is an OCI artifact \(.+\), not an image/);
      expect(e.message).not.toMatch(/malformed|architecture/);
    },
  );

  it("keeps an image's artifactType in its index entry, beside the platform; a Docker list entry reports it lost", () => {
    // The image-spec's example image manifest with an artifactType added (an image config, so a platform).
    const example = JSON.parse(readVectorText('image-spec/manifest-example.json')) as Record<string, unknown>;
    const manifest = enc({ ...example, artifactType: 'application/vnd.example.image+type' });
    const input = { manifest, digest: sha(manifest), config: config({}) };
    const entry = JSON.parse(text(imageToList(input, 'oci-index').bytes)).manifests[0];
    expect(entry).toEqual({
      mediaType: MediaType.ociManifest,
      digest: input.digest,
      size: manifest.length,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
      artifactType: 'application/vnd.example.image+type',
    });
    const list = imageToList(input, 'docker-list');
    expect(JSON.parse(text(list.bytes)).manifests[0].artifactType).toBeUndefined();
    expect(list.notes).toContainEqual(
      expect.objectContaining({
        kind: 'lost',
        field: 'manifests[0].artifactType',
        message: expect.stringContaining('application/vnd.example.image+type'),
      }),
    );
  });
});

describe('imageToList of a schema 2 whose config is typed application/octet-stream (containers/image vector)', () => {
  it('lists it as the image it is: a schema 2 config is an image config whatever type it is referenced by', () => {
    const manifest = readVector('containers-image/schema2.json');
    const input = { manifest, digest: sha(manifest), config: readVector('containers-image/schema2-config.json') };
    const list = JSON.parse(text(imageToList(input, 'docker-list').bytes));
    expect(list.manifests[0].platform).toEqual({ architecture: 'amd64', os: 'linux' });
    expect(JSON.parse(text(imageToList(input, 'oci-index').bytes)).manifests[0].artifactType).toBeUndefined();
  });
});
