/**
 * A `docker save` archive (and skopeo's docker-archive:): a tar holding manifest.json, each image's config
 * as a file and each layer as a tar. There is no registry manifest in it, so one is written the way
 * containers/image presents such an archive: Docker schema 2, the config as stored, and one uncompressed
 * layer per diffID (the archive's layers are the uncompressed tars, so their digests are the diffIDs).
 *
 * Nothing is loaded whole: the archive is indexed by its headers and each layer streamed from its offset.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { MediaType } from '../../../shared/mediaTypes';
import { computeDiffId } from '../convert/diffIds';
import { DockerLayerType } from '../convert/layerTypes';
import { marshalManifest } from '../convert/manifestJson';
import { sha256Digest } from '../digest';
import { parseImageConfig, parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { RegularFile } from '../regularFile';
import { canonicalString, parseReference } from '../registry/reference';
import { CONFIG_SIZE_LIMIT, type BlobStream, type ImageName, type ImageSource, type SourceContext, type SourceManifest } from './source';
import { indexTarFile, type TarEntry, type TarIndex } from './tarReader';

const ArchiveManifest = z.array(
  z.looseObject({
    Config: z.string().min(1),
    RepoTags: z.array(z.string()).nullable().optional(),
    Layers: z.array(z.string().min(1)),
  }),
);
type ArchiveImage = z.infer<typeof ArchiveManifest>[number];

const MANIFEST_JSON_LIMIT = 4 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const WHAT = 'docker archive';

interface ArchivedLayer {
  entry: TarEntry;
  /** The diffID, which is also the digest of the uncompressed tar this source serves. */
  digest: string;
  size: number;
  /** Some tools store layers gzipped; they are served uncompressed, as their diffID names them. */
  gzipped: boolean;
}

export type ArchiveSelector = { reference: string } | { index: number } | null;

async function startsWithGzip(file: string, offset: number): Promise<boolean> {
  const handle = await RegularFile.open(file, WHAT);
  try {
    const head = await handle.read(offset, GZIP_MAGIC.length);
    return head.length === GZIP_MAGIC.length && GZIP_MAGIC.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}

function sameReference(a: string, b: string): boolean {
  try {
    return canonicalString(parseReference(a)) === canonicalString(parseReference(b));
  } catch {
    return a === b;
  }
}

function choose(images: ArchiveImage[], selector: ArchiveSelector, file: string): ArchiveImage {
  const tags = images.flatMap((i) => i.RepoTags ?? []);
  const listing = tags.length > 0 ? `Tags: ${tags.join(', ')}` : `It holds ${images.length} untagged images.`;
  if (selector === null) {
    if (images.length === 1) return images[0]!;
    throw new LensError(
      'USAGE',
      `${file} holds ${images.length} images; name one as docker-archive:${file}:REFERENCE or :@INDEX.`,
      listing,
    );
  }
  if ('index' in selector) {
    const image = images[selector.index];
    if (!image) throw new LensError('USAGE', `${file} has no image @${selector.index}; it holds ${images.length}.`, listing);
    return image;
  }
  const image = images.find((i) => (i.RepoTags ?? []).some((t) => sameReference(t, selector.reference)));
  if (!image) throw new LensError('INPUT_INVALID', `${file} has no image tagged ${selector.reference}.`, listing);
  return image;
}

function imageName(image: ArchiveImage, file: string): ImageName {
  const tag = image.RepoTags?.[0];
  if (tag) {
    try {
      const ref = parseReference(tag);
      return { registry: null, repository: ref.repository, tag: ref.tag };
    } catch {
      // fall through to the file name
    }
  }
  const stem = basename(file)
    .replace(/\.tar$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return { registry: null, repository: stem || 'image', tag: null };
}

/** Uncompressed bytes of a layer, decompressing a gzipped one on the way. */
function layerStream(index: TarIndex, layer: ArchivedLayer, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  const raw = index.stream(layer.entry, signal);
  return layer.gzipped ? Readable.from(raw).pipe(createGunzip()) : raw;
}

export async function openDockerArchive(file: string, selector: ArchiveSelector, input: string): Promise<ImageSource> {
  if (await startsWithGzip(file, 0)) {
    throw new LensError('INPUT_INVALID', `${file} is gzip-compressed; decompress it first (gunzip -k ${file}).`);
  }
  const index = await indexTarFile(file, WHAT);
  const manifestEntry = index.require('manifest.json', 'manifest.json (is this a docker save archive?)');
  const images = validate(
    ArchiveManifest,
    parseJsonValue(await index.read(manifestEntry, MANIFEST_JSON_LIMIT), 'manifest.json'),
    'manifest.json',
  );
  const image = choose(images, selector, file);

  const config = await index.read(index.require(image.Config, 'image config'), CONFIG_SIZE_LIMIT);
  const configDigest = sha256Digest(config);
  const diffIds = parseImageConfig(config).rootfs.diff_ids ?? [];
  if (diffIds.length !== image.Layers.length) {
    throw new LensError(
      'INPUT_INVALID',
      `${file}: the image has ${image.Layers.length} layers but its config lists ${diffIds.length} diffIDs.`,
    );
  }

  const layers: ArchivedLayer[] = [];
  for (const [i, path] of image.Layers.entries()) {
    const entry = index.require(path, `layer ${i}`);
    const digest = diffIds[i]!;
    const gzipped = await startsWithGzip(file, entry.offset);
    let size = entry.size;
    if (gzipped) {
      // The uncompressed size is only known by decompressing; check the diffID on the same pass.
      const found = await computeDiffId(layerStream(index, { entry, digest, size, gzipped }), { expectedDigest: digest });
      size = found.size;
    }
    layers.push({ entry, digest, size, gzipped });
  }

  const manifestBytes = marshalManifest({
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: { mediaType: MediaType.dockerConfig, size: config.length, digest: configDigest },
    layers: layers.map((l) => ({ mediaType: DockerLayerType.tar, size: l.size, digest: l.digest })),
  });
  const manifest: SourceManifest = { bytes: manifestBytes, mediaType: MediaType.dockerSchema2, digest: sha256Digest(manifestBytes) };
  const layerByDigest = (digest: string) => layers.find((l) => l.digest === digest);
  const missing = (digest: string) => new LensError('INPUT_INVALID', `${file} holds no blob ${digest} for this image.`);

  const blobStream = async (digest: string, ctx?: SourceContext): Promise<BlobStream> => {
    if (digest === configDigest) return { stream: Readable.from([config]), size: config.length };
    const layer = layerByDigest(digest);
    if (!layer) throw missing(digest);
    return { stream: layerStream(index, layer, ctx?.signal), size: layer.size };
  };

  return {
    kind: 'docker-archive',
    input,
    name: imageName(image, file),
    manifest: async () => manifest,
    async manifestByDigest(digest) {
      if (digest !== manifest.digest)
        throw new LensError('INPUT_INVALID', `${file} holds one image manifest (${manifest.digest}), not ${digest}.`);
      return manifest;
    },
    async blob(digest, maxBytes, ctx) {
      if (digest === configDigest) return config;
      const layer = layerByDigest(digest);
      if (!layer) throw missing(digest);
      if (layer.size > maxBytes)
        throw new LensError('INPUT_INVALID', `Layer ${digest} is ${layer.size} bytes, more than the ${maxBytes} allowed here.`);
      const chunks: Uint8Array[] = [];
      for await (const chunk of layerStream(index, layer, ctx?.signal)) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
    blobStream,
    close: async () => undefined,
  };
}
