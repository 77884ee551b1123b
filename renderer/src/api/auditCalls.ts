/**
 * react-query hooks for the Audit view. An audit runs under an auditId the page makes up, which the
 * core keeps its state file and report under for the session: the rows are paged from there (the page
 * holds one page of them), a Pause cancels the run's requestId and a Resume calls again with the same
 * auditId. Rescues and exports are things the user asks for once: mutations.
 */
import { keepPreviousData, skipToken, useMutation, useQuery } from '@tanstack/react-query';
import type { ArgsOf } from '../../../shared/api';
import { callLens } from './client';

export type AuditRunArgs = ArgsOf<'audit'> & { auditId: string; requestId: string };

export function useAuditRun() {
  return useMutation({ mutationFn: (args: AuditRunArgs) => callLens('audit', args) });
}

/** One page of the audit's rows; `version` changes whenever more may be there (a repository finished). */
export function useAuditRows(auditId: string | null, filter: Omit<ArgsOf<'auditRows'>, 'auditId'>, version: string) {
  return useQuery({
    queryKey: ['auditRows', auditId, filter, version],
    queryFn: auditId ? () => callLens('auditRows', { auditId, ...filter }) : skipToken,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useRescue() {
  return useMutation({ mutationFn: (args: ArgsOf<'rescue'>) => callLens('rescue', args) });
}

export function useExportAudit() {
  return useMutation({ mutationFn: (args: ArgsOf<'exportAudit'>) => callLens('exportAudit', args) });
}
