/**
 * The handler-table entries for the audit and the rescue, which handlers.ts spreads into its table.
 * Progress goes to the `progress` call (repositories done of the total), cancellation through `cancel`.
 * The CLI's audit keeps its own --state and --output; the UI's names an auditId instead, under which
 * the session keeps both (sessions.ts): a pause is a cancel, a resume the same call again, its rows are
 * paged with `auditRows` and saved with `exportAudit`.
 */
import type { OperationProgress } from '../../../shared/api';
import type { TagRow } from '../../../shared/auditReport';
import { writeFileAtomic } from '../export/atomicWrite';
import type { ExportDestinations } from '../export/destinations';
import { imageStem } from '../export/fileNames';
import { LensError } from '../errors';
import type { HandlerTable } from '../handlers';
import type { RegistryClient } from '../registry/client';
import type { Reference } from '../registry/reference';
import { mapBounded } from '../bounded';
import { DEFAULT_CONCURRENCY, runAudit } from './audit';
import { RequestBudget } from './budget';
import { reportBytes } from './report';
import { runRescue } from './rescue';
import type { AuditSessions } from './sessions';
import { auditTag } from './tagAudit';
import { parseAuditTarget, splitRepositoryTag } from './target';

export interface AuditHandlerDeps {
  clientFor(reference: Reference): RegistryClient;
  cancellable<T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  progress(requestId: string, value: OperationProgress | null): void;
  sessions: AuditSessions;
  destinations: ExportDestinations;
}

export type AuditCalls = 'audit' | 'auditRows' | 'exportAudit' | 'rescue';

export function auditHandlers(deps: AuditHandlerDeps): Pick<HandlerTable, AuditCalls> {
  const { sessions } = deps;
  /** Publishes the walk's progress under requestId while `work` runs, and clears it after. */
  const reporting = async <T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>) =>
    deps.cancellable(requestId, async (signal) => {
      try {
        return await work(signal);
      } finally {
        if (requestId !== undefined) deps.progress(requestId, null);
      }
    });
  const onProgress = (requestId: string | undefined) =>
    requestId === undefined
      ? undefined
      : (audit: NonNullable<OperationProgress['audit']>) => deps.progress(requestId, { bytesDone: 0, layer: 0, layers: 0, audit });

  /** The rows of `images` as they are now, for the UI audit they belong to (after a rescue changed them). */
  const auditAgain = async (client: RegistryClient, auditId: string, images: readonly string[], signal: AbortSignal) => {
    const budget = new RequestBudget({ signal });
    const deep = sessions.deepOf(auditId);
    const rows: TagRow[] = await mapBounded(images, DEFAULT_CONCURRENCY, (image) => {
      const { repository, tag } = splitRepositoryTag(image);
      return auditTag({ client, budget, deep, signal }, repository, tag);
    });
    sessions.replace(auditId, rows);
  };

  return {
    audit: (args) =>
      reporting(args.requestId, async (signal) => {
        const target = parseAuditTarget(args.target);
        const audit = (files: { statePath?: string; output?: string }) =>
          runAudit(deps.clientFor(target.reference), {
            registry: target.registry,
            prefix: target.prefix,
            deep: args.deep,
            concurrency: args.concurrency,
            maxRps: args.maxRps,
            signal,
            onProgress: onProgress(args.requestId),
            ...files,
          });
        const { summary } = args.auditId === undefined ? await audit({}) : await sessions.run(args.auditId, args.target, args.deep, audit);
        return summary;
      }),

    auditRows: ({ auditId, ...filter }) => sessions.page(auditId, filter),

    exportAudit: async ({ auditId, format }) => {
      const { target, rows } = await sessions.rows(auditId);
      const path = await deps.destinations.saveFile(`audit-${imageStem({ registry: null, repository: target, tag: null })}.${format}`);
      if (path === null) throw new LensError('CANCELLED', 'The audit report was not saved.');
      let count = 0;
      const counted = (async function* () {
        for await (const row of rows) {
          count++;
          yield row;
        }
      })();
      const size = await writeFileAtomic(path, reportBytes(format, counted));
      return { path, rows: count, size };
    },

    rescue: (args) =>
      reporting(args.requestId, async (signal) => {
        const target = parseAuditTarget(args.target);
        const client = deps.clientFor(target.reference);
        // Refused before anything is written when the session does not know the audit.
        if (args.auditId !== undefined) sessions.deepOf(args.auditId);
        const report = await runRescue(client, {
          registry: target.registry,
          prefix: target.prefix,
          to: args.to,
          dryRun: args.dryRun,
          tagSuffix: args.tagSuffix,
          concurrency: args.concurrency,
          maxRps: args.maxRps,
          images: args.images,
          signal,
          onProgress: onProgress(args.requestId),
        });
        if (args.auditId !== undefined && !args.dryRun)
          await auditAgain(client, args.auditId, args.images ?? report.images.map((e) => e.image), signal);
        return report;
      }),
  };
}
