/**
 * The per-tag report, streamed to disk as the audit goes so that memory stays flat however many tags
 * there are. Rows go to FILE.partial beside the target and the finished file is renamed into place, so
 * FILE never holds half a report. A resumed audit cuts the partial file back to the length the state
 * recorded after the last finished repository and appends from there.
 */
import { open, rename, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { extname } from 'node:path';
import { LensError } from '../errors';
import type { TagRow } from '../../../shared/auditReport';

export type ReportFormat = 'json' | 'csv' | 'md';

const COLUMNS = ['repository', 'tag', 'kind', 'mediaType', 'digest', 'status', 'flags'] as const;

export function reportFormatOf(path: string): ReportFormat {
  const ext = extname(path).toLowerCase().slice(1);
  if (ext === 'json' || ext === 'csv' || ext === 'md') return ext;
  throw new LensError('USAGE', `--output names a .json, .csv or .md file, not ${path}.`);
}

function cells(row: TagRow): string[] {
  return [row.repository, row.tag, row.kind, row.mediaType ?? '', row.digest ?? '', String(row.status), row.flags.join('; ')];
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function mdField(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

const HEADERS: Record<ReportFormat, string> = {
  json: '[',
  csv: `${COLUMNS.join(',')}\r\n`,
  md: `| ${COLUMNS.join(' | ')} |\n|${COLUMNS.map(() => ' --- |').join('')}\n`,
};

const TRAILERS: Record<ReportFormat, string> = { json: '\n]\n', csv: '', md: '' };

/** A row's text in the report; `index` is its position (JSON puts a comma before every row but the first). */
function rowText(format: ReportFormat, row: TagRow, index: number): string {
  if (format === 'json') return `${index === 0 ? '' : ','}\n${JSON.stringify(row)}`;
  if (format === 'csv') return `${cells(row).map(csvField).join(',')}\r\n`;
  return `| ${cells(row).map(mdField).join(' | ')} |\n`;
}

/** A whole report of `rows`, as bytes to stream into a file (the UI's export, through an atomic write). */
export async function* reportBytes(format: ReportFormat, rows: AsyncIterable<TagRow>): AsyncGenerator<Uint8Array> {
  yield Buffer.from(HEADERS[format], 'utf8');
  let index = 0;
  for await (const row of rows) yield Buffer.from(rowText(format, row, index++), 'utf8');
  yield Buffer.from(TRAILERS[format], 'utf8');
}

/**
 * The rows of a JSON report this writer wrote (an open file), up to `bytes` (what a state file records as written and
 * synced): one row per line, so the file is read a line at a time and never parsed whole.
 */
export async function* jsonReportRows(file: FileHandle, bytes: number): AsyncGenerator<TagRow> {
  if (bytes === 0) return;
  const lines = createInterface({ input: file.createReadStream({ start: 0, end: bytes - 1, autoClose: false }), crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    if (text.startsWith('{')) yield JSON.parse(text) as TagRow;
  }
}

export class ReportWriter {
  private rows: number;
  private constructor(
    private readonly path: string,
    private readonly format: ReportFormat,
    private readonly handle: FileHandle,
    private bytes: number,
    resumedRows: number,
  ) {
    this.rows = resumedRows;
  }

  static partialPath(path: string): string {
    return `${path}.partial`;
  }

  /**
   * Opens the report; `resume` is the length and row count the state recorded, when it recorded one.
   * The format is the path's extension unless named (a file a save dialog renamed keeps the format asked for).
   */
  static async open(
    path: string,
    resume: { bytes: number; rows: number } | null,
    format: ReportFormat = reportFormatOf(path),
  ): Promise<ReportWriter> {
    const partial = ReportWriter.partialPath(path);
    try {
      if (resume) {
        const handle = await open(partial, 'r+');
        await handle.truncate(resume.bytes);
        return new ReportWriter(path, format, handle, resume.bytes, resume.rows);
      }
      const handle = await open(partial, 'w', 0o644);
      const writer = new ReportWriter(path, format, handle, 0, 0);
      await writer.append(HEADERS[format]);
      return writer;
    } catch (e) {
      if (e instanceof LensError) throw e;
      const why = resume ? 'its partial report, which the state file names, cannot be reopened' : 'it cannot be created';
      throw new LensError('USAGE', `Cannot write the report ${path}: ${why}.`, (e as Error).message);
    }
  }

  /** Bytes and rows written so far: what a state file records to resume from. */
  position(): { bytes: number; rows: number } {
    return { bytes: this.bytes, rows: this.rows };
  }

  async write(row: TagRow): Promise<void> {
    const text = rowText(this.format, row, this.rows);
    this.rows++;
    await this.append(text);
  }

  /** Syncs what is written, so that a state file never records more than the disk holds. */
  async sync(): Promise<void> {
    await this.handle.sync();
  }

  /** Writes the end, and moves the finished report into place. */
  async finish(): Promise<void> {
    await this.append(TRAILERS[this.format]);
    await this.handle.sync();
    await this.handle.close();
    await rename(ReportWriter.partialPath(this.path), this.path);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async append(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    // The offset is taken before the write, so rows written from several workers never overlap.
    const at = this.bytes;
    this.bytes += bytes.length;
    await this.handle.write(bytes, 0, bytes.length, at);
  }
}
