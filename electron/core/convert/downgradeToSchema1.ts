/**
 * Docker schema 2 or OCI image manifest → Docker v2 schema 1, byte for byte the payload CNCF
 * distribution 2.8 serves when an old client asks for a schema 2 image by tag (registry/handlers/
 * manifests.go, manifest/schema1/config_builder.go), then signed with libtrust's pretty JWS or left
 * unsigned.
 *
 * The algorithm, in distribution's terms:
 * - the config is read as Go reads it into a struct: keys matched case-insensitively, a repeated key
 *   decoded into what the earlier one left, null leaving a field as it was, a wrong type an error;
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
import { MediaType } from '../../../shared/mediaTypes';
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
import { sha256Digest } from '../digest';
import { parseManifest, type Descriptor, type OciManifest, type Schema2Manifest } from './manifestTypes';
import { changedNote, lostFields, note } from './notes';
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
const badConfig = (why: string) =>
  new LensError('INPUT_INVALID', `Cannot write schema 1: the image config is unreadable to distribution: ${why}.`);

// ---------------------------------------------------------------------------------------------------
// Reading the config as Go's encoding/json fills distribution's structs

/** Go matches JSON keys to struct fields ignoring ASCII case, and folds ſ to s and the Kelvin sign to k. */
const foldKey = (key: string) =>
  /^[a-z_]*$/.test(key)
    ? key
    : key
        .replace(/\u017f/g, 's')
        .replace(/\u212a/g, 'k')
        .replace(/[A-Z]/g, (c) => c.toLowerCase());

/** A string field receiving a JSON value: null leaves it as it was, anything but a string is a type error. */
function goString(value: JsonNode, current: string, where: string): string {
  if (value.kind === 'null') return current;
  if (value.kind !== 'string') throw badConfig(`${where} is not a string`);
  return value.value;
}

function goBool(value: JsonNode, current: boolean, where: string): boolean {
  if (value.kind === 'null') return current;
  if (value.kind !== 'boolean') throw badConfig(`${where} is not a boolean`);
  return value.value;
}

interface GoTime {
  /** As Go writes it back (RFC 3339 with nanoseconds). */
  text: string;
  /** As the config wrote it; null for the zero time. */
  source: string | null;
}

/** time.Time.UnmarshalJSON of Go 1.19: null leaves it, otherwise the quoted source text is parsed as is. */
function goTime(value: JsonNode, current: GoTime, where: string): GoTime {
  if (value.kind === 'null') return current;
  // Go parses the source text itself, so an escape anywhere makes it unreadable.
  if (value.kind !== 'string' || value.raw === undefined || value.raw.includes('\\')) throw badConfig(`${where} is not an RFC 3339 time`);
  return { text: goRfc3339Nano(value.value), source: value.value };
}

/**
 * A Go slice as encoding/json fills it. A key that occurs again decodes into the slice the first
 * occurrence left: elements are reused, so fields the new element lacks keep their old values, and
 * elements past the length but within the capacity come back. Capacity grows as decode.go grows it
 * (to 4, then by half, copying only the elements within the length); an empty list makes a new slice.
 */
interface GoSlice<T> {
  backing: Array<T | undefined>;
  len: number;
}

const nilSlice = <T>(): GoSlice<T> => ({ backing: [], len: 0 });

function decodeSlice<T>(
  slice: GoSlice<T>,
  value: JsonNode,
  zero: () => T,
  element: (current: T, item: JsonNode, i: number) => T,
  where: string,
): GoSlice<T> {
  if (value.kind === 'null' || (value.kind === 'array' && value.items.length === 0)) return nilSlice();
  if (value.kind !== 'array') throw badConfig(`${where} is not a list`);
  let { backing, len } = slice;
  value.items.forEach((item, i) => {
    if (i >= backing.length) {
      const cap = Math.max(backing.length + Math.floor(backing.length / 2), 4);
      backing = [...backing.slice(0, len), ...new Array<undefined>(cap - len)];
    }
    if (i >= len) len = i + 1;
    backing[i] = element(backing[i] ?? zero(), item, i);
  });
  return { backing, len: value.items.length };
}

const elementsOf = <T>(slice: GoSlice<T>, zero: () => T): T[] => slice.backing.slice(0, slice.len).map((e) => e ?? zero());

interface HistoryItem {
  created: GoTime;
  author: string;
  createdBy: string;
  comment: string;
  emptyLayer: boolean;
  /** Keys distribution ignores, so schema 1 loses them. */
  ignored: string[];
}

const zeroHistoryItem = (): HistoryItem => ({
  created: { text: GO_ZERO_TIME, source: null },
  author: '',
  createdBy: '',
  comment: '',
  emptyLayer: false,
  ignored: [],
});

function decodeHistoryItem(item: HistoryItem, node: JsonNode, i: number): HistoryItem {
  const where = `history[${i}]`;
  if (node.kind === 'null') return item;
  if (node.kind !== 'object') throw badConfig(`${where} is not an object`);
  for (const { key, value } of node.entries) {
    switch (foldKey(key)) {
      case 'created':
        item.created = goTime(value, item.created, `${where}.created`);
        break;
      case 'author':
        item.author = goString(value, item.author, `${where}.author`);
        break;
      case 'created_by':
        item.createdBy = goString(value, item.createdBy, `${where}.created_by`);
        break;
      case 'comment':
        item.comment = goString(value, item.comment, `${where}.comment`);
        break;
      case 'empty_layer':
        item.emptyLayer = goBool(value, item.emptyLayer, `${where}.empty_layer`);
        break;
      default:
        item.ignored.push(key);
    }
  }
  return item;
}

interface RootFs {
  diffIds: GoSlice<string>;
  baseLayer: string;
}

/** rootfs is a pointer: null makes it nil again, an object fills the struct it points to (a new one if nil). */
function decodeRootFs(current: RootFs | null, node: JsonNode): RootFs | null {
  if (node.kind === 'null') return null;
  if (node.kind !== 'object') throw badConfig('rootfs is not an object');
  const rootfs = current ?? { diffIds: nilSlice<string>(), baseLayer: '' };
  for (const { key, value } of node.entries) {
    switch (foldKey(key)) {
      case 'type':
        goString(value, '', 'rootfs.type');
        break;
      case 'diff_ids':
        rootfs.diffIds = decodeSlice(
          rootfs.diffIds,
          value,
          () => '',
          (d, item, i) => goString(item, d, `rootfs.diff_ids[${i}]`),
          'rootfs.diff_ids',
        );
        break;
      case 'base_layer':
        rootfs.baseLayer = goString(value, rootfs.baseLayer, 'rootfs.base_layer');
        break;
    }
  }
  return rootfs;
}

interface ImageConfig {
  architecture: string;
  history: HistoryItem[];
  rootfs: { diffIdCount: number; baseLayer: string } | null;
}

/** The config as json.Unmarshal fills distribution's imageConfig struct, key by key in document order. */
function readConfig(config: JsonNode): ImageConfig {
  let architecture = '';
  let history = nilSlice<HistoryItem>();
  let rootfs: RootFs | null = null;
  if (config.kind !== 'null') {
    if (config.kind !== 'object') throw badConfig('it is not a JSON object');
    for (const { key, value } of config.entries) {
      switch (foldKey(key)) {
        case 'architecture':
          architecture = goString(value, architecture, 'architecture');
          break;
        case 'history':
          history = decodeSlice(history, value, zeroHistoryItem, decodeHistoryItem, 'history');
          break;
        case 'rootfs':
          rootfs = decodeRootFs(rootfs, value);
          break;
      }
    }
  }
  return {
    architecture,
    history: elementsOf(history, zeroHistoryItem),
    rootfs: rootfs && { diffIdCount: rootfs.diffIds.len, baseLayer: rootfs.baseLayer },
  };
}

// ---------------------------------------------------------------------------------------------------
// The manifest side

type ImageManifest = { kind: 'schema2'; manifest: Schema2Manifest } | { kind: 'ociManifest'; manifest: OciManifest };

/** go-digest's Validate: the algorithms distribution knows, each with its hex length. */
const VALID_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

/**
 * The image manifest, or the refusal that needs no config: not an image manifest, a digest distribution
 * rejects, a layer schema 1 clients cannot read, an OCI artifact. Callers check it before fetching the config.
 */
export function downgradableManifest(bytes: Uint8Array): ImageManifest {
  const parsed = parseManifest(bytes);
  if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') {
    throw new LensError(
      'INPUT_INVALID',
      `Only an image manifest (Docker schema 2 or OCI) can become schema 1, not ${parsed.mediaType}; choose a platform first.`,
    );
  }
  const { manifest } = parsed;
  for (const [i, layer] of manifest.layers.entries()) {
    if (!VALID_DIGEST.test(layer.digest))
      throw new LensError('INPUT_INVALID', `Cannot write schema 1: layers[${i}] has a digest distribution rejects (${layer.digest}).`);
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
    throw new LensError(
      'DIGEST_MISMATCH',
      `The config bytes given do not match the manifest's config digest ${descriptor.digest}.`,
      `computed ${algorithm}:${actual}`,
    );
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
    note(
      'changed',
      'config',
      'The config blob is not referenced: its content without rootfs and history becomes the newest v1Compatibility entry.',
    ),
    note('lost', 'rootfs.diff_ids', 'Schema 1 records no diff IDs; converting back needs every layer downloaded and decompressed.'),
  ];
  if (manifest.layers.length > 0) {
    notes.push(note('lost', 'layers[*].mediaType', 'Schema 1 records only layer digests: media types and sizes are gone.'));
  }
  manifest.layers.forEach((layer, i) =>
    notes.push(...lostFields(layer, ['mediaType', 'digest', 'size'], `layers[${i}]`, 'cannot be expressed in schema 1')),
  );
  if (layersUsed < manifest.layers.length) {
    notes.push(
      note(
        'lost',
        `layers[${layersUsed}]`,
        `${manifest.layers.length - layersUsed} layer(s) from layers[${layersUsed}] on have no history entry; distribution leaves them out, so schema 1 clients will not get them.`,
      ),
    );
  }
  const empty = config.history.filter((h) => h.emptyLayer).length;
  if (empty > 0) {
    notes.push(
      note(
        'changed',
        'history[*].empty_layer',
        `${empty} empty-layer history entr${empty === 1 ? 'y becomes a throwaway layer' : 'ies become throwaway layers'} using blob ${EMPTY_TAR_DIGEST}, which must exist in the repository before this manifest is pushed.`,
      ),
    );
  }
  config.history.forEach((h, i) => {
    if (h.created.source !== null)
      notes.push(...changedNote(`history[${i}].created`, "Written in Go's format", h.created.source, h.created.text));
    for (const key of h.ignored) notes.push(note('lost', `history[${i}].${key}`, `${key} is not carried into schema 1 history.`));
  });
  const newest = config.history[config.history.length - 1]!;
  const dropped = (['createdBy', 'comment', 'author'] as const).filter((f) => newest[f] !== '');
  if (dropped.length > 0) {
    const names = dropped.map((f) => (f === 'createdBy' ? 'created_by' : f));
    notes.push(
      note(
        'lost',
        `history[${config.history.length - 1}]`,
        `The newest history entry's ${names.join(', ')} is not in schema 1: its v1Compatibility is the config itself.`,
      ),
    );
  }
  return notes;
}

/** The unsigned schema 1 document distribution 2.8 would build, and what it loses. Pure and synchronous. */
export function schema1Payload(input: DowngradeInput): Schema1Payload {
  if (!TAG.test(input.tag)) throw new LensError('INPUT_INVALID', `Cannot write schema 1: "${input.tag}" is not a valid tag.`);
  if (input.repository === '') throw new LensError('INPUT_INVALID', 'Cannot write schema 1: the repository name is empty.');
  const source = downgradableManifest(input.manifest);
  const layers = source.manifest.layers;
  checkConfigDigest(input.config, source.manifest.config);
  const configNode = parseJsonBytes(input.config, 'image config');
  const config = readConfig(configNode);
  // distribution's checks, in its order; it dereferences rootfs unchecked, so without one its handler crashes.
  if (config.history.length === 0) throw refuse('empty history when trying to create schema1 manifest');
  if (!config.rootfs) throw refuse('the config has no rootfs (distribution 2.8 crashes on such an image)');
  const { diffIdCount, baseLayer } = config.rootfs;
  if (diffIdCount !== layers.length) {
    throw refuse(`number of descriptors and number of layers in rootfs must match (${diffIdCount} diff IDs, ${layers.length} layers)`);
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
    if (i === 0 && baseLayer !== '') parent = createHash('sha384').update(baseLayer).digest('hex').slice(0, 64);
    v1[count - 1 - i] = olderEntry(id, parent, h);
    fsLayers[count - 1 - i] = blob;
    parent = id;
  }
  const newest = config.history[count - 1]!;
  const blob = blobFor(newest);
  fsLayers[0] = blob;
  v1[0] = newestEntry(
    configNode as JsonNode & { kind: 'object' },
    sha256Hex(`${hexOf(blob)} ${parent} `, input.config),
    parent,
    newest.emptyLayer,
  );

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
