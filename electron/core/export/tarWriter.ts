/**
 * A small tar writer for support bundles: regular files from memory, ustar headers, and a PAX record
 * in front of any name too long for ustar's 100 bytes. GNU tar, bsdtar and Python's tarfile read it.
 */
import { gzipSync } from 'node:zlib';

export interface TarFile {
  /** Path inside the archive, with forward slashes. */
  name: string;
  bytes: Uint8Array | string;
}

const BLOCK = 512;
const NAME_FIELD = 100;

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, 'ascii');
}

function header(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  // A name that does not fit is cut here; the PAX record in front of it carries the whole one.
  Buffer.from(name, 'utf8').subarray(0, NAME_FIELD).copy(block, 0);
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** One PAX record, "LEN key=value\n", where LEN counts its own digits too. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The archive's blocks, in order, ending with the two zero blocks that close it. */
export function* tarBlocks(files: readonly TarFile[], mtime: Date = new Date()): Generator<Buffer> {
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const file of files) {
    const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : Buffer.from(file.bytes);
    if (Buffer.byteLength(file.name) > NAME_FIELD) {
      const record = paxRecord('path', file.name);
      yield header(`PaxHeaders/${file.name.slice(-80)}`, record.length, 'x', seconds);
      yield Buffer.concat([record, padding(record.length)]);
    }
    yield header(file.name, bytes.length, '0', seconds);
    yield Buffer.concat([bytes, padding(bytes.length)]);
  }
  yield Buffer.alloc(2 * BLOCK);
}

/** A gzipped tar of small in-memory files: what a support bundle is. */
export function tarGz(files: readonly TarFile[], mtime?: Date): Buffer {
  return gzipSync(Buffer.concat([...tarBlocks(files, mtime)]));
}
