/**
 * Docker schema 2 → OCI image manifest. Layer media types change; top-level annotations, which some
 * schema 2 manifests carry, are an OCI manifest field and are kept.
 *
 * The config is referenced with its bytes unchanged by default (a Docker image config is read as an OCI
 * image config, and its digest holds); when the caller has the config, a note lists the fields in it that
 * the OCI image config does not define. Asked for `normalized`, the config is re-written as skopeo
 * writes it for OCI (ociConfig.ts), and the manifest references that new blob instead.
 */
import type { OciConfigMode } from '../../../shared/conversion';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { annotationsDoc, configTypeNote, convertLayers, ociDescriptor, ociDescriptorLosses } from './descriptors';
import { sha256Digest } from '../digest';
import { marshalManifest } from './manifestJson';
import { parseManifestOf, type Descriptor, type Schema2Manifest } from './manifestTypes';
import { changedNote, lostFields, note } from './notes';
import { foreignFieldsNotes, normalizationNotes, normalizeOciConfig } from './ociConfig';
import type { ConversionNote, ConversionResult } from './types';

/**
 * The config blob as the caller has it. Kept, the conversion does not need it (only its note does), so a
 * config that could not be read is given as why (`unread`) and the conversion goes on.
 */
export type OciConfigChoice =
  | { mode: Extract<OciConfigMode, 'kept'>; config: Uint8Array | { unread: string } }
  | { mode: Extract<OciConfigMode, 'normalized'>; config: Uint8Array };

export interface Schema2ToOciResult extends ConversionResult {
  /** The normalised config, when it differs from the source's; it must travel with the manifest. */
  config: { bytes: Uint8Array; mediaType: string; digest: string } | null;
}

const unchecked = (why: string) =>
  note('unverified', 'config', `The config was not checked for fields the OCI image config does not define: ${why}`);

/** The source config referenced as it is, with what in it OCI does not define. */
function keptConfigNotes(descriptor: Descriptor, config: Uint8Array | { unread: string }): ConversionNote[] {
  if (!(config instanceof Uint8Array)) return [unchecked(config.unread)];
  try {
    return foreignFieldsNotes(config, `The config keeps its bytes (${descriptor.digest} holds), so as an OCI config it`);
  } catch (e) {
    if (e instanceof LensError) return [unchecked(e.message)];
    throw e;
  }
}

/** The config re-written as skopeo writes it, the notes saying what that changed, and the descriptor to reference. */
function normalizedConfig(descriptor: Descriptor, bytes: Uint8Array) {
  const normalized = normalizeOciConfig(bytes);
  const digest = sha256Digest(normalized.bytes);
  const notes = [
    ...(digest === descriptor.digest
      ? configTypeNote(descriptor.mediaType, MediaType.ociConfig)
      : changedNote(
          'config',
          `The config was re-written as an OCI image config (${MediaType.ociConfig}), as skopeo writes it`,
          descriptor.digest,
          digest,
        )),
    ...normalizationNotes(normalized),
  ];
  if (digest === descriptor.digest) return { notes, descriptor, config: null };
  const config = { bytes: normalized.bytes, mediaType: MediaType.ociConfig, digest };
  return { notes, descriptor: { ...descriptor, digest, size: normalized.bytes.length }, config };
}

export function schema2ToOciManifest(manifest: Schema2Manifest, configChoice?: OciConfigChoice): Schema2ToOciResult {
  const notes: ConversionNote[] = lostFields(
    manifest,
    ['schemaVersion', 'mediaType', 'config', 'layers', 'annotations'],
    '',
    'is not part of an OCI image manifest',
  );

  let descriptor = manifest.config;
  let config: Schema2ToOciResult['config'] = null;
  if (configChoice?.mode === 'normalized') {
    const normalized = normalizedConfig(manifest.config, configChoice.config);
    ({ descriptor, config } = normalized);
    notes.push(...normalized.notes);
  } else {
    notes.push(...configTypeNote(manifest.config.mediaType, MediaType.ociConfig));
    if (configChoice) notes.push(...keptConfigNotes(manifest.config, configChoice.config));
  }
  notes.push(...ociDescriptorLosses(manifest.config, 'config'));

  const layers = convertLayers(manifest.layers, 'oci', notes);

  const bytes = marshalManifest({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: ociDescriptor(descriptor, MediaType.ociConfig),
    layers,
    annotations: annotationsDoc(manifest.annotations),
  });
  return { bytes, mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), notes, config };
}

/** Schema 2 bytes → OCI manifest bytes; INPUT_INVALID for other input, CONVERSION_REFUSED for unknown layer types. */
export function schema2ToOci(bytes: Uint8Array, configChoice?: OciConfigChoice): Schema2ToOciResult {
  return schema2ToOciManifest(parseManifestOf(bytes, 'schema2', 'a Docker schema 2 manifest').manifest, configChoice);
}
