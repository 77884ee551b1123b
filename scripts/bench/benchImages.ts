/**
 * The two large images the UI benchmark inspects, pushed to a real registry: a 127-layer schema 2 image
 * and a 500-entry OCI index of small images. Built with the tests' builders, so the bytes are as
 * deterministic as the tests'.
 */
import { gzipLayer, type Blob, type Layer } from '../../test/support/blobs';
import { imageConfig, ociIndex, ociManifest, schema2Manifest, type ListEntry } from '../../test/support/images';
import { pushBlob, pushManifest } from '../../test/support/push';
import { MediaType } from '../../shared/mediaTypes';

export const LAYERS = 127;
export const ENTRIES = 500;

/**
 * 127 layers, an empty-layer history entry after every tenth, and text schema 1 re-encodes (fractional
 * seconds, '&', '<', non-ASCII): the large image of both benchmarks.
 */
export function manyLayers(): { config: Blob; layers: Layer[] } {
  const layers = Array.from({ length: LAYERS }, (_, i) =>
    gzipLayer([{ kind: 'file', path: `layer-${i}/data.txt`, content: `layer ${i}\n`.repeat(20) }]),
  );
  const history = layers.flatMap((_, i) => [
    {
      created: `2024-03-01T10:${String(i % 60).padStart(2, '0')}:00.${i}00Z`,
      created_by: `/bin/sh -c echo ${i} > /layer-${i}/data.txt && true`,
      comment: i % 7 === 0 ? 'é & <x>' : undefined,
    },
    ...(i % 10 === 9 ? [{ created: '2024-03-01T11:00:00Z', created_by: `/bin/sh -c #(nop) ENV STEP=${i}`, empty_layer: true }] : []),
  ]);
  const config = imageConfig({
    architecture: 'amd64',
    os: 'linux',
    created: '2024-03-01T11:00:00Z',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'], Labels: { 'org.example': 'bench' } },
    history,
    diffIDs: layers.map((l) => l.diffID),
  });
  return { config, layers };
}

/** manyLayers as a schema 2 image pushed as `tag`. */
export async function pushManyLayers(registryUrl: string, repo: string, tag: string): Promise<string> {
  const { config, layers } = manyLayers();
  for (const blob of [config, ...layers]) await pushBlob(registryUrl, repo, blob);
  const manifest = schema2Manifest(config, layers);
  return pushManifest(registryUrl, repo, tag, manifest.bytes, manifest.mediaType);
}

/** 500 entries over a few architectures and many variants, linux/amd64 last; each a small OCI image. */
export async function pushBigIndex(registryUrl: string, repo: string, tag: string): Promise<string> {
  const architectures = ['arm64', 'arm', 'ppc64le', 's390x', '386', 'riscv64', 'mips64le'];
  const layer = gzipLayer([{ kind: 'file', path: 'hello.txt', content: 'hello\n' }], MediaType.ociLayerGzip);
  await pushBlob(registryUrl, repo, layer);
  const entries: ListEntry[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const last = i === ENTRIES - 1;
    const platform = last
      ? { architecture: 'amd64', os: 'linux' }
      : { architecture: architectures[i % architectures.length]!, os: 'linux', variant: `v${i}` };
    const config: Blob = imageConfig(
      { ...platform, history: [{ created_by: 'ADD hello.txt /' }], diffIDs: [layer.diffID] },
      MediaType.ociConfig,
    );
    await pushBlob(registryUrl, repo, config);
    const manifest = ociManifest(config, [layer]);
    await pushManifest(registryUrl, repo, manifest.digest, manifest.bytes, manifest.mediaType);
    entries.push({ manifest, platform });
  }
  const index = ociIndex(entries);
  return pushManifest(registryUrl, repo, tag, index.bytes, index.mediaType);
}

/** A config of about 1 MiB: 4,000 history steps with long commands (one of them made the only layer). */
export async function pushBigConfig(registryUrl: string, repo: string, tag: string): Promise<{ digest: string; configSize: number }> {
  const layer = gzipLayer([{ kind: 'file', path: 'big/config.txt', content: 'a layer under a large config\n' }]);
  const command = (i: number) =>
    `/bin/sh -c set -eux; step=${i}; ${'apt-get install -y --no-install-recommends package-with-a-long-name '.repeat(3)}# ${i}`;
  const history = Array.from({ length: 4000 }, (_, i) => ({
    created: '2024-03-01T10:00:00Z',
    created_by: command(i),
    empty_layer: i !== 0,
  }));
  const config = imageConfig({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] },
    history,
    diffIDs: [layer.diffID],
  });
  for (const blob of [config, layer]) await pushBlob(registryUrl, repo, blob);
  const manifest = schema2Manifest(config, [layer]);
  return { digest: await pushManifest(registryUrl, repo, tag, manifest.bytes, manifest.mediaType), configSize: config.size };
}
