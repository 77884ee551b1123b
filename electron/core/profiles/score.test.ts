/** Judging answers against predictions, host patterns, and the ranking's order. */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { PROFILE_IDS, type EvidenceRow, type ProfileId, type Verdict } from '../../../shared/profiles';
import { judgeAnswer, judgeHost, rankProfiles, whatWouldDecide } from './score';
import { profileById } from './index';
import { docs, UNKNOWN, type Prediction } from './types';

const source = docs('https://example.invalid/');
const prediction = (fields: Partial<Prediction>): Prediction => ({
  status: 200,
  mediaType: MediaType.dockerSchema2,
  converts: false,
  errorCode: null,
  why: 'because',
  source,
  ...fields,
});
const served = { status: 200, contentType: MediaType.dockerSchema2, digestChanged: false, contentLength: 525 };

describe('judgeAnswer', () => {
  it("judges an error body's code when a GET read one, and not when a HEAD could not", () => {
    const refused = prediction({ status: 404, mediaType: null, errorCode: 'MANIFEST_UNKNOWN' });
    const notFound = { status: 404, contentType: 'application/json', digestChanged: null, contentLength: null };
    expect(judgeAnswer(refused, { ...notFound, errorCode: 'MANIFEST_UNKNOWN' })).toBe('agree');
    expect(judgeAnswer(refused, { ...notFound, errorCode: 'NAME_UNKNOWN' })).toBe('disagree');
    expect(judgeAnswer(refused, { ...notFound, errorCode: null })).toBe('agree');
  });
  it('agrees only when every predicted field matches', () => {
    expect(judgeAnswer(prediction({}), served)).toBe('agree');
    expect(judgeAnswer(prediction({ converts: true }), served)).toBe('disagree');
    expect(judgeAnswer(prediction({ mediaType: MediaType.ociManifest }), served)).toBe('disagree');
    expect(judgeAnswer(prediction({ status: 404, mediaType: null }), served)).toBe('disagree');
  });
  it('ignores what the profile leaves unknown, judges the rest, and says nothing when nothing it predicts applies', () => {
    expect(judgeAnswer(prediction({ mediaType: UNKNOWN }), { ...served, contentType: 'x/y' })).toBe('agree');
    expect(judgeAnswer(prediction({ status: UNKNOWN, mediaType: UNKNOWN, errorCode: UNKNOWN }), served)).toBe('agree');
    expect(judgeAnswer(prediction({ status: UNKNOWN, mediaType: UNKNOWN, errorCode: UNKNOWN }), { ...served, digestChanged: true })).toBe(
      'disagree',
    );
    expect(judgeAnswer(prediction({ status: UNKNOWN, mediaType: UNKNOWN, errorCode: UNKNOWN }), { ...served, status: 404 })).toBe(UNKNOWN);
    expect(judgeAnswer(UNKNOWN, served)).toBe(UNKNOWN);
  });
  it("compares an error body's declared length when the profile predicts it", () => {
    const refused = { status: 404, contentType: 'application/json; charset=utf-8', digestChanged: null, contentLength: 122 };
    expect(judgeAnswer(prediction({ status: 404, mediaType: null, errorBodyLength: 122 }), refused)).toBe('agree');
    expect(judgeAnswer(prediction({ status: 404, mediaType: null, errorBodyLength: 94 }), refused)).toBe('disagree');
  });
});

describe('judgeHost', () => {
  it('matches patterns on the host name without its port, a star standing for one name label or part of one', () => {
    const ecr = { value: ['*.dkr.ecr.*.amazonaws.com'], source };
    expect(judgeHost(ecr, '123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe('agree');
    expect(judgeHost(ecr, 'dkr.ecr.eu-west-1.amazonaws.com.evil.example')).toBe('disagree');
    expect(judgeHost({ value: ['*-docker.pkg.dev'], source }, 'europe-west1-docker.pkg.dev:443')).toBe('agree');
    expect(judgeHost(UNKNOWN, '127.0.0.1:5000')).toBe(UNKNOWN);
  });
});

describe('rankProfiles', () => {
  const row = (verdicts: Partial<Record<ProfileId, Verdict>>): EvidenceRow => ({
    label: 'probe',
    observed: '200',
    verdicts: { ...(Object.fromEntries(PROFILE_IDS.map((id) => [id, UNKNOWN])) as Record<ProfileId, Verdict>), ...verdicts },
  });
  it('orders by agreements net of disagreements, then fewer disagreements, then the list order', () => {
    const ranking = rankProfiles([
      row({ zot: 'agree', quay: 'agree', 'distribution-3': 'agree' }),
      row({ zot: 'agree', quay: 'disagree', 'distribution-3': 'agree' }),
      row({ zot: 'disagree', quay: 'agree' }),
    ]);
    expect(ranking.slice(0, 4).map((s) => [s.profile, s.agree, s.total])).toEqual([
      ['distribution-3', 2, 2],
      ['quay', 2, 3],
      ['zot', 2, 3],
      ['distribution-2', 0, 0],
    ]);
  });
});

describe('whatWouldDecide', () => {
  it('names the first probe on which two profiles differ, in English', async () => {
    const sentence = await whatWouldDecide(profileById('distribution-2'), profileById('zot'), 'ociManifest');
    expect(sentence).toMatch(/^an OCI manifest asked by (tag|digest) with /);
  });
});
