/**
 * An audit's state file: what is finished and what it found, rewritten atomically after each finished
 * repository, so that a run killed at any moment resumes without asking again for those repositories.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../export/atomicWrite';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';

const Totals = z.object({
  repositories: z.number().int().nonnegative(),
  tags: z.number().int().nonnegative(),
  byMediaType: z.record(z.string(), z.number().int().nonnegative()),
  schema1: z.array(z.string()),
});

export type AuditTotals = z.infer<typeof Totals>;

const AuditStateSchema = z.object({
  version: z.literal(1),
  /** `registry[/prefix]` and --deep as given: a state file resumes only the audit that wrote it. */
  target: z.string(),
  deep: z.boolean(),
  finished: z.array(z.string()),
  totals: Totals,
  /** The partial report's length and rows after the last finished repository. */
  report: z.object({ path: z.string(), bytes: z.number().int().nonnegative(), rows: z.number().int().nonnegative() }).nullable(),
  complete: z.boolean(),
});

export type AuditState = z.infer<typeof AuditStateSchema>;

export function emptyTotals(): AuditTotals {
  return { repositories: 0, tags: 0, byMediaType: {}, schema1: [] };
}

/** The state in FILE, or null when there is none yet; one written for another audit is refused. */
export async function loadState(path: string, target: string, deep: boolean): Promise<AuditState | null> {
  const bytes = await readStateBytes(path);
  if (bytes === null) return null;
  const state = validate(AuditStateSchema, parseJsonValue(bytes, 'audit state file'), 'audit state file');
  if (state.target !== target || state.deep !== deep) {
    const was = `${state.target}${state.deep ? ' --deep' : ''}`;
    throw new LensError('USAGE', `The state file ${path} belongs to the audit of ${was}; give another --state FILE.`);
  }
  return state;
}

/** A state file's bytes, or null when there is none yet. */
export async function readStateBytes(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return null;
    throw new LensError('USAGE', `Cannot read the state file ${path}.`, (e as Error).message);
  }
}

export async function saveState(path: string, state: AuditState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state));
}
