import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import {
  compareGoStrings,
  goQuote,
  jsonArray,
  jsonInteger,
  jsonObject,
  jsonString,
  lastEntry,
  marshalCompact,
  marshalIndent,
  MAX_DEPTH,
  parseJson,
  parseJsonBytes,
  sortedByGoKeys,
  type JsonNode,
} from './goJson';
import { expectRefused } from '../../../test/support/lensError';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const reemit = (text: string) => marshalCompact(parseJson(text));

describe('goQuote writes strings as Go 1.19 json.Marshal does', () => {
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['<script>&</script>', '"\\u003cscript\\u003e\\u0026\\u003c/script\\u003e"'],
    ['a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['quote " backslash \\', '"quote \\" backslash \\\\"'],
    ['\n\r\t', '"\\n\\r\\t"'],
    // Go 1.19 (Debian's docker-registry) still writes \b and \f as \u escapes; Go 1.22 changed that.
    ['\b\f', '"\\u0008\\u000c"'],
    ['\u0000\u0001\u001f', '"\\u0000\\u0001\\u001f"'],
    ['DEL \u007f stays', '"DEL \u007f stays"'],
    ['slash / stays', '"slash / stays"'],
    ['é ü 中文 😀', '"é ü 中文 😀"'],
    ['lone \ud800 high', '"lone \\ufffd high"'],
    ['lone \udc00 low', '"lone \\ufffd low"'],
    ['reversed \udc00\ud800 pair', '"reversed \\ufffd\\ufffd pair"'],
    ['\u00e9\u0301', '"\u00e9\u0301"'],
  ])('%j → %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it('round-trips every well-formed string through JSON.parse and never writes HTML-unsafe characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const quoted = goQuote(s);
        expect(JSON.parse(quoted)).toBe(s);
        expect(quoted.slice(1, -1)).not.toMatch(/[<>&\u2028\u2029]/);
      }),
    );
  });
});

describe('parseJson keeps source text; marshalCompact writes it back as Go compacts a RawMessage', () => {
  it.each([
    [
      'numbers keep their spelling',
      '{"a": 1.50, "b": 12345678901234567890, "c": -0.0e+10, "d": 1E400}',
      '{"a":1.50,"b":12345678901234567890,"c":-0.0e+10,"d":1E400}',
    ],
    ['escapes stay as written', '["\\u00e9", "a\\/b", "\\uD83D\\uDE00", "\\"", "\\t"]', '["\\u00e9","a\\/b","\\uD83D\\uDE00","\\"","\\t"]'],
    ['HTML characters are escaped', '{"<k>": "a & b < c > d"}', '{"\\u003ck\\u003e":"a \\u0026 b \\u003c c \\u003e d"}'],
    ['U+2028 and U+2029 are escaped', '"x\u2028y\u2029z"', '"x\\u2028y\\u2029z"'],
    ['non-ASCII stays literal', '{"é": "中文 😀"}', '{"é":"中文 😀"}'],
    ['whitespace goes', ' {\n\t"a" :\r [ 1 , { } , [ ] , null , true , false ] } ', '{"a":[1,{},[],null,true,false]}'],
    ['duplicate keys are kept in order', '{"a":1,"a":2}', '{"a":1,"a":2}'],
  ])('%s', (_name, input, expected) => {
    expect(reemit(input)).toBe(expected);
  });

  it.each([
    ['"\\u00e9"', 'é'],
    ['"\\uD83D\\uDE00"', '😀'],
    ['"\\ud800"', '\ufffd'],
    ['"\\udc00\\ud800"', '\ufffd\ufffd'],
    ['"\\ud800\\u0041"', '\ufffdA'],
    ['"\\ud800x"', '\ufffdx'],
    ['"\\/\\b\\f\\n\\r\\t\\"\\\\"', '/\b\f\n\r\t"\\'],
  ])('decodes %s as Go unquotes it', (input, decoded) => {
    const node = parseJson(input);
    expect(node).toMatchObject({ kind: 'string', value: decoded, raw: input });
  });

  it.each([
    '',
    ' ',
    '{',
    '{"a"}',
    '{"a":}',
    '{a:1}',
    "{'a':1}",
    '[1,]',
    '{"a":1,}',
    '[1 2]',
    '01',
    '-',
    '1.',
    '.5',
    '+1',
    '1e',
    '0x10',
    'NaN',
    'Infinity',
    '"\u0001"',
    '"tab\there"',
    '"\\x"',
    '"\\u12"',
    '"\\u12g4"',
    '"unterminated',
    'tru',
    'nul',
    'True',
    '1 2',
    '{"a":1}x',
    '\ufeff{}',
    '\u00a0{}',
  ])('refuses %j with INPUT_INVALID', (input) => {
    expectRefused(() => parseJson(input), 'INPUT_INVALID');
  });

  it(`accepts ${MAX_DEPTH} levels of nesting, as Go does, and refuses one more`, () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(reemit(deep(MAX_DEPTH))).toBe(deep(MAX_DEPTH));
    expectRefused(() => parseJson(deep(MAX_DEPTH + 1)), 'INPUT_INVALID');
    expectRefused(() => parseJson(`${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}`), 'INPUT_INVALID');
  });

  it('refuses bytes that are not UTF-8', () => {
    expectRefused(() => parseJsonBytes(new Uint8Array([0x22, 0xff, 0x22]), 'thing'), 'INPUT_INVALID');
    expect(parseJsonBytes(new TextEncoder().encode('"é"'), 'thing')).toMatchObject({ value: 'é' });
  });

  it('re-emits any JSON.stringify output as a semantically equal document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const node = parseJson(text);
        expect(JSON.parse(marshalCompact(node))).toStrictEqual(JSON.parse(text));
        expect(JSON.parse(marshalIndent(node))).toStrictEqual(JSON.parse(text));
      }),
    );
  });

  it('is idempotent: compacting compacted output changes nothing', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const once = reemit(text);
        expect(reemit(once)).toBe(once);
        expect(reemit(marshalIndent(parseJson(text), '  ', '\t'))).toBe(once);
      }),
    );
  });

  it('throws nothing but LensError(INPUT_INVALID) for any text', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }))
      .map(([json, at, insert]) => json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), mutated), (text) => {
        try {
          parseJson(text);
        } catch (e) {
          expect(e).toBeInstanceOf(LensError);
          expect((e as LensError).code).toBe('INPUT_INVALID');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('marshalIndent matches Go json.MarshalIndent', () => {
  const doc = parseJson('{"a":[],"b":{},"c":[1,{"d":"<e>"}],"f":"g"}');

  it('writes three-space indentation, ": " after keys and empty containers compact', () => {
    expect(marshalIndent(doc)).toBe(
      '{\n   "a": [],\n   "b": {},\n   "c": [\n      1,\n      {\n         "d": "\\u003ce\\u003e"\n      }\n   ],\n   "f": "g"\n}',
    );
  });

  it('starts every line but the first with the prefix', () => {
    expect(marshalIndent(jsonArray([jsonObject([['k', jsonString('v')]])]), '\t', '>')).toBe('[\n>\t{\n>\t\t"k": "v"\n>\t}\n>]');
  });

  it('writes scalars alone without decoration', () => {
    expect(marshalIndent(jsonInteger(7))).toBe('7');
    expect(marshalIndent(jsonString('x'))).toBe('"x"');
  });
});

describe('Go map order and duplicate keys', () => {
  it.each([
    ['a', 'b', -1],
    ['a', 'ab', -1],
    ['B', 'a', -1],
    ['', 'a', -1],
    ['same', 'same', 0],
    // U+FFFF sorts before U+1F600 in UTF-8 (and code points), after it in UTF-16 code units.
    ['\uffff', '😀', -1],
    ['\ue000', '\u{10000}', -1],
    ['\ud7ff', '\u{10000}', -1],
  ])('compareGoStrings(%j, %j) has sign %i', (a, b, expected) => {
    expect(sign(compareGoStrings(a, b))).toBe(expected);
    expect(sign(compareGoStrings(b, a))).toBe(sign(-expected));
  });

  it('orders like UTF-8 bytes for any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(sign(compareGoStrings(a, b))).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('sortedByGoKeys keeps the last duplicate and sorts keys, re-encoding them from their decoded form', () => {
    const parsed = parseJson('{"b":1,"a\\u0062":2,"ab":3,"<":4,"\\u00e9":5}') as Extract<JsonNode, { kind: 'object' }>;
    expect(marshalCompact(sortedByGoKeys(parsed.entries.map(({ key, value }) => ({ key, value }))))).toBe(
      '{"\\u003c":4,"ab":3,"b":1,"é":5}',
    );
  });

  it('lastEntry reads an object the way a Go map does', () => {
    const parsed = parseJson('{"k":1,"k":2}');
    expect(lastEntry(parsed, 'k')).toEqual({ kind: 'number', raw: '2' });
    expect(lastEntry(parsed, 'missing')).toBeUndefined();
    expect(lastEntry(parseJson('[1]'), 'k')).toBeUndefined();
  });

  it('jsonInteger refuses what Go and JavaScript would spell differently', () => {
    expect(() => jsonInteger(1.5)).toThrow(RangeError);
    expect(() => jsonInteger(2 ** 60)).toThrow(RangeError);
  });
});
