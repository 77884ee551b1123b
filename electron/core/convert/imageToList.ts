/**
 * One image → a Docker manifest list or OCI index with that image as its only entry, the way
 * `docker manifest create` or `crane index append` would list it: the entry is the manifest as it is
 * (same bytes, same digest), and its platform comes from the image config. Schema 1 is refused: it has
 * no config blob to state a platform, and a registry would have to store it; upgrade it first.
 *
 * An OCI artifact (a config that is not an image config) has no platform. An OCI index lists it by its
 * artifactType, which is the manifest's artifactType or else its config's media type (the image-spec's
 * descriptor rule, and what the referrers API reports); a Docker manifest list holds only images, so it
 * is refused. An image whose manifest sets artifactType keeps it in its index entry.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { sha256Digest } from '../digest';
import { dockerDescriptor, ociDescriptor } from './descriptors';
import { marshalManifest, type JsonDoc } from './manifestJson';
import { parseImageConfig, parseManifest, type ParsedManifest, type Platform } from './manifestTypes';
import { note } from './notes';
import { formatPlatform } from './selectPlatform';
import type { ConversionNote, ConversionResult } from './types';

export type ListTarget = 'docker-list' | 'oci-index';

export interface ImageToList {
  /** The image manifest exactly as stored, and the digest it is stored under. */
  manifest: Uint8Array;
  digest: string;
  /** The config blob it references; read only when it is an image config (see needsConfig). */
  config?: Uint8Array;
}

const IMAGE_CONFIG_TYPES: readonly string[] = [MediaType.dockerConfig, MediaType.ociConfig];

type ListedImage = Extract<ParsedManifest, { kind: 'schema2' | 'ociManifest' }>;

/**
 * Whether the config is an image config, which states the platform an entry needs. A schema 2 config is
 * one by definition, whatever type it is referenced by (some tools wrote application/octet-stream); an
 * OCI manifest's is one only when typed as an image config.
 */
export function needsConfig(image: ListedImage): boolean {
  return image.kind === 'schema2' || IMAGE_CONFIG_TYPES.includes(image.manifest.config.mediaType);
}

/** The artifactType an index entry names: the manifest's own, else a non-image config's media type. */
function artifactTypeOf(image: ListedImage): string | undefined {
  const declared = image.kind === 'ociManifest' ? image.manifest.artifactType : undefined;
  return declared ?? (needsConfig(image) ? undefined : image.manifest.config.mediaType);
}

/** The platform as the config states it; `os.version` and `os.features` are there for Windows images. */
function platformOf(config: Uint8Array): Platform {
  const parsed = parseImageConfig(config);
  const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : undefined);
  const features = parsed['os.features'];
  return {
    architecture: parsed.architecture,
    os: parsed.os,
    'os.version': text('os.version'),
    'os.features': Array.isArray(features) && features.every((f) => typeof f === 'string') ? features : undefined,
    variant: parsed.variant,
  };
}

export function imageToList(input: ImageToList, target: ListTarget): ConversionResult {
  const image = parseManifest(input.manifest);
  if (image.kind !== 'schema2' && image.kind !== 'ociManifest') {
    const what = image.kind === 'schema1' ? 'a schema 1 image; convert it to v2s2 or oci first' : 'already a list';
    throw new LensError('CONVERSION_REFUSED', `Cannot make a one-entry list: the source is ${what}.`);
  }
  const artifactType = artifactTypeOf(image);
  if (!needsConfig(image)) return artifactToList(input, image, artifactType!, target);
  if (!input.config)
    throw new LensError('INPUT_INVALID', 'Cannot make a one-entry list without the image config, which states its platform.');
  const platform = platformOf(input.config);
  const entry = { mediaType: image.mediaType, digest: input.digest, size: input.manifest.length, platform, artifactType };
  const notes: ConversionNote[] = [
    note(
      'changed',
      'manifests',
      `The image ${input.digest} became the only entry of a new list, for ${formatPlatform(platform)} as its config states.`,
    ),
  ];
  if (target === 'oci-index') return listResult(MediaType.ociIndex, ociDescriptor(entry, entry.mediaType), notes);
  if (image.kind === 'ociManifest') {
    notes.push(
      note(
        'changed',
        'manifests[0]',
        'The entry stays an OCI manifest, which Docker 20.10 and later read; convert it to v2s2 too for older clients.',
      ),
    );
  }
  if (artifactType !== undefined) {
    notes.push(
      note(
        'lost',
        'manifests[0].artifactType',
        `The entry does not name the manifest's artifactType ${artifactType}: a Docker list entry cannot carry it (the manifest itself keeps it).`,
      ),
    );
  }
  return listResult(MediaType.dockerList, dockerDescriptor(entry, entry.mediaType), notes);
}

/** An artifact's entry has no platform; only an OCI index can list it. */
function artifactToList(input: ImageToList, image: ListedImage, artifactType: string, target: ListTarget): ConversionResult {
  if (target === 'docker-list') {
    throw new LensError(
      'CONVERSION_REFUSED',
      `Cannot make a Docker manifest list: the source is an OCI artifact (${artifactType}), not an image, and a Docker list holds only images with a platform; use --to oci-index.`,
    );
  }
  const entry = { mediaType: image.mediaType, digest: input.digest, size: input.manifest.length, artifactType };
  const notes = [
    note(
      'changed',
      'manifests',
      `The artifact ${input.digest} became the only entry of a new index, as artifactType ${artifactType} and without a platform (an artifact has none).`,
    ),
  ];
  return listResult(MediaType.ociIndex, ociDescriptor(entry, entry.mediaType), notes);
}

function listResult(mediaType: string, entry: JsonDoc, notes: ConversionNote[]): ConversionResult {
  const bytes = marshalManifest({ schemaVersion: 2, mediaType, manifests: [entry] });
  return { bytes, mediaType, digest: sha256Digest(bytes), notes };
}
