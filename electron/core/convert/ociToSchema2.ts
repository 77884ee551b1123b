/**
 * OCI image manifest → Docker schema 2. The config blob is referenced unchanged; layer media types map one
 * to one. Refused: OCI artifacts (a config that is not an image config), zstd and encrypted layers, which
 * schema 2 cannot express. Lost, and reported: annotations, artifactType, subject.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { dockerDescriptor, dockerDescriptorLosses } from './descriptors';
import { dockerLayerTypeFor } from './layerTypes';
import { sha256Digest } from '../digest';
import { marshalManifest } from './manifestJson';
import { parseManifestOf, type OciManifest } from './manifestTypes';
import { lostFields, note } from './notes';
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
  notes.push(...dockerDescriptorLosses(manifest.config, 'config'));

  const refusals: string[] = [];
  const layers = manifest.layers.map((layer, i) => {
    const mapped = dockerLayerTypeFor(layer.mediaType);
    notes.push(...dockerDescriptorLosses(layer, `layers[${i}]`));
    if (!mapped.ok) {
      refusals.push(`layers[${i}]: ${mapped.reason}`);
      return null;
    }
    return dockerDescriptor(layer, mapped.mediaType);
  });
  if (refusals.length > 0) {
    throw new LensError('CONVERSION_REFUSED', `Cannot convert to Docker schema 2: ${refusals[0]}.`, refusals.join('\n'));
  }
  if (manifest.layers.length > 0) {
    notes.push(note('changed', 'layers[*].mediaType', 'Layer media types were mapped to their Docker equivalents.'));
  }

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
