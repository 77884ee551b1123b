/**
 * The fingerprint behind token authentication (docker-registry 2.8 with a token server, as Docker Hub
 * works): with credentials distribution-2 is named from HEADs only, the token server's GETs not counted
 * as registry requests; without them every answer is a 401, so no profile is named and the verdict says
 * that credentials would decide.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome, type TempHome } from '../support/authServers';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startTokenServer, type RunningTokenServer } from '../support/tokenServer';
import { runCli } from '../../electron/cli/cli';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping fingerprint auth tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/fingerprint-auth';
const PASSWORD = 'fingerprint-secret-9f3c';

describe.skipIf(!registryBinary)('fingerprint behind token auth', () => {
  let dir: string;
  let tokens: RunningTokenServer;
  let registry: RunningRegistry;
  let home: TempHome;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-fingerprint-auth-'));
    tokens = await startTokenServer({ dir, users: { alice: { password: PASSWORD, grants: { [REPO]: ['pull'] } } } });
    registry = await startRegistry({ auth: tokens.registryAuth() });
    const fixture = {
      authorization: `Bearer ${await tokens.mint('fixture', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}`,
    };
    const image = sampleImage('auth', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, fixture);
    await pushManifest(registry.url, REPO, 'v1', image.manifest.bytes, image.manifest.mediaType, fixture);
    home = await tempHome();
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
    await home?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const fingerprint = async (args: string[], stdin?: string) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const before = registry.logs().length;
    const code = await runCli(
      ['fingerprint', `${registry.host}/${REPO}:v1`, '--ca-file', tokens.certFile, ...args],
      { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
      { env: home.env, readStdin: stdin === undefined ? undefined : async () => stdin },
    );
    const logged = [
      ...registry
        .logs()
        .slice(before)
        .matchAll(/"([A-Z]+) \/v2\/\S* HTTP\/1\.1" (\d{3}) /g),
    ].map((m) => `${m[1]} ${m[2]}`);
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n'), logged };
  };

  it('with credentials: distribution-2, from HEADs only; the token fetches are not counted', async () => {
    const run = await fingerprint(['--json', '--username', 'alice', '--password-stdin'], `${PASSWORD}\n`);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { best: string | null; requests: { GET: number; HEAD: number } };
    expect(json.best).toBe('distribution-2');
    expect(run.logged.every((line) => line.startsWith('HEAD '))).toBe(true);
    expect(run.logged.length).toBeLessThanOrEqual(16);
    expect(json.requests).toEqual({ GET: 0, HEAD: run.logged.length });
    expect(run.stdout).not.toContain(PASSWORD);
  });

  it('without credentials: every answer is a 401, no profile is named, and the verdict says credentials would decide', async () => {
    const run = await fingerprint([]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Too few answers to decide: 0 manifest answers .*answered 401 to the manifest: give credentials/);
    expect(run.logged.every((line) => line.startsWith('HEAD '))).toBe(true);
    expect(run.logged.length).toBeLessThanOrEqual(16);
  });
});
