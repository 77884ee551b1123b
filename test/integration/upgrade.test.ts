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
import { findComponent, missingMessage } from '../support/components';
import { blobOf, gzipLayer } from '../support/blobs';
import { pushSampleImages, schema2Manifest } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { MediaType } from '../../shared/mediaTypes';
import { computeDiffId, type LayerDigests } from '../../electron/core/convert/diffIds';
import { GO_ZERO_TIME, goRfc3339Nano } from '../../electron/core/convert/goTime';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { layersNeedingDiffIds, upgradeFromSchema1, type UpgradeTarget } from '../../electron/core/convert/upgradeFromSchema1';
import { fetchBlob, requestManifest, streamBlob } from '../support/registryHttp';

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

/**
 * Config text that only survives if every step keeps raw JSON: an escaped é in a label, and under a key
 * of our own (Go's config types would refuse numbers in Labels) 1.50 and a 20-digit number.
 */
const AWKWARD_RUNTIME_CONFIG = '{"Labels":{"name":"caf\\u00e9"},"Cmd":["sh"]}';
const AWKWARD_EXTRA = '{"price":1.50,"big":12345678901234567890}';

/**
 * An image whose history has empty layers first, consecutive and last, no `created` on one entry, an
 * offset with a fraction, author and comment, and a command with & < > and non-BMP text.
 */
async function pushAwkwardImage(url: string, repo: string, tag: string): Promise<void> {
  const one = gzipLayer([{ kind: 'file', path: 'one.txt', content: 'one' }]);
  const two = gzipLayer([{ kind: 'file', path: 'two.txt', content: 'two \u{1F600}' }]);
  const history = [
    { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop)  ARG first', empty_layer: true },
    { created: '2024-01-01T00:00:01.120+05:30', created_by: 'COPY one.txt /', author: 'Ops <ops@example.com>', comment: 'layer one' },
    { created_by: 'ENV A=1', empty_layer: true },
    { created: '2024-01-02T03:04:05.000000001Z', created_by: 'ENV B=2', empty_layer: true },
    { created: '2024-01-03T00:00:00-07:00', created_by: 'RUN echo "a & b" > /c < /d \u{1F600} \u00e9' },
    { created: '2024-01-04T00:00:00Z', created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
  ];
  const configText =
    `{"architecture":"arm64","config":${AWKWARD_RUNTIME_CONFIG},"created":"2024-01-04T00:00:00Z","history":${JSON.stringify(history)},` +
    `"lens.example":${AWKWARD_EXTRA},"os":"linux","rootfs":{"type":"layers","diff_ids":${JSON.stringify([one.diffID, two.diffID])}},"variant":"v8"}`;
  const config = blobOf(configText, MediaType.dockerConfig);
  for (const blob of [config, one, two]) await pushBlob(url, repo, blob);
  const manifest = schema2Manifest(config, [one, two]);
  await pushManifest(url, repo, tag, manifest.bytes, manifest.mediaType);
}

describe.skipIf(!registryBinary)('schema 1 rescue against docker-registry', () => {
  let registry: RunningRegistry;

  beforeAll(async () => {
    registry = await startRegistry();
    await pushSampleImages(registry.url, REPO);
    await pushAwkwardImage(registry.url, REPO, 'awkward');
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

  for (const tag of ['schema2', 'list', 'awkward']) {
    it(`${tag}: the registry's schema 1 upgrades back to the original diff_ids, layers and history`, async () => {
      const before = await original(tag);
      const { schema1, layers } = await registrySchema1(tag);
      const after = upgradeFromSchema1(schema1, layers, 'v2s2');
      const config = json<Config>(after.config.bytes);

      expect(config.rootfs.diff_ids).toEqual(before.config.rootfs.diff_ids);
      expect(json<{ layers: unknown[] }>(after.bytes).layers).toEqual(
        before.manifest.layers.map(({ mediaType, size, digest }) => ({ mediaType, size, digest })),
      );
      // Schema 1 carries every history entry but the newest as it was (times in Go's format; an entry
      // without a time as Go's zero time, which distribution writes and the upgrade keeps); the newest
      // entry's command lives only in the config's container_config, so it is compared apart.
      const expected = before.config.history.map((h) => {
        const { created, ...rest } = h;
        return { created: created === undefined ? GO_ZERO_TIME : goRfc3339Nano(created), ...rest };
      });
      expect(config.history.slice(0, -1)).toEqual(expected.slice(0, -1));
      expect(config.history.at(-1)?.empty_layer).toBe(expected.at(-1)?.empty_layer);
      const { rootfs: _r, history: _h, ...rest } = config;
      const { rootfs: _or, history: _oh, ...originalRest } = before.config;
      expect(rest).toEqual(originalRest);
    });
  }

  it('keeps the old config values as their exact text (1.50, \\u00e9, a 20-digit number)', async () => {
    const { schema1, layers } = await registrySchema1('awkward');
    const text = Buffer.from(upgradeFromSchema1(schema1, layers, 'oci').config.bytes).toString('utf8');
    expect(text).toContain(`"config":${AWKWARD_RUNTIME_CONFIG}`);
    expect(text).toContain(`"lens.example":${AWKWARD_EXTRA}`);
  });

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

    /** A dir: layout holding the registry's schema 1 for `tag` and every blob it names, throwaway ones included. */
    async function dirLayout(tag: string, schema1: Uint8Array): Promise<string> {
      const src = join(work, tag, 'src');
      await run('mkdir', ['-p', src]);
      await writeFile(join(src, 'manifest.json'), schema1);
      await writeFile(join(src, 'version'), 'Directory Transport Version: 1.1\n');
      const blobSums = new Set(json<{ fsLayers: Array<{ blobSum: string }> }>(schema1).fsLayers.map((l) => l.blobSum));
      for (const digest of blobSums) await writeFile(join(src, digest.slice(7)), await fetchBlob(registry.url, REPO, digest));
      return src;
    }

    /** The registry's schema 1 for `tag` and its layers' digests, after skopeo copied it from a dir: layout to `destination`. */
    async function skopeoCopied(tag: string, format: 'v2s2' | 'oci', destination: string) {
      const answer = await registrySchema1(tag);
      const src = await dirLayout(tag, answer.schema1);
      await run(skopeoBinary!, ['copy', '--insecure-policy', '--format', format, `dir:${src}`, destination]);
      return answer;
    }

    it.each(['schema2', 'awkward'])(
      '%s: skopeo copy --format v2s2 of the same schema 1 gives the same layers and the same config bytes',
      async (tag) => {
        const dst = join(work, tag, 'dst');
        const { schema1, layers } = await skopeoCopied(tag, 'v2s2', `dir:${dst}`);

        const theirs = json<{ layers: unknown[]; config: { digest: string } }>(new Uint8Array(await readFile(join(dst, 'manifest.json'))));
        const theirConfig = (await readFile(join(dst, theirs.config.digest.slice(7)))).toString('utf8');
        const ours = upgradeFromSchema1(schema1, layers, 'v2s2');
        expect(json<{ layers: unknown[] }>(ours.bytes).layers).toEqual(theirs.layers);
        // Zero times included: both keep each entry's `created` as the schema 1 states it.
        expect(Buffer.from(ours.config.bytes).toString('utf8')).toBe(theirConfig);
      },
    );

    it.each(['schema2', 'awkward'])(
      '%s: skopeo copy --format oci of the same schema 1 writes the config --oci-config normalized writes, byte for byte',
      async (tag) => {
        const layout = join(work, tag, 'oci');
        const { schema1, layers } = await skopeoCopied(tag, 'oci', `oci:${layout}:t`);

        const blob = (digest: string) => readFile(join(layout, 'blobs', 'sha256', digest.slice(7)));
        const index = json<{ manifests: Array<{ digest: string }> }>(new Uint8Array(await readFile(join(layout, 'index.json'))));
        const theirs = json<{ layers: unknown[]; config: { digest: string } }>(new Uint8Array(await blob(index.manifests[0]!.digest)));
        const ours = upgradeFromSchema1(schema1, layers, 'oci', 'normalized');
        expect(json<{ layers: unknown[]; config: unknown }>(ours.bytes)).toMatchObject({ config: theirs.config, layers: theirs.layers });
        expect(Buffer.from(ours.config.bytes).toString('utf8')).toBe((await blob(theirs.config.digest)).toString('utf8'));
      },
    );
  });
});
