import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';

/** The Accept controls of the Inspect form. */
export interface AcceptSelection {
  /** Checked manifest media types. */
  mediaTypes: ReadonlySet<string>;
  /** Send no Accept header at all, whatever else is checked. */
  noAccept: boolean;
  /** A free-form value sent in addition to the checked types. */
  custom: string;
}

export const DEFAULT_ACCEPT_SELECTION: AcceptSelection = {
  mediaTypes: new Set(MANIFEST_MEDIA_TYPES),
  noAccept: false,
  custom: '',
};

/** The Accept values to send, in the order of the format list, the custom value last; empty means none. */
export function acceptValues(selection: AcceptSelection): string[] {
  if (selection.noAccept) return [];
  const values = MANIFEST_MEDIA_TYPES.filter((t) => selection.mediaTypes.has(t));
  const custom = selection.custom.trim();
  if (custom !== '' && !values.includes(custom)) values.push(custom);
  return values;
}

export function toggleMediaType(selection: AcceptSelection, mediaType: string, on: boolean): AcceptSelection {
  const mediaTypes = new Set(selection.mediaTypes);
  if (on) mediaTypes.add(mediaType);
  else mediaTypes.delete(mediaType);
  return { ...selection, mediaTypes };
}
