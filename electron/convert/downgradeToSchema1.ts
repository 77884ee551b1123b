/**
 * Docker schema 2 or OCI image manifest → Docker v2 schema 1, byte for byte the payload CNCF
 * distribution 2.8 serves when an old client asks for a schema 2 image by tag (registry/handlers/
 * manifests.go, manifest/schema1/config_builder.go), then signed with libtrust's pretty JWS or left
 * unsigned.
 *
 * The algorithm, in distribution's terms:
 * - the config is read as Go reads it into a struct: keys matched case-insensitively, the last
 *   duplicate wins, null leaves a field empty, a value of the wrong type is an error;
 * - one schema 1 entry per config history entry, newest first; an empty_layer entry points at the
 *   gzipped empty tar, every other one at the next layer in order;
 * - v1 IDs chain: sha256(blob hex + " " + parent ID); the newest also hashes " " + the config bytes;
 * - older entries are small JSON objects (id, parent, comment, created, container_config.Cmd, author,
 *   throwaway) with times re-written by Go; the newest is the config object itself without rootfs
 *   and history, plus id, parent and throwaway, keys sorted, every value kept as its source text;
 * - the document is Go's MarshalIndent with three spaces.
 */
import { createHash } from 'node:crypto';
import { LensError } from '../errors';
import { MediaType } from '../../shared/mediaTypes';
import {
  jsonArray,
  jsonBool,
  jsonInteger,
  jsonObject,
  jsonString,
  marshalCompact,
  marshalIndent,
  parseJsonBytes,
  sortedByGoKeys,
  type JsonEntry,
  type JsonNode,
} from './goJson';
import { GO_ZERO_TIME, goRfc3339Nano } from './goTime';
import { sha256Digest } from './manifestJson';
import { parseManifest, type Descriptor, type OciManifest, type Schema2Manifest } from './manifestTypes';
import { lostFields, note } from './notes';
import { signPrettyJws, type SigningKey } from './prettyJws';
import type { ConversionNote, ConversionResult } from './types';

/** The gzipped empty tar distribution uses for empty layers; the repository must hold it as a blob. */
export const GZIPPED_EMPTY_TAR = new Uint8Array([
  31, 139, 8, 0, 0, 9, 110, 136, 0, 255, 98, 24, 5, 163, 96, 20, 140, 88, 0, 8, 0, 0, 255, 255, 46, 175, 181, 239, 0, 4, 0, 0,
]);
export const EMPTY_TAR_DIGEST = 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';

export interface DowngradeInput {
  /** A Docker schema 2 or OCI image manifest. */
  manifest: Uint8Array;
  /** The config blob it references, exactly as stored. */
  config: Uint8Array;
  /** Repository path without the registry host (`library/debian`), written as `name`. */
  repository: string;
  tag: string;
}

export interface DowngradeOptions {
  /** Signed pretty JWS (default) or unsigned v1+json. */
  signed?: boolean;
  /** Signing key; an ephemeral P-256 key when absent. */
  key?: SigningKey;
  /** The signature's time (tests). */
  now?: Date;
}

export interface Schema1Payload {
  /** The unsigned document, identical to distribution's canonical payload. */
  payload: Uint8Array;
  notes: ConversionNote[];
}

// ---------------------------------------------------------------------------------------------------
// Refusals, in distribution's words where it has them

const refuse = (why: string, detail?: string) => new LensError('CONVERSION_REFUSED', `Cannot write schema 1: ${why}.`, detail);
const badConfig = (why: string) => new LensError('INPUT_INVALID', `Cannot write schema 1: the image config is unreadable to distribution: ${why}.`);

// ---------------------------------------------------------------------------------------------------
// Reading the config as Go's encoding/json fills distribution's structs

/** Go matches JSON keys to struct fields ignoring ASCII case, and folds ſ to s and the Kelvin sign to k. */
const foldKey = (key: string) =>
  /^[a-z_]*$/.test(key) ? key : key.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Every entry of an object that Go would decode into the field `name`, in document order. */
function fieldEntries(node: JsonNode, name: string): JsonNode[] {
  return node.kind === 'object' ? node.entries.filter((e) => foldKey(e.key) === name).map((e) => e.value) : [];
}

/** A string field: absent or null is "", anything but a string is Go's UnmarshalTypeError. */
function stringField(node: JsonNode, name: string, where: string): string {
  let value = '';
  for (const v of fieldEntries(node, name)) {
    if (v.kind === 'string') value = v.value;
    else if (v.kind !== 'null') throw badConfig(`${where}.${name} is not a string`);
  }
  return value;
}

function boolField(node: JsonNode, name: string, where: string): boolean {
  let value = false;
  for (const v of fieldEntries(node, name)) {
    if (v.kind === 'boolean') value = v.value;
    else if (v.kind !== 'null') throw badConfig(`${where}.${name} is not a boolean`);
  }
  return value;
}

/** time.Time as Go 1.19 decodes and re-encodes it; the zero time when absent or null. */
function timeField(node: JsonNode, where: string): { text: string; source: string | null } {
  let result: { text: string; source: string | null } = { text: GO_ZERO_TIME, source: null };
  for (const v of fieldEntries(node, 'created')) {
    if (v.kind === 'null') continue;
    // Go parses the quoted source text itself, so an escape anywhere makes it unreadable.
    if (v.kind !== 'string' || v.raw === undefined || v.raw.includes('\\')) throw badConfig(`${where}.created is not an RFC 3339 time`);
    result = { text: goRfc3339Nano(v.value), source: v.value };
  }
  return result;
}

/**
 * The one value a slice or pointer field holds. Go decodes a second occurrence into what the first left
 * behind, merging them; rather than imitate that, such configs are refused.
 */
function singleField(node: JsonNode, name: string): JsonNode | undefined {
  const values = fieldEntries(node, name);
  if (values.length > 1) throw refuse(`the config has ${values.length} "${name}" keys, which distribution merges unpredictably`);
  return values[0];
}

interface HistoryItem {
  created: { text: string; source: string | null };
  author: string;
  createdBy: string;
  comment: string;
  emptyLayer: boolean;
  /** Keys distribution ignores, so schema 1 loses them. */
  ignored: string[];
}

const HISTORY_FIELDS = ['created', 'author', 'created_by', 'comment', 'empty_layer'];

function readHistoryItem(node: JsonNode, i: number): HistoryItem {
  const where = `history[${i}]`;
  if (node.kind !== 'object' && node.kind !== 'null') throw badConfig(`${where} is not an object`);
  return {
    created: timeField(node, where),
    author: stringField(node, 'author', where),
    createdBy: stringField(node, 'created_by', where),
    comment: stringField(node, 'comment', where),
    emptyLayer: boolField(node, 'empty_layer', where),
    ignored: node.kind === 'object' ? node.entries.map((e) => e.key).filter((k) => !HISTORY_FIELDS.includes(foldKey(k))) : [],
  };
}

interface ImageConfig {
  architecture: string;
  history: HistoryItem[];
  diffIdCount: number;
  baseLayer: string;
}

function readConfig(config: JsonNode): ImageConfig {
  if (config.kind === 'null') throw refuse('empty history when trying to create schema1 manifest');
  if (config.kind !== 'object') throw badConfig('it is not a JSON object');
  const historyNode = singleField(config, 'history');
  if (historyNode && historyNode.kind !== 'array' && historyNode.kind !== 'null') throw badConfig('history is not a list');
  const history = historyNode?.kind === 'array' ? historyNode.items.map(readHistoryItem) : [];

  const rootfs = singleField(config, 'rootfs');
  // distribution dereferences rootfs unchecked; without one its handler crashes instead of answering.
  if (rootfs === undefined || rootfs.kind === 'null') throw refuse('the config has no rootfs (distribution 2.8 crashes on such an image)');
  if (rootfs.kind !== 'object') throw badConfig('rootfs is not an object');
  stringField(rootfs, 'type', 'rootfs');
  const diffIds = singleField(rootfs, 'diff_ids');
  if (diffIds && diffIds.kind !== 'array' && diffIds.kind !== 'null') throw badConfig('rootfs.diff_ids is not a list');
  if (diffIds?.kind === 'array' && diffIds.items.some((d) => d.kind !== 'string' && d.kind !== 'null')) throw badConfig('rootfs.diff_ids holds a non-string');

  return {
    architecture: stringField(config, 'architecture', 'config'),
    history,
    diffIdCount: diffIds?.kind === 'array' ? diffIds.items.length : 0,
    baseLayer: stringField(rootfs, 'base_layer', 'rootfs'),
  };
}

// ---------------------------------------------------------------------------------------------------
// The manifest side

type ImageManifest = { kind: 'schema2'; manifest: Schema2Manifest } | { kind: 'ociManifest'; manifest: OciManifest };

/** go-digest's Validate: the algorithms distribution knows, each with its hex length. */
const VALID_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

function readImageManifest(bytes: Uint8Array): ImageManifest {
  const parsed = parseManifest(bytes);
  if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') {
    throw new LensError('INPUT_INVALID', `Only an image manifest (Docker schema 2 or OCI) can become schema 1, not ${parsed.mediaType}; choose a platform first.`);
  }
  const { manifest } = parsed;
  for (const [i, layer] of manifest.layers.entries()) {
    if (!VALID_DIGEST.test(layer.digest)) throw new LensError('INPUT_INVALID', `Cannot write schema 1: layers[${i}] has a digest distribution rejects (${layer.digest}).`);
    if (/\+zstd$|\+encrypted$/.test(layer.mediaType)) {
      throw refuse(`layers[${i}] is ${layer.mediaType}, which schema 1 clients cannot read (they expect gzip or plain tar)`);
    }
  }
  if (parsed.kind === 'ociManifest' && manifest.config.mediaType !== MediaType.ociConfig) {
    throw refuse(`this is an OCI artifact (config type ${manifest.config.mediaType}), not an image`);
  }
  return parsed;
}

function checkConfigDigest(config: Uint8Array, descriptor: Descriptor): void {
  const [algorithm, hex] = descriptor.digest.split(':') as [string, string];
  let actual: string;
  try {
    actual = createHash(algorithm).update(config).digest('hex');
  } catch {
    throw new LensError('INPUT_INVALID', `The config digest ${descriptor.digest} uses an unsupported algorithm.`);
  }
  if (actual !== hex) {
    throw new LensError('DIGEST_MISMATCH', `The config bytes given do not match the manifest's config digest ${descriptor.digest}.`, `computed ${algorithm}:${actual}`);
  }
}

const TAG = /^[\w][\w.-]{0,127}$/;

// ---------------------------------------------------------------------------------------------------
// Building the document

const hexOf = (digest: string) => digest.slice(digest.indexOf(':') + 1);
const sha256Hex = (...parts: Array<string | Uint8Array>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/** An older entry's v1Compatibility, in the field order of distribution's struct. */
function olderEntry(id: string, parent: string, h: HistoryItem): string {
  const fields: Array<[string, JsonNode]> = [['id', jsonString(id)]];
  if (parent) fields.push(['parent', jsonString(parent)]);
  if (h.comment) fields.push(['comment', jsonString(h.comment)]);
  fields.push(['created', jsonString(h.created.text)]);
  fields.push(['container_config', jsonObject([['Cmd', jsonArray([jsonString(h.createdBy)])]])]);
  if (h.author) fields.push(['author', jsonString(h.author)]);
  if (h.emptyLayer) fields.push(['throwaway', jsonBool(true)]);
  return marshalCompact(jsonObject(fields));
}

/** The newest entry: the config's own keys minus rootfs and history, with id/parent/throwaway, as a Go map. */
function newestEntry(config: JsonNode & { kind: 'object' }, id: string, parent: string, throwaway: boolean): string {
  const entries: JsonEntry[] = config.entries.filter((e) => e.key !== 'rootfs' && e.key !== 'history');
  entries.push({ key: 'id', value: jsonString(id) });
  if (parent) entries.push({ key: 'parent', value: jsonString(parent) });
  if (throwaway) entries.push({ key: 'throwaway', value: jsonBool(true) });
  // Keys are decoded and re-encoded by Go (a map key is a Go string); values stay raw.
  return marshalCompact(sortedByGoKeys(entries.map(({ key, value }) => ({ key, value }))));
}

function lossNotes(source: ImageManifest, config: ImageConfig, layersUsed: number): ConversionNote[] {
  const { manifest } = source;
  const notes: ConversionNote[] = [
    ...lostFields(manifest, ['schemaVersion', 'mediaType', 'config', 'layers'], '', 'cannot be expressed in schema 1'),
    ...lostFields(manifest.config, ['mediaType', 'digest', 'size'], 'config', 'cannot be expressed in schema 1'),
    note('changed', 'config', 'The config blob is not referenced: its content without rootfs and history becomes the newest v1Compatibility entry.'),
    note('lost', 'rootfs.diff_ids', 'Schema 1 records no diff IDs; converting back needs every layer downloaded and decompressed.'),
  ];
  if (manifest.layers.length > 0) {
    notes.push(note('lost', 'layers[*].mediaType', 'Schema 1 records only layer digests: media types and sizes are gone.'));
  }
  manifest.layers.forEach((layer, i) => notes.push(...lostFields(layer, ['mediaType', 'digest', 'size'], `layers[${i}]`, 'cannot be expressed in schema 1')));
  if (layersUsed < manifest.layers.length) {
    notes.push(
      note('lost', `layers[${layersUsed}]`, `${manifest.layers.length - layersUsed} layer(s) from layers[${layersUsed}] on have no history entry; distribution leaves them out, so schema 1 clients will not get them.`),
    );
  }
  const empty = config.history.filter((h) => h.emptyLayer).length;
  if (empty > 0) {
    notes.push(
      note('changed', 'history[*].empty_layer', `${empty} empty-layer history entr${empty === 1 ? 'y becomes a throwaway layer' : 'ies become throwaway layers'} using blob ${EMPTY_TAR_DIGEST}, which must exist in the repository before this manifest is pushed.`),
    );
  }
  config.history.forEach((h, i) => {
    if (h.created.source !== null && h.created.source !== h.created.text) {
      notes.push(note('changed', `history[${i}].created`, `Written in Go's format: ${h.created.source} → ${h.created.text}.`));
    }
    for (const key of h.ignored) notes.push(note('lost', `history[${i}].${key}`, `${key} is not carried into schema 1 history.`));
  });
  const newest = config.history[config.history.length - 1]!;
  const dropped = (['createdBy', 'comment', 'author'] as const).filter((f) => newest[f] !== '');
  if (dropped.length > 0) {
    const names = dropped.map((f) => (f === 'createdBy' ? 'created_by' : f));
    notes.push(
      note('lost', `history[${config.history.length - 1}]`, `The newest history entry's ${names.join(', ')} is not in schema 1: its v1Compatibility is the config itself.`),
    );
  }
  return notes;
}

/** The unsigned schema 1 document distribution 2.8 would build, and what it loses. Pure and synchronous. */
export function schema1Payload(input: DowngradeInput): Schema1Payload {
  if (!TAG.test(input.tag)) throw new LensError('INPUT_INVALID', `Cannot write schema 1: "${input.tag}" is not a valid tag.`);
  if (input.repository === '') throw new LensError('INPUT_INVALID', 'Cannot write schema 1: the repository name is empty.');
  const source = readImageManifest(input.manifest);
  const layers = source.manifest.layers;
  checkConfigDigest(input.config, source.manifest.config);
  const configNode = parseJsonBytes(input.config, 'image config');
  const config = readConfig(configNode);
  if (config.history.length === 0) throw refuse('empty history when trying to create schema1 manifest');
  if (config.diffIdCount !== layers.length) {
    throw refuse(`number of descriptors and number of layers in rootfs must match (${config.diffIdCount} diff IDs, ${layers.length} layers)`);
  }

  const count = config.history.length;
  const fsLayers: string[] = new Array<string>(count);
  const v1: string[] = new Array<string>(count);
  let parent = '';
  let used = 0;
  const blobFor = (h: HistoryItem) => {
    if (h.emptyLayer) return EMPTY_TAR_DIGEST;
    if (used >= layers.length) throw refuse('too many non-empty layers in History section');
    return layers[used++]!.digest;
  };
  for (let i = 0; i < count - 1; i++) {
    const h = config.history[i]!;
    const blob = blobFor(h);
    const id = sha256Hex(`${hexOf(blob)} ${parent}`);
    // Windows images: the base layer becomes the parent of the first entry (after its ID is computed).
    if (i === 0 && config.baseLayer !== '') parent = createHash('sha384').update(config.baseLayer).digest('hex').slice(0, 64);
    v1[count - 1 - i] = olderEntry(id, parent, h);
    fsLayers[count - 1 - i] = blob;
    parent = id;
  }
  const newest = config.history[count - 1]!;
  const blob = blobFor(newest);
  fsLayers[0] = blob;
  v1[0] = newestEntry(configNode as JsonNode & { kind: 'object' }, sha256Hex(`${hexOf(blob)} ${parent} `, input.config), parent, newest.emptyLayer);

  const doc = jsonObject([
    ['schemaVersion', jsonInteger(1)],
    ['name', jsonString(input.repository)],
    ['tag', jsonString(input.tag)],
    ['architecture', jsonString(config.architecture)],
    ['fsLayers', jsonArray(fsLayers.map((d) => jsonObject([['blobSum', jsonString(d)]])))],
    ['history', jsonArray(v1.map((s) => jsonObject([['v1Compatibility', jsonString(s)]])))],
  ]);
  return { payload: new TextEncoder().encode(marshalIndent(doc, '   ')), notes: lossNotes(source, config, used) };
}

/** Schema 2 or OCI → schema 1, signed (v1+prettyjws, the default) or unsigned (v1+json). */
export async function downgradeToSchema1(input: DowngradeInput, options: DowngradeOptions = {}): Promise<ConversionResult> {
  const { payload, notes } = schema1Payload(input);
  const digest = sha256Digest(payload);
  if (options.signed === false) return { bytes: payload, mediaType: MediaType.dockerSchema1, digest, notes };
  const bytes = await signPrettyJws(payload, { key: options.key, now: options.now });
  const keyNote = options.key
    ? `Signed with the given key ${options.key.keyId}.`
    : 'Signed with an ephemeral key: the payload and digest match the registry, the signature cannot (distribution signs with its own key).';
  return { bytes, mediaType: MediaType.dockerSchema1Signed, digest, notes: [...notes, note('changed', 'signatures', keyNote)] };
}
