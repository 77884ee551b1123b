import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { CredentialUse, TokenView } from '../../../shared/auth';
import { AuthError } from './authError';
import { verdictFor, type VerdictFacts } from './authTrace';
import { rateLimitOf } from './rateLimit';
import { missingScopes, parseScope, repositoryScope } from './scope';
import { decodeToken } from './tokenClaims';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const alice: CredentialUse = { source: 'docker-config', label: '/h/.docker/config.json auths["r"]', username: 'alice', kind: 'password' };
const token = (exp: string, access = [{ type: 'repository', name: 'a/b', actions: ['pull'] }]): TokenView => ({
  field: 'token',
  fromCache: false,
  expiresIn: 300,
  issuedAt: null,
  expiresAt: exp,
  refreshTokenReturned: false,
  claims: { header: {}, iss: 'i', sub: 'alice', aud: ['s'], jti: null, exp, iat: null, nbf: null, access },
});
const facts = (over: Partial<VerdictFacts>): VerdictFacts => ({
  status: 200,
  challengeSeen: true,
  bearerError: null,
  basicAsked: false,
  registry: 'r',
  credential: null,
  lookups: [
    { label: 'Manifest Lens', outcome: 'none' },
    { label: '/h/.docker/config.json', outcome: 'none' },
  ],
  sent: null,
  missing: [],
  failure: null,
  now: NOW,
  ...over,
});
const bearer = (t: TokenView | null) => ({ scheme: 'bearer' as const, scopes: ['repository:a/b:pull'], token: t });
const valid = token('2026-01-01T12:05:00.000Z');

describe('verdictFor: one plain explanation per situation', () => {
  const cases: Array<[string, Partial<VerdictFacts>, string, RegExp]> = [
    ['no challenge', { challengeSeen: false }, 'not-required', /did not ask for authentication/],
    [
      'anonymous token',
      { sent: bearer(valid) },
      'anonymous',
      /Anonymous access with a Bearer token\. The token grants repository:a\/b:pull\./,
    ],
    [
      'authenticated',
      { sent: bearer(valid), credential: alice },
      'authenticated',
      /Authenticated as alice \(credentials .*config\.json.*\) with a Bearer token/,
    ],
    [
      'basic accepted',
      { sent: { scheme: 'basic', scopes: [], token: null }, credential: alice },
      'authenticated',
      /with Basic authentication/,
    ],
    [
      '401, no credentials anywhere',
      { status: 401, basicAsked: true },
      'no-credentials',
      /no credentials were found for r \(checked: Manifest Lens; \/h\/\.docker\/config\.json\)/,
    ],
    [
      '401 to Basic credentials',
      { status: 401, basicAsked: true, credential: alice, sent: { scheme: 'basic', scopes: [], token: null } },
      'bad-credentials',
      /refused the username and password of alice/,
    ],
    [
      '401 insufficient_scope with credentials',
      {
        status: 401,
        credential: alice,
        bearerError: { error: 'insufficient_scope' },
        sent: bearer(token('2026-01-01T12:05:00Z', [])),
        missing: ['repository:a/b:pull'],
      },
      'insufficient-scope',
      /grants no access at all but the request needs repository:a\/b:pull\. alice .* lacks that access/,
    ],
    [
      '401 insufficient_scope anonymous',
      { status: 401, bearerError: { error: 'insufficient_scope', scope: 'repository:a/b:pull' }, sent: bearer(null) },
      'insufficient-scope',
      /does not cover repository:a\/b:pull\. Anonymous access is not enough/,
    ],
    [
      '401 with an expired token',
      { status: 401, credential: alice, bearerError: { error: 'invalid_token' }, sent: bearer(token('2026-01-01T11:00:00Z')) },
      'expired-token',
      /expired at 2026-01-01T11:00:00Z \(60 min ago\)/,
    ],
    [
      '401 invalid_token, not expired',
      { status: 401, credential: alice, bearerError: { error: 'invalid_token', error_description: 'bad signature' }, sent: bearer(valid) },
      'invalid-token',
      /\(bad signature\): it does not trust the token server/,
    ],
    [
      '403 with credentials',
      { status: 403, credential: alice, sent: bearer(valid) },
      'forbidden',
      /knows alice .* permission, not a login problem/,
    ],
    ['403 anonymous', { status: 403 }, 'forbidden', /anonymous client; log in/],
    [
      'identity token against Basic',
      { status: 401, basicAsked: true, credential: { ...alice, kind: 'identity-token' } },
      'bad-credentials',
      /is an identity token, which only token servers accept/,
    ],
  ];
  it.each(cases)('%s', (_name, over, cause, explanation) => {
    const verdict = verdictFor(facts(over));
    expect(verdict.cause ?? verdict.outcome).toBe(cause);
    expect(verdict.explanation).toMatch(explanation);
  });

  it('a failure (helper, token server, realm) is its own explanation', () => {
    const failure = new AuthError('helper-failed', 'The credential helper docker-credential-x failed (exit code 1).');
    expect(verdictFor(facts({ status: 401, failure }))).toEqual({
      outcome: 'failed',
      cause: 'helper-failed',
      explanation: failure.message,
    });
  });

  it('a 404 behind good authentication stays authenticated: the registry error speaks for itself', () => {
    expect(verdictFor(facts({ status: 404, credential: alice, sent: bearer(valid) })).outcome).toBe('authenticated');
  });
});

describe('scopes', () => {
  it('parses names with colons and lists of actions', () => {
    expect(parseScope('repository:host:5000/a/b:pull,push')).toEqual({
      type: 'repository',
      name: 'host:5000/a/b',
      actions: ['pull', 'push'],
    });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('nonsense')).toBeNull();
  });

  it('asks for push only when writing', () => {
    expect(repositoryScope('a/b', 'pull')).toBe('repository:a/b:pull');
    expect(repositoryScope('a/b', 'push')).toBe('repository:a/b:pull,push');
  });

  it('reports what each asked scope lacks', () => {
    const granted = [{ type: 'repository', name: 'a/b', actions: ['pull'] }];
    expect(missingScopes(['repository:a/b:pull,push', 'repository:c:pull'], granted)).toEqual(['repository:a/b:push', 'repository:c:pull']);
    expect(missingScopes(['repository:a/b:pull'], granted)).toEqual([]);
    expect(missingScopes(['repository:a/b:pull,push'], [{ type: 'repository', name: 'a/b', actions: ['*'] }])).toEqual([]);
  });
});

describe('decodeToken', () => {
  it('decodes a JWT header and claims, times as ISO 8601', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const jwt = await new SignJWT({ access: [{ type: 'repository', name: 'a/b', actions: ['pull'] }] })
      .setProtectedHeader({ alg: 'ES256', kid: 'ABCD:EFGH', typ: 'JWT' })
      .setIssuer('iss')
      .setSubject('alice')
      .setAudience(['svc'])
      .setIssuedAt(1_767_268_800)
      .setNotBefore(1_767_268_799)
      .setExpirationTime(1_767_269_100)
      .setJti('j1')
      .sign(privateKey);
    expect(decodeToken(jwt)).toEqual({
      header: { alg: 'ES256', kid: 'ABCD:EFGH', typ: 'JWT' },
      iss: 'iss',
      sub: 'alice',
      aud: ['svc'],
      jti: 'j1',
      iat: '2026-01-01T12:00:00.000Z',
      nbf: '2026-01-01T11:59:59.000Z',
      exp: '2026-01-01T12:05:00.000Z',
      access: [{ type: 'repository', name: 'a/b', actions: ['pull'] }],
    });
  });

  it('gives null for an opaque token', () => {
    expect(decodeToken('djE6bGVuczpvcGFxdWU=')).toBeNull();
  });
});

describe('rateLimitOf', () => {
  it("reads Docker Hub's headers", () => {
    expect(
      rateLimitOf([
        ['ratelimit-limit', '100;w=21600'],
        ['RateLimit-Remaining', '0;w=21600'],
        ['docker-ratelimit-source', '192.0.2.7'],
        ['content-type', 'x'],
      ]),
    ).toEqual({
      limit: { count: 100, windowSeconds: 21600 },
      remaining: { count: 0, windowSeconds: 21600 },
      source: '192.0.2.7',
      headers: [
        ['ratelimit-limit', '100;w=21600'],
        ['RateLimit-Remaining', '0;w=21600'],
        ['docker-ratelimit-source', '192.0.2.7'],
      ],
    });
  });

  it('is null when none are sent, and tolerates a bare count', () => {
    expect(rateLimitOf([['content-type', 'x']])).toBeNull();
    expect(rateLimitOf([['ratelimit-limit', '5']])?.limit).toEqual({ count: 5, windowSeconds: null });
  });
});
