/**
 * Sources whose files are FIFOs, devices or folders: each is refused at once as INPUT_INVALID naming the
 * file and what it is, before a byte is read (a FIFO would block its reader until a writer appeared,
 * /dev/zero would never end). The FIFOs are real ones made by mkfifo(1); no writer ever opens them, so a
 * reader that tried to open or read one would hang past the test's timeout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { CONFIG_SIZE_LIMIT } from '../../electron/core/sources/source';
import { openSource } from '../../electron/core/sources/openSource';
import { fromDockerConfig } from '../../electron/core/registry/credentials/dockerConfig';
import { fromPodmanAuth } from '../../electron/core/registry/credentials/podmanAuth';
import { Transport } from '../../electron/core/registry/transport';
import { MediaType } from '../../shared/mediaTypes';
import { SESSION_HEADER } from '../../shared/session';
import { startServer } from '../../electron/web/serve';
import { blobOf } from '../support/blobs';
import { imageConfig, ociManifest } from '../support/images';
import { rejection } from '../support/lensError';
import { rawHttp as http } from '../support/rawHttp';

const work = mkdtempSync(join(tmpdir(), 'lens-special-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Well under the default test timeout: a refusal is immediate, a hang is not. */
const PROMPTLY_MS = 2_000;

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

const noRegistry = { clientFor: () => expect.fail('no registry is involved') as never };

const layer = blobOf('layer bytes', MediaType.ociLayerGzip);
const config = imageConfig(
  { architecture: 'amd64', os: 'linux', history: [{ created_by: 'ADD layer' }], diffIDs: [layer.digest] },
  MediaType.ociConfig,
);
const manifest = ociManifest(config, [layer]);
const blobFile = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));

/** An OCI layout of one image; `special` names the file to replace by a FIFO. */
function layout(name: string, special: 'index.json' | 'oci-layout' | 'manifest' | 'config' | 'layer' | null): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const files: Record<string, Uint8Array | string> = {
    'oci-layout': JSON.stringify({ imageLayoutVersion: '1.0.0' }),
    'index.json': JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: MediaType.ociManifest, digest: manifest.digest, size: manifest.bytes.length }],
    }),
    manifest: manifest.bytes,
    config: config.bytes,
    layer: layer.bytes,
  };
  const paths: Record<string, string> = {
    'oci-layout': join(dir, 'oci-layout'),
    'index.json': join(dir, 'index.json'),
    manifest: blobFile(dir, manifest.digest),
    config: blobFile(dir, config.digest),
    layer: blobFile(dir, layer.digest),
  };
  for (const [key, bytes] of Object.entries(files)) {
    if (key === special) fifo(paths[key]!);
    else writeFileSync(paths[key]!, bytes);
  }
  return dir;
}

async function refusedPromptly(work: Promise<unknown>) {
  const started = Date.now();
  const error = await rejection(work);
  expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
  expect(error.code).toBe('INPUT_INVALID');
  return error;
}

describe('special files in sources are refused at once', () => {
  it.each(['oci-layout', 'index.json', 'manifest'] as const)(
    'an OCI layout whose %s is a FIFO',
    async (special) => {
      const dir = layout(`fifo-${special}`, special);
      const error = await refusedPromptly(openSource(`oci:${dir}`, noRegistry).then((s) => s.manifest()));
      expect(error.message).toMatch(/ is a FIFO \(named pipe\), not a regular file\.$/);
      expect(error.message).toContain(dir);
    },
    PROMPTLY_MS * 2,
  );

  it(
    'an OCI layout whose config or layer blob is a FIFO, read whole or as a stream',
    async () => {
      const configFifo = await openSource(`oci:${layout('fifo-config', 'config')}`, noRegistry);
      expect((await refusedPromptly(configFifo.blob(config.digest, CONFIG_SIZE_LIMIT))).message).toContain(`blob ${config.digest}`);
      const layerFifo = await openSource(`oci:${layout('fifo-layer', 'layer')}`, noRegistry);
      expect((await refusedPromptly(layerFifo.blobStream(layer.digest))).message).toContain('is a FIFO');
      // The same layout with a regular layer still streams it.
      const plain = await openSource(`oci:${layout('plain', null)}`, noRegistry);
      const chunks: Uint8Array[] = [];
      for await (const chunk of (await plain.blobStream(layer.digest)).stream) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(Buffer.from(layer.bytes))).toBe(true);
    },
    PROMPTLY_MS * 4,
  );

  it(
    'a docker archive that is a FIFO',
    async () => {
      const archive = fifo(join(work, 'archive.tar'));
      const error = await refusedPromptly(openSource(`docker-archive:${archive}`, noRegistry));
      expect(error.message).toBe(`The docker archive ${archive} is a FIFO (named pipe), not a regular file.`);
    },
    PROMPTLY_MS * 2,
  );

  it(
    'a manifest file that is a FIFO, whether named as a path or as a bare word',
    async () => {
      const path = fifo(join(work, 'manifest.json'));
      expect((await refusedPromptly(openSource(path, noRegistry))).message).toBe(
        `The manifest file ${path} is a FIFO (named pipe), not a regular file.`,
      );
      const bare = fifo(join(work, 'bare-fifo'));
      expect((await refusedPromptly(openSource(bare, noRegistry))).message).toContain('is a FIFO');
    },
    PROMPTLY_MS * 2,
  );

  it(
    '/dev/zero as the manifest file and as its config is refused without reading it',
    async () => {
      expect((await refusedPromptly(openSource('/dev/zero', noRegistry))).message).toBe(
        'The manifest file /dev/zero is a character device, not a regular file.',
      );
      const manifestFile = join(work, 'schema2.json');
      writeFileSync(manifestFile, manifest.bytes);
      expect((await refusedPromptly(openSource(manifestFile, { ...noRegistry, configFile: '/dev/zero' }))).message).toBe(
        'The config file /dev/zero is a character device, not a regular file.',
      );
    },
    PROMPTLY_MS * 2,
  );

  it('a folder named as a manifest file says it is a directory', async () => {
    const error = await refusedPromptly(openSource(`${work}/`, noRegistry));
    expect(error.message).toBe(`The manifest file ${work}/ is a directory, not a regular file.`);
  });
});

describe('files the registry client reads are regular files too', () => {
  it(
    'a CA file that is a FIFO or a device is INPUT_INVALID at once',
    async () => {
      const caFifo = fifo(join(work, 'ca.pem'));
      await refusedPromptly(Promise.resolve().then(() => new Transport({ caFile: caFifo })));
      const device = await refusedPromptly(Promise.resolve().then(() => new Transport({ caFile: '/dev/zero' })));
      expect(device.message).toBe('The CA file /dev/zero is a character device, not a regular file.');
    },
    PROMPTLY_MS * 3,
  );

  it(
    "docker's config.json and podman's auth.json as FIFOs are ignored with the reason, like a broken file",
    async () => {
      const dir = join(work, 'docker-config');
      mkdirSync(dir);
      fifo(join(dir, 'config.json'));
      const authFile = fifo(join(work, 'auth.json'));
      const environment = { env: { DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: authFile }, home: work, uid: null, helperTimeoutMs: 1_000 };
      const started = Date.now();
      const docker = await fromDockerConfig('registry.example', environment);
      const podman = await fromPodmanAuth('registry.example', 'team/app', environment);
      expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
      expect(docker.found).toBeNull();
      expect(docker.lookups).toEqual([
        {
          label: join(dir, 'config.json'),
          outcome: 'error',
          note: `The credentials file ${join(dir, 'config.json')} is a FIFO (named pipe), not a regular file; ignored`,
        },
      ]);
      expect(podman.found).toBeNull();
      expect(podman.lookups).toContainEqual({
        label: authFile,
        outcome: 'error',
        note: `The credentials file ${authFile} is a FIFO (named pipe), not a regular file; ignored`,
      });
    },
    PROMPTLY_MS * 2,
  );
});

describe('the CLI refuses special files with exit 2 and one line', () => {
  const cli = async (...argv: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const started = Date.now();
    const code = await runCli(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), stdoutBytes: () => undefined });
    return { code, stdout, stderr, ms: Date.now() - started };
  };

  it(
    'convert and export of FIFOs, a FIFO signing key, /dev/zero as config',
    async () => {
      const manifestFile = join(work, 'cli-schema2.json');
      writeFileSync(manifestFile, manifest.bytes);
      const runs = [
        { args: ['convert', fifo(join(work, 'cli-manifest.json')), '--to', 'oci'], says: 'is a FIFO (named pipe)' },
        { args: ['convert', `oci:${layout('cli-index', 'index.json')}`, '--to', 'v2s2'], says: 'index.json of the OCI layout' },
        { args: ['export', `docker-archive:${fifo(join(work, 'cli-archive.tar'))}`, '--dir', join(work, 'out')], says: 'docker archive' },
        { args: ['convert', manifestFile, '--to', 'v2s1', '--signing-key', fifo(join(work, 'key.pem'))], says: 'The signing key file' },
        { args: ['export', manifestFile, '--config', '/dev/zero', '--dir', join(work, 'out')], says: 'is a character device' },
        { args: ['inspect', '127.0.0.1:9/a:b', '--ca-file', fifo(join(work, 'cli-ca.pem'))], says: 'The CA file' },
      ];
      for (const { args, says } of runs) {
        const { code, stderr, ms } = await cli(...args);
        expect(code, args.join(' ')).toBe(2);
        expect(stderr).toHaveLength(1);
        expect(stderr[0]).toContain(says);
        expect(ms).toBeLessThan(PROMPTLY_MS);
      }
    },
    PROMPTLY_MS * 5,
  );
});

describe('special files through the browser mode', () => {
  it(
    'more FIFOs at once than Node has file threads are each refused at once, and the server answers on',
    async () => {
      const staticDir = mkdtempSync(join(work, 'static-'));
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Manifest Lens</title>');
      const server = await startServer({ port: 0, core: { mode: 'browser' }, staticDir });
      try {
        const headers = { [SESSION_HEADER]: new URL(server.url).searchParams.get('token')!, 'content-type': 'application/json' };
        const openSourceCall = (source: string) =>
          http(server.port, '/api/openSource', { method: 'POST', headers, body: JSON.stringify({ source }) }).then(
            (a) => JSON.parse(a.body) as { ok: boolean; error?: { code: string; message: string } },
          );
        // libuv's pool has 4 threads: an open(2) of a FIFO that blocked would hold one each.
        const fifos = Array.from({ length: 6 }, (_, i) => fifo(join(work, `served-${i}.json`)));
        const started = Date.now();
        const answers = await Promise.all(fifos.map(openSourceCall));
        expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
        expect(answers.map((a) => [a.ok, a.error?.code])).toEqual(fifos.map(() => [false, 'INPUT_INVALID']));
        expect(answers[0]?.error?.message).toBe(`The manifest file ${fifos[0]} is a FIFO (named pipe), not a regular file.`);
        const manifestFile = join(work, 'served-schema2.json');
        writeFileSync(manifestFile, manifest.bytes);
        expect(await openSourceCall(manifestFile)).toMatchObject({ ok: true });
      } finally {
        await server.close();
      }
    },
    PROMPTLY_MS * 3,
  );
});
