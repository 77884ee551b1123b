/** Small helpers the conversions share for writing their reports. */
import type { ConversionNote } from './types';

export function note(kind: ConversionNote['kind'], field: string, message: string): ConversionNote {
  return { kind, field, message };
}

/**
 * One 'lost' note per field of `value` that the target format does not have. `kept` lists the fields the
 * conversion carries over; everything else present (not undefined) is reported with `why`.
 */
export function lostFields(value: object, kept: readonly string[], path: string, why: string): ConversionNote[] {
  return Object.entries(value)
    .filter(([key, v]) => v !== undefined && !kept.includes(key))
    .map(([key]) => note('lost', path ? `${path}.${key}` : key, `${key} ${why}`));
}

/** Prefixes a child's notes with where the child sits in its list. */
export function childNotes(path: string, notes: readonly ConversionNote[]): ConversionNote[] {
  return notes.map((n) => ({ ...n, field: `${path}.${n.field}` }));
}
