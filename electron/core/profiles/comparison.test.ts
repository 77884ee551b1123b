/** The fingerprint's profile table: only behaviours on which the candidates part, each with its source. */
import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { compareCandidates } from './comparison';

const { dockerSchema1Signed: S1, dockerSchema2: S2 } = MediaType;
const score = (profile: 'distribution-2' | 'distribution-3' | 'ghcr' | 'zot') => ({ profile, agree: 1, total: 1 });

describe('compareCandidates', () => {
  it('distribution 2.8 against 3: the schema 1 rewrite by tag parts them, a request by digest does not', async () => {
    const { candidates, rows } = await compareCandidates([score('distribution-2'), score('distribution-3')], 'schema2');
    expect(candidates).toEqual(['distribution-2', 'distribution-3']);
    const byTagNoAccept = rows.find((r) => r.behaviour === 'GET by tag of the schema 2 manifest, no Accept header');
    expect(byTagNoAccept?.values.map((v) => v.text)).toEqual([`200 ${S1} (converted)`, `200 ${S2} (as stored)`]);
    expect(byTagNoAccept?.values[0]!.source).toBe('distribution/distribution registry/handlers/manifests.go at v2.8.2');
    // Neither rewrites by digest, and both state they have no referrers API.
    expect(rows.find((r) => r.behaviour === 'GET by digest of the schema 2 manifest, no Accept header')).toBeUndefined();
    expect(rows.find((r) => r.behaviour === 'referrers API')).toBeUndefined();
    for (const row of rows) expect(new Set(row.values.map((v) => v.text)).size, row.behaviour).toBeGreaterThan(1);
  });

  it('compares the first three of the ranking, a schema 2 manifest when none was seen, and shows what a profile leaves unknown', async () => {
    const { candidates, rows } = await compareCandidates(
      [score('distribution-2'), score('zot'), score('ghcr'), score('distribution-3')],
      null,
    );
    expect(candidates).toEqual(['distribution-2', 'zot', 'ghcr']);
    expect(rows.some((r) => r.behaviour.includes('of the schema 2 manifest'))).toBe(true);
    expect(rows.some((r) => r.values.some((v) => v.text === 'unknown' && v.source === null))).toBe(true);
  });
});
