/**
 * The byte layout of the manifests we write: Go's json.MarshalIndent with three spaces, the layout
 * distribution and docker push use. Documents are written as plain values: objects keep their key order
 * (the Go struct order of the format), a Map stands for a Go map (keys sorted as Go sorts them), and
 * undefined values are left out (omitempty). Escaping is goJson's.
 */
import { jsonArray, jsonBool, jsonInteger, jsonNull, jsonObject, jsonString, marshalIndent, sortedByGoKeys, type JsonNode } from './goJson';

export type JsonDoc =
  string | number | boolean | null | undefined | readonly JsonDoc[] | ReadonlyMap<string, JsonDoc> | { readonly [key: string]: JsonDoc };

function present(entries: Iterable<[string, JsonDoc]>): Array<[string, JsonNode]> {
  return [...entries].filter(([, v]) => v !== undefined).map(([k, v]) => [k, toNode(v)]);
}

function toNode(value: JsonDoc): JsonNode {
  if (value === null || value === undefined) return jsonNull;
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return jsonBool(value);
  if (typeof value === 'number') return jsonInteger(value);
  if (Array.isArray(value)) return jsonArray(value.map((v: JsonDoc) => toNode(v)));
  if (value instanceof Map) return sortedByGoKeys(present(value.entries()).map(([key, node]) => ({ key, value: node })));
  return jsonObject(present(Object.entries(value)));
}

/** The document as Go's MarshalIndent(v, "", "   ") would write it, as UTF-8 bytes. */
export function marshalManifest(doc: JsonDoc): Uint8Array {
  return new TextEncoder().encode(marshalIndent(toNode(doc)));
}
