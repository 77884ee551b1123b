/**
 * Each profile's rules against the facts its sources state (the sources named in each module). These show
 * that the data says what the sources say; only distribution 2.8's predictions are checked against a real
 * registry (test/integration/profiles.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { PROFILE_IDS, type ProfileId } from '../../../shared/profiles';
import { goParsedMediaTypes } from './distribution3';
import { PROFILES, profileById } from './index';
import { UNKNOWN, type ProbeCase, type StoredKind } from './types';

const { dockerSchema1Signed: S1, dockerSchema1: S1U, dockerSchema2: S2, dockerList: LIST, ociManifest: OCI, ociIndex: IDX } = MediaType;

const probe = (stored: StoredKind, by: 'tag' | 'digest', accept: string[], extra: Partial<ProbeCase> = {}): ProbeCase => ({
  stored,
  by,
  method: 'HEAD',
  accept,
  ...extra,
});

/** The fields a fingerprint compares, or 'unknown'. */
async function answer(id: ProfileId, p: ProbeCase) {
  const prediction = await profileById(id).predict(p);
  if (prediction === UNKNOWN) return UNKNOWN;
  return { status: prediction.status, mediaType: prediction.mediaType, converts: prediction.converts };
}

const STORED = (mediaType: string) => ({ status: 200, mediaType, converts: false });
const NOT_FOUND = { status: 404, mediaType: null, converts: false };

describe('every profile', () => {
  it('is listed once, in the order of PROFILE_IDS', () => {
    expect(PROFILES.map((p) => p.id)).toEqual([...PROFILE_IDS]);
  });

  it('names a source for every fact it states and every answer it predicts', async () => {
    const kinds: StoredKind[] = ['schema1', 'schema2', 'dockerList', 'ociManifest', 'ociIndex'];
    const accepts = [[], [S1], [S1U], [S2], [LIST], [OCI], [IDX], [S2, OCI], [`${OCI}, ${IDX}`]];
    for (const profile of PROFILES) {
      for (const fact of Object.values(profile.facts)) {
        if (fact !== UNKNOWN) expect(fact.source, profile.id).toMatchObject({ kind: expect.stringMatching(/^(code|docs|issue)$/) });
      }
      for (const kind of kinds)
        for (const by of ['tag', 'digest'] as const)
          for (const accept of accepts) {
            const prediction = await profile.predict(probe(kind, by, accept));
            if (prediction !== UNKNOWN) expect(prediction.why, `${profile.id} ${kind} by ${by}`).not.toBe('');
          }
    }
  });
});

describe('distribution-2 (registry/handlers/manifests.go v2.8.2, through the simulator)', () => {
  it('rewrites schema 2 into signed schema 1 by tag when Accept lacks schema 2, also for an OCI-only client', async () => {
    for (const accept of [[], [S1], [OCI]])
      expect(await answer('distribution-2', probe('schema2', 'tag', accept))).toEqual({ status: 200, mediaType: S1, converts: true });
  });
  it('resolves a list asked by tag without the list type to its linux/amd64 entry, and never rewrites by digest', async () => {
    expect(await answer('distribution-2', probe('dockerList', 'tag', [S2]))).toEqual({ status: 200, mediaType: S2, converts: true });
    expect(await answer('distribution-2', probe('dockerList', 'digest', [S2]))).toEqual(STORED(LIST));
    expect(await answer('distribution-2', probe('schema2', 'digest', [S1]))).toEqual(STORED(S2));
  });
  it('answers OCI without its type 404, by tag and by digest, with the error body distribution writes', async () => {
    for (const by of ['tag', 'digest'] as const) expect(await answer('distribution-2', probe('ociManifest', by, [S2]))).toEqual(NOT_FOUND);
    const body = `${JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'OCI manifest found, but accept header does not support OCI manifests' }] })}\n`;
    const prediction = await profileById('distribution-2').predict(probe('ociManifest', 'tag', [S2]));
    expect(prediction !== UNKNOWN && prediction.errorBodyLength).toBe(body.length);
  });
  it('states no referrers API', () => {
    expect(profileById('distribution-2').facts.referrersApi).toMatchObject({ value: false });
  });
});

describe('distribution-3 (registry/handlers/manifests.go v3.0.0)', () => {
  it('serves schema 2 as stored whatever the Accept: the schema 1 rewrite is gone', async () => {
    for (const accept of [[], [S1], [OCI]]) expect(await answer('distribution-3', probe('schema2', 'tag', accept))).toEqual(STORED(S2));
  });
  it('resolves a list by tag to its amd64 entry, or refuses MANIFEST_INVALID when that entry is schema 2 and schema 2 is not accepted', async () => {
    expect(await answer('distribution-3', probe('dockerList', 'tag', [S2]))).toEqual({ status: 200, mediaType: S2, converts: true });
    const refused = await profileById('distribution-3').predict(probe('dockerList', 'tag', [S1]));
    expect(refused).toMatchObject({ status: 400, errorCode: 'MANIFEST_INVALID' });
  });
  it('keeps the OCI 404 rule, and reads Accept items the way mime.ParseMediaType does (lower-cased, malformed ones skipped)', async () => {
    expect(await answer('distribution-3', probe('ociManifest', 'digest', [S2]))).toEqual(NOT_FOUND);
    expect(await answer('distribution-3', probe('ociManifest', 'digest', [OCI.toUpperCase()]))).toEqual(STORED(OCI));
    expect([...goParsedMediaTypes([`${OCI};q, ${S2} ;q=0.5, */*`])]).toEqual([S2, '*/*']);
  });
  it("parses Accept items as Go's mime.ParseMediaType does: one trailing semicolon, quoted values, unique names", () => {
    const kept = (item: string) => goParsedMediaTypes([item]).size === 1;
    expect([`${OCI};`, `${OCI}; q="0.5"`, `${OCI} ; a=b ; c="x\\"y"`, 'token-only', ` ${OCI.toUpperCase()} `].map(kept)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([`${OCI};;`, `${OCI}; a=b; A=c`, `${OCI}; a=`, `${OCI}; a="open`, `${OCI}/extra`, `${OCI}; a=b c`].map(kept)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
  it('says unknown for a stored schema 1, which 3.x cannot read', async () => {
    expect(await answer('distribution-3', probe('schema1', 'tag', [S1]))).toBe(UNKNOWN);
  });
  it('states no referrers API', () => {
    expect(profileById('distribution-3').facts.referrersApi).toMatchObject({ value: false });
  });
});

describe('docker-hub', () => {
  it('refuses an OCI child asked by digest with a schema 1 Accept, and says unknown about rewrites by tag', async () => {
    expect(await answer('docker-hub', probe('ociManifest', 'digest', [S1U]))).toEqual(NOT_FOUND);
    expect(await answer('docker-hub', probe('schema2', 'tag', [S1]))).toBe(UNKNOWN);
  });
  it('states that HEAD does not count toward the pull limit, and no referrers API', () => {
    expect(profileById('docker-hub').facts.headCountsTowardRateLimit).toMatchObject({ value: false });
    expect(profileById('docker-hub').facts.referrersApi).toMatchObject({ value: false });
  });
});

describe('ghcr', () => {
  it('answers a schema 1 Accept with the stored schema 2, and refuses an OCI index without its type', async () => {
    expect(await answer('ghcr', probe('schema2', 'tag', [S1]))).toEqual(STORED(S2));
    expect(await answer('ghcr', probe('ociIndex', 'tag', [`${S2}, ${LIST}`]))).toEqual(NOT_FOUND);
    expect(await answer('ghcr', probe('ociManifest', 'tag', [S2]))).toBe(UNKNOWN);
    expect(profileById('ghcr').facts.referrersApi).toMatchObject({ value: false });
  });
});

describe('quay (endpoints/v2/manifest.py)', () => {
  it('serves by digest whatever the Accept, by tag when the stored type is accepted, and converts schema 2 by tag otherwise', async () => {
    expect(await answer('quay', probe('schema2', 'digest', [S1]))).toEqual(STORED(S2));
    expect(await answer('quay', probe('ociManifest', 'tag', [OCI]))).toEqual(STORED(OCI));
    expect(await answer('quay', probe('schema2', 'tag', []))).toEqual({ status: 200, mediaType: UNKNOWN, converts: true });
    // Served only where FEATURE_REFERRERS_API is on.
    expect(profileById('quay').facts.referrersApi).toBe(UNKNOWN);
  });
});

describe('ecr (image-manifest-formats)', () => {
  it('converts by tag: schema 2 to OCI, OCI to schema 2; never OCI to schema 1; nothing by digest', async () => {
    expect(await answer('ecr', probe('schema2', 'tag', [OCI]))).toEqual({ status: 200, mediaType: OCI, converts: true });
    expect(await answer('ecr', probe('ociManifest', 'tag', [S2]))).toEqual({ status: 200, mediaType: S2, converts: true });
    expect(await answer('ecr', probe('schema2', 'tag', [S1]))).toEqual({ status: 200, mediaType: UNKNOWN, converts: true });
    expect(await answer('ecr', probe('ociManifest', 'tag', [S1]))).toEqual({ status: UNKNOWN, mediaType: UNKNOWN, converts: false });
    expect(await answer('ecr', probe('schema2', 'digest', [OCI]))).toEqual({ status: UNKNOWN, mediaType: UNKNOWN, converts: false });
  });
});

describe('acr', () => {
  it('refuses OCI manifests and indexes without their type in Accept', async () => {
    expect(await answer('acr', probe('ociManifest', 'tag', [S2]))).toEqual(NOT_FOUND);
    expect(await answer('acr', probe('ociIndex', 'tag', [LIST]))).toEqual(NOT_FOUND);
    expect(await answer('acr', probe('schema2', 'tag', [S1]))).toBe(UNKNOWN);
  });
});

describe('harbor (src/server/registry/manifest.go v2.14.4)', () => {
  it("asks its distribution 2.8 by digest even for a tag, so nothing is rewritten; distribution's refusals are unknown (the manifest cache serves as stored)", async () => {
    expect(await answer('harbor', probe('schema2', 'tag', [S1]))).toEqual(STORED(S2));
    expect(await answer('harbor', probe('dockerList', 'tag', [S2]))).toEqual(STORED(LIST));
    expect(await answer('harbor', probe('ociManifest', 'tag', [S2]))).toBe(UNKNOWN);
    expect(await profileById('harbor').predict(probe('schema2', 'tag', [S1]))).not.toHaveProperty('errorBodyLength');
  });
  it('routes the referrers API for GET only: a HEAD of it reaches distribution, which answers 404', () => {
    expect(profileById('harbor').facts.referrersApi).toMatchObject({ value: true });
    expect(profileById('harbor').facts.referrersHeadStatus).toMatchObject({ value: 404 });
  });
});

describe('zot and gitea', () => {
  it('serve what they store whatever the Accept', async () => {
    for (const id of ['zot', 'gitea'] as const) {
      expect(await answer(id, probe('ociManifest', 'tag', [S1]))).toEqual(STORED(OCI));
      expect(await answer(id, probe('schema2', 'digest', []))).toEqual(STORED(S2));
    }
    expect(profileById('zot').facts.referrersApi).toMatchObject({ value: true });
    // Routed for GET and OPTIONS only: the router refuses a HEAD, before the handler that sets the header.
    expect(profileById('zot').facts.referrersHeadStatus).toMatchObject({ value: 405 });
    expect(profileById('zot').facts.apiVersionHeader).toMatchObject({ value: null });
  });
});

describe('nexus', () => {
  it('answers no Accept header with unsigned schema 1 and a schema 2 Accept with schema 2; the rest is unknown', async () => {
    expect(await answer('nexus', probe('schema2', 'tag', []))).toEqual({ status: 200, mediaType: S1U, converts: true });
    expect(await answer('nexus', probe('schema2', 'tag', [S2]))).toEqual(STORED(S2));
    expect(await answer('nexus', probe('ociManifest', 'tag', [S2]))).toBe(UNKNOWN);
  });
});

describe('artifactory and artifact-registry', () => {
  it('predict nothing, for want of a source', async () => {
    for (const id of ['artifactory', 'artifact-registry'] as const) expect(await answer(id, probe('schema2', 'tag', [S1]))).toBe(UNKNOWN);
    expect(profileById('artifact-registry').facts.hosts).toMatchObject({ value: ['*-docker.pkg.dev'] });
  });
});
