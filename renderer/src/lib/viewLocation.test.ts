import { describe, expect, it } from 'vitest';
import { locationHash, parseLocation } from './viewLocation';

describe('view locations', () => {
  it('round-trips a digest reference and a view through the fragment', () => {
    const location = { reference: '127.0.0.1:5000/team/app@sha256:' + 'a'.repeat(64), view: 'image' as const };
    expect(parseLocation(locationHash(location))).toEqual(location);
  });
  it('escapes what URLSearchParams escapes, so a reference with + or & survives', () => {
    const location = { reference: 'registry.example/a+b&c:tag', view: null };
    expect(locationHash(location)).toBe('#ref=registry.example%2Fa%2Bb%26c%3Atag');
    expect(parseLocation(locationHash(location))).toEqual(location);
  });
  it('ignores an unknown view and an empty reference', () => {
    expect(parseLocation('#ref=%20&view=nope')).toEqual({ reference: null, view: null });
    expect(parseLocation('')).toEqual({ reference: null, view: null });
  });
});
