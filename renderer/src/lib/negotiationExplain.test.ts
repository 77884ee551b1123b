import { describe, expect, it } from 'vitest';
import type { NegotiationAnswer, NegotiationRow } from '../../../shared/conversion';
import { MediaType } from '../../../shared/mediaTypes';
import { differingFields, explainDifference } from './negotiationExplain';

const answer = (
  status: number,
  contentType: string | null,
  digest: string | null = null,
  errorCode: string | null = null,
): NegotiationAnswer => ({ status, contentType, digest, errorCode });
const row = (registry: NegotiationAnswer, simulated: NegotiationAnswer, agree = false): NegotiationRow => ({
  label: 'x',
  accept: '',
  registry,
  simulated: { ...simulated, errorMessage: null, steps: [] },
  profiles: [],
  agree,
});
const S1 = MediaType.dockerSchema1Signed;
const S2 = MediaType.dockerSchema2;

describe('explainDifference', () => {
  it.each<[string, NegotiationRow, RegExp | null]>([
    ['agreement needs no words', row(answer(200, S2, 'sha256:a'), answer(200, S2, 'sha256:a'), true), null],
    [
      'Docker Hub refusing the downgrade',
      row(answer(404, 'application/json', null, 'MANIFEST_UNKNOWN'), answer(200, S1, 'sha256:b')),
      /refused the schema 2 → schema 1 downgrade.*\(404 MANIFEST_UNKNOWN\)/,
    ],
    [
      'GHCR ignoring Accept',
      row(answer(200, S2, 'sha256:a'), answer(200, S1, 'sha256:b')),
      /ignored the Accept header and served Docker v2 schema 2/,
    ],
    ['a different schema 1 document', row(answer(200, S1, 'sha256:c'), answer(200, S1, 'sha256:b')), /different documents/],
    [
      'served what 2.8 refuses',
      row(answer(200, MediaType.ociManifest, 'sha256:a'), answer(404, 'application/json', null, 'MANIFEST_UNKNOWN')),
      /served OCI image manifest although distribution 2.8 answers 404 MANIFEST_UNKNOWN/,
    ],
    [
      'auth refusal',
      row(answer(401, 'application/json', null, 'UNAUTHORIZED'), answer(200, S2, 'sha256:a')),
      /refused the request \(401\)/,
    ],
    [
      'another format chosen',
      row(answer(200, MediaType.dockerList, 'sha256:l'), answer(200, S2, 'sha256:a')),
      /chose Docker manifest list where distribution 2.8 serves Docker v2 schema 2/,
    ],
  ])('%s', (_name, r, expected) => {
    const text = explainDifference(r, 'GET');
    if (expected === null) expect(text).toBeNull();
    else expect(text).toMatch(expected);
  });
});

describe('differingFields', () => {
  it('ignores error codes for HEAD, which carries no body', () => {
    const r = row(answer(404, 'application/json', null, null), answer(404, 'application/json', null, 'MANIFEST_UNKNOWN'));
    expect([...differingFields(r, 'HEAD')]).toEqual([]);
    expect([...differingFields(r, 'GET')]).toEqual(['errorCode']);
  });
});
