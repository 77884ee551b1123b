/** The audit of a whole registry and the schema 1 rescue: arguments, results and report entries. */
import { z } from 'zod';

const target = z.string().min(1).max(1000);
const requestId = z.string().min(1).max(100);
/**
 * A UI audit's name for the session: the core keeps that audit's state file and report under it, so a
 * call again with the same id resumes it and `auditRows` pages what it found.
 */
const auditId = z.string().regex(/^[\w-]{1,64}$/, 'an audit id is 1 to 64 letters, digits, _ or -');
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** `repository:tag`, as the audit's rows and the summary's schema1 list name an image. */
export const RepositoryTag = z.string().regex(new RegExp(`^${component}(?:/${component})*:\\w[\\w.-]{0,127}$`), 'expected repository:tag');

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

/** Every tag of a registry (or of the repositories under a prefix), classified by what it serves. */
export const AuditArgs = z.object({
  /** `registry[/prefix]`, e.g. `127.0.0.1:5000/team`. */
  target,
  deep: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(256).optional(),
  maxRps: z.number().positive().max(100_000).optional(),
  requestId: requestId.optional(),
  auditId: auditId.optional(),
});
export type AuditArgs = z.input<typeof AuditArgs>;

/** The summary `manifest-lens audit --json` prints; scripts rely on its shape. */
export interface AuditSummary {
  registry: string;
  repositories: number;
  tags: number;
  byMediaType: Record<string, number>;
  /** `repository:tag` of every schema 1 tag. */
  schema1: string[];
  /** Requests made by this run, by kind: token fetches apart. */
  requests: { GET: number; HEAD: number; token: number };
  complete: boolean;
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

/** Schema 1 images upgraded and pushed: to the same tag (tagSuffix null) or the tag with a suffix. */
export const RescueArgs = z.object({
  target,
  to: z.enum(['v2s2', 'oci']),
  dryRun: z.boolean().default(false),
  tagSuffix: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .nullable(),
  concurrency: z.number().int().min(1).max(256).optional(),
  maxRps: z.number().positive().max(100_000).optional(),
  requestId: requestId.optional(),
  /** Only these images (each HEADed first: one that no longer serves schema 1 is skipped), instead of every schema 1 tag an audit finds. */
  images: z.array(RepositoryTag).min(1).max(500).optional(),
  /** The UI audit these images' rows belong to: they are audited again after the rescue. */
  auditId: auditId.optional(),
});
export type RescueArgs = z.input<typeof RescueArgs>;

/** One image's line of the rescue report. */
export const RescueEntry = z.object({
  image: z.string(),
  from: z.object({ mediaType: z.string(), digest: z.string().nullable() }),
  /** `repository:tag` written (or that a dry run would write). */
  destination: z.string(),
  outcome: z.enum(['planned', 'rescued', 'skipped', 'failed']),
  to: z.object({ mediaType: z.string(), digest: z.string() }).nullable(),
  /** Layers whose diffID the upgrade needs, and their compressed bytes (the registry's Content-Length). */
  layers: z.number().int().nonnegative(),
  layerBytes: z.number().int().nonnegative().nullable(),
  /** Bytes of layers read (0 for a dry run). */
  bytesStreamed: z.number().int().nonnegative(),
  /** Requests the plan takes: HEAD the destination, GET the manifest, each layer's GET and HEAD, the config's HEAD, POST and PUT, the manifest's PUT, the confirming HEAD. */
  requests: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  reason: z.string().nullable(),
});
export type RescueEntry = z.infer<typeof RescueEntry>;

export interface RescueReport {
  registry: string;
  to: 'v2s2' | 'oci';
  dryRun: boolean;
  images: RescueEntry[];
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

/**
 * One page of a UI audit's rows, read from its report (the session holds no row in memory), with the
 * counts the filters show. Rows are those of finished repositories, in the order the audit wrote them.
 */
export const AuditRowsArgs = z.object({
  auditId,
  kind: z.enum(TAG_KINDS).optional(),
  /** Only rows with a flag: what a puller trips on, or why a tag could not be classified. */
  problemsOnly: z.boolean().default(false),
  offset: z.number().int().nonnegative().max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type AuditRowsArgs = z.input<typeof AuditRowsArgs>;

export interface AuditRowsPage {
  target: string;
  rows: TagRow[];
  /** Rows the filter matches, of `total` rows so far. */
  matching: number;
  total: number;
  byKind: Partial<Record<TagKind, number>>;
  problems: number;
  /** Whether the audit has walked every repository (else these are the rows of those finished so far). */
  complete: boolean;
}

/** A UI audit's rows saved as the CLI's --output writes them: where the shell says (a dialog, a Downloads folder). */
export const ExportAuditArgs = z.object({ auditId, format: z.enum(['json', 'csv', 'md']) });
export type ExportAuditArgs = z.input<typeof ExportAuditArgs>;

export interface ExportAuditResult {
  path: string;
  rows: number;
  size: number;
}
