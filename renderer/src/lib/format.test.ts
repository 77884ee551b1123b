import { describe, expect, it } from 'vitest';
import { decodeBase64Utf8, formatBytes, formatBytesShort, formatDuration, isJsonBody, prettyJson, statusClass } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.50 KiB (1,536 B)'],
    [4 * 1024 * 1024, '4.00 MiB (4,194,304 B)'],
    [123_456_789, '117.7 MiB (123,456,789 B)'],
  ])('%d bytes → %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('formatBytesShort', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.50 KiB'],
    [4 * 1024 * 1024, '4.00 MiB'],
    [123_456_789, '117.7 MiB'],
  ])('%d bytes → %s', (n, text) => expect(formatBytesShort(n)).toBe(text));

  it('is formatBytes without the exact count', () => {
    for (const n of [0, 1023, 1024, 1536, 10 * 1024, 5 * 1024 ** 3, 3 * 1024 ** 4]) {
      expect(formatBytesShort(n)).toBe(formatBytes(n).split(' (')[0]);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [0.4, '0 ms'],
    [12.6, '13 ms'],
    [1234, '1.23 s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('decodeBase64Utf8', () => {
  it('decodes multi-byte UTF-8 exactly', () => {
    const text = '{"a":"é — ✓ 😀"}';
    expect(decodeBase64Utf8(base64(new TextEncoder().encode(text)))).toBe(text);
  });
  it('shows bytes that are not UTF-8 as U+FFFD instead of failing', () => {
    expect(decodeBase64Utf8(base64(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('{\uFFFD}');
  });
  it('decodes an empty body to an empty string', () => {
    expect(decodeBase64Utf8('')).toBe('');
  });
});

describe('isJsonBody', () => {
  it.each<[string | null, string, boolean]>([
    ['application/vnd.docker.distribution.manifest.v2+json', 'not even json', true],
    ['application/vnd.docker.distribution.manifest.v1+prettyjws', '{}', true],
    ['application/json; charset=utf-8', '{}', true],
    ['text/plain', '{"a":1}', true],
    [null, '[1,2]', true],
    ['text/plain', '404 page not found', false],
    [null, '', false],
  ])('%s with %j → %s', (type, text, json) => expect(isJsonBody(type, text)).toBe(json));
});

describe('prettyJson', () => {
  it('re-indents compact JSON and keeps every value', () => {
    const compact = '{"schemaVersion":2,"layers":[{"size":39}]}';
    const pretty = prettyJson(compact);
    expect(pretty).toBe('{\n   "schemaVersion": 2,\n   "layers": [\n      {\n         "size": 39\n      }\n   ]\n}');
    expect(JSON.parse(pretty!)).toEqual(JSON.parse(compact));
  });
  it('gives null for text that is not JSON', () => {
    expect(prettyJson('404 page not found')).toBeNull();
  });
});

describe('statusClass', () => {
  it('marks error answers and tries without an answer (HAR status 0) as bad', () => {
    expect([0, 200, 204, 302, 399, 400, 429, 503].map(statusClass)).toEqual([
      'status-bad',
      'status-ok',
      'status-ok',
      'status-ok',
      'status-ok',
      'status-bad',
      'status-bad',
      'status-bad',
    ]);
  });
});
