/**
 * Offline sources against the registry they were copied from: skopeo writes OCI layouts and docker
 * archives of the sample images served by docker-registry, and each source must give the digests the
 * registry source gives (manifests where the bytes travel unchanged, configs and diffIDs always).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponents } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { MediaType } from '../../shared/mediaTypes';
import { computeDiffId } from '../../electron/core/convert/diffIds';
import { downgradeToSchema1, EMPTY_TAR_DIGEST } from '../../electron/core/convert/downgradeToSchema1';
import { parseImageConfig, parseManifest } from '../../electron/core/convert/manifestTypes';
import { schema2ToOci } from '../../electron/core/convert/schema2ToOci';
import { clientsOver } from '../support/clients';
import { sha256Digest } from '../../electron/core/digest';
import { Transport } from '../../electron/core/registry/transport';
import { openSource } from '../../electron/core/sources/openSource';
import { CONFIG_SIZE_LIMIT, type ImageSource } from '../../electron/core/sources/source';

const { 'docker-registry': registryBinary, skopeo: skopeoBinary } = findComponents(['docker-registry', 'skopeo'], 'offline-source tests');

const run = promisify(execFile);
const REPO = 'lens/sample';

interface ImageFacts {
  manifestDigest: string;
  mediaType: string;
  configDigest: string;
  /** Each layer's digest as the source names it and the diffID streaming it gives. */
  layers: Array<{ digest: string; diffId: string }>;
  diffIds: string[];
}

/** Reads an image manifest, its config and every layer (streamed through computeDiffId). */
async function facts(source: ImageSource, digest?: string): Promise<ImageFacts> {
  const manifest = digest ? await source.manifestByDigest(digest) : await source.manifest();
  const parsed = parseManifest(manifest.bytes, manifest.mediaType);
  if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') throw new Error(`expected an image manifest, got ${parsed.kind}`);
  const config = await source.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT);
  const layers = [];
  for (const layer of parsed.manifest.layers) {
    const blob = await source.blobStream(layer.digest);
    const found = await computeDiffId(blob.stream, { expectedDigest: layer.digest, expectedSize: layer.size });
    layers.push({ digest: layer.digest, diffId: found.diffId });
  }
  return {
    manifestDigest: manifest.digest,
    mediaType: manifest.mediaType,
    configDigest: sha256Digest(config),
    layers,
    diffIds: parseImageConfig(config).rootfs.diff_ids ?? [],
  };
}

describe.skipIf(!registryBinary || !skopeoBinary)('offline sources written by skopeo', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;
  let work: string;
  let transport: Transport;
  const open = (text: string) => openSource(text, { clientFor: clientsOver(transport) });
  const copy = (tag: string, destination: string, all = false) =>
    run(skopeoBinary!, [
      'copy',
      ...(all ? ['--all'] : []),
      '--src-tls-verify=false',
      `docker://${registry.host}/${REPO}:${tag}`,
      destination,
    ]);

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, REPO);
    work = await mkdtemp(join(tmpdir(), 'lens-sources-'));
    transport = new Transport();
    for (const tag of ['schema2', 'oci']) {
      await copy(tag, `oci:${join(work, 'layout')}:${tag}`);
      await copy(tag, `docker-archive:${join(work, `${tag}.tar`)}:${REPO}:${tag}`);
    }
    await copy('index', `oci:${join(work, 'all')}:index`, true);
    await copy('list', `oci:${join(work, 'all')}:list`, true);
  });
  afterAll(async () => {
    await transport?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the registry source serves what was pushed, layers streamed with their diffIDs', async () => {
    const source = await open(`${registry.host}/${REPO}:schema2`);
    const got = await facts(source);
    expect(got.manifestDigest).toBe(samples.schema2.digest);
    expect(got.mediaType).toBe(MediaType.dockerSchema2);
    expect(got.layers.map((l) => l.diffId)).toEqual(got.diffIds);
    expect(source.name).toEqual({ registry: registry.host, repository: REPO, tag: 'schema2' });
  });

  it('an OCI layout of an OCI image has the registry digests, byte for byte', async () => {
    const fromRegistry = await facts(await open(`${registry.host}/${REPO}:oci`));
    const fromLayout = await facts(await open(`oci:${join(work, 'layout')}:oci`));
    expect(fromLayout).toEqual(fromRegistry);
  });

  it('an OCI layout of a schema 2 image has its layers and diffIDs (skopeo rewrote manifest and config as OCI)', async () => {
    const registrySource = await open(`${registry.host}/${REPO}:schema2`);
    const layout = await open(`oci:${join(work, 'layout')}:schema2`);
    const fromRegistry = await facts(registrySource);
    const fromLayout = await facts(layout);
    expect(fromLayout.mediaType).toBe(MediaType.ociManifest);
    expect(fromLayout.layers).toEqual(fromRegistry.layers);
    expect(fromLayout.diffIds).toEqual(fromRegistry.diffIds);
    // containers/image re-marshals the config through its OCI struct on the way; our conversion keeps
    // the config bytes (and so the image ID), which is why the manifests differ.
    expect(fromLayout.configDigest).not.toBe(fromRegistry.configDigest);
    expect(fromLayout.manifestDigest).not.toBe(schema2ToOci((await registrySource.manifest()).bytes).digest);
    expect(layout.name).toEqual({ registry: null, repository: 'layout', tag: 'schema2' });
  });

  it('an OCI layout copied with --all holds the index byte for byte, its children with the registry digests', async () => {
    const layout = await open(`oci:${join(work, 'all')}:index`);
    const top = await layout.manifest();
    expect(top).toMatchObject({ digest: samples.index.digest, mediaType: MediaType.ociIndex });
    expect(Buffer.from(top.bytes)).toEqual(samples.index.bytes);
    const registrySource = await open(`${registry.host}/${REPO}:index`);
    for (const child of samples.index.children) {
      expect(await facts(layout, child.digest), child.platform).toEqual(await facts(registrySource, child.digest));
    }
  });

  it('a manifest list copied into a layout became an OCI index whose children keep their layers', async () => {
    const layout = await open(`oci:${join(work, 'all')}:list`);
    const top = parseManifest((await layout.manifest()).bytes);
    if (top.kind !== 'ociIndex') throw new Error(`expected an OCI index, got ${top.kind}`);
    const registrySource = await open(`${registry.host}/${REPO}:list`);
    expect(top.manifest.manifests.map((m) => m.platform?.architecture)).toEqual(['amd64', 'arm64']);
    for (const [i, child] of samples.list.children.entries()) {
      const fromLayout = await facts(layout, top.manifest.manifests[i]!.digest);
      const fromRegistry = await facts(registrySource, child.digest);
      expect(fromLayout.layers, child.platform).toEqual(fromRegistry.layers);
      expect(fromLayout.diffIds, child.platform).toEqual(fromRegistry.diffIds);
    }
  });

  it.each(['schema2', 'oci'])('a docker archive of %s has the registry config and its diffIDs as layer digests', async (tag) => {
    const fromRegistry = await facts(await open(`${registry.host}/${REPO}:${tag}`));
    const archive = await open(`docker-archive:${join(work, `${tag}.tar`)}`);
    const fromArchive = await facts(archive);
    expect(fromArchive.mediaType).toBe(MediaType.dockerSchema2);
    expect(fromArchive.configDigest).toBe(fromRegistry.configDigest);
    // The archive keeps layers uncompressed: each one's digest is its diffID, the registry's diff_ids.
    expect(fromArchive.layers.map((l) => l.digest)).toEqual(fromRegistry.diffIds);
    expect(fromArchive.layers.map((l) => l.diffId)).toEqual(fromRegistry.diffIds);
    expect(archive.name).toEqual({ registry: null, repository: REPO, tag });
  });

  it('a docker archive is chosen by reference or index and refuses names it lacks', async () => {
    const file = join(work, 'schema2.tar');
    await expect(open(`docker-archive:${file}:${REPO}:schema2`)).resolves.toMatchObject({ kind: 'docker-archive' });
    await expect(open(`docker-archive:${file}:@0`)).resolves.toMatchObject({ kind: 'docker-archive' });
    await expect(open(`docker-archive:${file}:${REPO}:nope`)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(open(`docker-archive:${file}:@3`)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('a layout asked for a tag it lacks lists the tags it has; without a tag it must hold one image', async () => {
    await expect(open(`oci:${join(work, 'layout')}:nope`)).rejects.toMatchObject({ code: 'INPUT_INVALID', detail: 'Tags: schema2, oci' });
    await expect(open(`oci:${join(work, 'layout')}`)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('a layout whose only entry is not a manifest names the media type it has', async () => {
    const dir = await mkdtemp(join(work, 'layer-entry-'));
    const digest = `sha256:${'ab'.repeat(32)}`;
    await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(
      join(dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MediaType.ociLayerGzip, digest, size: 3 }] }),
    );
    await expect(open(`oci:${dir}`)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: `The OCI layout entry ${digest} has media type ${MediaType.ociLayerGzip}, not a manifest or index.`,
    });
  });

  it('the schema 1 downgrade works on every source alike', async () => {
    const downgrade = async (source: ImageSource) => {
      const manifest = await source.manifest();
      const parsed = parseManifest(manifest.bytes);
      if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') throw new Error(parsed.kind);
      const config = await source.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT);
      return downgradeToSchema1({ manifest: manifest.bytes, config, repository: REPO, tag: 'oci' }, { signed: false });
    };
    const fromRegistry = await downgrade(await open(`${registry.host}/${REPO}:oci`));
    expect((await downgrade(await open(`oci:${join(work, 'layout')}:oci`))).digest).toBe(fromRegistry.digest);
    // From the archive the blobSums are the uncompressed layers, and nothing else changes.
    const fromArchive = await downgrade(await open(`docker-archive:${join(work, 'oci.tar')}`));
    const blobSums = (r: { bytes: Uint8Array }) =>
      (JSON.parse(Buffer.from(r.bytes).toString()) as { fsLayers: Array<{ blobSum: string }> }).fsLayers.map((l) => l.blobSum);
    const diffIds = (await facts(await open(`${registry.host}/${REPO}:oci`))).diffIds;
    expect(blobSums(fromArchive).filter((b) => b !== EMPTY_TAR_DIGEST)).toEqual(diffIds.toReversed());
    expect(blobSums(fromArchive).length).toBe(blobSums(fromRegistry).length);
  });

  it('a manifest file opens with or without its config, and says what it cannot give', async () => {
    const manifestPath = join(work, 'schema2.json');
    const configPath = join(work, 'config.json');
    await writeFile(manifestPath, samples.schema2.bytes);
    const registrySource = await open(`${registry.host}/${REPO}:schema2`);
    const parsed = parseManifest(samples.schema2.bytes);
    if (parsed.kind !== 'schema2') throw new Error(parsed.kind);
    await writeFile(configPath, await registrySource.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT));

    const bare = await open(manifestPath);
    expect(await bare.manifest()).toMatchObject({ digest: samples.schema2.digest, mediaType: MediaType.dockerSchema2 });
    await expect(bare.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT)).rejects.toThrow(/--config/);

    const withConfig = await openSource(manifestPath, {
      clientFor: () => {
        throw new Error('no registry');
      },
      configFile: configPath,
    });
    expect(sha256Digest(await withConfig.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT))).toBe(parsed.manifest.config.digest);
    await expect(withConfig.blobStream(parsed.manifest.layers[0]!.digest)).rejects.toThrow(/carries no layers/);
    await expect(
      openSource(manifestPath, {
        clientFor: () => {
          throw new Error('no registry');
        },
        configFile: manifestPath,
      }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
