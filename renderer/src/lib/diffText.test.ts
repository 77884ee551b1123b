import { describe, expect, it } from 'vitest';
import { textForDiff, type DiffOptions } from './diffText';

const off: DiffOptions = { pretty: false, sortKeys: false, expandV1Compatibility: false };

describe('textForDiff', () => {
  const schema1 = JSON.stringify({
    schemaVersion: 1,
    name: 'a',
    history: [{ v1Compatibility: '{"id":"x","created":"2024","container_config":{"Cmd":["ls"]}}' }, { v1Compatibility: 'not json' }],
  });

  it('leaves the text exactly as served when no option is on', () => {
    expect(textForDiff('{"b":1,  "a":2}', off)).toBe('{"b":1,  "a":2}');
  });

  it('re-indents with 3 spaces', () => {
    expect(textForDiff('{"b":1,"a":[2]}', { ...off, pretty: true })).toBe('{\n   "b": 1,\n   "a": [\n      2\n   ]\n}\n');
  });

  it('sorts keys at every depth, arrays keep their order', () => {
    expect(textForDiff('{"b":{"z":1,"y":2},"a":[{"d":1,"c":2}]}', { ...off, sortKeys: true })).toBe(
      '{"a":[{"c":2,"d":1}],"b":{"y":2,"z":1}}\n',
    );
  });

  it("opens schema 1's v1Compatibility strings into objects, keeping those that do not parse", () => {
    const out = JSON.parse(textForDiff(schema1, { ...off, expandV1Compatibility: true })) as {
      history: Array<{ v1Compatibility: unknown }>;
    };
    expect(out.history[0]!.v1Compatibility).toEqual({ id: 'x', created: '2024', container_config: { Cmd: ['ls'] } });
    expect(out.history[1]!.v1Compatibility).toBe('not json');
  });

  it('does not touch v1Compatibility outside a schema 1 document', () => {
    const other = '{"schemaVersion":2,"history":[{"v1Compatibility":"{}"}]}';
    expect(textForDiff(other, { ...off, expandV1Compatibility: true })).toBe(`${other}\n`);
  });

  it('returns text that is not JSON unchanged whatever the options', () => {
    expect(textForDiff('404 page not found', { pretty: true, sortKeys: true, expandV1Compatibility: true })).toBe('404 page not found');
  });
});
