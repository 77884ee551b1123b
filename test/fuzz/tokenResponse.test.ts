/**
 * The token server's answer as the Authenticator reads it (auth.ts: JSON, token or access_token,
 * expires_in, issued_at, refresh_token, and the JWT claims of the token itself), served by a loopback
 * token server of the test's own whose body is each case's input.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { Authenticator } from '../../electron/core/registry/auth';
import { AuthSession } from '../../electron/core/registry/authTrace';
import { parseChallenges } from '../../electron/core/registry/challenge';
import { Transport } from '../../electron/core/registry/transport';
import { fuzzRun } from './fuzz';

const property = fuzzRun('token responses');
let server: Server;
let body = '';
let realm = '';
const transport = new Transport({ timeoutMs: 2_000 });

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
// Times as seconds, far beyond what a Date can hold (±8.64e12 s) included: exp 1e300 must not break the client.
const seconds = fc.oneof(
  fc.integer({ min: -8.64e12, max: 8.64e12 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(1e300, -1e300, 8.64e12 + 1),
  fc.string({ maxLength: 10 }),
);
const claims = fc.record(
  {
    exp: seconds,
    iat: seconds,
    nbf: seconds,
    iss: fc.string(),
    aud: fc.oneof(fc.string(), fc.array(fc.jsonValue())),
    access: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const jwt = fc
  .tuple(fc.jsonValue(), claims, fc.string({ maxLength: 10 }))
  .map(([header, payload, sig]) => `${b64(header)}.${b64(payload)}.${sig}`);
const token = fc.oneof(jwt, fc.string({ maxLength: 40 }), fc.constantFrom('', 'a.b.c', '..'));
// Lifetimes of any size, 1e300 seconds and Infinity included.
const lifetime = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double(),
  fc.constantFrom(1e300, Infinity, -Infinity),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(null, true, [], {}),
);
const answer = fc.record(
  {
    token,
    access_token: token,
    expires_in: lifetime,
    // issued_at over all of Date's range: a time at its very end plus the lifetime once overflowed it.
    issued_at: fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constant('+275760-09-12T23:59:00.001Z'),
      fc.constant(null),
    ),
    refresh_token: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const responseBody = fc.oneof({ weight: 4, arbitrary: answer.map((a) => JSON.stringify(a)) }, fc.json(), fc.string({ maxLength: 100 }));

describe('fuzzed token server answers give a token or a LensError, within the bound per case', () => {
  it('Authenticator reading the token response', () =>
    property(responseBody, 500, async (text) => {
      body = text;
      const challenges = parseChallenges(`Bearer realm="${realm}",service="fuzz",scope="repository:a/b:pull"`);
      const ctx = { transport, session: new AuthSession('127.0.0.1'), host: '127.0.0.1', repository: 'a/b', insecureHosts: [] };
      return new Authenticator().authorize(challenges, [], ctx);
    }));
});
