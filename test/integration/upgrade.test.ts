/**
 * The schema 1 rescue on real data: docker-registry downgrades our sample images to schema 1 (GET by tag
 * without Accept); streaming their layers and upgrading must give back the original diff_ids, layers and
 * history, and agree with skopeo's own schema 1 → schema 2 conversion of the same document.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../../e2e/fixtures/components';
import { pushSampleImages } from '../../e2e/fixtures/images';
import { pushBlob, pushManifest } from '../../e2e/fixtures/push';
import { startRegistry, type RunningRegistry } from '../../e2e/fixtures/registry';
import { MediaType } from '../../shared/mediaTypes';
import { computeDiffId, type LayerDigests } from '../../electron/convert/diffIds';
import { goRfc3339Nano } from '../../electron/convert/goTime';
import { parseManifest } from '../../electron/convert/manifestTypes';
import { layersNeedingDiffIds, upgradeFromSchema1, type UpgradeTarget } from '../../electron/convert/upgradeFromSchema1';
import { fetchBlob, requestManifest, streamBlob } from './registryHttp';

// On CI a missing component throws here instead of skipping.
const registryBinary = findComponent('docker-registry');
const skopeoBinary = findComponent('skopeo');
if (!registryBinary) console.warn(`skipping upgrade integration tests: ${missingMessage('docker-registry')}`);
if (!skopeoBinary) console.warn(`skipping the skopeo comparison: ${missingMessage('skopeo')}`);

const REPO = 'lens/upgrade';
const run = promisify(execFile);

interface HistoryItem {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}
interface Config {
  rootfs: { diff_ids: string[] };
  history: HistoryItem[];
  [key: string]: unknown;
}

const json = <T>(b: Uint8Array): T => JSON.parse(Buffer.from(b).toString('utf8')) as T;

describe.skipIf(!registryBinary)('schema 1 rescue against docker-registry', () => {
  let registry: RunningRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await pushSampleImages(registry.url, REPO);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  /** What the registry serves to a client without Accept, and every layer streamed through computeDiffId. */
  async function registrySchema1(tag: string) {
    const answer = await requestManifest(registry.url, REPO, tag, []);
    expect(answer.contentType).toBe(MediaType.dockerSchema1Signed);
    const layers = new Map<string, LayerDigests>();
    for (const digest of layersNeedingDiffIds(answer.body)) {
      const { stream, size } = await streamBlob(registry.url, REPO, digest);
      layers.set(digest, await computeDiffId(stream, { expectedDigest: digest, expectedSize: size }));
    }
    return { schema1: answer.body, layers };
  }

  /** The schema 2 image the registry downgraded for `tag` (a list resolves to its linux/amd64 entry). */
  async function original(tag: string) {
    const answer = await requestManifest(registry.url, REPO, tag, [MediaType.dockerSchema2]);
    const parsed = parseManifest(answer.body);
    if (parsed.kind !== 'schema2') throw new Error(`${tag} is not served as schema 2`);
    return { manifest: parsed.manifest, config: json<Config>(await fetchBlob(registry.url, REPO, parsed.manifest.config.digest)) };
  }

  for (const tag of ['schema2', 'list']) {
    it(`${tag}: the registry's schema 1 upgrades back to the original diff_ids, layers and history`, async () => {
      const before = await original(tag);
      const { schema1, layers } = await registrySchema1(tag);
      const after = upgradeFromSchema1(schema1, layers, 'v2s2');
      const config = json<Config>(after.config.bytes);

      expect(config.rootfs.diff_ids).toEqual(before.config.rootfs.diff_ids);
      expect(json<{ layers: unknown[] }>(after.bytes).layers).toEqual(before.manifest.layers.map(({ mediaType, size, digest }) => ({ mediaType, size, digest })));
      // Schema 1 carries every history entry but the newest as it was (times in Go's format); the newest
      // entry's command lives only in the config's container_config, so it is compared apart.
      const expected = before.config.history.map((h) => {
        const { created, ...rest } = h;
        return created === undefined ? rest : { created: goRfc3339Nano(created), ...rest };
      });
      expect(config.history.slice(0, -1)).toEqual(expected.slice(0, -1));
      expect(config.history.at(-1)?.empty_layer).toBe(expected.at(-1)?.empty_layer);
      const { rootfs: _r, history: _h, ...rest } = config;
      const { rootfs: _or, history: _oh, ...originalRest } = before.config;
      expect(rest).toEqual(originalRest);
    });
  }

  for (const target of ['v2s2', 'oci'] as UpgradeTarget[]) {
    it(`the upgraded ${target} image is accepted by the registry once its new config is pushed`, async () => {
      const { schema1, layers } = await registrySchema1('schema2');
      const upgraded = upgradeFromSchema1(schema1, layers, target);
      await pushBlob(registry.url, REPO, { digest: upgraded.config.digest, bytes: Buffer.from(upgraded.config.bytes) });
      await pushManifest(registry.url, REPO, `rescued-${target}`, upgraded.bytes, upgraded.mediaType);
      const served = await requestManifest(registry.url, REPO, `rescued-${target}`, [upgraded.mediaType]);
      expect(served.digest).toBe(upgraded.digest);
    });
  }

  describe.skipIf(!skopeoBinary)('compared with skopeo', () => {
    let work: string;
    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'lens-upgrade-'));
    });
    afterAll(async () => {
      await rm(work, { recursive: true, force: true });
    });

    it('skopeo copy --format v2s2 of the same schema 1 gives the same layers and, but for zero times, the same config bytes', async () => {
      const { schema1, layers } = await registrySchema1('schema2');
      // A dir: layout holding the registry's schema 1 and every blob it names, throwaway ones included.
      const src = join(work, 'src');
      const dst = join(work, 'dst');
      await run('mkdir', ['-p', src]);
      await writeFile(join(src, 'manifest.json'), schema1);
      await writeFile(join(src, 'version'), 'Directory Transport Version: 1.1\n');
      const blobSums = new Set(json<{ fsLayers: Array<{ blobSum: string }> }>(schema1).fsLayers.map((l) => l.blobSum));
      for (const digest of blobSums) await writeFile(join(src, digest.slice(7)), await fetchBlob(registry.url, REPO, digest));
      await run(skopeoBinary!, ['copy', '--insecure-policy', '--format', 'v2s2', `dir:${src}`, `dir:${dst}`]);

      const theirs = json<{ layers: unknown[]; config: { digest: string } }>(new Uint8Array(await readFile(join(dst, 'manifest.json'))));
      const theirConfig = (await readFile(join(dst, theirs.config.digest.slice(7)))).toString('utf8');
      const ours = upgradeFromSchema1(schema1, layers, 'v2s2');
      expect(json<{ layers: unknown[] }>(ours.bytes).layers).toEqual(theirs.layers);
      // containers/image writes Go's zero time for a history entry without `created`; we leave it out,
      // as the original config did. Everything else is byte for byte the same.
      const withoutZeroTimes = theirConfig.replace(/"created":"0001-01-01T00:00:00Z",?/g, '');
      expect(Buffer.from(ours.config.bytes).toString('utf8')).toBe(withoutZeroTimes);
    });
  });
});
