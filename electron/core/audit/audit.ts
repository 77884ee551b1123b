/**
 * The audit of a registry (or the repositories under a prefix): every tag classified by what it
 * serves to a client that accepts every manifest type, schema 1 and lists without linux/amd64 flagged.
 * Repositories are done one after another, each tag of one with up to `concurrency` requests at once,
 * so the report's rows of a repository are contiguous and a state file can record "finished up to here".
 */
import type { AuditSummary } from '../../../shared/audit';
import { isSchema1Kind, type AuditProgressView, type TagRow } from '../../../shared/auditReport';
import type { RateLimitView } from '../../../shared/auth';
import { LensError } from '../errors';
import type { RegistryClient } from '../registry/client';
import { RequestBudget } from './budget';
import { ReportWriter } from './report';
import { emptyTotals, loadState, saveState, type AuditState, type AuditTotals } from './state';
import { eachBounded } from '../bounded';
import { auditTag } from './tagAudit';
import { repositories, tagsOf, type WalkContext } from './walk';

export const DEFAULT_CONCURRENCY = 8;

export interface AuditOptions {
  /** The registry as the user named it (docker.io, 127.0.0.1:5000), reported as given. */
  registry: string;
  /** A repository path prefix ('' for the whole catalog). */
  prefix: string;
  deep?: boolean;
  concurrency?: number;
  maxRps?: number;
  statePath?: string;
  output?: string;
  signal?: AbortSignal;
  onProgress?: (progress: AuditProgressView) => void;
  /** Each tag's row as it is classified (the UI's live table). */
  onRow?: (row: TagRow) => void;
}

/** What the budget saw besides the summary's counts: 429 pauses, and the pull limit a registry reported. */
export interface AuditOutcome {
  summary: AuditSummary;
  throttled: RequestBudget['throttled'];
  pullLimit: RateLimitView | null;
}

function targetOf(options: AuditOptions): string {
  return options.prefix ? `${options.registry}/${options.prefix}` : options.registry;
}

/** The row of a repository whose tags could not be listed: no tag, status 0 (no tag was asked for). */
function unlisted(repository: string, error: LensError): TagRow {
  return {
    repository,
    tag: '',
    kind: 'unknown',
    mediaType: null,
    digest: null,
    status: 0,
    flags: [`its tags could not be listed: ${error.message}`],
  };
}

function add(totals: AuditTotals, row: TagRow): void {
  if (row.tag === '') return;
  totals.tags++;
  if (row.mediaType) totals.byMediaType[row.mediaType] = (totals.byMediaType[row.mediaType] ?? 0) + 1;
  if (isSchema1Kind(row.kind)) totals.schema1.push(`${row.repository}:${row.tag}`);
}

function merge(into: AuditTotals, from: AuditTotals): void {
  into.repositories += from.repositories;
  into.tags += from.tags;
  for (const [type, n] of Object.entries(from.byMediaType)) into.byMediaType[type] = (into.byMediaType[type] ?? 0) + n;
  into.schema1.push(...from.schema1);
}

export async function runAudit(client: RegistryClient, options: AuditOptions): Promise<AuditOutcome> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new LensError('USAGE', '--concurrency takes a whole number from 1 to 256.');
  const deep = options.deep ?? false;
  const target = targetOf(options);
  const budget = new RequestBudget({ maxRps: options.maxRps, signal: options.signal });
  const previous = options.statePath ? await loadState(options.statePath, target, deep) : null;
  const outcome = (totals: AuditTotals, complete: boolean): AuditOutcome => ({
    summary: { registry: options.registry, ...totals, requests: { ...budget.counts }, complete },
    throttled: budget.throttled,
    pullLimit: budget.rateLimit,
  });
  if (previous?.complete) return outcome(previous.totals, true);

  const state: AuditState = previous ?? { version: 1, target, deep, finished: [], totals: emptyTotals(), report: null, complete: false };
  const finished = new Set(state.finished);
  const resumeReport = state.report && state.report.path === options.output ? state.report : null;
  const report = options.output ? await ReportWriter.open(options.output, resumeReport) : null;
  const walk: WalkContext = { client, budget, signal: options.signal };
  const started = Date.now();
  let tagsThisRun = 0;
  const resumed = finished.size;
  try {
    // Names only, for the total a progress line divides by; each repository's tags are never held whole.
    const names: string[] = [];
    for await (const name of repositories(walk, options.prefix)) names.push(name);
    const progress = () =>
      options.onProgress?.({
        repositoriesDone: finished.size,
        repositoriesTotal: names.length,
        repositoriesResumed: resumed,
        tagsThisRun,
        startedAt: started,
      });
    progress();
    for (const repository of names) {
      if (finished.has(repository)) continue;
      const totals: AuditTotals = { ...emptyTotals(), repositories: 1 };
      const record = async (row: TagRow) => {
        add(totals, row);
        options.onRow?.(row);
        await report?.write(row);
      };
      let refused: LensError | null = null;
      const tags = tagsOf(walk, options.registry, repository, (e) => (refused = e));
      await eachBounded(tags, concurrency, async (tag) => {
        await record(await auditTag({ client, budget, deep, signal: options.signal }, repository, tag));
        tagsThisRun++;
        progress();
      });
      if (refused !== null) await record(unlisted(repository, refused));
      merge(state.totals, totals);
      finished.add(repository);
      state.finished.push(repository);
      if (report) {
        await report.sync();
        state.report = { path: options.output!, ...report.position() };
      }
      if (options.statePath) await saveState(options.statePath, state);
      progress();
    }
    state.complete = true;
    await report?.finish();
    if (options.statePath) await saveState(options.statePath, state);
    return outcome(state.totals, true);
  } catch (e) {
    await report?.close();
    throw e;
  }
}
