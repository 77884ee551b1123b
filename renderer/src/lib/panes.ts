/** The format panes: "As served" and one per format, and which of them show by default. */
import { FORMATS, MediaType, type FormatId } from '../../../shared/mediaTypes';

export type PaneId = 'as-served' | FormatId;

export const AS_SERVED_TITLE = 'As served';

export const PANES: ReadonlyArray<{ id: PaneId; title: string }> = [
  { id: 'as-served', title: AS_SERVED_TITLE },
  ...FORMATS.map((f) => ({ id: f.id, title: f.title })),
];

export function paneTitle(id: PaneId): string {
  return PANES.find((p) => p.id === id)!.title;
}

const LIST_TYPES: readonly string[] = [MediaType.dockerList, MediaType.ociIndex];

/**
 * "As served" and its nearest counterparts, three panes in all: a list beside the other list format and its
 * default image, an image beside the other two image formats. The pane of the stored format itself would
 * repeat "As served", so it is one click away with the rest.
 */
export function defaultPanes(storedMediaType: string | null): ReadonlySet<PaneId> {
  const list = storedMediaType !== null && LIST_TYPES.includes(storedMediaType);
  const candidates: FormatId[] = list ? ['docker-list', 'oci-index', 'v2s2'] : ['v2s1', 'v2s2', 'oci'];
  const stored = FORMATS.find((f) => f.mediaType === storedMediaType)?.id;
  return new Set<PaneId>(['as-served', ...candidates.filter((id) => id !== stored).slice(0, 2)]);
}

/** The panes to show: the user's explicit choices over the defaults for this kind of manifest. */
export function visiblePanes(choices: Readonly<Record<string, boolean>>, storedMediaType: string | null): PaneId[] {
  const defaults = defaultPanes(storedMediaType);
  return PANES.map((p) => p.id).filter((id) => choices[id] ?? defaults.has(id));
}

const COUNTERPART: Record<string, FormatId> = {
  [MediaType.dockerSchema2]: 'oci',
  [MediaType.ociManifest]: 'v2s2',
  [MediaType.dockerList]: 'oci-index',
  [MediaType.ociIndex]: 'docker-list',
  [MediaType.dockerSchema1Signed]: 'v2s1-unsigned',
  [MediaType.dockerSchema1]: 'v2s1',
};

/** The same document in the other family (Docker ↔ OCI, signed ↔ unsigned): what a diff starts with. */
export function counterpart(servedMediaType: string | null): FormatId {
  const type = servedMediaType?.split(';')[0]?.trim() ?? '';
  return COUNTERPART[type] ?? 'v2s2';
}
