import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { schema2ToOci } from './schema2ToOci';
import { readVector } from '../../../test/support/vectors';
import { refusal } from '../../../test/support/lensError';

const vector = (name: string) => readVector(`containers-image/${name}`);
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const blob = (n: number, mediaType: string) => ({ mediaType, size: n, digest: `sha256:${n.toString(16).padStart(64, '0')}` });

describe('schema2ToOci', () => {
  it('matches containers/image on the layers of its vector, and keeps the config bytes it re-marshals', () => {
    const input = vector('schema2.json');
    const out = schema2ToOci(input);
    const expected = json(vector('schema2-to-oci1.json'));
    const got = json(out.bytes);
    expect(out.mediaType).toBe(MediaType.ociManifest);
    expect(got.layers).toEqual(expected.layers);
    // containers/image re-marshals the config through its OCI struct (new digest, 4670 bytes); we keep the
    // original blob, whose digest the source manifest names and whose bytes are schema2-config.json.
    const config = vector('schema2-config.json');
    expect(got.config).toEqual({ mediaType: MediaType.ociConfig, digest: sha(config), size: config.length });
    expect(expected.config.digest).not.toBe(got.config.digest);
    expect(got.schemaVersion).toBe(2);
    expect(got.mediaType).toBe(MediaType.ociManifest);
  });

  it('writes Go MarshalIndent layout with OCI field order and digests its own bytes', () => {
    const out = schema2ToOci(vector('schema2.json'));
    const text = new TextDecoder().decode(out.bytes);
    expect(
      text.startsWith(
        '{\n   "schemaVersion": 2,\n   "mediaType": "application/vnd.oci.image.manifest.v1+json",\n   "config": {\n      "mediaType"',
      ),
    ).toBe(true);
    expect(text).toContain(
      '"digest": "sha256:6a5a5368e0c2d3e5909184fa28ddfd56072e7ff3ee9a945876f7eee5896ef5bb",\n         "size": 51354364\n',
    );
    expect(text.endsWith('\n   ]\n}')).toBe(true);
    expect(out.digest).toBe(sha(out.bytes));
  });

  it('reports the config media type it changed (the vector types it application/octet-stream)', () => {
    const out = schema2ToOci(vector('schema2.json'));
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'config.mediaType' }));
  });

  it('maps every Docker layer type to its OCI twin and keeps urls', () => {
    const layers = [
      blob(1, 'application/vnd.docker.image.rootfs.diff.tar.gzip'),
      { ...blob(2, 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'), urls: ['https://example.com/l'] },
      blob(3, 'application/vnd.docker.image.rootfs.diff.tar'),
      blob(4, 'application/vnd.docker.image.rootfs.foreign.diff.tar'),
    ];
    const out = json(
      schema2ToOci(enc({ schemaVersion: 2, mediaType: MediaType.dockerSchema2, config: blob(9, MediaType.dockerConfig), layers })).bytes,
    );
    expect(out.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([
      MediaType.ociLayerGzip,
      'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
      MediaType.ociLayer,
      'application/vnd.oci.image.layer.nondistributable.v1.tar',
    ]);
    expect(out.layers[1].urls).toEqual(['https://example.com/l']);
  });

  it('keeps a layer the schema 2 manifest already types as OCI', () => {
    const doc = {
      schemaVersion: 2,
      mediaType: MediaType.dockerSchema2,
      config: blob(9, MediaType.dockerConfig),
      layers: [blob(1, MediaType.ociLayerZstd)],
    };
    expect(json(schema2ToOci(enc(doc)).bytes).layers[0].mediaType).toBe(MediaType.ociLayerZstd);
  });

  it('reports unknown fields as lost', () => {
    const doc = {
      schemaVersion: 2,
      mediaType: MediaType.dockerSchema2,
      config: blob(9, MediaType.dockerConfig),
      layers: [{ ...blob(1, MediaType.dockerLayerGzip), extra: 1 }],
      custom: true,
    };
    const notes = schema2ToOci(enc(doc)).notes;
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'lost', field: 'custom' }));
    expect(notes).toContainEqual(expect.objectContaining({ kind: 'lost', field: 'layers[0].extra' }));
  });

  it("keeps a schema 2 manifest's annotations (regclient's rawDockerSchema2) and reports none lost", () => {
    const out = schema2ToOci(readVector('regclient/schema2-annotations.json'));
    const got = json(out.bytes);
    expect(got.annotations).toEqual({ 'org.example.test': 'hello world' });
    expect(Object.keys(got)).toEqual(['schemaVersion', 'mediaType', 'config', 'layers', 'annotations']);
    expect(out.notes.filter((n) => n.field.startsWith('annotations') || n.message.includes('annotations'))).toEqual([]);
  });

  it('converts a schema 2 body without mediaType, recognised by its Docker config type, like the typed one', () => {
    const typed = readVector('regclient/schema2-annotations.json');
    const { mediaType: _m, ...untyped } = json(typed);
    const out = schema2ToOci(enc(untyped));
    const got = json(out.bytes);
    expect(got.mediaType).toBe(MediaType.ociManifest);
    expect(got.config.mediaType).toBe(MediaType.ociConfig);
    expect(got.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(Array(4).fill(MediaType.ociLayerGzip));
    expect(out.bytes).toEqual(schema2ToOci(typed).bytes);
  });

  it('refuses a layer type it does not know, naming it', () => {
    const doc = {
      schemaVersion: 2,
      mediaType: MediaType.dockerSchema2,
      config: blob(9, MediaType.dockerConfig),
      layers: [blob(1, 'application/x-custom')],
    };
    const error = refusal(() => schema2ToOci(enc(doc)));
    expect(error.code).toBe('CONVERSION_REFUSED');
    expect(error.message).toContain('application/x-custom');
  });

  it('refuses other formats as INPUT_INVALID', () => {
    expect(refusal(() => schema2ToOci(vector('oci1.json'))).code).toBe('INPUT_INVALID');
  });
});

describe('schema2ToOci and the config', () => {
  const config = vector('schema2-config.json');

  it('kept: references the same config bytes and names exactly the fields OCI does not define', () => {
    const out = schema2ToOci(vector('schema2.json'), { mode: 'kept', config });
    expect(json(out.bytes).config.digest).toBe(sha(config));
    expect(out.config).toBeNull();
    const foreign = out.notes.filter((n) => n.field === 'config');
    expect(foreign).toHaveLength(1);
    expect(foreign[0]!.kind).toBe('changed');
    expect(foreign[0]!.message).toContain(`keeps its bytes (${sha(config)} holds)`);
    expect(foreign[0]!.message).toContain(
      '13 fields (container, container_config, docker_version, config.Hostname, config.Domainname, config.AttachStdin, ' +
        'config.AttachStdout, config.AttachStderr, config.Tty, config.OpenStdin, config.StdinOnce, config.Image, config.OnBuild)',
    );
  });

  it('kept, a config that is not JSON: converted all the same, and the note says the config was not checked', () => {
    const out = schema2ToOci(vector('schema2.json'), { mode: 'kept', config: new TextEncoder().encode('not json') });
    expect(out.notes).toContainEqual(
      expect.objectContaining({ kind: 'unverified', field: 'config', message: expect.stringContaining('not valid JSON') }),
    );
  });

  it('kept, config not at hand: says it was not checked', () => {
    const out = schema2ToOci(vector('schema2.json'), { mode: 'kept', config: { unread: 'The image config is not at hand.' } });
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'unverified', field: 'config' }));
  });

  it("normalized: the manifest is containers/image's schema2-to-oci1.json, the new config travels with it", () => {
    const out = schema2ToOci(vector('schema2.json'), { mode: 'normalized', config });
    expect(json(out.bytes)).toEqual(json(vector('schema2-to-oci1.json')));
    expect(out.config?.digest).toBe(sha(out.config!.bytes));
    expect(json(out.config!.bytes)).toEqual(json(vector('schema2-to-oci1-config.json')));
    expect(out.notes.filter((n) => n.field === 'config').map((n) => n.kind)).toEqual(['changed', 'lost']);
    expect(out.notes.map((n) => n.field)).not.toContain('config.mediaType');
  });
});
