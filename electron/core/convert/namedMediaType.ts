/**
 * A schema 2 body that names no mediaType (some tools write it so; containers/image and this program
 * recognise it by its config type) given the field. distribution 2.8 refuses a schema 2 push whose body
 * does not name its type (400 MANIFEST_INVALID), so a v2s2 result must carry it. Every other field is
 * kept as written, number text and escapes included; the layout becomes Go's MarshalIndent.
 */
import { sha256Digest } from '../digest';
import { jsonString, marshalIndent, parseJsonBytes } from './goJson';
import { changedNote } from './notes';
import type { ConversionResult } from './types';

export function withMediaType(bytes: Uint8Array, mediaType: string): ConversionResult {
  const tree = parseJsonBytes(bytes, 'manifest');
  if (tree.kind !== 'object') throw new TypeError('withMediaType needs a manifest object');
  const at = tree.entries.findIndex((e) => e.key === 'schemaVersion') + 1;
  const entries = [...tree.entries.slice(0, at), { key: 'mediaType', value: jsonString(mediaType) }, ...tree.entries.slice(at)];
  const typed = new TextEncoder().encode(marshalIndent({ kind: 'object', entries }));
  const notes = changedNote(
    'mediaType',
    'The manifest names its media type, which distribution needs in a schema 2 it stores',
    '(none)',
    mediaType,
  );
  return { bytes: typed, mediaType, digest: sha256Digest(typed), notes };
}
