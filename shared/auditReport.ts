/**
 * What an audit finds at each tag and how fast it goes: plain types and functions without the schema
 * library, so the renderer's bundle can take them (the calls' zod schemas are in ./audit).
 */

/** What a tag serves, as the audit classifies it. */
export const TAG_KINDS = [
  'schema1-signed',
  'schema1-unsigned',
  'schema2',
  'manifest-list',
  'oci-manifest',
  'oci-index',
  'artifact',
  'unknown',
] as const;
export type TagKind = (typeof TAG_KINDS)[number];

/** Each kind as people read it (the UI's type filter and column). */
export const TAG_KIND_TITLES: Record<TagKind, string> = {
  'schema1-signed': 'Docker v2 schema 1 (signed)',
  'schema1-unsigned': 'Docker v2 schema 1 (unsigned)',
  schema2: 'Docker v2 schema 2',
  'manifest-list': 'Docker manifest list',
  'oci-manifest': 'OCI image manifest',
  'oci-index': 'OCI image index',
  artifact: 'Artifact (OCI manifest of something else)',
  unknown: 'Not classified',
};

export const isSchema1Kind = (kind: TagKind): boolean => kind === 'schema1-signed' || kind === 'schema1-unsigned';

/** One tag's line of the audit report: what `--output` writes (JSON, CSV, Markdown) and the UI pages. */
export interface TagRow {
  repository: string;
  tag: string;
  kind: TagKind;
  mediaType: string | null;
  digest: string | null;
  /** The HTTP status of the tag's HEAD (or GET); 0 for a repository whose tags could not be listed (tag ''). */
  status: number;
  /** What a puller trips on, or why the tag could not be classified. */
  flags: string[];
}

/** How far a walk over a registry has got (the audit's progress bar). */
export interface AuditProgressView {
  repositoriesDone: number;
  repositoriesTotal: number;
  /** Of those done, how many a state file said were done before this run (the ETA leaves them out). */
  repositoriesResumed: number;
  /** Tags classified in this run, and when it started (for a rate). */
  tagsThisRun: number;
  startedAt: number;
}

/** How fast a walk goes, and (once a repository of this run is done) how long the rest should take. */
export function auditPace(p: AuditProgressView, now: number): { tagsPerSecond: number; etaSeconds: number | null } {
  const seconds = Math.max((now - p.startedAt) / 1000, 0.001);
  const doneThisRun = p.repositoriesDone - p.repositoriesResumed;
  const left = p.repositoriesTotal - p.repositoriesDone;
  return {
    tagsPerSecond: p.tagsThisRun / seconds,
    etaSeconds: doneThisRun > 0 && left > 0 ? Math.ceil((seconds / doneThisRun) * left) : null,
  };
}
