import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDigest, sha256Digest } from './digest';

const body = Buffer.from('{"schemaVersion":2}');
const good = sha256Digest(body);
const other = sha256Digest(Buffer.from('other'));

describe('sha256Digest', () => {
  it('hashes the empty input to the well-known digest', () => {
    expect(sha256Digest(new Uint8Array())).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('checkDigest', () => {
  it('matches when bytes, header and requested digest agree', () => {
    const check = checkDigest({ bytes: body, header: good, requested: good });
    expect(check).toMatchObject({ verdict: 'match', computed: good, computedFrom: 'bytes', problems: [] });
  });

  it('names all three values when the header disagrees with the bytes', () => {
    const check = checkDigest({ bytes: body, header: other, requested: good });
    expect(check.verdict).toBe('mismatch');
    const text = check.problems.join(' ');
    expect(text).toContain(other);
    expect(text).toContain(good);
    expect(check.problems).toHaveLength(2); // header vs bytes, header vs requested
  });

  it('checks a sha512 reference with sha512', () => {
    const sha512 = `sha512:${createHash('sha512').update(body).digest('hex')}`;
    expect(checkDigest({ bytes: body, header: good, requested: sha512 }).problems).toEqual([
      `Docker-Content-Digest ${good} differs from the requested digest ${sha512}.`,
    ]);
  });

  it('uses the canonical payload for signed schema 1 and still reports the raw digest', () => {
    const payload = Buffer.from('{"schemaVersion":1}');
    const check = checkDigest({ bytes: body, canonicalPayload: payload, header: sha256Digest(payload), requested: null });
    expect(check).toMatchObject({ verdict: 'match', computedFrom: 'schema1-payload', computed: sha256Digest(payload), rawBytes: good });
  });

  it('is unverifiable with nothing to compare', () => {
    expect(checkDigest({ bytes: body, header: null, requested: null }).verdict).toBe('unverifiable');
  });

  it('compares header and requested digest for a HEAD answer without hashing the empty body', () => {
    expect(checkDigest({ bytes: new Uint8Array(), header: good, requested: good })).toMatchObject({
      verdict: 'match',
      computed: null,
      computedFrom: 'none',
    });
    expect(checkDigest({ bytes: new Uint8Array(), header: good, requested: null }).verdict).toBe('unverifiable');
    expect(checkDigest({ bytes: new Uint8Array(), header: good, requested: other }).verdict).toBe('mismatch');
  });

  it('reports a malformed header digest', () => {
    const check = checkDigest({ bytes: body, header: 'sha256:XYZ', requested: null });
    expect(check.verdict).toBe('mismatch');
    expect(check.problems[0]).toContain('is not a valid digest');
  });
});
