/** The audit of a whole registry and the schema 1 rescue: arguments, results and report entries. */
import { z } from 'zod';

const target = z.string().min(1).max(1000);
const requestId = z.string().min(1).max(100);

/** Every tag of a registry (or of the repositories under a prefix), classified by what it serves. */
export const AuditArgs = z.object({
  /** `registry[/prefix]`, e.g. `127.0.0.1:5000/team`. */
  target,
  deep: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(256).optional(),
  maxRps: z.number().positive().max(100_000).optional(),
  requestId: requestId.optional(),
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
