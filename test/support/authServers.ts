/**
 * What the auth integration tests share: a temp home for credential files (never the real one), a
 * credential helper written as a shell script, an htpasswd file made by htpasswd itself, a server that
 * blob redirects point at, and the leak checker that counts every place a planted secret must not be.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findComponent, missingMessage } from './components';

/** A recognisable, unique secret: if it shows up anywhere, the leak check will find it. */
export function plantSecret(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A scratch home: HOME, DOCKER_CONFIG, XDG dirs and a bin/ on PATH for credential helpers, all inside it. */
export interface TempHome {
  dir: string;
  env: Record<string, string | undefined>;
  /** Writes $DOCKER_CONFIG/config.json. */
  dockerConfig(config: object): Promise<string>;
  /** Writes an auth.json at one of podman's places. */
  podmanAuth(where: 'REGISTRY_AUTH_FILE' | 'XDG_RUNTIME_DIR' | 'XDG_CONFIG_HOME', config: object): Promise<string>;
  /** Writes bin/docker-credential-<name>; its log of server URLs read on stdin is returned by helperLog. */
  credentialHelper(name: string, behaviour: HelperBehaviour): Promise<void>;
  helperLog(name: string): Promise<string[]>;
  remove(): Promise<void>;
}

export type HelperBehaviour =
  { kind: 'answer'; serverUrl: string; username: string; secret: string } | { kind: 'fail'; message: string } | { kind: 'hang' };

export async function tempHome(): Promise<TempHome> {
  const dir = await mkdtemp(join(tmpdir(), 'lens-auth-home-'));
  const bin = join(dir, 'bin');
  for (const sub of ['bin', 'home', 'docker', 'run', 'config', 'podman']) await mkdir(join(dir, sub), { recursive: true });
  const env: Record<string, string | undefined> = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: join(dir, 'home'),
    DOCKER_CONFIG: join(dir, 'docker'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
  const write = async (path: string, config: object) => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, JSON.stringify(config, null, 2));
    return path;
  };
  return {
    dir,
    env,
    dockerConfig: (config) => write(join(dir, 'docker', 'config.json'), config),
    async podmanAuth(where, config) {
      if (where === 'REGISTRY_AUTH_FILE') {
        env.REGISTRY_AUTH_FILE = join(dir, 'podman', 'auth.json');
        return write(env.REGISTRY_AUTH_FILE, config);
      }
      return write(join(env[where]!, 'containers', 'auth.json'), config);
    },
    async credentialHelper(name, behaviour) {
      const log = join(dir, `helper-${name}.log`);
      const body = {
        answer: (b: Extract<HelperBehaviour, { kind: 'answer' }>) =>
          `if [ "$server" = '${b.serverUrl}' ]; then\n` +
          `  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' '${b.serverUrl}' '${b.username}' '${b.secret}'\n` +
          `else\n  echo 'credentials not found in native keychain'; exit 1\nfi`,
        fail: (b: Extract<HelperBehaviour, { kind: 'fail' }>) => `echo '${b.message}' >&2\nexit 3`,
        hang: () => 'sleep 30',
      }[behaviour.kind] as (b: HelperBehaviour) => string;
      const script = `#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r server\nprintf '%s\\n' "$server" >> '${log}'\n${body(behaviour)}\n`;
      const path = join(bin, `docker-credential-${name}`);
      await writeFile(path, script);
      await chmod(path, 0o755);
    },
    async helperLog(name) {
      const text = await readFile(join(dir, `helper-${name}.log`), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An htpasswd file with bcrypt hashes, made by htpasswd itself (the password goes in on stdin). */
export async function writeHtpasswd(path: string, users: Record<string, string>): Promise<void> {
  const htpasswd = findComponent('htpasswd');
  if (!htpasswd) throw new Error(missingMessage('htpasswd'));
  let first = true;
  for (const [user, password] of Object.entries(users)) {
    const args = ['-B', '-i', ...(first ? ['-c'] : []), path, user];
    first = false;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(htpasswd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`htpasswd exited ${code}: ${stderr}`))));
      child.stdin.end(`${password}\n`);
    });
  }
}

/** A plain HTTP server standing in for a storage backend: it records the headers of every request. */
export interface RedirectTarget {
  url: string;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

export async function startRedirectTarget(): Promise<RedirectTarget> {
  const requests: RedirectTarget['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('bytes from the storage backend');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('redirect target has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Asserts that none of the planted secrets appears in a text, and counts each check, so that a test
 * file can report (and assert) how many places it looked. Tests list encoded forms too (the base64 of
 * "user:password" a Basic header would carry), since a plain search would not see the secret in them.
 */
export class LeakCheck {
  surfaces = 0;
  checks = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly secrets: () => readonly string[]) {}

  clean(surface: string, value: unknown): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const secrets = this.secrets();
    expect(secrets.length, 'leak check has secrets to look for').toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(text.includes(secret), `${surface} must not contain the secret ${secret.slice(0, 8)}…`).toBe(false);
      this.checks++;
    }
    this.surfaces++;
    this.seen.add(surface.replace(/ #\d+$/, ''));
  }

  summary(): string {
    return `${this.checks} leak checks over ${this.surfaces} surfaces (${[...this.seen].sort().join(', ')})`;
  }
}
