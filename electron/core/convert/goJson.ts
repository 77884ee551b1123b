/**
 * JSON written the way Go's encoding/json (Go 1.19, the toolchain of Debian's docker-registry 2.8.2)
 * writes it, for documents whose bytes are hashed or signed: schema 1 manifests and their
 * v1Compatibility strings.
 *
 * JSON.parse/JSON.stringify cannot do this job: they rewrite number text (1.50 → 1.5,
 * 12345678901234567890 → 12345678901234567000) and escapes (\u00e9 → é, \/ → /), while Go keeps a
 * json.RawMessage byte for byte. So documents are parsed into a tree whose leaves keep their source
 * text, and written back from it:
 * - a leaf that came from source is written as that text, with Go's compact() escaping applied
 *   (<, >, & and U+2028/U+2029 inside strings become \u003c, \u003e, \u0026, \u2028, \u2029);
 * - a string built in code is escaped like Go's encoder with HTML escaping on (goQuote).
 */
import { LensError } from '../errors';

export type JsonNode =
  | { kind: 'object'; entries: JsonEntry[] }
  | { kind: 'array'; items: JsonNode[] }
  /** `value` is the decoded text (as Go decodes it); `raw`, when present, the source text with quotes. */
  | { kind: 'string'; value: string; raw?: string }
  /** Numbers are only ever carried as their text, so no precision or spelling is lost. */
  | { kind: 'number'; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export interface JsonEntry {
  /** The decoded key. */
  key: string;
  /** The key's source text with quotes, when it came from parsed input. */
  rawKey?: string;
  value: JsonNode;
}

/** Go's json package refuses documents nested deeper than this. */
export const MAX_DEPTH = 10_000;

// ---------------------------------------------------------------------------------------------------
// Building nodes in code

export const jsonString = (value: string): JsonNode => ({ kind: 'string', value });
export const jsonBool = (value: boolean): JsonNode => ({ kind: 'boolean', value });
export const jsonNull: JsonNode = { kind: 'null' };
export const jsonArray = (items: JsonNode[]): JsonNode => ({ kind: 'array', items });

/** Integers only: Go and JavaScript spell large and fractional floats differently. */
export function jsonInteger(value: number): JsonNode {
  if (!Number.isSafeInteger(value)) throw new RangeError(`jsonInteger needs a safe integer, got ${value}`);
  return { kind: 'number', raw: String(value) };
}

/** An object in the given key order (a Go struct); use sortedByGoKeys for a Go map. */
export function jsonObject(entries: ReadonlyArray<readonly [string, JsonNode]>): JsonNode {
  return { kind: 'object', entries: entries.map(([key, value]) => ({ key, value })) };
}

// ---------------------------------------------------------------------------------------------------
// Parsing

/**
 * Where `at` (an index into the decoded text) is, as editors count it: line and column from 1, and the
 * byte offset in the UTF-8 input. Only the position: the text around it may be a secret (a local file
 * named by mistake, an error body), so no error quotes it.
 */
function position(text: string, at: number): string {
  const before = text.slice(0, at);
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  const column = at - before.lastIndexOf('\n');
  return `line ${line}, column ${column} (byte ${new TextEncoder().encode(before).length})`;
}

function invalid(text: string, at: number, what: string): LensError {
  return new LensError('INPUT_INVALID', `Invalid JSON at ${position(text, at)}: ${what}.`);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

function hex4(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  let n = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    const d = isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Container = { node: Extract<JsonNode, { kind: 'object' | 'array' }>; pendingKey: { key: string; rawKey: string } | null };

/**
 * A parser with an explicit stack instead of recursion, so that documents nested as deep as Go allows
 * (MAX_DEPTH) parse without exhausting the JavaScript call stack.
 */
class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  fail(what: string): never {
    const c = this.text.charCodeAt(this.pos);
    throw invalid(this.text, this.pos, Number.isNaN(c) ? `unexpected end of input (${what})` : what);
  }

  document(): JsonNode {
    const t = this.text;
    const stack: Container[] = [];
    for (;;) {
      // Read one value; an opened container is pushed and its first member read on the next turn.
      this.skipSpace();
      let value: JsonNode;
      const c = t.charCodeAt(this.pos);
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
        this.pos++;
        this.skipSpace();
        const isObject = c === 0x7b;
        const node: Container['node'] = isObject ? { kind: 'object', entries: [] } : { kind: 'array', items: [] };
        if (t.charCodeAt(this.pos) === (isObject ? 0x7d : 0x5d)) {
          this.pos++;
          value = node;
        } else {
          stack.push({ node, pendingKey: isObject ? this.key() : null });
          continue;
        }
      } else {
        value = this.scalar();
      }
      // Attach it, then close every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) return value;
        if (top.node.kind === 'object') top.node.entries.push({ ...top.pendingKey!, value });
        else top.node.items.push(value);
        this.skipSpace();
        const next = t.charCodeAt(this.pos);
        if (next === 0x2c) {
          this.pos++;
          if (top.node.kind === 'object') top.pendingKey = this.key();
          break;
        }
        if (next !== (top.node.kind === 'object' ? 0x7d : 0x5d))
          this.fail(top.node.kind === 'object' ? 'expected "," or "}"' : 'expected "," or "]"');
        this.pos++;
        stack.pop();
        value = top.node;
      }
    }
  }

  key(): { key: string; rawKey: string } {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a string key');
    const { value: key, raw: rawKey } = this.string();
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail('expected ":"');
    this.pos++;
    return { key, rawKey };
  }

  scalar(): JsonNode {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    switch (c) {
      case 0x22: {
        const { value, raw } = this.string();
        return { kind: 'string', value, raw };
      }
      case 0x74:
        return this.literal('true', { kind: 'boolean', value: true });
      case 0x66:
        return this.literal('false', { kind: 'boolean', value: false });
      case 0x6e:
        return this.literal('null', jsonNull);
      default:
        if (c === 0x2d || isDigit(c)) return this.number();
        return this.fail('expected a value (string, number, object, array, true, false or null)');
    }
  }

  literal(word: string, node: JsonNode): JsonNode {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return node;
  }

  number(): JsonNode {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 0x2d) p++;
    if (t.charCodeAt(p) === 0x30) p++;
    else if (isDigit(t.charCodeAt(p))) while (isDigit(t.charCodeAt(p))) p++;
    else throw invalid(t, p, 'expected a digit');
    if (t.charCodeAt(p) === 0x2e) {
      p++;
      if (!isDigit(t.charCodeAt(p))) throw invalid(t, p, 'expected a digit after the decimal point');
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const s = t.charCodeAt(p);
      if (s === 0x2b || s === 0x2d) p++;
      if (!isDigit(t.charCodeAt(p))) throw invalid(t, p, 'expected a digit in the exponent');
      while (isDigit(t.charCodeAt(p))) p++;
    }
    this.pos = p;
    return { kind: 'number', raw: t.slice(start, p) };
  }

  /** Decodes as Go's unquote does: a \u escape that is not half of a valid surrogate pair becomes U+FFFD. */
  string(): { value: string; raw: string } {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    let value = '';
    let chunk = p;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x22) break;
      if (Number.isNaN(c)) throw invalid(t, p, 'unterminated string');
      if (c < 0x20) throw invalid(t, p, 'control character in string');
      if (c !== 0x5c) {
        p++;
        continue;
      }
      value += t.slice(chunk, p);
      const e = t[p + 1];
      if (e === 'u') {
        let code = hex4(t, p + 2);
        if (code < 0) throw invalid(t, p, 'invalid \\u escape');
        p += 6;
        if (code >= 0xd800 && code <= 0xdfff) {
          const low = t.charCodeAt(p) === 0x5c && t[p + 1] === 'u' ? hex4(t, p + 2) : -1;
          if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
            value += String.fromCharCode(code, low);
            p += 6;
            chunk = p;
            continue;
          }
          code = 0xfffd;
        }
        value += String.fromCharCode(code);
      } else {
        const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
        if (simple === undefined) throw invalid(t, p, 'invalid escape');
        value += simple;
        p += 2;
      }
      chunk = p;
    }
    value += t.slice(chunk, p);
    this.pos = p + 1;
    return { value, raw: t.slice(start, p + 1) };
  }
}

/** Parses one JSON document (RFC 8259, as strict as Go); anything else is LensError('INPUT_INVALID'). */
export function parseJson(text: string): JsonNode {
  const parser = new Parser(text);
  const node = parser.document();
  parser.skipSpace();
  if (parser.pos !== text.length) throw invalid(text, parser.pos, 'unexpected text after the document');
  return node;
}

/** Decodes UTF-8 strictly, then parses as Go would (order and number text kept). */
export function parseJsonBytes(bytes: Uint8Array, what: string): JsonNode {
  return readJsonBytes(bytes, what, parseJson);
}

/**
 * Decodes UTF-8 strictly and parses the text with `parse`; either failing is INPUT_INVALID naming
 * `what`. Go would keep invalid UTF-8 bytes, which we refuse instead.
 */
export function readJsonBytes<T>(bytes: Uint8Array, what: string, parse: (text: string) => T): T {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new LensError('INPUT_INVALID', `The ${what} is not valid UTF-8 text.`);
  }
  try {
    return parse(text);
  } catch (e) {
    throw new LensError('INPUT_INVALID', `The ${what} is not valid JSON.`, failurePosition(text, e));
  }
}

/**
 * What failed and where, never the text itself. Another parser's message (JSON.parse quotes the input
 * around the failure) is not passed on: the strict parser is run instead to say where the text breaks.
 */
function failurePosition(text: string, e: unknown): string {
  if (e instanceof LensError) return e.message;
  try {
    parseJson(text);
  } catch (strict) {
    if (strict instanceof LensError) return strict.message;
  }
  return 'The document could not be parsed.';
}

// ---------------------------------------------------------------------------------------------------
// Reading parsed objects the way Go's decoder does

/** The value of the last entry with this key: a Go map decoded from JSON keeps the last duplicate. */
export function lastEntry(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i]!;
    if (entry.key === key) return entry.value;
  }
  return undefined;
}

/**
 * Orders strings as Go orders map keys: by their UTF-8 bytes, which is code point order. UTF-16 code
 * unit order differs from it only where a surrogate (a code point above U+FFFF) meets U+E000–U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** A Go map[string]T as json.Marshal writes it: duplicate keys collapsed to the last, keys sorted. */
export function sortedByGoKeys(entries: readonly JsonEntry[]): JsonNode {
  const byKey = new Map<string, JsonNode>();
  for (const entry of entries) byKey.set(entry.key, entry.value);
  const keys = [...byKey.keys()].sort(compareGoStrings);
  return { kind: 'object', entries: keys.map((key) => ({ key, value: byKey.get(key)! })) };
}

// ---------------------------------------------------------------------------------------------------
// Writing

const HEX = '0123456789abcdef';
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_QUOTING = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;
const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

/** What goQuote rewrites: the characters Go escapes, and surrogates that are not half of a pair. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const TO_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const unicodeEscape = (code: number) => `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;

/**
 * A string as Go 1.19's json.Marshal writes it (HTML escaping on): \" \\ \n \r \t, other control
 * characters and < > & as \u00XX, U+2028/U+2029 escaped, anything that is not valid UTF-16 (a lone
 * surrogate, Go's invalid UTF-8) as \ufffd; everything else literal, including non-ASCII and DEL.
 */
export function goQuote(s: string): string {
  if (!NEEDS_QUOTING.test(s)) return `"${s}"`;
  return `"${s.replace(TO_ESCAPE, goEscape)}"`;
}

function goEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return SHORT_ESCAPES[ch] ?? (code >= 0xd800 && code <= 0xdfff ? '\\ufffd' : unicodeEscape(code));
}

/** Source text of a string kept as Go's compact() copies a RawMessage: only HTML-unsafe characters escaped. */
function escapeRaw(raw: string): string {
  return HTML_UNSAFE.test(raw) ? raw.replace(HTML_UNSAFE_ALL, (ch) => unicodeEscape(ch.charCodeAt(0))) : raw;
}

const keyText = (entry: JsonEntry) => (entry.rawKey === undefined ? goQuote(entry.key) : escapeRaw(entry.rawKey));

function scalarText(node: Exclude<JsonNode, { kind: 'object' | 'array' }>): string {
  switch (node.kind) {
    case 'string':
      return node.raw === undefined ? goQuote(node.value) : escapeRaw(node.raw);
    case 'number':
      return node.raw;
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

/**
 * Writes the tree with an explicit stack (documents may be nested MAX_DEPTH deep). `newline` is null
 * for compact output; otherwise it starts each line ("\n" + prefix) and `indent` is added per level.
 */
function write(root: JsonNode, newline: string | null, indent: string): string {
  const out: string[] = [];
  const stack: Array<{ node: Extract<JsonNode, { kind: 'object' | 'array' }>; next: number; pad: string }> = [];
  let node: JsonNode | null = root;
  let pad = newline ?? '';
  for (;;) {
    if (node !== null) {
      if (node.kind === 'object' || node.kind === 'array') {
        const empty = node.kind === 'object' ? node.entries.length === 0 : node.items.length === 0;
        if (empty) out.push(node.kind === 'object' ? '{}' : '[]');
        else {
          out.push(node.kind === 'object' ? '{' : '[');
          stack.push({ node, next: 0, pad });
        }
      } else out.push(scalarText(node));
      node = null;
    }
    const top = stack[stack.length - 1];
    if (!top) return out.join('');
    const container = top.node;
    const size = container.kind === 'object' ? container.entries.length : container.items.length;
    if (top.next < size) {
      pad = newline === null ? '' : top.pad + indent;
      if (top.next > 0) out.push(',');
      out.push(pad);
      if (container.kind === 'object') {
        const entry = container.entries[top.next]!;
        out.push(keyText(entry), newline === null ? ':' : ': ');
        node = entry.value;
      } else node = container.items[top.next]!;
      top.next++;
    } else {
      out.push(top.pad, container.kind === 'object' ? '}' : ']');
      stack.pop();
    }
  }
}

/** Go's json.Marshal of the tree (a RawMessage is compacted, so source whitespace goes). */
export function marshalCompact(node: JsonNode): string {
  return write(node, null, '');
}

/**
 * Go's json.MarshalIndent(v, prefix, indent): every line after the first starts with prefix, each level
 * adds indent, empty objects and arrays stay `{}` and `[]`, keys are followed by ": ".
 */
export function marshalIndent(node: JsonNode, indent = '   ', prefix = ''): string {
  return write(node, `\n${prefix}`, indent);
}
