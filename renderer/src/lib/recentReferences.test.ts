import { describe, expect, it } from 'vitest';
import { withRecent } from './recentReferences';

describe('withRecent', () => {
  it('puts the newest first and moves a repeated one up', () => {
    expect(withRecent(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
  });
  it('keeps at most the limit', () => {
    expect(withRecent(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
  });
  it('ignores blanks and trims', () => {
    expect(withRecent(['a'], '  ')).toEqual(['a']);
    expect(withRecent(['a'], ' x ')).toEqual(['x', 'a']);
  });
});
