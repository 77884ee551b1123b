/** Small helpers the conversions share for writing their reports. */
import type { ConversionNote } from './types';

export function note(kind: ConversionNote['kind'], field: string, message: string): ConversionNote {
  return { kind, field, message };
}

/** A 'changed' note saying `what` went from `from` to `to`; none when the two are the same, as nothing changed. */
export function changedNote(field: string, what: string, from: string, to: string): ConversionNote[] {
  return from === to ? [] : [note('changed', field, `${what}: from ${from} to ${to}.`)];
}

/**
 * 'changed' notes for one property of every item of a list (`pairs[i]` is item i's value before and after),
 * one per distinct change; the field names the items it covers, `*` when it covers them all.
 */
export function changedEach(
  list: string,
  property: string,
  what: string,
  pairs: ReadonlyArray<readonly [from: string, to: string]>,
): ConversionNote[] {
  const changes = new Map<string, { from: string; to: string; at: number[] }>();
  pairs.forEach(([from, to], i) => {
    if (from === to) return;
    const key = JSON.stringify([from, to]);
    const change = changes.get(key) ?? { from, to, at: [] };
    change.at.push(i);
    changes.set(key, change);
  });
  return [...changes.values()].flatMap(({ from, to, at }) =>
    changedNote(`${list}[${at.length === pairs.length ? '*' : at.join(',')}].${property}`, what, from, to),
  );
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
