import { describe, expect, it } from 'vitest';
import type { CoverageRow } from '../../../shared/supplyChain';
import { coverageGaps } from './coverageGaps';

const row = (platform: string | null, signed: boolean, verified: boolean, attested: boolean): CoverageRow => ({
  digest: `sha256:${'0'.repeat(64)}`,
  platform,
  signed,
  verified,
  attested,
});

describe('coverageGaps', () => {
  it('an index signed and verified, one platform attested and signed, one attested only', () => {
    const rows = [row(null, true, true, false), row('linux/amd64', true, true, true), row('linux/arm64', false, false, true)];
    expect(coverageGaps(rows, 'index')).toEqual(['The index is not attested.', 'linux/arm64 is not signed.']);
  });
  it('signed but verified by no key given', () => {
    expect(coverageGaps([row(null, true, false, true)], 'manifest')).toEqual(['The image is signed, but no signature of it is verified.']);
  });
  it('nothing at all', () => {
    expect(coverageGaps([row(null, false, false, false)], 'manifest')).toEqual(['The image is not signed.', 'The image is not attested.']);
  });
  it('no gaps', () => {
    expect(coverageGaps([row('linux/amd64', true, true, true)], 'index')).toEqual([]);
  });
});
