/**
 * Basic authentication against a real docker-registry with an htpasswd file (bcrypt, made by htpasswd),
 * credentials entered in the app (handler table and browser mode) or the CLI, and an open registry that
 * must never receive credentials it did not ask for. Every output is searched for the planted secrets.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHttp as http } from '../support/rawHttp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { runCli } from '../../electron/cli/cli';
import { createCore } from '../../electron/core/handlers';
import { startServer } from '../../electron/web/serve';
import { SESSION_HEADER } from '../../shared/session';
import type { InspectResult } from '../../shared/api';
import type { CredentialStoreStatus } from '../../shared/auth';
import { MediaType } from '../../shared/mediaTypes';
import { LeakCheck, basicAuth, plantSecret, tempHome, writeHtpasswd, type TempHome } from '../support/authServers';

const registryBinary = findComponent('docker-registry');
const htpasswdBinary = findComponent('htpasswd');
if (!registryBinary) console.warn(`skipping basic auth tests: ${missingMessage('docker-registry')}`);
if (!htpasswdBinary) console.warn(`skipping basic auth tests: ${missingMessage('htpasswd')}`);

const REPO = 'lens/basic';
const secret = { alice: plantSecret('alice-basic'), wrong: plantSecret('wrong-basic'), identity: plantSecret('identity-basic') };

describe.skipIf(!registryBinary || !htpasswdBinary)('Basic auth: docker-registry with htpasswd', () => {
  let dir: string;
  let locked: RunningRegistry;
  let open: RunningRegistry;
  let h: TempHome;
  const leaks = new LeakCheck(() => [
    ...Object.values(secret),
    basicAuth('alice', secret.alice).slice(6),
    basicAuth('alice', secret.wrong).slice(6),
  ]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-auth-basic-'));
    const htpasswd = join(dir, 'htpasswd');
    await writeHtpasswd(htpasswd, { alice: secret.alice, bob: plantSecret('bob-basic') });
    locked = await startRegistry({ auth: { htpasswd: { realm: 'lens-basic-realm', path: htpasswd } } });
    open = await startRegistry();
    const image = sampleImage('basic', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const [registry, headers] of [
      [locked, { authorization: basicAuth('alice', secret.alice) }],
      [open, {}],
    ] as const) {
      for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, headers);
      await pushManifest(registry.url, REPO, 'v1', image.manifest.bytes, image.manifest.mediaType, headers);
    }
    h = await tempHome();
  });

  afterAll(async () => {
    await locked?.stop();
    await open?.stop();
    await h?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (leaks.checks > 0) console.info(`basic auth: ${leaks.summary()}`);
  });

  const ref = (registry: RunningRegistry) => `${registry.host}/${REPO}:v1`;

  const inspectWith = async (core: ReturnType<typeof createCore>, registry: RunningRegistry): Promise<InspectResult> => {
    const envelope = await core.dispatch('inspect', { reference: ref(registry), accept: [MediaType.dockerSchema2] });
    leaks.clean('inspect envelope (renderer-visible)', envelope);
    if (!envelope.ok) throw new Error(envelope.error.message);
    const result = envelope.value as InspectResult;
    leaks.clean('captured exchanges', result.exchanges);
    return result;
  };

  const inspect = async (home: TempHome, registry = locked): Promise<InspectResult> => {
    const core = createCore({ mode: 'browser', credentialEnvironment: { env: home.env, home: home.env.HOME! } });
    try {
      return await inspectWith(core, registry);
    } finally {
      await core.close();
    }
  };

  const cli = async (home: TempHome, args: string[], stdin?: string) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(
      ['inspect', ref(locked), ...args],
      { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
      { env: home.env, readStdin: stdin === undefined ? undefined : async () => stdin },
    );
    leaks.clean(`CLI stdout (${args.join(' ') || 'plain'})`, stdout.join('\n'));
    leaks.clean(`CLI stderr (${args.join(' ') || 'plain'})`, stderr.join('\n'));
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  const authHeaders = (result: InspectResult) =>
    result.exchanges.flatMap((e) => e.requestHeaders.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v));

  it('without credentials: 401, and the verdict lists the sources it checked', async () => {
    const result = await inspect(h);
    expect(result.response.status).toBe(401);
    expect(result.auth!.challenges).toEqual([{ scheme: 'basic', params: { realm: 'lens-basic-realm' }, remembered: false }]);
    expect(result.auth!.verdict).toMatchObject({ outcome: 'failed', cause: 'no-credentials' });
    expect(result.auth!.verdict.explanation).toContain(join(h.env.DOCKER_CONFIG!, 'config.json'));
    expect(authHeaders(result)).toEqual([]);
    const run = await cli(h, ['--auth-trace']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The registry requires authentication: no credentials were found for 127\.0\.0\.1:\d+/);
  });

  it('config.json credentials answer the Basic challenge; no token server is involved', async () => {
    const home = await tempHome();
    try {
      await home.dockerConfig({ auths: { [locked.host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } });
      const result = await inspect(home);
      expect(result.response.status).toBe(200);
      expect(result.auth).toMatchObject({ scheme: 'basic', tokenRequests: [], token: null, verdict: { outcome: 'authenticated' } });
      expect(result.auth!.credential).toMatchObject({ source: 'docker-config', username: 'alice' });
      expect(authHeaders(result)).toEqual(['Basic <redacted>']);
      const run = await cli(home, ['--auth-trace', '--json']);
      expect(run.code).toBe(0);
    } finally {
      await home.remove();
    }
  });

  it('a wrong password: the registry refuses it, and the verdict says whose', async () => {
    const home = await tempHome();
    try {
      await home.dockerConfig({ auths: { [locked.host]: { username: 'alice', password: secret.wrong } } });
      const result = await inspect(home);
      expect(result.response.status).toBe(401);
      expect(result.auth!.verdict).toMatchObject({
        cause: 'bad-credentials',
        explanation: expect.stringMatching(/refused the username and password of alice \(credentials .*config\.json/),
      });
      const run = await cli(home, ['--verbose']);
      expect(run.stderr).toMatch(/refused the username and password of alice/);
    } finally {
      await home.remove();
    }
  });

  it('an identity token cannot answer Basic: the verdict explains instead of sending it', async () => {
    const home = await tempHome();
    try {
      await home.dockerConfig({ auths: { [locked.host]: { identitytoken: secret.identity } } });
      const result = await inspect(home);
      expect(result.response.status).toBe(401);
      expect(authHeaders(result)).toEqual([]);
      expect(result.auth!.verdict).toMatchObject({
        cause: 'bad-credentials',
        explanation: expect.stringMatching(/is an identity token, which only token servers accept/),
      });
    } finally {
      await home.remove();
    }
  });

  it('CLI --username with --password-stdin: credentials for this run only', async () => {
    const run = await cli(h, ['--auth-trace', '--username', 'alice', '--password-stdin'], `${secret.alice}\r\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Credentials: alice from this session \(entered, not saved\) \[session, password\]/);
    expect(run.stdout).toContain('Sent: Authorization: Basic <redacted>');
    // Nothing outlives the run: the next one is anonymous again.
    expect((await cli(h, [])).code).toBe(1);
  });

  it('refuses a password on the command line and an empty stdin', async () => {
    expect((await cli(h, ['--username', 'alice'])).stderr).toMatch(/--username needs --password-stdin/);
    expect((await cli(h, ['--password-stdin'], secret.alice)).stderr).toMatch(/--password-stdin needs --username/);
    const empty = await cli(h, ['--username', 'alice', '--password-stdin'], '\n');
    expect([empty.code, empty.stderr]).toEqual([2, 'manifest-lens: --password-stdin: standard input was empty.']);
  });

  it('credentials entered in the app: used for the session, reported without the secret, forgotten on request', async () => {
    const core = createCore({ mode: 'browser', credentialEnvironment: { env: h.env, home: h.env.HOME! } });
    try {
      const set = await core.dispatch('setCredentials', { registry: locked.host, username: 'alice', password: secret.alice });
      leaks.clean('setCredentials result', set);
      expect(set).toMatchObject({
        ok: true,
        value: { protection: 'none', entries: [{ registry: locked.host, username: 'alice', remembered: false }] },
      });
      const remember = await core.dispatch('setCredentials', {
        registry: locked.host,
        username: 'alice',
        password: secret.alice,
        remember: true,
      });
      leaks.clean('setCredentials error', remember);
      expect(remember).toMatchObject({ ok: false, error: { code: 'USAGE', message: expect.stringMatching(/session only/) } });

      const result = await inspectWith(core, locked);
      expect(result.response.status).toBe(200);
      expect(result.auth!.credential).toMatchObject({ source: 'session', username: 'alice' });

      // The open registry never asked, so it never gets them, even with credentials known for it.
      await core.dispatch('setCredentials', { registry: open.host, username: 'alice', password: secret.alice });
      const unasked = await inspectWith(core, open);
      expect(unasked.response.status).toBe(200);
      expect(authHeaders(unasked)).toEqual([]);
      expect(unasked.auth!.verdict.outcome).toBe('not-required');

      const forgotten = await core.dispatch('forgetCredentials', { registry: locked.host });
      leaks.clean('forgetCredentials result', forgotten);
      expect((forgotten as { value: CredentialStoreStatus }).value.entries.map((e) => e.registry)).toEqual([open.host]);
      expect((await inspectWith(core, locked)).response.status).toBe(401);
    } finally {
      await core.close();
    }
  });

  it('Basic is never sent where it was not asked for, even to a registry with credentials on file', async () => {
    const home = await tempHome();
    try {
      await home.dockerConfig({ auths: { [open.host]: { auth: Buffer.from(`alice:${secret.alice}`).toString('base64') } } });
      const result = await inspect(home, open);
      expect(result.response.status).toBe(200);
      expect(authHeaders(result)).toEqual([]);
      expect(result.auth!.lookups).toEqual([]); // nothing asked, so no source was even read
    } finally {
      await home.remove();
    }
  });

  it('the browser mode: credentials go in over HTTP and never come back out', async () => {
    const staticDir = join(dir, 'static');
    await rm(staticDir, { recursive: true, force: true });
    await mkdir(staticDir);
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Manifest Lens</title>');
    const server = await startServer({
      port: 0,
      staticDir,
      core: { mode: 'browser', credentialEnvironment: { env: h.env, home: h.env.HOME! } },
    });
    try {
      const token = new URL(server.url).searchParams.get('token')!;
      const api = (call: string, args: object) =>
        http(server.port, `/api/${call}`, {
          method: 'POST',
          headers: { [SESSION_HEADER]: token, 'content-type': 'application/json' },
          body: JSON.stringify(args),
        });

      const answers = [
        await api('setCredentials', { registry: locked.host, username: 'alice', password: secret.alice }),
        await api('credentialStatus', {}),
        await api('inspect', { reference: ref(locked), accept: [MediaType.dockerSchema2] }),
        await api('setCredentials', { registry: locked.host, username: 'alice', password: secret.alice, remember: true }),
      ];
      answers.forEach((a, i) => leaks.clean(`browser-mode HTTP answer #${i}`, { headers: a.headers, body: a.body }));
      const inspected = JSON.parse(answers[2]!.body) as { ok: true; value: InspectResult };
      expect(inspected.value.response.status).toBe(200);
      expect(inspected.value.auth!.credential).toMatchObject({ source: 'session', username: 'alice' });
    } finally {
      await server.close();
    }
  });

  it('planted secrets appear nowhere they must not (counted)', () => {
    expect(leaks.checks).toBeGreaterThan(150);
    expect(leaks.surfaces).toBeGreaterThan(35);
  });
});
