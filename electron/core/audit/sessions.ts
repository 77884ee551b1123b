/**
 * The audits the UI runs in this session, each in a folder of its own under a directory the core
 * removes when it closes: the state file and the JSON report that runAudit writes, exactly as the
 * CLI's --state and --output do. So Pause is a cancel (the state has recorded every finished
 * repository), Resume is the same call again (finished repositories are not asked for again), and the
 * rows are paged from the report on disk: the session holds no row of an audit in memory, however many
 * tags it has. Rows a rescue changed are audited again and kept beside the report, replacing theirs
 * (they grow only by images a person selected and rescued, at most 500 a call).
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRowsPage } from '../../../shared/audit';
import type { TagKind, TagRow } from '../../../shared/auditReport';
import { LensError } from '../errors';
import { jsonReportRows, ReportWriter } from './report';
import { loadState } from './state';

/** Audits kept per session; starting another forgets the oldest one that is not running. */
export const MAX_AUDITS = 16;

export interface AuditFiles {
  statePath: string;
  output: string;
}

interface Session {
  target: string;
  deep: boolean;
  files: AuditFiles;
  /** The run in progress, which a new run of the same audit waits for (a pause's cancel may still be unwinding). */
  running: Promise<unknown> | null;
  replaced: Map<string, TagRow>;
}

export interface RowFilter {
  kind?: TagKind;
  problemsOnly: boolean;
  offset: number;
  limit: number;
}

const keyOf = (row: Pick<TagRow, 'repository' | 'tag'>) => `${row.repository}:${row.tag}`;

export class AuditSessions {
  private root: Promise<string> | null = null;
  private readonly sessions = new Map<string, Session>();

  /** The audits go under `parent` (default the system's temporary directory), in a folder made on first use. */
  constructor(private readonly parent: string = tmpdir()) {}

  /**
   * Runs `work` with the audit's state file and report, after any earlier run of it has ended. The
   * first run names the audit's target and --deep; later runs must name the same (the state file refuses
   * another audit's).
   */
  async run<T>(auditId: string, target: string, deep: boolean, work: (files: AuditFiles) => Promise<T>): Promise<T> {
    const session = this.sessions.get(auditId) ?? (await this.create(auditId, target, deep));
    while (session.running) await session.running.catch(() => undefined);
    const running = work(session.files);
    session.running = running;
    try {
      return await running;
    } finally {
      session.running = null;
    }
  }

  /** One page of the audit's rows (those of finished repositories), filtered, with the counts over all of them. */
  async page(auditId: string, filter: RowFilter): Promise<AuditRowsPage> {
    const session = this.get(auditId);
    const page: AuditRowsPage = { target: session.target, rows: [], matching: 0, total: 0, byKind: {}, problems: 0, complete: false };
    const read = await this.read(session);
    page.complete = read.complete;
    for await (const row of read.rows) {
      page.total++;
      page.byKind[row.kind] = (page.byKind[row.kind] ?? 0) + 1;
      const problem = row.flags.length > 0;
      if (problem) page.problems++;
      if ((filter.kind !== undefined && row.kind !== filter.kind) || (filter.problemsOnly && !problem)) continue;
      if (page.matching >= filter.offset && page.rows.length < filter.limit) page.rows.push(row);
      page.matching++;
    }
    return page;
  }

  /** Every row so far, for an export: the report's, with those audited again after a rescue in their place. */
  async rows(auditId: string): Promise<{ target: string; rows: AsyncIterable<TagRow> }> {
    const session = this.get(auditId);
    return { target: session.target, rows: (await this.read(session)).rows };
  }

  /** The audit's --deep, for rows audited again; refuses an id this session does not know. */
  deepOf(auditId: string): boolean {
    return this.get(auditId).deep;
  }

  /** Rows audited again (after a rescue) replace the report's rows of the same tags. */
  replace(auditId: string, rows: readonly TagRow[]): void {
    const session = this.get(auditId);
    for (const row of rows) session.replaced.set(keyOf(row), row);
  }

  async close(): Promise<void> {
    const root = this.root;
    this.root = null;
    this.sessions.clear();
    if (root) await rm(await root, { recursive: true, force: true });
  }

  private get(auditId: string): Session {
    const session = this.sessions.get(auditId);
    if (!session) throw new LensError('USAGE', `No audit ${auditId} in this session: start the audit again.`);
    return session;
  }

  private async create(auditId: string, target: string, deep: boolean): Promise<Session> {
    this.root ??= mkdtemp(join(this.parent, 'manifest-lens-audits-'));
    const root = await this.root;
    await this.forgetOldest(MAX_AUDITS - 1);
    const files = { statePath: join(root, `${auditId}.state.json`), output: join(root, `${auditId}.report.json`) };
    const session: Session = { target, deep, files, running: null, replaced: new Map() };
    this.sessions.set(auditId, session);
    return session;
  }

  /** Forgets the oldest idle audits until at most `keep` remain. */
  private async forgetOldest(keep: number): Promise<void> {
    for (const [id, session] of this.sessions) {
      if (this.sessions.size <= keep) return;
      if (session.running) continue;
      this.sessions.delete(id);
      const { statePath, output } = session.files;
      await Promise.all([statePath, output, ReportWriter.partialPath(output)].map((path) => rm(path, { force: true })));
    }
  }

  /**
   * The rows the state file says are written and synced: the report's first bytes, in the partial
   * file while the audit runs (or is paused) and in the finished one once it has renamed it.
   */
  private async read(session: Session): Promise<{ complete: boolean; rows: AsyncIterable<TagRow> }> {
    const state = await loadState(session.files.statePath, session.target, session.deep);
    const written = state?.report?.bytes ?? 0;
    const handle = written > 0 ? await openFirst([ReportWriter.partialPath(session.files.output), session.files.output]) : null;
    const replaced = session.replaced;
    return {
      complete: state?.complete ?? false,
      rows: (async function* () {
        if (!handle) return;
        try {
          for await (const row of jsonReportRows(handle, written)) yield replaced.get(keyOf(row)) ?? row;
        } finally {
          await handle.close();
        }
      })(),
    };
  }
}

/**
 * Opens the first of `paths` that exists. Opened at once, so a rename between the partial and the
 * finished name (the audit finishing meanwhile) leaves the open file readable.
 */
async function openFirst(paths: readonly string[]): Promise<FileHandle> {
  for (const path of paths) {
    try {
      return await open(path, 'r');
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
    }
  }
  throw new LensError('INTERNAL', 'The audit report the state file names is missing.');
}
