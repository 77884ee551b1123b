import { describe, expect, it } from 'vitest';
import { locationHash, parseLocation } from './viewLocation';

const inspect = { mode: 'inspect' as const, audit: null, panes: null };

describe('view locations', () => {
  it('round-trips a digest reference and a view through the fragment', () => {
    const location = { ...inspect, reference: '127.0.0.1:5000/team/app@sha256:' + 'a'.repeat(64), view: 'image' as const };
    expect(parseLocation(locationHash(location))).toEqual(location);
  });
  it('escapes what URLSearchParams escapes, so a reference with + or & survives', () => {
    const location = { ...inspect, reference: 'registry.example/a+b&c:tag', view: null };
    expect(locationHash(location)).toBe('#ref=registry.example%2Fa%2Bb%26c%3Atag');
    expect(parseLocation(locationHash(location))).toEqual(location);
  });
  it('ignores an unknown view and an empty reference', () => {
    expect(parseLocation('#ref=%20&view=nope')).toEqual({ ...inspect, reference: null, view: null });
    expect(parseLocation('')).toEqual({ ...inspect, reference: null, view: null });
  });
  it('keeps the Audit mode and the audit on screen beside the inspection, which Inspect leaves as it was', () => {
    const location = {
      mode: 'audit' as const,
      reference: 'alpine',
      view: 'formats' as const,
      audit: { target: '127.0.0.1:5000/team', deep: true, id: 'a1' },
      panes: null,
    };
    expect(locationHash(location)).toBe('#mode=audit&ref=alpine&view=formats&audit=127.0.0.1%3A5000%2Fteam&deep=1&run=a1');
    expect(parseLocation(locationHash(location))).toEqual(location);
    expect(parseLocation('#mode=nope&audit=%20')).toEqual({ ...inspect, reference: null, view: null });
  });
  it('carries the panes shown and hidden, in the panes’ order, and drops ids it does not know', () => {
    const location = { ...inspect, reference: 'alpine', view: null, panes: { oci: true, 'as-served': true, v2s1: false } };
    expect(locationHash(location)).toBe('#ref=alpine&show=as-served%2Coci&hide=v2s1');
    expect(parseLocation(locationHash(location))).toEqual(location);
    expect(parseLocation('#show=oci,nope&hide=')).toEqual({ ...inspect, reference: null, view: null, panes: { oci: true } });
  });
});
