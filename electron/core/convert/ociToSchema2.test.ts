import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { ociToSchema2 } from './ociToSchema2';
import { schema2ToOci } from './schema2ToOci';
import { readVector } from '../../../test/support/vectors';
import { refusal } from '../../../test/support/lensError';

const vector = (name: string) => readVector(`containers-image/${name}`);
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const blob = (n: number, mediaType: string) => ({ mediaType, size: n, digest: `sha256:${n.toString(16).padStart(64, '0')}` });
const ociWith = (layers: unknown[], extra: object = {}) =>
  enc({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: blob(9, MediaType.ociConfig), layers, ...extra });

describe('ociToSchema2', () => {
  it('gives what containers/image gives for its vector, config bytes unchanged', () => {
    const out = ociToSchema2(vector('oci1.json'));
    expect(out.mediaType).toBe(MediaType.dockerSchema2);
    expect(json(out.bytes)).toEqual(json(vector('oci1-to-schema2.json')));
    const config = vector('oci1-to-schema2-config.json');
    expect(json(out.bytes).config.digest).toBe(sha(config));
    expect(out.digest).toBe(sha(out.bytes));
  });

  it('writes distribution field order (mediaType, size, digest) in Go MarshalIndent layout', () => {
    const text = new TextDecoder().decode(ociToSchema2(vector('oci1.json')).bytes);
    expect(text).toContain(
      '      {\n         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",\n         "size": 11739507,\n         "digest": "sha256:8f5dc8a4b12c307ac84de90cdd9a7f3915d1be04c9388868ca118831099c67a9",\n         "urls": [\n            "https://layer.url"\n         ]\n      },',
    );
  });

  it('reports the annotations of the vector as lost, where they were', () => {
    const lost = ociToSchema2(vector('oci1.json'))
      .notes.filter((n) => n.kind === 'lost')
      .map((n) => n.field);
    expect(lost).toEqual(expect.arrayContaining(['config.annotations', 'layers[3].annotations']));
  });

  it('reports subject, artifactType and top-level annotations as lost', () => {
    const doc = ociWith([blob(1, MediaType.ociLayerGzip)], {
      subject: blob(7, MediaType.ociManifest),
      artifactType: 'application/x-sbom',
      annotations: { a: 'b' },
    });
    const lost = ociToSchema2(doc)
      .notes.filter((n) => n.kind === 'lost')
      .map((n) => n.field);
    expect(lost).toEqual(expect.arrayContaining(['subject', 'artifactType', 'annotations']));
  });

  it.each([
    [MediaType.ociLayerZstd, /zstd/],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', /zstd/],
    ['application/vnd.oci.image.layer.v1.tar+gzip+encrypted', /encrypted/],
    ['application/vnd.oci.image.layer.v1.tar+zstd+encrypted', /encrypted/],
    ['application/x-unknown', /no Docker schema 2 equivalent/],
  ])('refuses a %s layer with the reason', (mediaType, reason) => {
    const error = refusal(() => ociToSchema2(ociWith([blob(1, MediaType.ociLayerGzip), blob(2, mediaType)])));
    expect(error.code).toBe('CONVERSION_REFUSED');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain('layers[1]');
  });

  it('keeps a layer the OCI manifest already types as Docker', () => {
    const out = json(ociToSchema2(ociWith([blob(1, MediaType.dockerLayerGzip)])).bytes);
    expect(out.layers[0].mediaType).toBe(MediaType.dockerLayerGzip);
  });

  it('refuses an OCI artifact (config not an image config)', () => {
    const doc = enc({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: blob(9, 'application/vnd.cncf.helm.config.v1+json'),
      layers: [],
    });
    expect(refusal(() => ociToSchema2(doc)).message).toMatch(/artifact/);
  });

  it('round-trips with schema2ToOci byte for byte when nothing is lost', () => {
    const schema2 = ociToSchema2(ociWith([blob(1, MediaType.ociLayerGzip), blob(2, MediaType.ociLayer)])).bytes;
    expect(ociToSchema2(schema2ToOci(schema2).bytes).bytes).toEqual(schema2);
  });
});
