/**
 * Docker schema 2 → OCI image manifest. The config blob is referenced unchanged (a Docker image config is
 * a valid OCI image config), so the image needs no new blob; only media types change. Top-level
 * annotations, which some schema 2 manifests carry, are an OCI manifest field and are kept.
 */
import { MediaType } from '../../../shared/mediaTypes';
import { annotationsDoc, configTypeNote, convertLayers, ociDescriptor, ociDescriptorLosses } from './descriptors';
import { sha256Digest } from '../digest';
import { marshalManifest } from './manifestJson';
import { parseManifestOf, type Schema2Manifest } from './manifestTypes';
import { lostFields } from './notes';
import type { ConversionNote, ConversionResult } from './types';

export function schema2ToOciManifest(manifest: Schema2Manifest): ConversionResult {
  const notes: ConversionNote[] = lostFields(
    manifest,
    ['schemaVersion', 'mediaType', 'config', 'layers', 'annotations'],
    '',
    'is not part of an OCI image manifest',
  );

  notes.push(...configTypeNote(manifest.config.mediaType, MediaType.ociConfig));
  notes.push(...ociDescriptorLosses(manifest.config, 'config'));

  const layers = convertLayers(manifest.layers, 'oci', notes);

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
