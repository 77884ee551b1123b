/**
 * The byte layout of the manifests we write: Go's json.MarshalIndent with three spaces, the layout
 * distribution and docker push use. Objects keep their key order (the Go struct order of the format);
 * a Map stands for a Go map, whose keys Go sorts by bytes; undefined values are omitted (omitempty).
 */
import { createHash } from 'node:crypto';

/** TODO(goJson): replace with goJson's quoting once it lands. Go's encoder: HTML-safe, U+2028/9 escaped. */
function goQuote(s: string): string {
  return JSON.stringify(s.replace(/\p{Cs}/gu, '\ufffd')).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type JsonDoc = string | number | boolean | null | undefined | readonly JsonDoc[] | ReadonlyMap<string, JsonDoc> | { readonly [key: string]: JsonDoc };

const INDENT = '   ';

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function entriesOf(value: ReadonlyMap<string, JsonDoc> | { readonly [key: string]: JsonDoc }): Array<[string, JsonDoc]> {
  const entries = value instanceof Map ? [...value.entries()].sort(([a], [b]) => byBytes(a, b)) : Object.entries(value);
  return entries.filter(([, v]) => v !== undefined);
}

function write(value: JsonDoc, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`manifest numbers are integers, got ${value}`);
    return String(value);
  }
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v: JsonDoc) => inner + write(v, depth + 1)).join(',\n')}\n${outer}]`;
  }
  const entries = entriesOf(value as ReadonlyMap<string, JsonDoc> | { readonly [key: string]: JsonDoc });
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${goQuote(k)}: ${write(v, depth + 1)}`).join(',\n')}\n${outer}}`;
}

/** The document as Go's MarshalIndent(v, "", "   ") would write it, as UTF-8 bytes. */
export function marshalManifest(doc: JsonDoc): Uint8Array {
  return new TextEncoder().encode(write(doc, 0));
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
