/**
 * A Docker image config seen as an OCI image config. Docker's config is a superset: it keeps fields the
 * OCI image-spec does not define (container, container_config, docker_version, config.Hostname, …).
 *
 * - fieldsOciDoesNotDefine lists them, by the image-spec's config.md (the reserved Memory, MemorySwap,
 *   CpuShares and Healthcheck count as defined), for a conversion that keeps the config bytes.
 * - normalizeOciConfig writes the config the way skopeo 1.9.3 (containers/image) does when it converts
 *   schema 2 to OCI: it decodes the config into its OCI Image type with Go's encoding/json and marshals it
 *   again. Fields that type has not are dropped, times are re-written as Go writes them, maps are sorted,
 *   and the result is compact JSON in the type's field order. The Go type (image-spec v1.1.0-rc2 with
 *   ArgsEscaped) is the table below; a real `skopeo copy --format oci` is the test's judge.
 */
import { LensError } from '../errors';
import { goRfc3339Nano } from './goTime';
import { note } from './notes';
import type { ConversionNote } from './types';
import {
  jsonArray,
  jsonBool,
  jsonObject,
  jsonString,
  marshalCompact,
  parseJsonBytes,
  sortedByGoKeys,
  type JsonEntry,
  type JsonNode,
} from './goJson';

const OCI_DEFINED = {
  top: ['created', 'author', 'architecture', 'os', 'os.version', 'os.features', 'variant', 'config', 'rootfs', 'history'],
  config: [
    'User',
    'ExposedPorts',
    'Env',
    'Entrypoint',
    'Cmd',
    'Volumes',
    'WorkingDir',
    'Labels',
    'StopSignal',
    'ArgsEscaped',
    'Memory',
    'MemorySwap',
    'CpuShares',
    'Healthcheck',
  ],
  rootfs: ['type', 'diff_ids'],
  history: ['created', 'author', 'created_by', 'comment', 'empty_layer'],
} as const;

/** A Go type as encoding/json treats it; `omitempty` fields are left out when zero. */
type GoType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'time' }
  | { kind: 'strings' }
  | { kind: 'set' }
  | { kind: 'stringMap' }
  | { kind: 'struct'; fields: readonly GoField[] }
  | { kind: 'structs'; of: { kind: 'struct'; fields: readonly GoField[] } };
interface GoField {
  name: string;
  type: GoType;
  omitempty: boolean;
}

const field = (name: string, type: GoType, omitempty = true): GoField => ({ name, type, omitempty });
const STRING: GoType = { kind: 'string' };
const STRINGS: GoType = { kind: 'strings' };

const HISTORY: { kind: 'struct'; fields: readonly GoField[] } = {
  kind: 'struct',
  fields: [
    field('created', { kind: 'time' }),
    field('created_by', STRING),
    field('author', STRING),
    field('comment', STRING),
    field('empty_layer', { kind: 'bool' }),
  ],
};

/** containers/image's imgspecv1.Image as Debian's skopeo 1.9.3 has it, in its field order. */
const OCI_IMAGE: GoType = {
  kind: 'struct',
  fields: [
    field('created', { kind: 'time' }),
    field('author', STRING),
    field('architecture', STRING, false),
    field('variant', STRING),
    field('os', STRING, false),
    field('os.version', STRING),
    field('os.features', STRINGS),
    field('config', {
      kind: 'struct',
      fields: [
        field('User', STRING),
        field('ExposedPorts', { kind: 'set' }),
        field('Env', STRINGS),
        field('Entrypoint', STRINGS),
        field('Cmd', STRINGS),
        field('Volumes', { kind: 'set' }),
        field('WorkingDir', STRING),
        field('Labels', { kind: 'stringMap' }),
        field('StopSignal', STRING),
        field('ArgsEscaped', { kind: 'bool' }),
      ],
    }),
    field('rootfs', { kind: 'struct', fields: [field('type', STRING, false), field('diff_ids', STRINGS, false)] }),
    field('history', { kind: 'structs', of: HISTORY }),
  ],
};

function configTree(bytes: Uint8Array): Extract<JsonNode, { kind: 'object' }> {
  const tree = parseJsonBytes(bytes, 'image config');
  if (tree.kind !== 'object') throw new LensError('INPUT_INVALID', 'The image config is not a JSON object.');
  return tree;
}

const entriesOf = (node: JsonNode | undefined): JsonEntry[] => (node?.kind === 'object' ? node.entries : []);
const itemsOf = (node: JsonNode | undefined): JsonNode[] => (node?.kind === 'array' ? node.items : []);

/** Keys of `node` not in `defined`, each once, under `path`. */
function undefinedKeys(node: JsonNode | undefined, defined: readonly string[], path: string): string[] {
  return [...new Set(entriesOf(node).map((e) => e.key))].filter((k) => !defined.includes(k)).map((k) => `${path}${k}`);
}

const HISTORY_PATH = /^history\[(\d+)\]\.(.+)$/;

/** Paths in their order, those of history entries (`history[2].id`) merged per key (`history[0,2].id`). */
function groupedByHistoryEntry(paths: readonly string[]): string[] {
  const at = new Map<string, string[]>();
  const out: Array<string | { key: string }> = [];
  for (const path of paths) {
    const m = HISTORY_PATH.exec(path);
    if (!m) out.push(path);
    else if (at.has(m[2]!)) at.get(m[2]!)!.push(m[1]!);
    else {
      at.set(m[2]!, [m[1]!]);
      out.push({ key: m[2]! });
    }
  }
  return out.map((p) => (typeof p === 'string' ? p : `history[${at.get(p.key)!.join(',')}].${p.key}`));
}

const last = (node: JsonNode | undefined, key: string) => entriesOf(node).findLast((e) => e.key === key)?.value;

/** The fields present in the config that the OCI image-spec's config does not define, as paths. */
export function fieldsOciDoesNotDefine(config: Uint8Array): string[] {
  const tree = configTree(config);
  return [
    ...undefinedKeys(tree, OCI_DEFINED.top, ''),
    ...undefinedKeys(last(tree, 'config'), OCI_DEFINED.config, 'config.'),
    ...undefinedKeys(last(tree, 'rootfs'), OCI_DEFINED.rootfs, 'rootfs.'),
    ...groupedByHistoryEntry(
      itemsOf(last(tree, 'history')).flatMap((entry, i) => undefinedKeys(entry, OCI_DEFINED.history, `history[${i}].`)),
    ),
  ];
}

/** Decoding state: the paths of fields the Go type has not, and the times re-written. */
interface Decoding {
  dropped: Set<string>;
  retimed: Array<{ path: string; from: string; to: string }>;
}

function mismatch(path: string, want: string): LensError {
  return new LensError(
    'CONVERSION_REFUSED',
    `Cannot write the config as an OCI image config: ${path} is not ${want}, as Go's decoder needs.`,
  );
}

const GO_TYPE_NAMES: Record<GoType['kind'], string> = {
  string: 'a string',
  bool: 'a boolean',
  time: 'an RFC 3339 time string',
  strings: 'an array of strings',
  set: 'an object of objects',
  stringMap: 'an object of strings',
  struct: 'an object',
  structs: 'an array of objects',
};

/**
 * Go's json.Unmarshal of `node` into a value of `type` (`prev` is what the field already holds: a repeated
 * key decodes into it again, so maps and structs merge), as the JSON node json.Marshal would write, or
 * undefined for Go's nil. JSON null leaves a value as it was (nil for slices, maps and pointers).
 */
function decode(node: JsonNode, type: GoType, prev: JsonNode | undefined, path: string, state: Decoding): JsonNode | undefined {
  if (node.kind === 'null') return type.kind === 'string' || type.kind === 'bool' || type.kind === 'struct' ? prev : undefined;
  const fail = () => mismatch(path, GO_TYPE_NAMES[type.kind]);
  switch (type.kind) {
    case 'string':
      if (node.kind !== 'string') throw fail();
      return jsonString(node.value);
    case 'bool':
      if (node.kind !== 'boolean') throw fail();
      return jsonBool(node.value);
    case 'time': {
      if (node.kind !== 'string') throw fail();
      const to = goRfc3339Nano(node.value);
      if (to !== node.value) state.retimed.push({ path, from: node.value, to });
      return jsonString(to);
    }
    case 'strings':
      if (node.kind !== 'array') throw fail();
      return jsonArray(node.items.map((item, i) => decode(item, STRING, undefined, `${path}[${i}]`, state) ?? jsonString('')));
    case 'set':
    case 'stringMap': {
      if (node.kind !== 'object') throw fail();
      const element: GoType = type.kind === 'set' ? { kind: 'struct', fields: [] } : STRING;
      const entries = node.entries.map(({ key, value }) => ({
        key,
        value: decode(value, element, undefined, `${path}.${key}`, state) ?? (type.kind === 'set' ? jsonObject([]) : jsonString('')),
      }));
      return sortedByGoKeys([...entriesOf(prev), ...entries]);
    }
    case 'struct':
      if (node.kind !== 'object') throw fail();
      return decodeStruct(node, type.fields, prev, path, state);
    case 'structs':
      if (node.kind !== 'array') throw fail();
      return jsonArray(node.items.map((item, i) => decode(item, type.of, undefined, `${path}[${i}]`, state) ?? jsonObject([])));
  }
}

/** Go matches a key to a field by its exact name, else case-insensitively; unmatched keys are dropped. */
function decodeStruct(
  node: Extract<JsonNode, { kind: 'object' }>,
  fields: readonly GoField[],
  prev: JsonNode | undefined,
  path: string,
  state: Decoding,
): JsonNode {
  const values = new Map<string, JsonNode | undefined>(entriesOf(prev).map((e) => [e.key, e.value]));
  for (const { key, value } of node.entries) {
    const target = fields.find((f) => f.name === key) ?? fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    const at = path ? `${path}.${key}` : key;
    if (!target) {
      state.dropped.add(at);
      continue;
    }
    values.set(target.name, decode(value, target.type, values.get(target.name), at, state));
  }
  const written = fields.flatMap((f): Array<[string, JsonNode]> => {
    const value = values.get(f.name);
    if (f.omitempty && isEmpty(value, f.type)) return [];
    return [[f.name, value ?? zeroOf(f.type)]];
  });
  return jsonObject(written);
}

/** Go's omitempty: false, "", nil, and empty slices and maps (a struct is never empty). */
function isEmpty(value: JsonNode | undefined, type: GoType): boolean {
  if (value === undefined) return true;
  switch (value.kind) {
    case 'string':
      return value.value === '';
    case 'boolean':
      return !value.value;
    case 'array':
      return value.items.length === 0;
    case 'object':
      return type.kind !== 'struct' && value.entries.length === 0;
    default:
      return false;
  }
}

/** What json.Marshal writes for a field never set: "" and false, null for nil, a struct with its own zeros. */
function zeroOf(type: GoType): JsonNode {
  switch (type.kind) {
    case 'string':
      return jsonString('');
    case 'bool':
      return jsonBool(false);
    case 'struct':
      return decodeStruct({ kind: 'object', entries: [] }, type.fields, undefined, '', { dropped: new Set(), retimed: [] });
    default:
      return { kind: 'null' };
  }
}

export interface NormalizedConfig {
  bytes: Uint8Array;
  /** Paths of the fields left out (`history[0,2].key` for a key of history entries). */
  dropped: string[];
  /** Times written differently than the source spelled them. */
  retimed: Array<{ path: string; from: string; to: string }>;
}

/** The config as skopeo writes it for OCI; CONVERSION_REFUSED where Go's decoder would fail. */
export function normalizeOciConfig(config: Uint8Array): NormalizedConfig {
  const state: Decoding = { dropped: new Set(), retimed: [] };
  const image = decode(configTree(config), OCI_IMAGE, undefined, '', state)!;
  return {
    bytes: new TextEncoder().encode(marshalCompact(image)),
    dropped: groupedByHistoryEntry([...state.dropped]),
    retimed: state.retimed,
  };
}

const listed = (fields: readonly string[]) => `${fields.length} field${fields.length === 1 ? '' : 's'} (${fields.join(', ')})`;

/**
 * The note for a config referenced as an OCI config as it is: the fields in it the OCI image config does
 * not define, none when there are none. `subject` starts the sentence ("The rebuilt config").
 */
export function foreignFieldsNotes(config: Uint8Array, subject: string): ConversionNote[] {
  const foreign = fieldsOciDoesNotDefine(config);
  if (foreign.length === 0) return [];
  return [
    note(
      'changed',
      'config',
      `${subject} carries ${listed(foreign)} that the OCI image config does not define; --oci-config normalized writes it without them, as skopeo does.`,
    ),
  ];
}

/** What normalising left out and re-wrote. */
export function normalizationNotes(normalized: NormalizedConfig): ConversionNote[] {
  return [
    ...(normalized.dropped.length > 0
      ? [note('lost', 'config', `The normalised config leaves out ${listed(normalized.dropped)}, which its OCI type has not.`)]
      : []),
    ...normalized.retimed.map((t) =>
      note('changed', `config.${t.path}`, `A time was re-written as Go writes it: from ${t.from} to ${t.to}.`),
    ),
  ];
}
