/**
 * An OCI image layout on disk (image-spec's image-layout.md): `oci-layout` naming the layout version,
 * `index.json` listing the images, content-addressed blobs under `blobs/<algorithm>/<hex>`. A tag selects
 * the index.json entry whose `org.opencontainers.image.ref.name` annotation equals it, as skopeo's
 * `oci:DIR:TAG` does; without a tag the layout must hold exactly one image.
 */
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { Descriptor, Digest, parseJsonValue, parseManifest, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { readRegularFile, RegularFile } from '../regularFile';
import { parseReference } from '../registry/reference';
import { MANIFEST_SIZE_LIMIT } from '../registry/transport';
import { manifestDigest, verifyDigest, type BlobStream, type ImageName, type ImageSource, type SourceManifest } from './source';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

const LayoutFile = z.looseObject({ imageLayoutVersion: z.string() });
const IndexJson = z.looseObject({ schemaVersion: z.literal(2), manifests: z.array(Descriptor) });

/** A layout's blob path; the digest grammar keeps it inside blobs/ (no separators, no dot segments). */
function blobPath(dir: string, digest: string): string {
  const checked = validate(Digest, digest, 'blob digest');
  const colon = checked.indexOf(':');
  return join(dir, 'blobs', checked.slice(0, colon), checked.slice(colon + 1));
}

const readSmall = (path: string, limit: number, what: string) => readRegularFile(path, limit, `${what} of the OCI layout`);

/** The name of an image in a layout: the annotation may be a bare tag (skopeo) or a whole reference (BuildKit). */
function imageName(dir: string, refName: string | undefined): ImageName {
  if (refName && /[/:@]/.test(refName)) {
    try {
      const ref = parseReference(refName);
      return { registry: null, repository: ref.repository, tag: ref.tag };
    } catch {
      // not a reference after all: treat it as a tag below
    }
  }
  // A layout has no repository; its folder name, made a valid path component, stands in.
  const repository =
    basename(resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'image';
  const tag = refName && /^\w[\w.-]{0,127}$/.test(refName) ? refName : null;
  return { registry: null, repository, tag };
}

export async function openOciLayout(dir: string, tag: string | null, input: string): Promise<ImageSource> {
  const layout = validate(
    LayoutFile,
    parseJsonValue(await readSmall(join(dir, 'oci-layout'), 64 * 1024, 'oci-layout file'), 'oci-layout file'),
    'oci-layout file',
  );
  if (!layout.imageLayoutVersion.startsWith('1.')) {
    throw new LensError('INPUT_INVALID', `The OCI layout ${dir} has version ${layout.imageLayoutVersion}; only 1.x layouts are supported.`);
  }
  const index = validate(
    IndexJson,
    parseJsonValue(await readSmall(join(dir, 'index.json'), MANIFEST_SIZE_LIMIT, 'index.json'), 'index.json'),
    'index.json',
  );
  const tags = index.manifests.map((d) => d.annotations?.[REF_NAME_ANNOTATION]).filter((t): t is string => Boolean(t));
  let chosen: Descriptor | undefined;
  if (tag !== null) {
    chosen = index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === tag);
    if (!chosen) {
      throw new LensError(
        'INPUT_INVALID',
        `The OCI layout ${dir} has no image tagged ${tag}.`,
        tags.length > 0 ? `Tags: ${tags.join(', ')}` : 'It has no tagged images.',
      );
    }
  } else if (index.manifests.length === 1) {
    chosen = index.manifests[0];
  } else {
    throw new LensError(
      'USAGE',
      `The OCI layout ${dir} holds ${index.manifests.length} images; name one as oci:${dir}:TAG.`,
      tags.length > 0 ? `Tags: ${tags.join(', ')}` : undefined,
    );
  }
  const top = chosen!;
  if (!MANIFEST_MEDIA_TYPES.includes(top.mediaType)) {
    throw new LensError('INPUT_INVALID', `The OCI layout entry ${top.digest} has media type ${top.mediaType}, not a manifest or index.`);
  }

  const readManifest = async (digest: string, mediaTypeHint?: string): Promise<SourceManifest> => {
    const bytes = await readSmall(blobPath(dir, digest), MANIFEST_SIZE_LIMIT, `manifest ${digest}`);
    verifyDigest(bytes, digest, `Manifest ${digest} in the OCI layout`);
    const { mediaType } = parseManifest(bytes, mediaTypeHint);
    return { bytes, mediaType, digest: manifestDigest(bytes, mediaType) };
  };

  return {
    kind: 'oci-layout',
    input,
    name: imageName(dir, top.annotations?.[REF_NAME_ANNOTATION] ?? tag ?? undefined),
    manifest: () => readManifest(top.digest, top.mediaType),
    stored: async () => ({
      bytes: await readSmall(blobPath(dir, top.digest), MANIFEST_SIZE_LIMIT, `manifest ${top.digest}`),
      mediaType: top.mediaType,
      descriptor: { mediaType: top.mediaType, digest: top.digest, size: top.size },
    }),
    manifestByDigest: (digest) => readManifest(digest),
    async blob(digest, maxBytes) {
      const bytes = await readSmall(blobPath(dir, digest), maxBytes, `blob ${digest}`);
      verifyDigest(bytes, digest, `Blob ${digest} in the OCI layout`);
      return bytes;
    },
    async blobStream(digest, ctx): Promise<BlobStream> {
      const file = await RegularFile.open(blobPath(dir, digest), `blob ${digest} of the OCI layout`);
      return { stream: file.stream(0, file.size, { signal: ctx?.signal, closeAtEnd: true }), size: file.size };
    },
    close: async () => undefined,
  };
}
