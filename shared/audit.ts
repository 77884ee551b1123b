/** The audit of a whole registry and the schema 1 rescue: arguments, results and report entries. */
import { z } from 'zod';
import { TAG_KINDS, type TagKind, type TagRow } from './auditReport';

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
