/**
 * Input files opened once, as regular files only, and read within a bound.
 *
 * A path the user names may be a FIFO (opening it blocks until a writer appears, and a blocked open
 * holds one of Node's few file-system threads), a device (/dev/zero never ends) or a directory. The
 * file is opened with O_NONBLOCK, so opening a FIFO returns at once; the opened handle is then
 * fstat'ed, so what is checked is what will be read (no window between a stat of the path and its
 * open); anything but a regular file is refused before a byte is read. Every read is bounded by the
 * size seen on that handle, so a file that grows while it is read cannot make a read longer.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { LensError } from './errors';

/** O_NONBLOCK where the platform has it (Windows has no FIFOs to block on and no such flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** What a file that is not a regular one is, in words for an error message. */
function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Whether an open failed because nothing is there (the path, or a folder on the way to it). */
function isAbsent(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function openError(path: string, what: string, e: unknown): LensError {
  const code = (e as { code?: unknown }).code;
  const reason =
    code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'it cannot be opened';
  return new LensError('INPUT_INVALID', `Cannot read the ${what} ${path}: ${reason}.`, e instanceof Error ? e.message : undefined);
}

function refuseSpecial(path: string, what: string, info: Parameters<typeof kindOf>[0] & { isFile(): boolean }): void {
  if (!info.isFile()) throw new LensError('INPUT_INVALID', `The ${what} ${path} is ${kindOf(info)}, not a regular file.`);
}

function refuseLarger(path: string, what: string, size: number, limit: number): void {
  if (size > limit) throw new LensError('INPUT_INVALID', `The ${what} ${path} is ${size} bytes, more than the ${limit} allowed.`);
}

/** An opened regular file and the size its handle reported when it was opened. */
export class RegularFile {
  private constructor(
    readonly path: string,
    readonly what: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** Opens `path` for reading; anything but a regular file is INPUT_INVALID naming `what` and what it is. */
  static async open(path: string, what: string): Promise<RegularFile> {
    return (await RegularFile.openIn(path, what, 'required'))!;
  }

  /** As open, but null when nothing is at `path` (an optional file such as a credentials file). */
  static async openIfPresent(path: string, what: string): Promise<RegularFile | null> {
    return RegularFile.openIn(path, what, 'optional');
  }

  private static async openIn(path: string, what: string, presence: 'required' | 'optional'): Promise<RegularFile | null> {
    let handle: FileHandle;
    try {
      handle = await open(path, OPEN_FLAGS);
    } catch (e) {
      if (presence === 'optional' && isAbsent(e)) return null;
      throw openError(path, what, e);
    }
    try {
      const info = await handle.stat();
      refuseSpecial(path, what, info);
      return new RegularFile(path, what, handle, info.size);
    } catch (e) {
      await handle.close();
      throw e instanceof LensError ? e : openError(path, what, e);
    }
  }

  /** Up to `length` bytes from `position`, never past the size seen at open (fewer if the file shrank). */
  async read(position: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const buffer = Buffer.alloc(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(buffer, filled, wanted - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  /** The whole file, refused unread when it is larger than `limit`. */
  async readAll(limit: number): Promise<Buffer> {
    refuseLarger(this.path, this.what, this.size, limit);
    return this.read(0, this.size);
  }

  /**
   * `length` bytes from `start` as a stream over this handle. With `closeAtEnd` the handle closes when
   * the stream ends, fails or is destroyed (a file opened for one stream); without, it stays open for
   * other reads and `close()` closes it.
   */
  stream(start: number, length: number, options: { signal?: AbortSignal; closeAtEnd?: boolean } = {}): AsyncIterable<Uint8Array> {
    const bounded = Math.max(0, Math.min(length, this.size - start));
    if (bounded === 0) {
      if (options.closeAtEnd) void this.close();
      return (async function* () {})();
    }
    return this.handle.createReadStream({
      start,
      end: start + bounded - 1,
      signal: options.signal,
      autoClose: options.closeAtEnd ?? false,
    });
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** The whole of a regular file no larger than `limit`: opened, checked, read and closed. */
export async function readRegularFile(path: string, limit: number, what: string): Promise<Buffer> {
  const file = await RegularFile.open(path, what);
  try {
    return await file.readAll(limit);
  } finally {
    await file.close();
  }
}

/**
 * readRegularFile for the few files read while something is constructed (a CA file given to the
 * transport): the same checks on the opened descriptor, read synchronously.
 */
export function readRegularFileSync(path: string, limit: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw openError(path, what, e);
  }
  try {
    const info = fstatSync(fd);
    refuseSpecial(path, what, info);
    refuseLarger(path, what, info.size, limit);
    const buffer = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } catch (e) {
    throw e instanceof LensError ? e : openError(path, what, e);
  } finally {
    closeSync(fd);
  }
}
