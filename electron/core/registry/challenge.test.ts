import { describe, expect, it } from 'vitest';
import { bearerError, challengeScopes, parseChallenges } from './challenge';

describe('parseChallenges', () => {
  const cases: Array<[string, string, ReturnType<typeof parseChallenges>]> = [
    [
      'distribution bearer',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
        },
      ],
    ],
    [
      'scope with comma inside quotes',
      'Bearer realm="http://a/t",scope="repository:a/b:pull,push"',
      [{ scheme: 'bearer', params: { realm: 'http://a/t', scope: 'repository:a/b:pull,push' } }],
    ],
    ['basic', 'Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'two challenges in one header',
      'Basic realm="x", Bearer realm="https://t/token",service="s"',
      [
        { scheme: 'basic', params: { realm: 'x' } },
        { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
      ],
    ],
    [
      'escapes in quoted strings',
      'Bearer realm="a\\"b\\\\c",error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'a"b\\c', error: 'insufficient_scope' } }],
    ],
    [
      'unquoted tokens and spaces around =',
      'Bearer realm = "r" , service=svc',
      [{ scheme: 'bearer', params: { realm: 'r', service: 'svc' } }],
    ],
    ['scheme and parameter names are case-insensitive', 'BEARER Realm="r"', [{ scheme: 'bearer', params: { realm: 'r' } }]],
    [
      'token68',
      'Negotiate abc123==, Basic realm="r"',
      [
        { scheme: 'negotiate', params: {}, token68: 'abc123==' },
        { scheme: 'basic', params: { realm: 'r' } },
      ],
    ],
    ['scheme without parameters', 'Basic', [{ scheme: 'basic', params: {} }]],
    ['empty list elements', ', , Basic realm="r",,', [{ scheme: 'basic', params: { realm: 'r' } }]],
    ['unterminated quote is read to the end', 'Bearer realm="http://x', [{ scheme: 'bearer', params: { realm: 'http://x' } }]],
  ];
  it.each(cases)('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it('returns nothing for a missing header', () => {
    expect(parseChallenges(null)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('challengeScopes', () => {
  it('splits space-separated scopes', () => {
    const [c] = parseChallenges('Bearer realm="r",scope="repository:a:pull repository:b:pull"');
    expect(challengeScopes(c!)).toEqual(['repository:a:pull', 'repository:b:pull']);
  });
});

describe('bearerError', () => {
  it.each([
    ['Bearer realm="r",error="insufficient_scope",scope="repository:a:pull"', 'insufficient_scope'],
    ['Basic realm="x", Bearer realm="r",error="invalid_token"', 'invalid_token'],
    ['Bearer realm="r"', null],
    ['Basic realm="r",error="x"', null],
  ])('%s', (header, expected) => {
    expect(bearerError(parseChallenges(header))).toBe(expected);
  });
});
