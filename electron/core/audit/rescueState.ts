/**
 * A rescue's state file: the images already rescued (or kept because their suffixed tag existed), each
 * with its report entry, rewritten atomically after each one, so that a rescue run again after a kill
 * neither reads nor pushes them a second time.
 */
import { z } from 'zod';
import { RescueEntry } from '../../../shared/audit';
import { writeFileAtomic } from '../export/atomicWrite';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { readStateBytes } from './state';

const RescueStateSchema = z.object({
  version: z.literal(1),
  /** `registry[/prefix] --to T` and the destination rule: a state file resumes only the rescue that wrote it. */
  job: z.string(),
  done: z.array(RescueEntry),
});

export type RescueState = z.infer<typeof RescueStateSchema>;

export async function loadRescueState(path: string, job: string): Promise<RescueState> {
  const bytes = await readStateBytes(path);
  if (bytes === null) return { version: 1, job, done: [] };
  const state = validate(RescueStateSchema, parseJsonValue(bytes, 'rescue state file'), 'rescue state file');
  if (state.job !== job)
    throw new LensError('USAGE', `The state file ${path} belongs to the rescue ${state.job}; give another --state FILE.`);
  return state;
}

/** Writes a state serialised when it was current (saves may queue behind one another). */
export async function saveRescueState(path: string, serialised: string): Promise<void> {
  await writeFileAtomic(path, serialised);
}
