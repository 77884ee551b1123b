/**
 * How a manifest is shown in the diff editor. The bytes as served come first; the options are reading
 * aids that turn both sides into the same shape so that only real differences remain: re-indentation,
 * keys in a stable order, and schema 1's v1Compatibility strings opened up into the JSON they carry.
 */

export interface DiffOptions {
  /** Re-indent both sides the same way (3 spaces, as docker writes manifests). */
  pretty: boolean;
  /** Order object keys by code point, at every depth. */
  sortKeys: boolean;
  /** Replace each history[].v1Compatibility string by the object it encodes. */
  expandV1Compatibility: boolean;
}

// Keys sorted: formats order their fields differently, and what differs is the values, not the order.
export const DEFAULT_DIFF_OPTIONS: DiffOptions = { pretty: true, sortKeys: true, expandV1Compatibility: true };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortedKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => [k, sortedKeys(value[k]!)]),
  );
}

/** Schema 1 keeps each history entry as a JSON string; a string that does not parse stays as it is. */
function expandedV1(doc: Json): Json {
  if (!isObject(doc) || doc.schemaVersion !== 1 || !Array.isArray(doc.history)) return doc;
  const history = doc.history.map((entry) => {
    if (!isObject(entry) || typeof entry.v1Compatibility !== 'string') return entry;
    try {
      return { ...entry, v1Compatibility: JSON.parse(entry.v1Compatibility) as Json };
    } catch {
      return entry;
    }
  });
  return { ...doc, history };
}

/** Whether any option changes the text: then the view is a reading aid, not the bytes. */
export function transformsText(options: DiffOptions): boolean {
  return options.pretty || options.sortKeys || options.expandV1Compatibility;
}

/**
 * The text to diff. Text that is not JSON is returned unchanged. Any option re-serializes the document,
 * which also normalizes number spellings (1.50 → 1.5): fine for reading, which is all this is for.
 */
export function textForDiff(text: string, options: DiffOptions): string {
  if (!transformsText(options)) return text;
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    return text;
  }
  if (options.expandV1Compatibility) doc = expandedV1(doc);
  if (options.sortKeys) doc = sortedKeys(doc);
  return `${JSON.stringify(doc, null, options.pretty ? 3 : undefined)}\n`;
}
