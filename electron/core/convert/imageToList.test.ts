import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { imageToList } from './imageToList';
import { refusal } from '../../../test/support/lensError';

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
