import { describe, expect, it } from 'vitest';
import { marshalManifest } from './manifestJson';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('marshalManifest', () => {
  it('writes Go MarshalIndent layout with three spaces, struct order kept, undefined omitted', () => {
    const doc = { schemaVersion: 2, b: 'x', skipped: undefined, a: [1, { k: true }], empty: [], none: {}, nil: null };
    expect(text(marshalManifest(doc))).toBe(
      '{\n   "schemaVersion": 2,\n   "b": "x",\n   "a": [\n      1,\n      {\n         "k": true\n      }\n   ],\n   "empty": [],\n   "none": {},\n   "nil": null\n}',
    );
  });

  it('sorts a Map as Go sorts map keys (bytes, so "10" before "2" and astral after U+FFFD)', () => {
    const annotations = new Map([
      ['2', 'b'],
      ['10', 'a'],
      ['\u{1F600}', 'c'],
      ['\ufffd', 'd'],
    ]);
    expect(text(marshalManifest({ annotations }))).toBe(
      '{\n   "annotations": {\n      "10": "a",\n      "2": "b",\n      "\ufffd": "d",\n      "\u{1F600}": "c"\n   }\n}',
    );
  });

  it('escapes as Go does: HTML characters and line separators', () => {
    expect(text(marshalManifest({ s: '<a&b>\u2028' }))).toBe('{\n   "s": "\\u003ca\\u0026b\\u003e\\u2028"\n}');
  });
});
