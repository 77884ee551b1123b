/**
 * Schema 1 → Docker schema 2 or OCI, the "rescue" for images that clients of today can no longer pull.
 * The image config is rebuilt from the schema 1 history, the way containers/image does it: the newest
 * v1Compatibility entry is the old config (its own fields kept as their exact source text), and every
 * entry adds one history item. Throwaway entries become empty_layer history and leave the layer list.
 * Layer sizes and diffIDs are not in schema 1: the caller streams each blob that
 * `layersNeedingDiffIds` names through computeDiffId (diffIds.ts) and passes the results in.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { dockerDescriptor, ociDescriptor } from './descriptors';
import type { LayerDigests } from './diffIds';
import { jsonArray, jsonObject, jsonString, marshalCompact, parseJson, sortedByGoKeys, type JsonNode } from './goJson';
import { GO_ZERO_TIME, goRfc3339Nano } from './goTime';
import { dockerLayerTypeFor, OciLayerType } from './layerTypes';
import { sha256Digest } from '../digest';
import { marshalManifest, type JsonDoc } from './manifestJson';
import { parseJsonValue, parseManifestOf, V1Compatibility, validate, type Schema1Manifest } from './manifestTypes';
import { changedNote, note } from './notes';
import { foreignFieldsNotes, normalizationNotes, normalizeOciConfig } from './ociConfig';
import type { OciConfigMode } from '../../../shared/conversion';
import type { ConversionNote, ConversionResult } from './types';

export type UpgradeTarget = 'v2s2' | 'oci';

export interface UpgradeResult extends ConversionResult {
  /** The new config blob the manifest references; it must be pushed or exported with it. */
  config: { bytes: Uint8Array; mediaType: string; digest: string };
}

/** One schema 1 history entry with its layer, oldest first. */
interface Schema1Entry {
  blobSum: string;
  compat: V1Compatibility;
  /** The v1Compatibility text as stored. */
  text: string;
}

const V1_ID = /^[a-f0-9]{64}$/;

/** Fields of the old v1 config that have no place in a schema 2 config (containers/image drops the same). */
const V1_ONLY_FIELDS = new Set(['id', 'parent', 'parent_id', 'layer_id', 'throwaway', 'Size']);

/**
 * Reads and checks the schema 1 layer chain, oldest entry first. Consecutive entries with the same v1 ID
 * (old Docker pushed such repeats) are collapsed; a broken parent chain is INPUT_INVALID.
 */
function readEntries(manifest: Schema1Manifest, notes: ConversionNote[]): Schema1Entry[] {
  if (manifest.history.length === 0)
    throw new LensError('INPUT_INVALID', 'The schema 1 manifest has no history, so there is no image to rebuild.');
  const newestFirst = manifest.history.map((h, i): Schema1Entry => {
    const compat = validate(
      V1Compatibility,
      parseJsonValue(new TextEncoder().encode(h.v1Compatibility), `v1Compatibility of history[${i}]`),
      `v1Compatibility of history[${i}]`,
    );
    if (!V1_ID.test(compat.id)) throw new LensError('INPUT_INVALID', `history[${i}] has an invalid v1 ID ${JSON.stringify(compat.id)}.`);
    return { blobSum: manifest.fsLayers[i]!.blobSum, compat, text: h.v1Compatibility };
  });
  if (newestFirst.at(-1)!.compat.parent)
    throw new LensError('INPUT_INVALID', 'The oldest schema 1 history entry names a parent; the layer chain is incomplete.');

  const entries: Schema1Entry[] = [];
  for (const entry of newestFirst.toReversed()) {
    const previous = entries.at(-1);
    if (previous?.compat.id === entry.compat.id) {
      notes.push(note('changed', 'history', `A repeated entry for v1 ID ${entry.compat.id} was collapsed into one.`));
      continue;
    }
    if ((entry.compat.parent ?? '') !== (previous?.compat.id ?? '')) {
      throw new LensError(
        'INPUT_INVALID',
        `The schema 1 layer chain is broken: ${entry.compat.id} names parent ${entry.compat.parent || '(none)'}, expected ${previous?.compat.id ?? '(none)'}.`,
      );
    }
    if (entries.some((e) => e.compat.id === entry.compat.id)) {
      throw new LensError('INPUT_INVALID', `The v1 ID ${entry.compat.id} appears more than once in the schema 1 history.`);
    }
    entries.push(entry);
  }
  return entries;
}

/** The blobs whose diffID, size and compression the upgrade needs, oldest first, each once. */
export function layersNeedingDiffIds(schema1: Uint8Array): string[] {
  const manifest = parseManifestOf(schema1, 'schema1', 'a Docker schema 1 manifest').manifest;
  const blobs = readEntries(manifest, [])
    .filter((e) => !e.compat.throwaway)
    .map((e) => e.blobSum);
  return [...new Set(blobs)];
}

/**
 * One config history item, as containers/image derives it: `created` is always written, as Go's time.Time
 * writes the entry's time (Go's zero time included; a missing one becomes it), and the command is
 * container_config.Cmd joined by spaces.
 */
function historyItem(compat: V1Compatibility, path: string, notes: ConversionNote[]): JsonNode {
  const item: Array<[string, JsonNode]> = [];
  const created = compat.created === undefined ? GO_ZERO_TIME : goRfc3339NanoAt(compat.created, path);
  const what = compat.created === undefined ? 'The entry names no time; Go writes its zero time for none' : "Written in Go's format";
  notes.push(...changedNote(`${path}.created`, what, compat.created ?? '(none)', created));
  item.push(['created', jsonString(created)]);
  if (compat.author) item.push(['author', jsonString(compat.author)]);
  const createdBy = (compat.container_config?.Cmd ?? []).join(' ');
  if (createdBy) item.push(['created_by', jsonString(createdBy)]);
  if (compat.comment) item.push(['comment', jsonString(compat.comment)]);
  if (compat.throwaway) item.push(['empty_layer', { kind: 'boolean', value: true }]);
  return jsonObject(item);
}

function goRfc3339NanoAt(text: string, path: string): string {
  try {
    return goRfc3339Nano(text);
  } catch (e) {
    if (e instanceof LensError) throw new LensError('INPUT_INVALID', `${path}: ${e.message}`);
    throw e;
  }
}

/** The newest v1Compatibility turned into a config: v1-only fields out, rootfs and history in, keys sorted. */
function rebuildConfig(entries: Schema1Entry[], diffIds: string[], notes: ConversionNote[]): Uint8Array {
  const newest = entries.at(-1)!;
  let top: JsonNode;
  try {
    top = parseJson(newest.text);
  } catch (e) {
    if (e instanceof LensError)
      throw new LensError('INPUT_INVALID', `The newest v1Compatibility entry is not valid JSON: ${e.message}`, e.detail);
    throw e;
  }
  if (top.kind !== 'object') throw new LensError('INPUT_INVALID', 'The newest v1Compatibility entry is not a JSON object.');
  const rootfs = jsonObject([
    ['type', jsonString('layers')],
    ['diff_ids', jsonArray(diffIds.map(jsonString))],
  ]);
  const history = jsonArray(entries.map((e, i) => historyItem(e.compat, `history[${entries.length - 1 - i}]`, notes)));
  const kept = top.entries.filter((e) => !V1_ONLY_FIELDS.has(e.key) && e.key !== 'rootfs' && e.key !== 'history');
  const config = sortedByGoKeys([...kept, { key: 'rootfs', value: rootfs }, { key: 'history', value: history }]);
  return new TextEncoder().encode(marshalCompact(config));
}

const OCI_TYPE_BY_COMPRESSION = { gzip: OciLayerType.gzip, none: OciLayerType.tar, zstd: OciLayerType.zstd } as const;

/**
 * Schema 1 bytes plus what streaming its layers found → a schema 2 or OCI manifest and its new config.
 * `layers` maps each blobSum of `layersNeedingDiffIds` to its computeDiffId result. Errors: INPUT_INVALID
 * for a malformed schema 1, CONVERSION_REFUSED for a zstd layer into schema 2, INTERNAL for a missing layer.
 */
export function upgradeFromSchema1(
  schema1: Uint8Array,
  layers: ReadonlyMap<string, LayerDigests>,
  target: UpgradeTarget,
  ociConfig: OciConfigMode = 'kept',
): UpgradeResult {
  const parsed = parseManifestOf(schema1, 'schema1', 'a Docker schema 1 manifest');
  const notes: ConversionNote[] = [];
  const entries = readEntries(parsed.manifest, notes);

  const refusals: string[] = [];
  const diffIds: string[] = [];
  const layerDocs: JsonDoc[] = [];
  for (const entry of entries) {
    if (entry.compat.throwaway) continue;
    const info = layers.get(entry.blobSum);
    if (!info) throw new LensError('INTERNAL', `No diffID was computed for layer ${entry.blobSum}.`);
    const ociType = OCI_TYPE_BY_COMPRESSION[info.compression];
    const mapped = target === 'oci' ? { ok: true as const, mediaType: ociType } : dockerLayerTypeFor(ociType);
    if (!mapped.ok) {
      refusals.push(`layer ${entry.blobSum}: ${mapped.reason}`);
      continue;
    }
    diffIds.push(info.diffId);
    const layer = { mediaType: mapped.mediaType, size: info.size, digest: entry.blobSum };
    layerDocs.push(target === 'oci' ? ociDescriptor(layer, mapped.mediaType) : dockerDescriptor(layer, mapped.mediaType));
  }
  if (refusals.length > 0) {
    throw new LensError(
      'CONVERSION_REFUSED',
      `Cannot rebuild as Docker schema 2: ${refusals[0]}; convert to OCI instead.`,
      refusals.join('\n'),
    );
  }

  // containers/image upgrades schema 1 to OCI through schema 2, so skopeo's OCI config is the schema 2
  // config normalised (ociConfig.ts); kept, the config is the schema 2 one, referenced as an OCI config.
  const rebuilt = rebuildConfig(entries, diffIds, notes);
  const normalized = target === 'oci' && ociConfig === 'normalized' ? normalizeOciConfig(rebuilt) : null;
  const configBytes = normalized?.bytes ?? rebuilt;
  if (normalized) notes.push(...normalizationNotes(normalized));
  else if (target === 'oci') notes.push(...foreignFieldsNotes(rebuilt, 'The rebuilt config, referenced as an OCI config,'));
  const configType = target === 'oci' ? MediaType.ociConfig : MediaType.dockerConfig;
  const config = { bytes: configBytes, mediaType: configType, digest: sha256Digest(configBytes) };
  const configRef = { mediaType: configType, size: configBytes.length, digest: config.digest };
  const mediaType = target === 'oci' ? MediaType.ociManifest : MediaType.dockerSchema2;
  const bytes = marshalManifest({
    schemaVersion: 2,
    mediaType,
    config: target === 'oci' ? ociDescriptor(configRef, configType) : dockerDescriptor(configRef, configType),
    layers: layerDocs,
  });

  const throwaways = entries.filter((e) => e.compat.throwaway).length;
  const written = normalized ? ', written as skopeo writes an OCI config' : '';
  notes.push(note('changed', 'config', `A new config (${config.digest}) was rebuilt from the v1Compatibility history${written}.`));
  if (throwaways > 0) {
    notes.push(
      note(
        'changed',
        'fsLayers',
        `${throwaways} throwaway entr${throwaways === 1 ? 'y' : 'ies'} left the layer list and stay in the config history as empty_layer.`,
      ),
    );
  }
  if (!entries.at(-1)!.compat.container_config?.Cmd?.length) {
    notes.push(
      note(
        'lost',
        'history[0].created_by',
        "The newest history entry is rebuilt from the old config's own fields; its command was kept only in container_config.Cmd, which this image lacks.",
      ),
    );
  }
  notes.push(note('lost', 'name', 'Schema 2 and OCI manifests do not name their repository or tag.'));
  if (parsed.manifest.signatures !== undefined) {
    notes.push(note('lost', 'signatures', 'The schema 1 signature covers the schema 1 document only and cannot carry over.'));
  }
  return { bytes, mediaType, digest: sha256Digest(bytes), notes, config };
}
