import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { LensError } from '../errors';
import { indexToList, listToIndex, type ConvertChild } from './listToIndex';
import { ociToSchema2 } from './ociToSchema2';
import { schema2ToOci } from './schema2ToOci';
import { refusal } from '../../../test/support/lensError';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 3));
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blob = (n: number, mediaType: string) => ({ mediaType, size: n, digest: `sha256:${n.toString(16).padStart(64, '0')}` });

const child = (n: number) =>
  enc({
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: blob(n, MediaType.dockerConfig),
    layers: [blob(n + 1, MediaType.dockerLayerGzip)],
  });
const amd = child(10);
const arm = child(20);
const ref = (b: Uint8Array, mediaType: string, platform: object) => ({ mediaType, size: b.length, digest: sha(b), platform });
const list = enc({
  schemaVersion: 2,
  mediaType: MediaType.dockerList,
  manifests: [
    ref(amd, MediaType.dockerSchema2, { architecture: 'amd64', os: 'linux' }),
    ref(arm, MediaType.dockerSchema2, { architecture: 'arm64', os: 'linux', variant: 'v8', features: ['sse4'] }),
  ],
});
const byDigest = new Map([amd, arm].map((b) => [sha(b), b]));

describe('listToIndex', () => {
  it('keeps the children as they are by default, platforms included', () => {
    const out = listToIndex(list);
    const index = json(out.bytes);
    expect(out.mediaType).toBe(MediaType.ociIndex);
    expect(out.digest).toBe(sha(out.bytes));
    expect(index).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        { mediaType: MediaType.dockerSchema2, digest: sha(amd), size: amd.length, platform: { architecture: 'amd64', os: 'linux' } },
        {
          mediaType: MediaType.dockerSchema2,
          digest: sha(arm),
          size: arm.length,
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
        },
      ],
    });
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'lost', field: 'manifests[1].platform.features' }));
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'manifests' }));
  });

  it('replaces each child by its conversion when asked, carrying the child notes', () => {
    const convert: ConvertChild = (d) => schema2ToOci(byDigest.get(d.digest) ?? new Uint8Array());
    const out = listToIndex(list, convert);
    const manifests = json(out.bytes).manifests;
    expect(manifests[0]).toMatchObject({
      mediaType: MediaType.ociManifest,
      digest: schema2ToOci(amd).digest,
      size: schema2ToOci(amd).bytes.length,
    });
    expect(out.notes).toContainEqual(expect.objectContaining({ kind: 'changed', field: 'manifests[0].layers[*].mediaType' }));
  });

  it('keeps a child whose conversion is refused, with a refused note', () => {
    const convert: ConvertChild = (_d, i) => {
      if (i === 1) throw new LensError('CONVERSION_REFUSED', 'no way');
      return undefined;
    };
    const out = listToIndex(list, convert);
    expect(json(out.bytes).manifests[1].digest).toBe(sha(arm));
    expect(out.notes).toContainEqual({ kind: 'refused', field: 'manifests[1]', message: expect.stringContaining('no way') });
  });

  it('lets other errors of the child conversion through', () => {
    const convert: ConvertChild = () => {
      throw new LensError('INPUT_INVALID', 'bad child');
    };
    expect(refusal(() => listToIndex(list, convert)).code).toBe('INPUT_INVALID');
  });
});

describe('indexToList', () => {
  const ociAmd = schema2ToOci(amd).bytes;
  const index = enc({
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: [
      {
        ...ref(ociAmd, MediaType.ociManifest, { architecture: 'amd64', os: 'linux' }),
        annotations: { 'org.opencontainers.image.ref.name': 'x' },
      },
      { ...blob(30, MediaType.ociManifest), annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      ref(enc({}), MediaType.ociIndex, { architecture: 'arm64', os: 'linux' }),
    ],
    annotations: { created: 'today' },
    subject: blob(40, MediaType.ociManifest),
  });

  it('writes a list of the entries it can hold and reports the rest', () => {
    const out = indexToList(index);
    expect(out.mediaType).toBe(MediaType.dockerList);
    expect(json(out.bytes)).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.dockerList,
      manifests: [
        { mediaType: MediaType.ociManifest, size: ociAmd.length, digest: sha(ociAmd), platform: { architecture: 'amd64', os: 'linux' } },
      ],
    });
    const lost = out.notes.filter((n) => n.kind === 'lost').map((n) => n.field);
    expect(lost).toEqual(expect.arrayContaining(['annotations', 'subject', 'manifests[0].annotations', 'manifests[1]', 'manifests[2]']));
  });

  it('converts the children back with ociToSchema2, recovering the original list entry', () => {
    const convert: ConvertChild = (d) => (d.digest === sha(ociAmd) ? ociToSchema2(ociAmd) : undefined);
    const manifests = json(indexToList(index, convert).bytes).manifests;
    expect(manifests[0]).toEqual({
      mediaType: MediaType.dockerSchema2,
      size: amd.length,
      digest: sha(amd),
      platform: { architecture: 'amd64', os: 'linux' },
    });
  });

  it('round-trips a list whose entries have nothing OCI lacks', () => {
    const plain = enc({
      schemaVersion: 2,
      mediaType: MediaType.dockerList,
      manifests: [ref(amd, MediaType.dockerSchema2, { architecture: 'amd64', os: 'linux' })],
    });
    const back = indexToList(listToIndex(plain).bytes);
    expect(json(back.bytes)).toEqual(json(plain));
    expect(indexToList(listToIndex(back.bytes).bytes).bytes).toEqual(back.bytes);
  });

  it('refuses an index none of whose entries fits a list', () => {
    const none = enc({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [blob(1, MediaType.ociManifest)] });
    expect(refusal(() => indexToList(none)).code).toBe('CONVERSION_REFUSED');
  });

  it('converts an empty index to an empty list', () => {
    expect(json(indexToList(enc({ schemaVersion: 2, manifests: [] })).bytes).manifests).toEqual([]);
  });
});
