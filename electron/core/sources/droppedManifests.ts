/**
 * Manifest files dropped onto the browser mode's page. The page can read a dropped file's bytes but
 * never its path, so the core keeps the bytes for the session under a source name of their own,
 * `dropped:NAME@DIGEST`, by which the offline source view's exports open it again. A few are kept;
 * the oldest is forgotten first.
 */
import { parseManifest } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { manifestBytesSource } from './manifestFile';
import { manifestDigest, type ImageSource } from './source';

export const DROPPED_PREFIX = 'dropped:';
const KEPT = 16;

export interface DroppedManifests {
  /** Checks the bytes are a manifest and keeps them (the call's schema bounds their size); returns the source name they open by. */
  add(fileName: string, bytes: Uint8Array): string;
  /** The source a name from `add` opens; null for a name that is not a dropped file's. */
  open(input: string): ImageSource | null;
}

export function droppedManifests(): DroppedManifests {
  const kept = new Map<string, { fileName: string; bytes: Uint8Array }>();
  return {
    add(fileName, bytes) {
      const parsed = parseManifest(bytes);
      const input = `${DROPPED_PREFIX}${fileName}@${manifestDigest(bytes, parsed.mediaType)}`;
      kept.delete(input);
      kept.set(input, { fileName, bytes });
      if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      return input;
    },
    open(input) {
      if (!input.startsWith(DROPPED_PREFIX)) return null;
      const file = kept.get(input);
      if (!file) throw new LensError('INPUT_INVALID', `${input} is no longer held by this session; drop the file again.`);
      return manifestBytesSource(file.bytes, { input, fileName: file.fileName });
    },
  };
}
