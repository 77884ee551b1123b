/**
 * Docker schema 2 → OCI image manifest. The config blob is referenced unchanged (a Docker image config is
 * a valid OCI image config), so the image needs no new blob; only media types change. Top-level
 * annotations, which some schema 2 manifests carry, are an OCI manifest field and are kept.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { annotationsDoc, ociDescriptor, ociDescriptorLosses } from './descriptors';
import { ociLayerTypeFor } from './layerTypes';
import { sha256Digest } from '../digest';
import { marshalManifest } from './manifestJson';
import { parseManifestOf, type Schema2Manifest } from './manifestTypes';
import { lostFields, note } from './notes';
import type { ConversionNote, ConversionResult } from './types';

export function schema2ToOciManifest(manifest: Schema2Manifest): ConversionResult {
  const notes: ConversionNote[] = lostFields(
    manifest,
    ['schemaVersion', 'mediaType', 'config', 'layers', 'annotations'],
    '',
    'is not part of an OCI image manifest',
  );

  if (manifest.config.mediaType !== MediaType.dockerConfig) {
    notes.push(
      note('changed', 'config.mediaType', `The config was typed ${manifest.config.mediaType}; it is referenced as ${MediaType.ociConfig}.`),
    );
  }
  notes.push(...ociDescriptorLosses(manifest.config, 'config'));

  const refusals: string[] = [];
  const layers = manifest.layers.map((layer, i) => {
    const mapped = ociLayerTypeFor(layer.mediaType);
    notes.push(...ociDescriptorLosses(layer, `layers[${i}]`));
    if (!mapped.ok) {
      refusals.push(`layers[${i}]: ${mapped.reason}`);
      return null;
    }
    return ociDescriptor(layer, mapped.mediaType);
  });
  if (refusals.length > 0) {
    throw new LensError('CONVERSION_REFUSED', `Cannot convert to OCI: ${refusals[0]}.`, refusals.join('\n'));
  }
  if (manifest.layers.length > 0) {
    notes.push(note('changed', 'layers[*].mediaType', 'Layer media types were mapped to their OCI equivalents.'));
  }

  const bytes = marshalManifest({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: ociDescriptor(manifest.config, MediaType.ociConfig),
    layers,
    annotations: annotationsDoc(manifest.annotations),
  });
  return { bytes, mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), notes };
}

/** Schema 2 bytes → OCI manifest bytes; INPUT_INVALID for other input, CONVERSION_REFUSED for unknown layer types. */
export function schema2ToOci(bytes: Uint8Array): ConversionResult {
  return schema2ToOciManifest(parseManifestOf(bytes, 'schema2', 'a Docker schema 2 manifest').manifest);
}
