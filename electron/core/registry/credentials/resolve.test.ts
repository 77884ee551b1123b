/**
 * The precedence walk over real files in a temp home and real helper executables written by the test.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppCredentialStore } from './appStore';
import { KnownSecrets } from './knownSecrets';
import { CredentialResolver, defaultCredentialEnvironment } from './resolve';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('CredentialResolver', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-resolve-'));
    env = {
      PATH: `${join(dir, 'bin')}:/usr/bin:/bin`,
      HOME: join(dir, 'home'),
      DOCKER_CONFIG: join(dir, 'docker'),
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    };
    for (const d of ['bin', 'home', 'docker', 'run/containers', 'config/containers']) await mkdir(join(dir, d), { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const resolver = (app = new AppCredentialStore(), secrets = new KnownSecrets()) =>
    new CredentialResolver(app, defaultCredentialEnvironment({ env, home: env.HOME!, uid: null, helperTimeoutMs: 2_000 }), secrets);
  const dockerConfig = (config: object) => writeFile(join(env.DOCKER_CONFIG!, 'config.json'), JSON.stringify(config));
  const helper = async (name: string, body: string) => {
    const path = join(dir, 'bin', `docker-credential-${name}`);
    await writeFile(path, `#!/bin/sh\nread -r server\nprintf '%s' "$server" > '${join(dir, `${name}.stdin`)}'\n${body}\n`);
    await chmod(path, 0o755);
  };

  it('Docker Hub: the helper for https://index.docker.io/v1/ is asked with that URL on stdin', async () => {
    await helper('hub', `printf '{"ServerURL":"%s","Username":"hubuser","Secret":"hubpw1"}' "$server"`);
    await dockerConfig({ credHelpers: { 'https://index.docker.io/v1/': 'hub' } });
    const outcome = await resolver().resolve('registry-1.docker.io', 'library/alpine');
    expect(outcome.found?.credential).toEqual({ kind: 'password', username: 'hubuser', password: 'hubpw1' });
    expect(await readFile(join(dir, 'hub.stdin'), 'utf8')).toBe('https://index.docker.io/v1/');
  });

  it('Docker Hub in podman auth.json under docker.io, with a repository key', async () => {
    await writeFile(
      join(env.XDG_RUNTIME_DIR!, 'containers', 'auth.json'),
      JSON.stringify({ auths: { 'docker.io': { auth: b64('org:pw1') }, 'docker.io/library': { auth: b64('lib:pw2') } } }),
    );
    const outcome = await resolver().resolve('registry-1.docker.io', 'library/alpine');
    expect(outcome.found?.use).toMatchObject({ source: 'podman-auth', username: 'lib' });
    expect(outcome.found?.use.label).toContain('auths["docker.io/library"]');
  });

  it('podman auth.json credHelpers: the helper is asked with the registry name', async () => {
    await helper('podhelper', `printf '{"ServerURL":"%s","Username":"pod","Secret":"podpw1"}' "$server"`);
    await writeFile(join(env.XDG_RUNTIME_DIR!, 'containers', 'auth.json'), JSON.stringify({ credHelpers: { 'docker.io': 'podhelper' } }));
    const outcome = await resolver().resolve('index.docker.io', 'library/alpine');
    expect(outcome.found?.use).toMatchObject({ source: 'cred-helper', username: 'pod' });
    expect(await readFile(join(dir, 'podhelper.stdin'), 'utf8')).toBe('docker.io');
  });

  it('walks the sources in order and lists each one', async () => {
    await writeFile(
      join(env.XDG_CONFIG_HOME!, 'containers', 'auth.json'),
      JSON.stringify({ auths: { 'reg:5000': { auth: b64('p:pw') } } }),
    );
    const outcome = await resolver().resolve('reg:5000', 'a/b');
    expect(outcome.lookups.map((l) => [l.outcome, l.label.replace(dir, '~')])).toEqual([
      ['none', 'Manifest Lens'],
      ['none', '~/docker/config.json'],
      ['none', '~/run/containers/auth.json'],
      ['found', '~/config/containers/auth.json auths["reg:5000"]'],
    ]);
  });

  it('app credentials come before every file', async () => {
    await dockerConfig({ auths: { 'reg:5000': { auth: b64('file:pw') } } });
    const app = new AppCredentialStore();
    await app.set('reg:5000', { kind: 'password', username: 'typed', password: 'typedpw' }, false);
    expect((await resolver(app).resolve('reg:5000', null)).found?.use).toMatchObject({ source: 'session', username: 'typed' });
  });

  it('a broken config.json is reported and skipped, as docker warns and carries on', async () => {
    await writeFile(join(env.DOCKER_CONFIG!, 'config.json'), '{ not json');
    await writeFile(
      join(env.XDG_CONFIG_HOME!, 'containers', 'auth.json'),
      JSON.stringify({ auths: { 'reg:5000': { auth: b64('p:pw') } } }),
    );
    const outcome = await resolver().resolve('reg:5000', null);
    expect(outcome.lookups[1]).toMatchObject({ outcome: 'error', note: 'is not valid JSON; ignored' });
    expect(outcome.found?.use.source).toBe('podman-auth');
  });

  it('a helper failure stops the walk, keeps the lookups so far, and its words are scrubbed of known secrets', async () => {
    const secrets = new KnownSecrets();
    secrets.add('known-secret-value');
    await helper('broken', `echo "cannot unlock: known-secret-value" >&2; exit 1`);
    await dockerConfig({ credsStore: 'broken' });
    const outcome = await resolver(new AppCredentialStore(), secrets).resolve('reg:5000', null);
    expect(outcome.found).toBeNull();
    expect(outcome.failure?.authCause).toBe('helper-failed');
    expect(outcome.failure?.message).toBe('The credential helper docker-credential-broken failed (exit code 1).');
    expect(outcome.lookups.at(-1)).toMatchObject({ outcome: 'error', note: 'cannot unlock: <redacted>' });
  });

  it('refuses a helper name that could reach outside PATH', async () => {
    await dockerConfig({ credsStore: '../../bin/sh' });
    const outcome = await resolver().resolve('reg:5000', null);
    expect(outcome.failure?.message).toMatch(/has a name that is not a program name/);
  });

  it('a helper answering garbage fails without quoting it', async () => {
    await helper('garbage', `echo 'Secret: not-json-secret'`);
    await dockerConfig({ credsStore: 'garbage' });
    const outcome = await resolver().resolve('reg:5000', null);
    expect(outcome.failure?.message).toBe(
      'The credential helper docker-credential-garbage answered with something that is not its JSON format.',
    );
    expect(JSON.stringify(outcome)).not.toContain('not-json-secret');
  });

  it('remembers every secret it hands out, for scrubbing', async () => {
    const secrets = new KnownSecrets();
    await dockerConfig({ auths: { 'reg:5000': { auth: b64('u:found-password') } } });
    await resolver(new AppCredentialStore(), secrets).resolve('reg:5000', null);
    expect(secrets.scrub('x found-password y')).toBe('x <redacted> y');
  });
});
