/**
 * manifest-lens rescue against docker-registry 2.8 holding its own signed schema 1 (of a schema 2 tag and
 * of a list), judged by the registry (what each tag serves afterwards, its access log for the dry run)
 * and by skopeo 1.9.3 reading the rescued tags back: their diff_ids are the original image's, and
 * skopeo copies each out.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaType } from '../../shared/mediaTypes';
import { servedRequests } from '../support/accessLog';
import { storeRegistrySchema1 } from '../support/auditImages';
import type { Layer } from '../support/blobs';
import { cli } from '../support/cli';
import { startCountingProxy } from '../support/countingProxy';
import { findComponents } from '../support/components';
import { pushSampleImages, sampleImage } from '../support/images';
import { requestManifest } from '../support/registryHttp';
import { startRegistry, type RunningRegistry } from '../support/registry';

const found = findComponents(['docker-registry', 'skopeo'], 'the rescue integration tests');
const run = promisify(execFile);
const REPO = 'legacy/app';
const AMD64 = { os: 'linux', architecture: 'amd64' };

interface Entry {
  image: string;
  destination: string;
  outcome: string;
  from: { mediaType: string; digest: string };
  to: { mediaType: string; digest: string } | null;
  layers: number;
  layerBytes: number;
  bytesStreamed: number;
  reason: string | null;
}

/** The original images the registry downgraded: old-1.0 from `schema2`, old-list from the list's amd64 child. */
const ORIGINALS = {
  'old-1.0': sampleImage('schema2', AMD64, 'docker'),
  'old-list': sampleImage('list', AMD64, 'docker'),
};
const layersOf = (image: (typeof ORIGINALS)['old-1.0']) => image.blobs.filter((b): b is Layer => 'diffID' in b);

describe.skipIf(!found['docker-registry'] || !found.skopeo)('rescue against docker-registry', () => {
  let registry: RunningRegistry;
  let dir: string;

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    await pushSampleImages(registry.url, REPO);
    await pushSampleImages(registry.url, 'team/web');
    for (const as of Object.keys(ORIGINALS)) await storeRegistrySchema1(registry.url, REPO, as === 'old-1.0' ? 'schema2' : 'list', as);
    dir = await mkdtemp(join(tmpdir(), 'lens-rescue-'));
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function rescue(...args: string[]) {
    const from = registry.logs().length;
    const result = await cli('rescue', registry.host, ...args, '--json');
    await sleep(100);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { images: Entry[] };
    return { images: report.images, logged: servedRequests(registry.logs().slice(from)) };
  }

  async function skopeoConfig(tag: string): Promise<{ rootfs: { diff_ids: string[] } }> {
    const { stdout } = await run(found.skopeo!, ['inspect', '--config', '--tls-verify=false', `docker://${registry.host}/${REPO}:${tag}`]);
    return JSON.parse(stdout) as { rootfs: { diff_ids: string[] } };
  }

  it('--dry-run plans each schema 1 image with its layer bytes and writes nothing', async () => {
    const { images, logged } = await rescue('--to', 'v2s2', '--in-place', '--dry-run');
    expect(images.map((e) => [e.image, e.outcome, e.layers, e.layerBytes])).toEqual(
      Object.entries(ORIGINALS).map(([tag, image]) => [`${REPO}:${tag}`, 'planned', 2, layersOf(image).reduce((a, l) => a + l.size, 0)]),
    );
    expect(logged.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    for (const tag of Object.keys(ORIGINALS)) {
      expect((await requestManifest(registry.url, REPO, tag, [MediaType.dockerSchema2, MediaType.dockerSchema1Signed])).contentType).toBe(
        MediaType.dockerSchema1Signed,
      );
    }
  });

  it('--tag-suffix writes an OCI copy beside each schema 1 tag, which skopeo reads with the original diff_ids', async () => {
    const { images } = await rescue('--to', 'oci', '--tag-suffix=-oci');
    for (const [tag, image] of Object.entries(ORIGINALS)) {
      const entry = images.find((e) => e.image === `${REPO}:${tag}`)!;
      expect(entry).toMatchObject({ outcome: 'rescued', destination: `${REPO}:${tag}-oci`, reason: null });
      expect(entry.bytesStreamed).toBe(layersOf(image).reduce((a, l) => a + l.size, 0));
      const served = await requestManifest(registry.url, REPO, `${tag}-oci`, [MediaType.ociManifest, MediaType.dockerSchema2]);
      expect([served.contentType, served.digest]).toEqual([MediaType.ociManifest, entry.to!.digest]);
      expect((await skopeoConfig(`${tag}-oci`)).rootfs.diff_ids).toEqual(layersOf(image).map((l) => l.diffID));
      // The schema 1 tag itself is untouched.
      expect((await requestManifest(registry.url, REPO, tag, [MediaType.dockerSchema2, MediaType.dockerSchema1Signed])).digest).toBe(
        entry.from.digest,
      );
    }
    // Run again: the suffixed tags exist and are kept.
    const again = await rescue('--to', 'oci', '--tag-suffix=-oci');
    expect(again.images.map((e) => e.outcome)).toEqual(['skipped', 'skipped']);
  });

  it('--state: run again, a rescue skips the images it recorded without reading or pushing them', async () => {
    const state = join(dir, 'rescue-state.json');
    const first = await rescue('--to', 'oci', '--tag-suffix=-st', '--state', state);
    expect(first.images.map((e) => e.outcome)).toEqual(['rescued', 'rescued']);
    const again = await rescue('--to', 'oci', '--tag-suffix=-st', '--state', state);
    expect(again.images).toEqual(first.images);
    // Only the audit's walk (catalog, tags/list, one HEAD per tag): no manifest GET, no blob, no write.
    const walk = (path: string) => /\/tags\/list(\?|$)/.test(path) || path.startsWith('/v2/_catalog');
    expect(again.logged.filter((r) => r.method !== 'HEAD' && !walk(r.path))).toEqual([]);
    expect(again.logged.some((r) => r.path.includes('/blobs/'))).toBe(false);
  });

  it('--in-place leaves every former schema 1 tag serving schema 2, which skopeo copies out, and a new audit finds no schema 1', async () => {
    const { images } = await rescue('--to', 'v2s2', '--in-place');
    for (const [tag, image] of Object.entries(ORIGINALS)) {
      const entry = images.find((e) => e.image === `${REPO}:${tag}`)!;
      expect(entry).toMatchObject({ outcome: 'rescued', destination: `${REPO}:${tag}` });
      const served = await requestManifest(registry.url, REPO, tag, [MediaType.dockerSchema2, MediaType.dockerSchema1Signed]);
      expect([served.contentType, served.digest]).toEqual([MediaType.dockerSchema2, entry.to!.digest]);
      expect((await skopeoConfig(tag)).rootfs.diff_ids).toEqual(layersOf(image).map((l) => l.diffID));
      const out = join(dir, tag);
      await run(found.skopeo!, ['copy', '--src-tls-verify=false', `docker://${registry.host}/${REPO}:${tag}`, `dir:${out}`]);
      const copied = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { mediaType: string; layers: unknown[] };
      expect([copied.mediaType, copied.layers.length]).toEqual([MediaType.dockerSchema2, 2]);
    }
    const audit = await cli('audit', registry.host, '--json');
    expect((JSON.parse(audit.stdout) as { schema1: string[] }).schema1).toEqual([]);
  }, 60_000);

  it('streams the layers of an image at once (two here), one stream per core', async () => {
    // The registry's redirect-free blob answers go through a proxy that counts overlapping blob GETs.
    await pushSampleImages(registry.url, 'legacy/two');
    await storeRegistrySchema1(registry.url, 'legacy/two', 'schema2', 'old');
    const proxy = await startCountingProxy(registry.url, 300);
    try {
      const result = await cli('rescue', `${proxy.host}/legacy/two`, '--to', 'v2s2', '--tag-suffix=-two', '--concurrency', '1', '--json');
      expect(result.code, result.stderr + result.stdout).toBe(0);
      expect((JSON.parse(result.stdout) as { images: Entry[] }).images.map((e) => e.outcome)).toEqual(['rescued']);
      expect(proxy.maxBlobGets()).toBe(Math.min(2, availableParallelism()));
    } finally {
      await proxy.close();
    }
  });

  it('needs exactly one of --in-place and --tag-suffix (exit 2, one line)', async () => {
    for (const args of [
      ['--to', 'v2s2'],
      ['--to', 'v2s2', '--in-place', '--tag-suffix', '-x'],
      ['--to', 'v2s1', '--in-place'],
    ]) {
      const result = await cli('rescue', registry.host, ...args);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(1);
    }
  });
});
