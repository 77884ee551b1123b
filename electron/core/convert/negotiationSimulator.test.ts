import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import {
  acceptedMediaTypes,
  simulateNegotiation,
  type Downgrade,
  type NegotiationContext,
  type StoredManifest,
} from './negotiationSimulator';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 3));
const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const stored = (v: unknown): StoredManifest => {
  const bytes = enc(v);
  return { bytes, digest: sha(bytes) };
};
const blob = (n: number) => ({ mediaType: MediaType.dockerLayerGzip, size: n, digest: `sha256:${n.toString(16).padStart(64, '0')}` });

const schema2 = stored({
  schemaVersion: 2,
  mediaType: MediaType.dockerSchema2,
  config: { ...blob(1), mediaType: MediaType.dockerConfig },
  layers: [blob(2)],
});
const armSchema2 = stored({
  schemaVersion: 2,
  mediaType: MediaType.dockerSchema2,
  config: { ...blob(3), mediaType: MediaType.dockerConfig },
  layers: [blob(4)],
});
const oci = stored({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { ...blob(5), mediaType: MediaType.ociConfig },
  layers: [],
});
const entry = (m: StoredManifest, mediaType: string, architecture: string, variant?: string) => ({
  mediaType,
  size: m.bytes.length,
  digest: m.digest,
  platform: { architecture, os: 'linux', ...(variant ? { variant } : {}) },
});
const list = stored({
  schemaVersion: 2,
  mediaType: MediaType.dockerList,
  manifests: [entry(armSchema2, MediaType.dockerSchema2, 'arm64', 'v8'), entry(schema2, MediaType.dockerSchema2, 'amd64', 'v2')],
});
const listOfOci = stored({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [entry(oci, MediaType.ociManifest, 'amd64')] });
const armOnlyList = stored({
  schemaVersion: 2,
  mediaType: MediaType.dockerList,
  manifests: [entry(armSchema2, MediaType.dockerSchema2, 'arm64')],
});
const index = stored({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [entry(oci, MediaType.ociManifest, 'amd64')] });
const untypedIndex = stored({ schemaVersion: 2, manifests: [entry(oci, MediaType.ociManifest, 'amd64')] });

const children = new Map([schema2, armSchema2, oci].map((m) => [m.digest, m]));
/** Stands in for the schema 1 signer: records what it was asked and returns recognisable bytes. */
const fakeDowngrade: Downgrade = async (m, tag) => {
  const bytes = new TextEncoder().encode(`schema1 of ${m.digest} for ${tag}`);
  return { bytes, mediaType: MediaType.dockerSchema1Signed, digest: sha(bytes), notes: [] };
};
const schema1Digest = (m: StoredManifest, tag: string) => sha(new TextEncoder().encode(`schema1 of ${m.digest} for ${tag}`));

const ctxOf = (m: StoredManifest): NegotiationContext => ({ stored: m, child: (d) => children.get(d), downgrade: fakeDowngrade });
const S2 = MediaType.dockerSchema2;
const LIST = MediaType.dockerList;
const OCI = MediaType.ociManifest;
const IDX = MediaType.ociIndex;
const S1 = MediaType.dockerSchema1Signed;
const ERR = 'application/json; charset=utf-8';

describe('acceptedMediaTypes', () => {
  it('splits lines on commas, drops parameters and space, matches nothing loosely', () => {
    const types = acceptedMediaTypes([`${S2} ; q=0.5,${OCI}`, `  ${LIST}\t`, '*/*', 'Application/JSON']);
    expect([...types]).toEqual([S2, OCI, LIST, '*/*', 'Application/JSON']);
  });
});

describe('simulateNegotiation', () => {
  const cases: Array<
    [
      string,
      StoredManifest,
      'tag' | 'digest',
      string[],
      { status: number; contentType: string; digest: string | null; errorCode: string | null },
    ]
  > = [
    ['schema 2 by tag with its type', schema2, 'tag', [S2], { status: 200, contentType: S2, digest: schema2.digest, errorCode: null }],
    [
      'schema 2 by tag, no Accept: rewritten',
      schema2,
      'tag',
      [],
      { status: 200, contentType: S1, digest: schema1Digest(schema2, 'v1'), errorCode: null },
    ],
    [
      'schema 2 by tag, q-value does not hide the type',
      schema2,
      'tag',
      [`${S2};q=0`],
      { status: 200, contentType: S2, digest: schema2.digest, errorCode: null },
    ],
    [
      'schema 2 by tag, wildcard is not the type',
      schema2,
      'tag',
      ['*/*'],
      { status: 200, contentType: S1, digest: schema1Digest(schema2, 'v1'), errorCode: null },
    ],
    [
      'schema 2 by tag, type on a second header line',
      schema2,
      'tag',
      [OCI, S2],
      { status: 200, contentType: S2, digest: schema2.digest, errorCode: null },
    ],
    [
      'schema 2 by digest, no Accept: never rewritten',
      schema2,
      'digest',
      [],
      { status: 200, contentType: S2, digest: schema2.digest, errorCode: null },
    ],
    [
      'OCI manifest without its type',
      oci,
      'tag',
      [S2, LIST],
      { status: 404, contentType: ERR, digest: null, errorCode: 'MANIFEST_UNKNOWN' },
    ],
    [
      'OCI manifest by digest without its type',
      oci,
      'digest',
      [],
      { status: 404, contentType: ERR, digest: null, errorCode: 'MANIFEST_UNKNOWN' },
    ],
    ['OCI manifest with its type', oci, 'tag', [OCI], { status: 200, contentType: OCI, digest: oci.digest, errorCode: null }],
    [
      'OCI index without its type',
      index,
      'tag',
      [OCI, LIST],
      { status: 404, contentType: ERR, digest: null, errorCode: 'MANIFEST_UNKNOWN' },
    ],
    ['OCI index with its type', index, 'digest', [IDX], { status: 200, contentType: IDX, digest: index.digest, errorCode: null }],
    [
      'index naming no mediaType, any Accept',
      untypedIndex,
      'tag',
      [],
      { status: 200, contentType: IDX, digest: untypedIndex.digest, errorCode: null },
    ],
    ['list by tag with its type', list, 'tag', [LIST, S2], { status: 200, contentType: LIST, digest: list.digest, errorCode: null }],
    [
      'list by tag, schema 2 only: the amd64 child',
      list,
      'tag',
      [S2],
      { status: 200, contentType: S2, digest: schema2.digest, errorCode: null },
    ],
    [
      'list by tag, no Accept: the amd64 child rewritten',
      list,
      'tag',
      [],
      { status: 200, contentType: S1, digest: schema1Digest(schema2, 'v1'), errorCode: null },
    ],
    [
      'list by digest, no Accept: served as is',
      list,
      'digest',
      [],
      { status: 200, contentType: LIST, digest: list.digest, errorCode: null },
    ],
    [
      'list of OCI by tag, no Accept: the OCI child served unchecked',
      listOfOci,
      'tag',
      [],
      { status: 200, contentType: OCI, digest: oci.digest, errorCode: null },
    ],
    [
      'list without amd64 by tag, no list type',
      armOnlyList,
      'tag',
      [S2],
      { status: 404, contentType: ERR, digest: null, errorCode: 'MANIFEST_UNKNOWN' },
    ],
  ];

  it.each(cases)('%s', async (_name, m, by, accept, expected) => {
    const answer = await simulateNegotiation(ctxOf(m), { by, tag: by === 'tag' ? 'v1' : undefined, accept });
    expect({ status: answer.status, contentType: answer.contentType, digest: answer.digest, errorCode: answer.errorCode }).toEqual(
      expected,
    );
  });

  it('gives the bytes it serves, and the error envelope distribution writes', async () => {
    const ok = await simulateNegotiation(ctxOf(schema2), { by: 'digest', accept: [] });
    expect(ok.body).toEqual(schema2.bytes);
    const refused = await simulateNegotiation(ctxOf(oci), { by: 'digest', accept: [] });
    expect(new TextDecoder().decode(refused.body ?? new Uint8Array())).toBe(
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"OCI manifest found, but accept header does not support OCI manifests"}]}\n',
    );
  });

  it('passes the tag asked for to the downgrade and serves its bytes', async () => {
    const answer = await simulateNegotiation(ctxOf(schema2), { by: 'tag', tag: 'latest', accept: [] });
    expect(new TextDecoder().decode(answer.body ?? new Uint8Array())).toBe(`schema1 of ${schema2.digest} for latest`);
  });

  it('has no body for HEAD but the same status, type, digest and size', async () => {
    const answer = await simulateNegotiation(ctxOf(schema2), { by: 'tag', tag: 'v1', accept: [S2], method: 'HEAD' });
    expect(answer).toMatchObject({ status: 200, contentType: S2, digest: schema2.digest, body: null, size: schema2.bytes.length });
  });

  it("gives a HEAD refusal the size of the error body GET would carry (Go's server sends it as Content-Length)", async () => {
    const refusedGet = await simulateNegotiation({ stored: oci }, { by: 'tag', tag: 'v1', accept: [S2] });
    const refusedHead = await simulateNegotiation({ stored: oci }, { by: 'tag', tag: 'v1', accept: [S2], method: 'HEAD' });
    expect(refusedHead).toMatchObject({ status: 404, body: null, size: refusedGet.body!.length });
  });

  it('says schema 1 without a body when no downgrade is given', async () => {
    const answer = await simulateNegotiation({ stored: schema2 }, { by: 'tag', tag: 'v1', accept: [] });
    expect(answer).toMatchObject({ status: 200, contentType: S1, digest: null, body: null, size: null });
    expect(answer.steps.join(' ')).toMatch(/not computed/);
  });

  it('answers MANIFEST_INVALID when the rewrite fails, as distribution does', async () => {
    const failing: Downgrade = async () => {
      throw new LensError('CONVERSION_REFUSED', 'empty history');
    };
    const answer = await simulateNegotiation({ stored: schema2, downgrade: failing }, { by: 'tag', tag: 'v1', accept: [] });
    expect(answer).toMatchObject({ status: 400, errorCode: 'MANIFEST_INVALID', digest: null });
  });

  it('answers MANIFEST_UNKNOWN when the chosen child is not stored', async () => {
    const answer = await simulateNegotiation({ stored: list }, { by: 'tag', tag: 'v1', accept: [S2] });
    expect(answer).toMatchObject({ status: 404, errorCode: 'MANIFEST_UNKNOWN' });
  });

  it('explains each decision', async () => {
    const answer = await simulateNegotiation(ctxOf(list), { by: 'tag', tag: 'v1', accept: [] });
    expect(answer.steps.join('\n')).toMatch(/No Accept header[\s\S]*first linux\/amd64 entry[\s\S]*rewritten into signed schema 1/);
  });

  it('refuses unreadable stored bytes with INPUT_INVALID', async () => {
    await expect(
      simulateNegotiation({ stored: { bytes: enc('nope'), digest: sha(enc('nope')) } }, { by: 'digest', accept: [] }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
