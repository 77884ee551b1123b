/**
 * A small reader for tar files on disk (ustar, PAX and GNU long names), enough for `docker save`
 * archives. It walks the headers with positioned reads, jumping over each entry's content, so opening a
 * multi-gigabyte archive reads a few kilobytes; an entry's content is then streamed from its offset.
 */
import { posix } from 'node:path';
import { LensError } from '../errors';
import { RegularFile } from '../regularFile';

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  /** Where the content starts in the file. */
  offset: number;
  /** A link's target as written (relative to the link's directory for symlinks). */
  linkName: string;
}

const BLOCK = 512;
/** PAX and GNU long-name records are small; anything larger is not an archive we should trust. */
const META_LIMIT = 1024 * 1024;
const MAX_LINK_HOPS = 16;

const TYPES: Record<string, TarEntryType> = { '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '5': 'directory' };

function invalid(file: string, why: string): LensError {
  return new LensError('INPUT_INVALID', `${file} is not a readable tar archive: ${why}.`);
}

/** A NUL- or space-terminated text field. */
function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** An octal number, or GNU's base-256 form (high bit of the first byte set) for sizes past 8 GiB. */
function numeric(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const digits = field
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .trim();
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

/** The checksum is the byte sum of the header with its own field counted as eight spaces. */
function checksumMatches(block: Buffer): boolean {
  const stored = numeric(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** PAX records: "LEN key=value\n", LEN counting the whole record. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (!(length > 0) || at + length > data.length) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

/** Archive paths compared the way docker's tools write them: no leading "./", no trailing slash. */
export function normalizeTarPath(name: string): string {
  const cleaned = posix.normalize(name.replace(/^\/+/, ''));
  return cleaned.replace(/\/+$/, '').replace(/^\.\//, '');
}

/**
 * The entries of a tar file, by normalized path; later entries of the same name win, as tar extracts them.
 * `what` names the file in errors (a docker archive, a support bundle).
 */
export async function indexTarFile(file: string, what = 'tar archive'): Promise<TarIndex> {
  const handle = await RegularFile.open(file, what);
  try {
    const fileSize = handle.size;
    const entries = new Map<string, TarEntry>();
    let position = 0;
    let longName: string | null = null;
    let longLink: string | null = null;
    let pax = new Map<string, string>();
    while (position + BLOCK <= fileSize) {
      const block = await handle.read(position, BLOCK);
      if (block.every((b) => b === 0)) break; // the end-of-archive marker
      if (!checksumMatches(block)) throw invalid(file, `bad header checksum at byte ${position}`);
      const flag = String.fromCharCode(block[156]!);
      const declared = numeric(block, 124, 12);
      const offset = position + BLOCK;
      const size = Number(pax.get('size') ?? declared);
      if (!Number.isSafeInteger(size) || size < 0 || offset + size > fileSize)
        throw invalid(file, `entry at byte ${position} runs past the end of the file`);
      position = offset + Math.ceil(size / BLOCK) * BLOCK;

      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        if (size > META_LIMIT) throw invalid(file, `a ${size}-byte header record at byte ${offset - BLOCK}`);
        const data = await handle.read(offset, size);
        // Global records ('g') hold archive-wide defaults (comments, times) that naming does not need.
        if (flag === 'x') pax = paxRecords(data);
        else if (flag === 'L') longName = text(data, 0, data.length);
        else if (flag === 'K') longLink = text(data, 0, data.length);
        continue;
      }

      const prefix = text(block, 257, 6).startsWith('ustar') ? text(block, 345, 155) : '';
      const rawName = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
      const linkName = pax.get('linkpath') ?? longLink ?? text(block, 157, 100);
      const name = normalizeTarPath(rawName);
      entries.set(name, { name, type: TYPES[flag] ?? 'other', size, offset, linkName });
      pax = new Map();
      longName = null;
      longLink = null;
    }
    return new TarIndex(file, what, entries);
  } finally {
    await handle.close();
  }
}

export class TarIndex {
  constructor(
    readonly file: string,
    private readonly what: string,
    private readonly entries: ReadonlyMap<string, TarEntry>,
  ) {}

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The regular file at `name`, following symlinks (relative to their directory) and hard links. */
  find(name: string): TarEntry | null {
    let current = normalizeTarPath(name);
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const entry = this.entries.get(current);
      if (!entry) return null;
      if (entry.type === 'file') return entry;
      if (entry.type === 'symlink') current = normalizeTarPath(posix.join(posix.dirname(current), entry.linkName));
      else if (entry.type === 'hardlink') current = normalizeTarPath(entry.linkName);
      else return null;
    }
    return null;
  }

  /** Like find, but a missing entry is INPUT_INVALID naming `what`. */
  require(name: string, what: string): TarEntry {
    const entry = this.find(name);
    if (!entry) throw new LensError('INPUT_INVALID', `${this.file} has no ${what} at ${JSON.stringify(name)}.`);
    return entry;
  }

  /** A small entry's bytes, refused past `limit` rather than read into memory. */
  async read(entry: TarEntry, limit: number): Promise<Buffer> {
    if (entry.size > limit) {
      throw new LensError('INPUT_INVALID', `${entry.name} in ${this.file} is ${entry.size} bytes, more than the ${limit} expected of it.`);
    }
    const handle = await RegularFile.open(this.file, this.what);
    try {
      return await handle.read(entry.offset, entry.size);
    } finally {
      await handle.close();
    }
  }

  /** An entry's content as a stream read straight from the archive (opened when the stream is first read). */
  stream(entry: TarEntry, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const { file, what } = this;
    return (async function* () {
      const handle = await RegularFile.open(file, what);
      try {
        yield* handle.stream(entry.offset, entry.size, { signal });
      } finally {
        await handle.close();
      }
    })();
  }
}
