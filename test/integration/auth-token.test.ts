/**
 * Token authentication against a real docker-registry (auth.token: realm, service, issuer,
 * rootcertbundle) and the jose token server of test/support/tokenServer.ts, with credentials from each
 * source in docker's order of precedence. Every answer, CLI output and error is searched for the
 * planted secrets (passwords, identity tokens, and every token the server issued).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecret, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startTokenServer, type RunningTokenServer } from '../support/tokenServer';
import { runCli } from '../../electron/cli/cli';
import { createCore, type CoreOptions } from '../../electron/core/handlers';
import { Authenticator } from '../../electron/core/registry/auth';
import { AuthSession } from '../../electron/core/registry/authTrace';
import { RegistryClient } from '../../electron/core/registry/client';
import { AppCredentialStore } from '../../electron/core/registry/credentials/appStore';
import { KnownSecrets } from '../../electron/core/registry/credentials/knownSecrets';
import { CredentialResolver, defaultCredentialEnvironment } from '../../electron/core/registry/credentials/resolve';
import { Transport } from '../../electron/core/registry/transport';
import type { InspectResult } from '../../shared/api';
import { MediaType } from '../../shared/mediaTypes';
import {
  LeakCheck,
  basicAuth,
  plantSecret,
  startRedirectTarget,
  tempHome,
  type RedirectTarget,
  type TempHome,
} from '../support/authServers';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping token auth tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/auth';
const OTHER_REPO = 'lens/other';
const PULL = `repository:${REPO}:pull`;

const secret = {
  alice: plantSecret('alice-password'),
  bob: plantSecret('bob-password'),
  carolIdentity: plantSecret('carol-identity-token'),
  dave: plantSecret('dave-password'),
  stale: plantSecret('stale-password'),
  wrong: plantSecret('wrong-password'),
};

describe.skipIf(!registryBinary)('token auth: docker-registry auth.token with a jose token server', () => {
  let dir: string;
  let tokens: RunningTokenServer;
  let registry: RunningRegistry;
  let manifestDigest: string;
  let layerDigest: string;
  const homes: TempHome[] = [];
  const leaks = new LeakCheck(() => [
    ...Object.values(secret),
    ...Object.entries({ alice: secret.alice, bob: secret.bob, dave: secret.dave, stale: secret.stale }).map(([u, p]) =>
      basicAuth(u, p).slice(6),
    ),
    ...tokens.issued,
  ]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-auth-token-'));
    tokens = await startTokenServer({
      dir,
      users: {
        alice: { password: secret.alice, grants: { [REPO]: ['pull', 'push'], [OTHER_REPO]: ['pull', 'push'] } },
        bob: { password: secret.bob, grants: { [OTHER_REPO]: ['pull'] } },
        carol: { refreshTokens: [secret.carolIdentity], grants: { [REPO]: ['pull'] } },
        dave: { password: secret.dave, grants: { [REPO]: ['pull'] }, refuseWith: 403 },
        stale: { password: secret.stale, grants: { [REPO]: ['pull'] }, expiredTokens: true },
      },
    });
    registry = await startRegistry({
      auth: tokens.registryAuth(),
      extraConfig: {
        storage: { filesystem: { rootdirectory: join(dir, 'storage') } },
        // Docker Hub's pull-limit headers, sent by the real registry on every answer.
        http: {
          headers: { 'RateLimit-Limit': ['100;w=21600'], 'RateLimit-Remaining': ['76;w=21600'], 'Docker-RateLimit-Source': ['192.0.2.7'] },
        },
      },
    });
    const fixture = {
      authorization: `Bearer ${await tokens.mint('fixture', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}`,
    };
    const image = sampleImage('auth', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, fixture);
    manifestDigest = await pushManifest(registry.url, REPO, 'v1', image.manifest.bytes, image.manifest.mediaType, fixture);
    layerDigest = image.blobs[1]!.digest;
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
    for (const home of homes) await home.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (leaks.checks > 0) console.info(`token auth: ${leaks.summary()}`);
  });

  const home = async () => {
    const h = await tempHome();
    homes.push(h);
    return h;
  };

  const reference = (repo = REPO) => `${registry.host}/${repo}:v1`;

  const coreOptions = (h: TempHome, extra: Partial<CoreOptions> = {}): CoreOptions => ({
    mode: 'browser',
    caFile: tokens.certFile,
    credentialEnvironment: { env: h.env, home: h.env.HOME!, ...extra.credentialEnvironment },
    ...extra,
  });

  /** One inspection through the handler table, its result checked for leaks. */
  const inspect = async (h: TempHome, ref = reference(), extra: Partial<CoreOptions> = {}): Promise<InspectResult> => {
    const core = createCore(coreOptions(h, extra));
    try {
      const envelope = await core.dispatch('inspect', { reference: ref, accept: [MediaType.dockerSchema2] });
      leaks.clean('inspect envelope (renderer-visible)', envelope);
      if (!envelope.ok) throw new Error(`inspect failed: ${envelope.error.message}`);
      const result = envelope.value as InspectResult;
      leaks.clean('captured exchanges', result.exchanges);
      leaks.clean('auth trace', result.auth);
      return result;
    } finally {
      await core.close();
    }
  };

  /** The CLI as a user runs it, with --auth-trace, --json or --verbose; every output checked for leaks. */
  const cli = async (h: TempHome, args: string[], stdin?: string) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(
      ['inspect', reference(), '--ca-file', tokens.certFile, ...args],
      { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
      { env: h.env, readStdin: stdin === undefined ? undefined : async () => stdin },
    );
    leaks.clean(`CLI stdout (${args.join(' ') || 'plain'})`, stdout.join('\n'));
    leaks.clean(`CLI stderr (${args.join(' ') || 'plain'})`, stderr.join('\n'));
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  const requestsSince = (start: number) => tokens.requests.slice(start);
  const configAuth = (user: string, password: string) => ({
    auths: { [registry.host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } },
  });

  it('fails without credentials and says why: anonymous access is granted nothing', async () => {
    const h = await home();
    const start = tokens.requests.length;
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    const auth = result.auth!;
    expect(auth.verdict).toMatchObject({ outcome: 'failed', cause: 'insufficient-scope' });
    expect(auth.verdict.explanation).toMatch(/no credentials were found for 127\.0\.0\.1:\d+/);
    expect(auth.credential).toBeNull();
    expect(auth.lookups.map((l) => l.outcome)).toEqual(['none', 'none', 'none', 'none']);
    expect(auth.tokenRequests).toHaveLength(1);
    expect(auth.tokenRequests[0]).toMatchObject({ method: 'GET', grant: 'anonymous', status: 200, scopes: [PULL] });
    expect(auth.scopes).toEqual({ asked: [PULL], granted: [], missing: [PULL] });
    // The token server saw an anonymous GET and no Authorization at all.
    expect(requestsSince(start).map((r) => [r.method, r.authorization, r.user])).toEqual([['GET', null, null]]);

    const run = await cli(h, ['--auth-trace']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/insufficient_scope: .*no credentials were found/);
    expect(run.stdout).toMatch(/Verdict: failed \(insufficient-scope\)/);
  });

  it.each([
    [
      'auth (base64 user:password)',
      (host: string) => ({ auths: { [host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } }),
    ],
    ['username and password fields', (host: string) => ({ auths: { [host]: { username: 'alice', password: secret.alice } } })],
    [
      'a key written as a URL',
      (host: string) => ({ auths: { [`http://${host}/v2/`]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } }),
    ],
  ])('config.json auths with %s: a Bearer token fetched with Basic sent to the realm only', async (_name, config) => {
    const h = await home();
    await h.dockerConfig(config(registry.host));
    const start = tokens.requests.length;
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.digestCheck).toMatchObject({ verdict: 'match', header: manifestDigest });
    const auth = result.auth!;
    expect(auth.verdict.outcome).toBe('authenticated');
    expect(auth.credential).toMatchObject({ source: 'docker-config', username: 'alice', kind: 'password' });
    expect(auth.credential!.label).toContain(join(h.env.DOCKER_CONFIG!, 'config.json'));
    expect(auth.tokenRequests[0]).toMatchObject({ method: 'GET', grant: 'basic', status: 200 });
    expect(auth.tokenRequests[0]!.fields).toContainEqual(['account', 'alice']);

    const [sent] = requestsSince(start);
    expect(sent).toMatchObject({ method: 'GET', authorization: basicAuth('alice', secret.alice), user: 'alice', scopes: [PULL] });
    // What the registry received: Bearer only, never the password.
    const toRegistry = result.exchanges.filter((e) => e.url.startsWith(registry.url));
    expect(toRegistry.flatMap((e) => e.requestHeaders.filter(([n]) => n === 'authorization').map(([, v]) => v))).toEqual([
      'Bearer <redacted>',
    ]);

    // The decoded claims, beside the scopes asked.
    const claims = auth.token!.claims!;
    expect(claims.header).toEqual({ alg: 'ES256', kid: tokens.keyId, typ: 'JWT' });
    expect(claims).toMatchObject({
      iss: tokens.issuer,
      sub: 'alice',
      aud: [tokens.service],
      access: [{ type: 'repository', name: REPO, actions: ['pull'] }],
    });
    expect(Date.parse(claims.exp!) - Date.parse(claims.iat!)).toBe(300_000);
    expect(auth.scopes).toEqual({ asked: [PULL], granted: [PULL], missing: [] });
    expect(auth.token).toMatchObject({ field: 'token', expiresIn: 300, fromCache: false, refreshTokenReturned: false });
  });

  it('config.json identitytoken: the OAuth2 POST with grant_type=refresh_token and client_id manifest-lens', async () => {
    const h = await home();
    await h.dockerConfig({
      auths: { [registry.host]: { auth: Buffer.from('carol:').toString('base64'), identitytoken: secret.carolIdentity } },
    });
    const start = tokens.requests.length;
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential).toMatchObject({ source: 'docker-config', kind: 'identity-token', username: 'carol' });
    const [sent] = requestsSince(start);
    expect(sent!.method).toBe('POST');
    expect(Object.fromEntries(sent!.form)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: secret.carolIdentity,
      service: tokens.service,
      client_id: 'manifest-lens',
      scope: PULL,
    });
    expect(sent!.authorization).toBeNull();
    expect(result.auth!.tokenRequests[0]!.fields).toContainEqual(['refresh_token', '<redacted>']);
  });

  it('credHelpers: docker-credential-NAME get, with the registry host on stdin', async () => {
    const h = await home();
    await h.credentialHelper('lenstest', { kind: 'answer', serverUrl: registry.host, username: 'alice', secret: secret.alice });
    // docker asks only the helper when one is configured, whatever auths says.
    await h.dockerConfig({ credHelpers: { [registry.host]: 'lenstest' }, ...configAuth('bob', secret.bob) });
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential).toMatchObject({ source: 'cred-helper', username: 'alice' });
    expect(result.auth!.credential!.label).toMatch(/^docker-credential-lenstest \(credHelpers\["127\.0\.0\.1:\d+"\]/);
    expect(await h.helperLog('lenstest')).toEqual([registry.host]);
  });

  it('credsStore answering Username "<token>": an identity token, sent only in the POST form', async () => {
    const h = await home();
    await h.credentialHelper('lensstore', { kind: 'answer', serverUrl: registry.host, username: '<token>', secret: secret.carolIdentity });
    await h.dockerConfig({ credsStore: 'lensstore' });
    const start = tokens.requests.length;
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential).toMatchObject({ source: 'creds-store', kind: 'identity-token', username: null });
    expect(requestsSince(start).map((r) => [r.method, r.user])).toEqual([['POST', 'carol']]);
  });

  it('a credential helper with nothing for the registry: anonymous, and docker does not fall back to auths', async () => {
    const h = await home();
    await h.credentialHelper('lensempty', { kind: 'answer', serverUrl: 'some.other.registry', username: 'x', secret: 'y' });
    await h.dockerConfig({ credHelpers: { [registry.host]: 'lensempty' }, ...configAuth('alice', secret.alice) });
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    expect(result.auth!.credential).toBeNull();
    expect(result.auth!.lookups[1]).toMatchObject({ outcome: 'none', note: expect.stringMatching(/does not fall back to auths/) });
  });

  it.each([
    ['is missing', null, /docker-credential-lensgone is not installed or not on PATH/],
    ['fails', { kind: 'fail', message: 'keychain locked' } as const, /docker-credential-lensfail failed \(exit code 3\)/],
    ['hangs', { kind: 'hang' } as const, /docker-credential-lenshang did not answer within 0\.5 s/],
  ])('a credential helper that %s: the inspection fails with an error naming it', async (_what, behaviour, message) => {
    const h = await home();
    const name = behaviour === null ? 'lensgone' : behaviour.kind === 'fail' ? 'lensfail' : 'lenshang';
    if (behaviour) await h.credentialHelper(name, behaviour);
    await h.dockerConfig({ credHelpers: { [registry.host]: name } });
    const extra = { credentialEnvironment: { env: h.env, home: h.env.HOME!, helperTimeoutMs: 500 } };
    const result = await inspect(h, reference(), extra);
    expect(result.response.status).toBe(401);
    expect(result.auth!.verdict).toMatchObject({ outcome: 'failed', cause: 'helper-failed', explanation: expect.stringMatching(message) });
    expect(result.auth!.tokenRequests).toEqual([]);
    if (behaviour?.kind === 'fail') expect(result.auth!.lookups.at(-1)!.note).toBe('keychain locked');
  });

  it.each(['REGISTRY_AUTH_FILE', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME'] as const)('podman auth.json found through %s', async (where) => {
    const h = await home();
    const path = await h.podmanAuth(where, {
      auths: { [registry.host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } },
    });
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential).toMatchObject({ source: 'podman-auth', username: 'alice', label: `${path} auths["${registry.host}"]` });
  });

  it('podman auth.json: a repository key wins over the registry key', async () => {
    const h = await home();
    await h.podmanAuth('XDG_RUNTIME_DIR', {
      auths: {
        [registry.host]: { auth: Buffer.from(`bob:${secret.bob}`).toString('base64') },
        [`${registry.host}/${REPO}`]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') },
      },
    });
    const result = await inspect(h);
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential!.label).toContain(`auths["${registry.host}/${REPO}"]`);
  });

  it('precedence: session credentials (--username --password-stdin) over config.json over auth.json', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('bob', secret.bob));
    await h.podmanAuth('XDG_CONFIG_HOME', configAuth('dave', secret.dave));
    const viaConfig = await inspect(h);
    expect(viaConfig.auth!.credential).toMatchObject({ source: 'docker-config', username: 'bob' });

    const run = await cli(h, ['--json', '--username', 'alice', '--password-stdin'], `${secret.alice}\n`);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as InspectResult;
    expect(result.response.status).toBe(200);
    expect(result.auth!.credential).toMatchObject({ source: 'session', username: 'alice' });
    expect(result.auth!.lookups).toEqual([{ label: 'this session (entered, not saved)', outcome: 'found' }]);
  });

  it('insufficient_scope: the trace shows the scopes asked beside the scopes granted', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('bob', secret.bob));
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    expect(result.auth!.verdict.cause).toBe('insufficient-scope');
    expect(result.auth!.verdict.explanation).toMatch(/bob \(credentials .*config\.json.*\) lacks that access/);
    expect(result.auth!.scopes).toEqual({ asked: [PULL], granted: [], missing: [PULL] });
    expect(result.auth!.challenges.at(-1)!.params).toMatchObject({ error: 'insufficient_scope', scope: PULL });
    const run = await cli(h, ['--auth-trace', '--verbose']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Scopes asked: {3}repository:lens\/auth:pull\n {2}Scopes granted: none\n {2}Scopes missing: repository:lens\/auth:pull/,
    );
  });

  it('a wrong password: the token server refuses it and the verdict says so, naming the source', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.wrong));
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    expect(result.auth!.verdict).toMatchObject({
      cause: 'bad-credentials',
      explanation: expect.stringMatching(/refused the credentials from .*config\.json/),
    });
    expect(result.auth!.tokenRequests[0]).toMatchObject({ status: 401, grant: 'basic' });
    const run = await cli(h, ['--verbose']);
    expect(run.stderr).toMatch(/wrong username, password or token/);
  });

  it('403 from the token server: known account, not allowed', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('dave', secret.dave));
    const result = await inspect(h);
    expect(result.auth!.verdict).toMatchObject({
      cause: 'forbidden',
      explanation: expect.stringMatching(/\(403\): it knows the account but does not allow it/),
    });
  });

  it('an expired token: the registry refuses it and the verdict names the expiry', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('stale', secret.stale));
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    expect(result.auth!.challenges.at(-1)!.params.error).toBe('invalid_token');
    expect(result.auth!.verdict).toMatchObject({
      cause: 'expired-token',
      explanation: expect.stringMatching(/expired at .* \(\d+ min ago\)/),
    });
  });

  it('access_token without expires_in or issued_at: taken, and 60 s assumed', async () => {
    tokens.configure({ field: 'access_token', expiresIn: null, omitIssuedAt: true });
    try {
      const h = await home();
      await h.dockerConfig(configAuth('alice', secret.alice));
      const result = await inspect(h);
      expect(result.response.status).toBe(200);
      const token = result.auth!.token!;
      expect(token).toMatchObject({ field: 'access_token', expiresIn: null, issuedAt: null });
      // The JWT itself lives 300 s; the answer named no lifetime, so the default 60 s applies.
      expect(Date.parse(token.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
      expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    } finally {
      tokens.configure({ field: 'token', expiresIn: undefined, omitIssuedAt: false });
    }
  });

  it.each([
    ['expires_in 1e300', { expires_in: 1e300 }],
    ['expires_in -1 and an unreadable issued_at', { expires_in: -1, issued_at: 'yesterday' }],
    ['issued_at at the end of time', { issued_at: '+275760-09-13T00:00:00.000Z' }],
    ['expires_in 1e300 and issued_at at the start of time', { expires_in: 1e300, issued_at: '-271821-04-20T00:00:00.000Z' }],
  ])('a token answer with %s: the token is used, its expiry clamped to a day at most', async (_, answerFields) => {
    tokens.configure({ answerFields });
    try {
      const h = await home();
      await h.dockerConfig(configAuth('alice', secret.alice));
      const result = await inspect(h);
      expect(result.response.status).toBe(200);
      const left = Date.parse(result.auth!.token!.expiresAt) - Date.now();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    } finally {
      tokens.configure({ answerFields: undefined });
    }
  });

  it("a token the registry cannot use, with exp or expires_in of 1e300: the registry's refusal, not an internal error", async () => {
    const hostileJwt = await new SignJWT({ exp: 1e300, iat: 1e300 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(await generateSecret('HS256'));
    for (const answerFields of [
      { token: hostileJwt },
      { token: 'opaque-token', expires_in: 1e300 },
      { token: 'opaque-token', issued_at: '+275760-09-13T00:00:00.000Z' },
    ]) {
      tokens.configure({ answerFields });
      const h = await home();
      await h.dockerConfig(configAuth('alice', secret.alice));
      const core = createCore(coreOptions(h));
      try {
        const envelope = await core.dispatch('inspect', { reference: reference(), accept: [MediaType.dockerSchema2] });
        const outcome = envelope.ok ? (envelope.value as InspectResult).response.status : envelope.error.code;
        expect(outcome, JSON.stringify(answerFields)).toBe(401);
        const token = (envelope.ok && (envelope.value as InspectResult).auth?.token) || null;
        expect(token && Date.parse(token.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
      } finally {
        tokens.configure({ answerFields: undefined });
        await core.close();
      }
    }
  });

  it('a token server that speaks only OAuth2 POST: password grant, then its refresh token instead of the password', async () => {
    tokens.configure({ postOnly: true });
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.alice));
    const core = createCore(coreOptions(h));
    try {
      const start = tokens.requests.length;
      for (const repo of [REPO, OTHER_REPO]) {
        const envelope = await core.dispatch('inspect', { reference: reference(repo), accept: [MediaType.dockerSchema2] });
        leaks.clean('inspect envelope (renderer-visible)', envelope);
      }
      const sent = requestsSince(start).map((r) => [r.method, r.status, r.form.find(([k]) => k === 'grant_type')?.[1] ?? null]);
      expect(sent).toEqual([
        ['GET', 405, null],
        ['POST', 200, 'password'],
        ['POST', 200, 'refresh_token'],
      ]);
      const passwordGrant = Object.fromEntries(requestsSince(start)[1]!.form);
      expect(passwordGrant).toMatchObject({ username: 'alice', access_type: 'offline', client_id: 'manifest-lens' });
      // The refresh token learned is the one sent next.
      const refresh = Object.fromEntries(requestsSince(start)[2]!.form).refresh_token;
      expect(tokens.issued).toContain(refresh);
    } finally {
      tokens.configure({ postOnly: false });
      await core.close();
    }
  });

  it('concurrent inspections of one scope share a single token request', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.alice));
    const core = createCore(coreOptions(h));
    try {
      const start = tokens.requests.length;
      const envelopes = await Promise.all(
        Array.from({ length: 6 }, () => core.dispatch('inspect', { reference: reference(), accept: [MediaType.dockerSchema2] })),
      );
      for (const e of envelopes) {
        leaks.clean('inspect envelope (renderer-visible)', e);
        expect(e.ok && (e.value as InspectResult).response.status).toBe(200);
      }
      expect(requestsSince(start)).toHaveLength(1);
    } finally {
      await core.close();
    }
  });

  it('reuses a token until shortly before it expires, then fetches a new one', async () => {
    tokens.configure({ expiresIn: 2 });
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.alice));
    const core = createCore(coreOptions(h));
    const run = async () => {
      const envelope = await core.dispatch('inspect', { reference: reference(), accept: [MediaType.dockerSchema2] });
      leaks.clean('inspect envelope (renderer-visible)', envelope);
      return (envelope.ok ? (envelope.value as InspectResult) : null)!.auth!.token!;
    };
    try {
      const start = tokens.requests.length;
      expect((await run()).fromCache).toBe(false);
      expect((await run()).fromCache).toBe(true);
      expect(requestsSince(start)).toHaveLength(1);
      // A 2 s token is refreshed in the last quarter of its life.
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect((await run()).fromCache).toBe(false);
      expect(requestsSince(start)).toHaveLength(2);
    } finally {
      tokens.configure({ expiresIn: undefined });
      await core.close();
    }
  });

  it('asks for push scope only when pushing, and for several scopes in one token request', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.alice));
    const secrets = new KnownSecrets();
    const resolver = new CredentialResolver(
      new AppCredentialStore(),
      defaultCredentialEnvironment({ env: h.env, home: h.env.HOME! }),
      secrets,
    );
    const transport = new Transport({ caFile: tokens.certFile });
    const client = new RegistryClient(registry.host, { transport, authenticator: new Authenticator({ credentials: resolver, secrets }) });
    try {
      const start = tokens.requests.length;
      expect((await client.manifest(REPO, 'v1', { method: 'GET', accept: [MediaType.dockerSchema2] })).status).toBe(200);
      expect((await client.blob(REPO, layerDigest, 1 << 20)).status).toBe(200);
      const image = sampleImage('auth', { architecture: 'amd64', os: 'linux' }, 'docker');
      const auth = new AuthSession(registry.host);
      const put = await client.putManifest(REPO, 'pushed', image.manifest.mediaType, image.manifest.bytes, { auth });
      expect(put.status).toBe(201);
      // A cross-repository mount needs pull on the source and push on the target: one request, two scopes.
      const mount = await client.send(
        {
          purpose: 'blob',
          method: 'POST',
          path: `/v2/${OTHER_REPO}/blobs/uploads/?mount=${layerDigest}&from=${REPO}`,
          scopes: [`repository:${OTHER_REPO}:pull,push`, PULL],
          repository: OTHER_REPO,
        },
        {},
      );
      expect(mount.status).toBe(201);
      const scopes = requestsSince(start).map((r) => r.scopes);
      expect(scopes).toEqual([[PULL], [`repository:${REPO}:pull,push`], [`repository:${OTHER_REPO}:pull,push`, PULL]]);
      expect(auth.finish(put).scopes).toEqual({
        asked: [`repository:${REPO}:pull,push`],
        granted: [`repository:${REPO}:pull,push`],
        missing: [],
      });
    } finally {
      await transport.close();
    }
  });

  it('shows the rate-limit headers the registry sends', async () => {
    const h = await home();
    await h.dockerConfig(configAuth('alice', secret.alice));
    const result = await inspect(h);
    expect(result.auth!.rateLimit).toMatchObject({
      limit: { count: 100, windowSeconds: 21600 },
      remaining: { count: 76, windowSeconds: 21600 },
      source: '192.0.2.7',
    });
    const run = await cli(h, ['--auth-trace']);
    expect(run.stdout).toContain(
      'Rate limit: 76 per 21600 s remaining of 100 per 21600 s, counted for 192.0.2.7 (this GET counted; --head would not)',
    );
    const head = await cli(h, ['--auth-trace', '--head']);
    expect(head.stdout).toMatch(/counted for 192\.0\.2\.7\n|counted for 192\.0\.2\.7$/);
  });

  describe('a registry whose blobs redirect to storage on another host', () => {
    let redirecting: RunningRegistry;
    let target: RedirectTarget;

    beforeAll(async () => {
      target = await startRedirectTarget();
      // The same storage, served by a second registry that sends blob GETs to `target`.
      redirecting = await startRegistry({
        auth: tokens.registryAuth(),
        extraConfig: {
          storage: { filesystem: { rootdirectory: join(dir, 'storage') } },
          middleware: { storage: [{ name: 'redirect', options: { baseurl: target.url } }] },
        },
      });
    });

    afterAll(async () => {
      await redirecting?.stop();
      await target?.stop();
    });

    it('follows the redirect without the Authorization header', async () => {
      const h = await home();
      await h.dockerConfig({ auths: { [redirecting.host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } });
      const secrets = new KnownSecrets();
      const resolver = new CredentialResolver(
        new AppCredentialStore(),
        defaultCredentialEnvironment({ env: h.env, home: h.env.HOME! }),
        secrets,
      );
      const transport = new Transport({ caFile: tokens.certFile });
      const client = new RegistryClient(redirecting.host, {
        transport,
        authenticator: new Authenticator({ credentials: resolver, secrets }),
      });
      const exchanges: Array<{ url: string; status: number; headers: Array<[string, string]> }> = [];
      try {
        const response = await client.blob(REPO, layerDigest, 1 << 20, {
          onExchange: (e) => exchanges.push({ url: e.url, status: e.status, headers: e.requestHeaders }),
        });
        expect(response.body.toString()).toBe('bytes from the storage backend');
      } finally {
        await transport.close();
      }
      leaks.clean('blob exchanges', exchanges);
      const toRegistry = exchanges.filter((e) => e.url.startsWith(redirecting.url));
      expect(toRegistry.at(-1)).toMatchObject({ status: 307 });
      expect(toRegistry.at(-1)!.headers).toContainEqual(['authorization', 'Bearer <redacted>']);
      expect(target.requests.length).toBeGreaterThan(0);
      for (const request of target.requests) expect(request.headers.authorization).toBeUndefined();
    });
  });

  describe('a registry naming a token realm that is not http(s)', () => {
    let odd: RunningRegistry;

    beforeAll(async () => {
      odd = await startRegistry({ auth: { token: { ...(tokens.registryAuth().token as object), realm: 'file:///etc/passwd' } } });
    });

    afterAll(async () => odd?.stop());

    it('is refused before anything is sent to the realm', async () => {
      const h = await home();
      await h.dockerConfig({ auths: { [odd.host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } });
      const start = tokens.requests.length;
      const result = await inspect(h, `${odd.host}/${REPO}:v1`);
      expect(result.response.status).toBe(401);
      expect(result.auth!.verdict).toMatchObject({
        cause: 'refused-realm',
        explanation: "The registry's token realm must be http(s), not file:",
      });
      expect(result.exchanges.every((e) => e.url.startsWith(odd.url))).toBe(true);
      expect(requestsSince(start)).toEqual([]);
    });
  });

  it("the leak check does find a planted secret where one is: the token server's own request log", () => {
    expect(() => leaks.clean('token server request log', tokens.requests)).toThrow(/must not contain the secret/);
  });

  it('planted secrets appear nowhere they must not (counted)', () => {
    // Every inspection, CLI run and exchange above went through the leak check.
    expect(leaks.checks).toBeGreaterThan(300);
    expect(leaks.surfaces).toBeGreaterThan(60);
  });
});
