/**
 * OCI image manifest → Docker schema 2. The config blob is referenced unchanged; layer media types map one
 * to one. Refused: OCI artifacts (a config that is not an image config), zstd and encrypted layers, which
 * schema 2 cannot express. Lost, and reported: annotations, artifactType, subject.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { configTypeNote, convertLayers, dockerDescriptor, dockerDescriptorLosses } from './descriptors';
import { sha256Digest } from '../digest';
import { marshalManifest } from './manifestJson';
import { parseManifestOf, type OciManifest } from './manifestTypes';
import { lostFields } from './notes';
import type { ConversionNote, ConversionResult } from './types';

export function ociToSchema2Manifest(manifest: OciManifest): ConversionResult {
  if (manifest.config.mediaType !== MediaType.ociConfig) {
    throw new LensError(
      'CONVERSION_REFUSED',
      `Cannot convert to Docker schema 2: this is an OCI artifact (config type ${manifest.config.mediaType}), not an image.`,
    );
  }
  const notes: ConversionNote[] = lostFields(
    manifest,
    ['schemaVersion', 'mediaType', 'config', 'layers'],
    '',
    'cannot be expressed in Docker schema 2',
  );
  notes.push(...configTypeNote(manifest.config.mediaType, MediaType.dockerConfig));
  notes.push(...dockerDescriptorLosses(manifest.config, 'config'));

  const layers = convertLayers(manifest.layers, 'docker', notes);

  const bytes = marshalManifest({
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: dockerDescriptor(manifest.config, MediaType.dockerConfig),
    layers,
  });
  return { bytes, mediaType: MediaType.dockerSchema2, digest: sha256Digest(bytes), notes };
}

/** OCI manifest bytes → schema 2 bytes; INPUT_INVALID for other input, CONVERSION_REFUSED as above. */
export function ociToSchema2(bytes: Uint8Array): ConversionResult {
  return ociToSchema2Manifest(parseManifestOf(bytes, 'ociManifest', 'an OCI image manifest').manifest);
}
