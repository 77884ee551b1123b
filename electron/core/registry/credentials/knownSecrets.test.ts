import { describe, expect, it } from 'vitest';
import { KnownSecrets } from './knownSecrets';

describe('KnownSecrets', () => {
  it('masks every known secret, the longest first', () => {
    const secrets = new KnownSecrets();
    secrets.add('token-abc', 'token-abcdef', null, undefined, 'ab');
    expect(secrets.scrub('a token-abcdef and token-abc, ab stays')).toBe('a <redacted> and <redacted>, ab stays');
  });
});
