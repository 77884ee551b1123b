import { describe, expect, it } from 'vitest';
import { summarizeChanges } from './diffSides';

describe('summarizeChanges', () => {
  const original = 'a\nb\nc\nd';
  const modified = 'a\nB\nc\nd\ne';
  it('gives the removed and added lines of each change', () => {
    expect(
      summarizeChanges(original, modified, [
        { originalStart: 2, originalEnd: 2, modifiedStart: 2, modifiedEnd: 2 },
        // An insertion: Monaco gives the original line it follows and an end of 0.
        { originalStart: 4, originalEnd: 0, modifiedStart: 5, modifiedEnd: 5 },
      ]),
    ).toEqual([
      { removed: ['b'], added: ['B'], originalLine: 2, modifiedLine: 2 },
      { removed: [], added: ['e'], originalLine: 0, modifiedLine: 5 },
    ]);
  });
});
