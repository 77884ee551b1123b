/** Profiles beside a negotiation's rows: the stored kind and a list's amd64 entry read from the bytes, and each verdict. */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { PROFILE_IDS, whySentence } from '../../../shared/profiles';
import { amd64ChildKind, negotiationAnswers, storedKindOf } from './answers';

const { dockerSchema1Signed: S1, dockerSchema2: S2, dockerList: LIST, ociManifest: OCI, ociIndex: IDX } = MediaType;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

function list(mediaType: string, entries: Array<{ mediaType: string; architecture: string }>): Uint8Array {
  const manifests = entries.map((e) => ({
    mediaType: e.mediaType,
    digest: OTHER,
    size: 1,
    platform: { os: 'linux', architecture: e.architecture },
  }));
  return new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType, manifests }));
}

describe('storedKindOf and amd64ChildKind', () => {
  it('names the kind of a media type, parameters ignored, and null for a type no profile describes', () => {
    expect(storedKindOf(`${S2}; charset=utf-8`)).toBe('schema2');
    expect(storedKindOf(MediaType.dockerSchema1)).toBe('schema1');
    expect(storedKindOf('application/vnd.example+json')).toBeNull();
  });

  it("reads a list's first linux/amd64 entry from its descriptor, 'none' without one, null for an entry of another type", () => {
    expect(
      amd64ChildKind(
        list(IDX, [
          { mediaType: OCI, architecture: 'arm64' },
          { mediaType: OCI, architecture: 'amd64' },
        ]),
      ),
    ).toBe('ociManifest');
    expect(amd64ChildKind(list(LIST, [{ mediaType: S2, architecture: 'arm64' }]))).toBe('none');
    expect(amd64ChildKind(list(IDX, [{ mediaType: 'application/vnd.example+json', architecture: 'amd64' }]))).toBeNull();
    expect(amd64ChildKind(new TextEncoder().encode('{"schemaVersion": 2, "mediaType": "x"'))).toBeNull();
  });
});

describe('negotiationAnswers', () => {
  const stored = { mediaType: S2, digest: DIGEST, bytes: new Uint8Array() };
  const rewritten = { status: 200, contentType: S1, digest: OTHER, errorCode: null, size: 3000 };

  it('gives every profile, in PROFILE_IDS order, judged on the digest against the stored one', async () => {
    const [answers] = await negotiationAnswers(stored, { by: 'tag', method: 'HEAD' }, [{ accept: '', registry: rewritten }]);
    expect(answers!.map((a) => a.profile)).toEqual([...PROFILE_IDS]);
    const byId = new Map(answers!.map((a) => [a.profile, a]));
    expect(byId.get('distribution-2')).toMatchObject({ verdict: 'agree', predicted: { status: 200, contentType: S1, converts: true } });
    // distribution 3 removed the rewrite into schema 1: it would serve schema 2 as stored.
    expect(byId.get('distribution-3')).toMatchObject({ verdict: 'disagree', predicted: { contentType: S2, converts: false } });
    // The same digest as stored is not a rewrite, whatever the type says.
    const [same] = await negotiationAnswers(stored, { by: 'tag', method: 'HEAD' }, [
      { accept: '', registry: { ...rewritten, digest: DIGEST } },
    ]);
    expect(same!.find((a) => a.profile === 'distribution-2')!.verdict).toBe('disagree');
  });

  it('predicts nothing for a manifest of a type no profile describes', async () => {
    const [answers] = await negotiationAnswers({ ...stored, mediaType: 'application/vnd.example+json' }, { by: 'tag', method: 'GET' }, [
      { accept: '', registry: rewritten },
    ]);
    expect(answers!.every((a) => a.predicted === 'unknown' && a.verdict === 'unknown' && a.text === 'unknown')).toBe(true);
  });

  it('judges no profile on a 401, and the sentence says the registry refused', async () => {
    const refused = { status: 401, contentType: 'application/json', digest: null, errorCode: 'UNAUTHORIZED', size: 150 };
    const [answers] = await negotiationAnswers(stored, { by: 'digest', method: 'GET' }, [{ accept: S2, registry: refused }]);
    const dist2 = answers!.filter((a) => a.profile === 'distribution-2');
    expect(dist2[0]!.verdict).toBe('unknown');
    expect(whySentence('digest', 401, dist2)).toBe(
      `asked by digest: the registry refused the request (401) before answering it; CNCF distribution 2.8 would answer 200 ${S2} (as stored)`,
    );
  });
});
