/**
 * The test fixtures are an oracle for the rest of the suite, so they are tested against judges of their
 * own: GNU tar reads the layers, docker-registry (CNCF distribution 2.8) stores and serves the images,
 * skopeo copies them with its own digest checks, and the operating system says which processes live.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { MediaType } from '../../shared/mediaTypes';
import { blobOf, gzipLayer } from '../support/blobs';
import { findComponent, missingMessage } from '../support/components';
import { imageConfig, ociManifest, pushSampleImages, sampleImage, schema2Manifest, type SampleImages } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import type { TarEntry } from '../support/tar';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPO = 'lens/sample';

const registryBinary = findComponent('docker-registry');
const skopeoBinary = findComponent('skopeo');
const htpasswdBinary = findComponent('htpasswd');
for (const [name, found] of [
  ['docker-registry', registryBinary],
  ['skopeo', skopeoBinary],
  ['htpasswd', htpasswdBinary],
] as const) {
  if (!found) console.warn(`skipping fixture tests that need ${name}: ${missingMessage(name)}`);
}

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const ErrorBody = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string() })).min(1) });
const ImageManifest = z.object({
  config: z.object({ digest: z.string(), size: z.number() }),
  layers: z.array(z.object({ digest: z.string(), size: z.number() })),
});
const ConfigDiffIds = z.object({ rootfs: z.object({ diff_ids: z.array(z.string()) }) });
const Schema1 = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  tag: z.string(),
  fsLayers: z.array(z.object({ blobSum: z.string() })),
  history: z.array(z.object({ v1Compatibility: z.string() })),
});

/** A process is gone when /proc no longer lists it, or lists a zombie nobody has reaped yet. */
function isRunning(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(status.slice(status.lastIndexOf(')') + 2, status.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

async function getManifest(registry: RunningRegistry, reference: string, accept?: string) {
  const res = await fetch(`${registry.url}/v2/${REPO}/manifests/${reference}`, { headers: accept === undefined ? {} : { Accept: accept } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function getBlob(registry: RunningRegistry, digest: string): Promise<Buffer> {
  const res = await fetch(`${registry.url}/v2/${REPO}/blobs/${digest}`);
  expect(res.status, digest).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('layers and configs built in-process', () => {
  const entries: TarEntry[] = [
    { kind: 'dir', path: 'srv' },
    { kind: 'file', path: 'srv/empty', content: '' },
    { kind: 'file', path: 'srv/run.sh', content: '#!/bin/sh\necho café\n', mode: 0o755 },
    // Exactly one block, and one byte more: the padding edges.
    { kind: 'file', path: 'srv/block', content: 'x'.repeat(512) },
    { kind: 'file', path: 'srv/block-and-one', content: new Uint8Array(513).fill(7) },
  ];
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'lens-fixtures-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('gives the same layer bytes every time, with the diffID of the tar inside', () => {
    const first = gzipLayer(entries);
    const second = gzipLayer(entries.map((e) => ({ ...e })));
    expect(second.digest).toBe(first.digest);
    expect(first.digest).toBe(sha256(first.bytes));
    expect(first.size).toBe(first.bytes.length);
    expect(first.diffID).toBe(sha256(gunzipSync(first.bytes)));
    expect(first.mediaType).toBe(MediaType.dockerLayerGzip);
    expect(gzipLayer(entries, MediaType.ociLayerGzip).mediaType).toBe(MediaType.ociLayerGzip);
  });

  it('writes a tar GNU tar lists and extracts as written: names, types, modes, owner, time, content', async () => {
    const layer = gzipLayer(entries);
    const file = join(work, 'layer.tar.gz');
    await writeFile(file, layer.bytes);
    const { stdout } = await run('tar', ['--numeric-owner', '-tvzf', file], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
    const listing = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(listing.map(([mode, owner, size, day, time, name]) => [mode, owner, size, day, time, name])).toEqual([
      ['drwxr-xr-x', '0/0', '0', '2023-11-14', '22:13', 'srv/'],
      ['-rw-r--r--', '0/0', '0', '2023-11-14', '22:13', 'srv/empty'],
      ['-rwxr-xr-x', '0/0', String(Buffer.byteLength('#!/bin/sh\necho café\n')), '2023-11-14', '22:13', 'srv/run.sh'],
      ['-rw-r--r--', '0/0', '512', '2023-11-14', '22:13', 'srv/block'],
      ['-rw-r--r--', '0/0', '513', '2023-11-14', '22:13', 'srv/block-and-one'],
    ]);

    const out = join(work, 'out');
    await run('mkdir', [out]);
    await run('tar', ['-xzf', file, '-C', out]);
    expect(await readFile(join(out, 'srv/run.sh'), 'utf8')).toBe('#!/bin/sh\necho café\n');
    expect(await readFile(join(out, 'srv/block-and-one'))).toEqual(Buffer.alloc(513, 7));
    expect((await stat(join(out, 'srv/run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('takes raw config text byte for byte, awkward but valid content included', () => {
    const text =
      '{"architecture":"amd64","os":"linux","created":"2024-05-01T12:00:00.000+05:30","weight":1.50,' +
      '"author":"Ren\\u00e9","history":[{"created_by":"/bin/sh -c a && b < c > d"},{"empty_layer":true}],' +
      '"rootfs":{"type":"layers","diff_ids":[]}}';
    const config = imageConfig(text);
    expect(config.bytes.toString('utf8')).toBe(text);
    expect(config.digest).toBe(sha256(Buffer.from(text, 'utf8')));
    expect(config.mediaType).toBe(MediaType.dockerConfig);
  });

  it('writes a config from a spec compactly, keys sorted as docker stores them', () => {
    const layer = gzipLayer(entries);
    const config = imageConfig(
      {
        architecture: 'arm64',
        os: 'linux',
        variant: 'v8',
        history: [{ created_by: 'x', empty_layer: true }],
        diffIDs: [layer.diffID],
        extra: { docker_version: '27.0.0' },
      },
      MediaType.ociConfig,
    );
    const text = config.bytes.toString('utf8');
    expect(text).not.toMatch(/\s/);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['architecture', 'docker_version', 'history', 'os', 'rootfs', 'variant']);
    expect(parsed.rootfs).toEqual({ type: 'layers', diff_ids: [layer.diffID] });
    expect(config.mediaType).toBe(MediaType.ociConfig);
  });

  it('writes manifests with 3-space indentation and only the OCI options given', () => {
    const config = blobOf('{}', MediaType.ociConfig);
    const layer = gzipLayer(entries, MediaType.ociLayerGzip);
    const plain = ociManifest(config, [layer]);
    expect(plain.bytes.toString('utf8')).toContain(
      '\n   "schemaVersion": 2,\n   "mediaType": "application/vnd.oci.image.manifest.v1+json",',
    );
    expect(Object.keys(JSON.parse(plain.bytes.toString('utf8')) as object)).toEqual(['schemaVersion', 'mediaType', 'config', 'layers']);

    const full = JSON.parse(
      ociManifest(config, [layer], { artifactType: 'application/vnd.lens.test', subject: plain, annotations: { a: 'b' } }).bytes.toString(
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(full).toMatchObject({
      artifactType: 'application/vnd.lens.test',
      subject: { mediaType: MediaType.ociManifest, digest: plain.digest, size: plain.size },
      annotations: { a: 'b' },
    });
  });
});

describe.skipIf(!registryBinary)('fixtures against docker-registry', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, REPO);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('listens on a loopback port and keeps its config and storage in its own temp dir', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`http://${registry.host}`);
    expect(registry.dir.startsWith(tmpdir())).toBe(true);
    const config = JSON.parse(await readFile(join(registry.dir, 'config.yml'), 'utf8')) as { storage: { delete: unknown } };
    expect(config.storage.delete).toEqual({ enabled: true });
    expect(existsSync(join(registry.dir, 'storage', 'docker', 'registry', 'v2', 'repositories', 'lens', 'sample'))).toBe(true);
  });

  it.each([
    ['schema2', MediaType.dockerSchema2],
    ['oci', MediaType.ociManifest],
    ['list', MediaType.dockerList],
    ['index', MediaType.ociIndex],
  ] as const)('serves tag %s as %s, with the bytes and digest the fixture computed', async (tag, mediaType) => {
    const sample = samples[tag];
    expect(sample).toMatchObject({ tag, mediaType });
    const { res, body } = await getManifest(registry, tag, mediaType);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(mediaType);
    expect(res.headers.get('docker-content-digest')).toBe(sample.digest);
    expect(sample.digest).toBe(sha256(sample.bytes));
    expect(body.equals(sample.bytes)).toBe(true);
  });

  it.each(['list', 'index'] as const)('%s names linux/amd64 and linux/arm64/v8 children the registry serves by digest', async (tag) => {
    const list = samples[tag];
    expect(list.children.map((c) => c.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    const named = (JSON.parse(list.bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests.map((m) => m.digest);
    expect(named).toEqual(list.children.map((c) => c.digest));
    for (const child of list.children) {
      expect(child.mediaType).toBe(tag === 'list' ? MediaType.dockerSchema2 : MediaType.ociManifest);
      const { res, body } = await getManifest(registry, child.digest, child.mediaType);
      expect(res.status).toBe(200);
      expect(res.headers.get('docker-content-digest')).toBe(child.digest);
      expect(sha256(body)).toBe(child.digest);
    }
    expect(new Set(list.children.map((c) => c.digest)).size).toBe(2);
  });

  it.each(['schema2', 'oci'] as const)('stores every blob %s names, each layer unpacking to its diffID in the config', async (tag) => {
    const manifest = ImageManifest.parse(JSON.parse(samples[tag].bytes.toString('utf8')));
    const config = await getBlob(registry, manifest.config.digest);
    expect(config.length).toBe(manifest.config.size);
    const { rootfs } = ConfigDiffIds.parse(JSON.parse(config.toString('utf8')));
    expect(rootfs.diff_ids).toHaveLength(2);
    for (const [i, layer] of manifest.layers.entries()) {
      const bytes = await getBlob(registry, layer.digest);
      expect(sha256(bytes)).toBe(layer.digest);
      expect(bytes.length).toBe(layer.size);
      expect(sha256(gunzipSync(bytes))).toBe(rootfs.diff_ids[i]);
    }
  });

  it('GET /schema2 by tag without Accept gives the signed schema 1 distribution 2.8 downgrades to', async () => {
    const { res, body } = await getManifest(registry, 'schema2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MediaType.dockerSchema1Signed);
    expect(res.headers.get('docker-content-digest')).not.toBe(samples.schema2.digest);
    const schema1 = Schema1.parse(JSON.parse(body.toString('utf8')));
    expect(schema1).toMatchObject({ name: REPO, tag: 'schema2' });
    // One entry per config history entry: two layers and the empty CMD on top.
    expect(schema1.history).toHaveLength(3);
    expect(schema1.fsLayers[0]?.blobSum).toBe('sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4');
  });

  it('GET /oci by tag without Accept gives 404 MANIFEST_UNKNOWN', async () => {
    const { res, body } = await getManifest(registry, 'oci');
    expect(res.status).toBe(404);
    const { errors } = ErrorBody.parse(JSON.parse(body.toString('utf8')));
    expect(errors[0]?.code).toBe('MANIFEST_UNKNOWN');
  });

  it('pushing the samples again gives the same digests and uploads no blob twice', async () => {
    // Access log lines follow the responses; a marker request shows when they have all been written.
    const settledLogs = async (marker: string) => {
      await fetch(`${registry.url}/v2/${marker}/tags/list`);
      await vi.waitFor(() => expect(registry.logs()).toContain(`/v2/${marker}/tags/list`));
      return registry.logs();
    };
    const uploads = (logs: string) => logs.match(/"POST \/v2\/lens\/sample\/blobs\/uploads\/ HTTP/g)?.length ?? 0;
    const before = uploads(await settledLogs('lens/marker-before'));
    expect(before).toBeGreaterThan(0);
    const again = await pushSampleImages(registry.url, REPO);
    expect(uploads(await settledLogs('lens/marker-after'))).toBe(before);
    expect(again).toEqual(samples);
  });

  it('stores an OCI manifest with subject, annotations and artifactType byte for byte', async () => {
    const image = sampleImage('with-options', { architecture: 'amd64', os: 'linux' }, 'oci');
    const config = image.blobs[0]!;
    const manifest = ociManifest(config, image.blobs.slice(1), {
      subject: blobOf(samples.oci.bytes, MediaType.ociManifest),
      annotations: { 'org.opencontainers.image.description': 'fixture test' },
    });
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob);
    expect(await pushManifest(registry.url, REPO, 'with-options', manifest.bytes, manifest.mediaType)).toBe(manifest.digest);
    const { res, body } = await getManifest(registry, 'with-options', MediaType.ociManifest);
    expect(res.headers.get('docker-content-digest')).toBe(manifest.digest);
    expect(body.equals(manifest.bytes)).toBe(true);
  });

  it('has delete enabled: a manifest deleted by digest is gone', async () => {
    const image = sampleImage('to-delete', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob);
    const digest = await pushManifest(registry.url, REPO, 'to-delete', image.manifest.bytes, image.manifest.mediaType);
    const del = await fetch(`${registry.url}/v2/${REPO}/manifests/${digest}`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    expect((await getManifest(registry, digest, MediaType.dockerSchema2)).res.status).toBe(404);
  });

  it('refuses a schema 1 push, as distribution does unless compatibility.schema1 is enabled', async () => {
    const { body } = await getManifest(registry, 'schema2');
    const res = await fetch(`${registry.url}/v2/${REPO}/manifests/schema1-back`, {
      method: 'PUT',
      body,
      headers: { 'Content-Type': MediaType.dockerSchema1Signed },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('pushBlob and pushManifest report the registry refusing, with its status and answer', async () => {
    const orphan = schema2Manifest(blobOf('{"never":"pushed"}', MediaType.dockerConfig), []);
    await expect(pushManifest(registry.url, REPO, 'orphan', orphan.bytes, orphan.mediaType)).rejects.toThrow(
      /expected 201, got 400 .*MANIFEST_BLOB_UNKNOWN/,
    );
    await expect(pushBlob(registry.url, 'Not/A/Valid/Name', blobOf('x', 'application/octet-stream'))).rejects.toThrow(
      /POST .*expected 202, got 404/,
    );
  });

  describe.skipIf(!skopeoBinary)('skopeo', () => {
    let work: string;
    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'lens-fixtures-skopeo-'));
    });
    afterAll(async () => {
      await rm(work, { recursive: true, force: true });
    });

    it.each(['schema2', 'oci', 'list', 'index'])('copies %s with every platform, checking each blob and manifest digest', async (tag) => {
      const dest = join(work, tag);
      await run(skopeoBinary!, [
        'copy',
        '--insecure-policy',
        '--all',
        '--src-tls-verify=false',
        `docker://${registry.host}/${REPO}:${tag}`,
        `dir:${dest}`,
      ]);
      const copied = await readFile(join(dest, 'manifest.json'));
      expect(sha256(copied)).toBe(samples[tag as keyof SampleImages].digest);
    });
  });
});

describe.skipIf(!registryBinary)('startRegistry options and lifecycle', () => {
  it('deep-merges extraConfig, keeping the address and storage it chose', async () => {
    const registry = await startRegistry({
      extraConfig: { http: { headers: { 'X-Lens-Fixture': ['merged'] } }, storage: { redirect: { disable: true } } },
    });
    try {
      const res = await fetch(`${registry.url}/v2/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-lens-fixture')).toBe('merged');
      const config = JSON.parse(await readFile(join(registry.dir, 'config.yml'), 'utf8')) as { storage: Record<string, unknown> };
      expect(Object.keys(config.storage).sort()).toEqual(['delete', 'filesystem', 'maintenance', 'redirect']);
    } finally {
      await registry.stop();
    }
  });

  it('with schema1: true accepts a validly signed schema 1 and refuses a tampered one as MANIFEST_UNVERIFIED', async () => {
    const registry = await startRegistry({ schema1: true });
    try {
      await pushSampleImages(registry.url, REPO);
      const { body } = await getManifest(registry, 'schema2');
      const put = (tag: string, bytes: Uint8Array) =>
        fetch(`${registry.url}/v2/${REPO}/manifests/${tag}`, {
          method: 'PUT',
          body: bytes,
          headers: { 'Content-Type': MediaType.dockerSchema1Signed },
        });
      expect((await put('schema1-back', body)).status).toBe(201);
      // Same length, so the JWS still parses, but the signed payload differs.
      const tampered = Buffer.from(body.toString('utf8').replace('lens sample', 'lens sampl3'), 'utf8');
      expect(tampered.equals(body)).toBe(false);
      const refused = await put('schema1-tampered', tampered);
      expect(refused.status).toBe(400);
      expect(ErrorBody.parse(await refused.json()).errors[0]?.code).toBe('MANIFEST_UNVERIFIED');
    } finally {
      await registry.stop();
    }
  });

  it.skipIf(!htpasswdBinary)('passes auth through: htpasswd makes /v2/ answer 401 and pushes need the Authorization header', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lens-fixtures-auth-'));
    try {
      // distribution accepts bcrypt entries only (-B).
      const { stdout } = await run(htpasswdBinary!, ['-Bbn', 'lens', 's3cret']);
      await writeFile(join(work, 'htpasswd'), stdout);
      const registry = await startRegistry({ auth: { htpasswd: { realm: 'lens-test', path: join(work, 'htpasswd') } } });
      try {
        const ping = await fetch(`${registry.url}/v2/`);
        expect(ping.status).toBe(401);
        expect(ping.headers.get('www-authenticate')).toBe('Basic realm="lens-test"');
        const blob = blobOf('{"auth":"test"}', MediaType.dockerConfig);
        await expect(pushBlob(registry.url, REPO, blob)).rejects.toThrow(/got 401/);
        const headers = { Authorization: `Basic ${Buffer.from('lens:s3cret').toString('base64')}` };
        await pushBlob(registry.url, REPO, blob, headers);
        const manifest = schema2Manifest(blob, []);
        expect(await pushManifest(registry.url, REPO, 'authed', manifest.bytes, manifest.mediaType, headers)).toBe(manifest.digest);
      } finally {
        await registry.stop();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('fails with the registry log when the registry cannot start', async () => {
    const start = startRegistry({ extraConfig: { storage: { nosuchdriver: {} } } });
    await expect(start).rejects.toThrow(/exited \(code 1.*\n--- registry log ---\n.*must provide exactly one storage type/s);
  });

  it('stop() ends the process, closes the port and removes the temp dir; a second stop() is harmless', async () => {
    const registry = await startRegistry();
    expect(isRunning(registry.pid)).toBe(true);
    await registry.stop();
    expect(isRunning(registry.pid)).toBe(false);
    expect(existsSync(registry.dir)).toBe(false);
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
    await registry.stop();
  });

  // The registry is started by a separate Node process, which then ends in each of these ways; only
  // SIGKILL leaves the temp dir behind, as nothing of ours runs then.
  it.each([
    ['exits', 'process.exit(0)', true],
    ['is killed by SIGTERM', "process.kill(process.pid, 'SIGTERM')", true],
    ['is killed by SIGKILL', "process.kill(process.pid, 'SIGKILL')", false],
  ])('the registry does not outlive a process that %s', async (_how, ending, cleansDir) => {
    const fixture = new URL('../support/registry.ts', import.meta.url).href;
    const code = `import { startRegistry } from ${JSON.stringify(fixture)};
      const r = await startRegistry();
      process.stdout.write(JSON.stringify({ pid: r.pid, dir: r.dir }) + '\\n');
      ${ending};`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (status) => reject(new Error(`the starter exited (${status}) before printing`)));
    });
    const { pid, dir } = z.object({ pid: z.number().int().positive(), dir: z.string() }).parse(JSON.parse(line));
    await exited;
    try {
      await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 5_000 });
      expect(existsSync(dir)).toBe(!cleansDir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
