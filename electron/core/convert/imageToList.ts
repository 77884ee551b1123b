/**
 * One image → a Docker manifest list or OCI index with that image as its only entry, the way
 * `docker manifest create` or `crane index append` would list it: the entry is the manifest as it is
 * (same bytes, same digest), and its platform comes from the image config. Schema 1 is refused: it has
 * no config blob to state a platform, and a registry would have to store it; upgrade it first.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { sha256Digest } from '../digest';
import { dockerDescriptor, ociDescriptor } from './descriptors';
import { marshalManifest } from './manifestJson';
import { parseImageConfig, parseManifest, type Platform } from './manifestTypes';
import { note } from './notes';
import { formatPlatform } from './selectPlatform';
import type { ConversionNote, ConversionResult } from './types';

export type ListTarget = 'docker-list' | 'oci-index';

export interface ImageToList {
  /** The image manifest exactly as stored, and the digest it is stored under. */
  manifest: Uint8Array;
  digest: string;
  /** The config blob it references. */
  config: Uint8Array;
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
  const platform = platformOf(input.config);
  const entry = { mediaType: image.mediaType, digest: input.digest, size: input.manifest.length, platform };
  const notes: ConversionNote[] = [
    note(
      'changed',
      'manifests',
      `The image ${input.digest} became the only entry of a new list, for ${formatPlatform(platform)} as its config states.`,
    ),
  ];
  if (target === 'docker-list' && image.kind === 'ociManifest') {
    notes.push(
      note(
        'changed',
        'manifests[0]',
        'The entry stays an OCI manifest, which Docker 20.10 and later read; convert it to v2s2 too for older clients.',
      ),
    );
  }
  const [mediaType, doc] =
    target === 'docker-list'
      ? [MediaType.dockerList, { schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [dockerDescriptor(entry, entry.mediaType)] }]
      : [MediaType.ociIndex, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [ociDescriptor(entry, entry.mediaType)] }];
  const bytes = marshalManifest(doc);
  return { bytes, mediaType, digest: sha256Digest(bytes), notes };
}
