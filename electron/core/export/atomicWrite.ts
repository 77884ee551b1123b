/**
 * Files written so that nobody ever sees half of one: the bytes go to a temporary file beside the target
 * (same directory, so the same file system), are flushed to disk, and the temporary file is renamed over
 * the target, which POSIX makes atomic. Any failure on the way (a source that breaks, a full disk, a
 * cancelled export) removes the temporary file and leaves an existing target as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LensError } from '../errors';

export type FileContent = Uint8Array | string | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface AtomicWriteOptions {
  signal?: AbortSignal;
  /** Called with the bytes written so far, after each chunk. */
  onBytes?: (written: number) => void;
}

/** Temporary names start with a dot and end in .partial, so a listing shows what they are. */
export function temporaryNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
}

function chunksOf(content: FileContent): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return content;
}

function writeError(path: string, e: unknown, signal: AbortSignal | undefined): LensError {
  if (e instanceof LensError) return e;
  if (signal?.aborted) return new LensError('CANCELLED', `Writing ${path} was cancelled; nothing was written.`);
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EISDIR') {
    return new LensError('USAGE', `Cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : `${String(code)}`}.`, message);
  }
  return new LensError('INTERNAL', `Writing ${path} failed; nothing was written.`, message);
}

/** Flushes a directory entry (the rename) where the platform allows opening directories. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for syncing; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** Writes `content` to `path` atomically; returns the number of bytes written. */
export async function writeFileAtomic(path: string, content: FileContent, options: AtomicWriteOptions = {}): Promise<number> {
  const temporary = temporaryNameFor(path);
  let handle: FileHandle | undefined;
  let written = 0;
  try {
    options.signal?.throwIfAborted();
    handle = await open(temporary, 'wx', 0o644);
    for await (const chunk of chunksOf(content)) {
      options.signal?.throwIfAborted();
      await handle.write(chunk);
      written += chunk.length;
      options.onBytes?.(written);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    options.signal?.throwIfAborted();
    await rename(temporary, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw writeError(path, e, options.signal);
  }
  await syncDirectory(dirname(path));
  return written;
}

/**
 * Runs `work`, which writes into `dir`, creating `dir` (and missing parents) first. When work fails, the
 * folders created here are removed again if they are still empty, so a failed export leaves no empty
 * folder behind; a folder that existed before, or that holds a complete file, is kept.
 */
export async function inFolder<T>(dir: string, work: () => Promise<T>): Promise<T> {
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(dir, { recursive: true });
  } catch (e) {
    throw writeError(dir, e, undefined);
  }
  try {
    return await work();
  } catch (e) {
    if (firstCreated !== undefined) await removeEmptyFolders(resolve(dir), resolve(firstCreated));
    throw e;
  }
}

/** Removes `dir` and its parents up to `top`, stopping at the first that is not empty (rmdir refuses it). */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === top || dirname(current) === current) return;
  }
}
