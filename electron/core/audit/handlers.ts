/**
 * The handler-table entries for the audit and the rescue, which handlers.ts spreads into its table.
 * Progress goes to the `progress` call (repositories done of the total), cancellation through `cancel`.
 * Without a state file or report, a UI's pause is a cancel and its resume a new run.
 */
import type { OperationProgress } from '../../../shared/api';
import type { HandlerTable } from '../handlers';
import type { RegistryClient } from '../registry/client';
import type { Reference } from '../registry/reference';
import { runAudit } from './audit';
import { runRescue } from './rescue';
import { parseAuditTarget } from './target';

export interface AuditHandlerDeps {
  clientFor(reference: Reference): RegistryClient;
  cancellable<T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  progress(requestId: string, value: OperationProgress | null): void;
}

export function auditHandlers(deps: AuditHandlerDeps): Pick<HandlerTable, 'audit' | 'rescue'> {
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

  return {
    audit: (args) =>
      reporting(args.requestId, async (signal) => {
        const target = parseAuditTarget(args.target);
        const { summary } = await runAudit(deps.clientFor(target.reference), {
          registry: target.registry,
          prefix: target.prefix,
          deep: args.deep,
          concurrency: args.concurrency,
          maxRps: args.maxRps,
          signal,
          onProgress: onProgress(args.requestId),
        });
        return summary;
      }),

    rescue: (args) =>
      reporting(args.requestId, (signal) => {
        const target = parseAuditTarget(args.target);
        return runRescue(deps.clientFor(target.reference), {
          registry: target.registry,
          prefix: target.prefix,
          to: args.to,
          dryRun: args.dryRun,
          tagSuffix: args.tagSuffix,
          concurrency: args.concurrency,
          maxRps: args.maxRps,
          signal,
          onProgress: onProgress(args.requestId),
        });
      }),
  };
}
