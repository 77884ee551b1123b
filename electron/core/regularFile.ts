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
import { constants } from 'node:fs';
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

function openError(path: string, what: string, e: unknown): LensError {
  const code = (e as { code?: unknown }).code;
  const reason =
    code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'it cannot be opened';
  return new LensError('INPUT_INVALID', `Cannot read the ${what} ${path}: ${reason}.`, e instanceof Error ? e.message : undefined);
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
    let handle: FileHandle;
    try {
      handle = await open(path, OPEN_FLAGS);
    } catch (e) {
      throw openError(path, what, e);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new LensError('INPUT_INVALID', `The ${what} ${path} is ${kindOf(info)}, not a regular file.`);
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
    if (this.size > limit) {
      throw new LensError('INPUT_INVALID', `The ${this.what} ${this.path} is ${this.size} bytes, more than the ${limit} allowed.`);
    }
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
