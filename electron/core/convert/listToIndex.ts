/**
 * Docker manifest list ↔ OCI image index. Children are referenced as they are, or, when the caller passes
 * `convertChild`, replaced by their converted form (the caller has their bytes; these functions stay pure).
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { dockerDescriptor, dockerDescriptorLosses, ociDescriptor, ociDescriptorLosses } from './descriptors';
import { sha256Digest } from '../digest';
import { marshalManifest, type JsonDoc } from './manifestJson';
import { parseManifestOf, type Descriptor } from './manifestTypes';
import { changedNote, childNotes, lostFields, note } from './notes';
import type { ConversionNote, ConversionResult } from './types';

/**
 * Converts one child. Return undefined to keep the child as it is. A CONVERSION_REFUSED thrown here keeps
 * the child unconverted and becomes a 'refused' note; any other error aborts the whole conversion.
 */
export type ConvertChild = (descriptor: Descriptor, position: number) => ConversionResult | undefined;

/** The child's descriptor after `convertChild`, and the notes that go with it. */
function resolveChild(d: Descriptor, i: number, convertChild: ConvertChild | undefined): { d: Descriptor; notes: ConversionNote[] } {
  const path = `manifests[${i}]`;
  let converted: ConversionResult | undefined;
  try {
    converted = convertChild?.(d, i);
  } catch (e) {
    if (e instanceof LensError && e.code === 'CONVERSION_REFUSED') {
      return { d, notes: [note('refused', path, `Child ${d.digest} kept unconverted: ${e.message}`)] };
    }
    throw e;
  }
  if (!converted) return { d, notes: [] };
  const replaced = { ...d, mediaType: converted.mediaType, digest: converted.digest, size: converted.bytes.length };
  return {
    d: replaced,
    notes: [
      ...changedNote(path, 'The child was replaced by its conversion', d.digest, converted.digest),
      ...childNotes(path, converted.notes),
    ],
  };
}

function result(doc: JsonDoc, mediaType: string, notes: ConversionNote[]): ConversionResult {
  const bytes = marshalManifest(doc);
  return { bytes, mediaType, digest: sha256Digest(bytes), notes };
}

/** Docker manifest list bytes → OCI image index bytes. */
export function listToIndex(bytes: Uint8Array, convertChild?: ConvertChild): ConversionResult {
  const list = parseManifestOf(bytes, 'dockerList', 'a Docker manifest list').manifest;
  const notes: ConversionNote[] = lostFields(list, ['schemaVersion', 'mediaType', 'manifests'], '', 'is not part of an OCI image index');
  const manifests = list.manifests.map((entry, i) => {
    notes.push(...ociDescriptorLosses(entry, `manifests[${i}]`));
    const child = resolveChild(entry, i, convertChild);
    notes.push(...child.notes);
    return ociDescriptor(child.d, child.d.mediaType);
  });
  if (!convertChild && list.manifests.some((entry) => entry.mediaType !== MediaType.ociManifest)) {
    notes.push(
      note(
        'changed',
        'manifests',
        'Children stay Docker manifests, which an OCI index may reference; convert them too for a pure OCI image.',
      ),
    );
  }
  return result({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, MediaType.ociIndex, notes);
}

const NESTED_INDEX_TYPES: readonly string[] = [MediaType.ociIndex, MediaType.dockerList];

/**
 * OCI image index bytes → Docker manifest list bytes. Entries a list cannot hold (no platform, or a nested
 * index) are left out and reported; CONVERSION_REFUSED when none remains.
 */
export function indexToList(bytes: Uint8Array, convertChild?: ConvertChild): ConversionResult {
  const index = parseManifestOf(bytes, 'ociIndex', 'an OCI image index').manifest;
  const notes: ConversionNote[] = lostFields(
    index,
    ['schemaVersion', 'mediaType', 'manifests'],
    '',
    'cannot be expressed in a Docker manifest list',
  );
  const manifests: JsonDoc[] = [];
  index.manifests.forEach((entry, i) => {
    const path = `manifests[${i}]`;
    if (!entry.platform) {
      notes.push(
        note(
          'lost',
          path,
          `Entry ${entry.digest} (${entry.mediaType}) was left out: a Docker manifest list needs a platform for every entry.`,
        ),
      );
      return;
    }
    if (NESTED_INDEX_TYPES.includes(entry.mediaType)) {
      notes.push(note('lost', path, `Entry ${entry.digest} was left out: a Docker manifest list cannot contain another list.`));
      return;
    }
    notes.push(...dockerDescriptorLosses(entry, path));
    const child = resolveChild(entry, i, convertChild);
    notes.push(...child.notes);
    manifests.push(dockerDescriptor(child.d, child.d.mediaType));
  });
  if (!convertChild && index.manifests.some((entry) => entry.mediaType === MediaType.ociManifest)) {
    notes.push(
      note('changed', 'manifests', 'Children stay OCI manifests, which Docker 20.10 and later read; convert them too for older clients.'),
    );
  }
  if (manifests.length === 0 && index.manifests.length > 0) {
    throw new LensError(
      'CONVERSION_REFUSED',
      'Cannot convert to a Docker manifest list: no entry of this index has a platform and an image manifest.',
    );
  }
  return result({ schemaVersion: 2, mediaType: MediaType.dockerList, manifests }, MediaType.dockerList, notes);
}
