import { useCallback, useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import type { AuditRowsPage } from '../../../shared/audit';
import type { AuditProgressView } from '../../../shared/auditReport';
import { useAuditRun, useExportAudit, useRescue } from '../api/auditCalls';
import { newRequestId } from '../api/cancellable';
import { callLens } from '../api/client';
import { isLensCallError } from '../api/errors';
import { useProgress } from '../api/queries';
import { AuditProgress } from '../components/AuditProgress';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { RESCUE_TARGETS, RescueDialog, type RescueChoice } from '../components/RescueDialog';
import { RescueEntries } from '../components/RescueEntries';
import { SaveOutcome } from '../components/SaveOutcome';
import { beginAction } from '../lib/userAction';
import { currentLocation, navigate, pushLocation, type AuditLocation } from '../lib/viewLocation';
import { AuditResults } from './AuditResults';
import { MachineTextInput } from '../components/MachineTextInput';

const EXPORTS = [
  { format: 'json', label: 'Export JSON' },
  { format: 'csv', label: 'Export CSV' },
  { format: 'md', label: 'Export Markdown' },
] as const;

type Phase = 'idle' | 'running' | 'paused' | 'done';

/** The core forgets a run's progress as it ends, so the last one polled may be short of the end it reached. */
function finalProgress(last: AuditProgressView, phase: Phase): AuditProgressView {
  return phase === 'done' ? { ...last, repositoriesDone: last.repositoriesTotal } : last;
}

/** `registry[/prefix]` split back into its fields. */
function fieldsOf(target: string | undefined): { registry: string; prefix: string } {
  if (!target) return { registry: '', prefix: '' };
  const slash = target.indexOf('/');
  return slash < 0 ? { registry: target, prefix: '' } : { registry: target.slice(0, slash), prefix: target.slice(slash + 1) };
}

/**
 * A whole registry (or the repositories under a prefix): every tag classified by what it serves, with
 * Start, Pause and Resume, a progress bar, the rows filtered by type, "Rescue selected" for schema 1 and
 * the report's export. The audit's state and rows stay in the core for the session (never here): the
 * location names the audit, so a reload shows its rows again and can resume it.
 */
export function AuditView() {
  const [shown, setShown] = useState<AuditLocation | null>(() => currentLocation().audit);
  const [fields, setFields] = useState(() => fieldsOf(shown?.target));
  const [deep, setDeep] = useState(shown?.deep ?? false);
  const [maxRps, setMaxRps] = useState('');
  const [requestId, setRequestId] = useState('');
  const [lastProgress, setLastProgress] = useState<{ view: AuditProgressView; at: number } | null>(null);
  const [page, setPage] = useState<AuditRowsPage | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const run = useAuditRun();
  const rescue = useRescue();
  const exporter = useExportAudit();

  // The run and the page on screen may be another audit's (Back to an earlier one): only its own count.
  const ownRun = run.variables !== undefined && run.variables.auditId === shown?.id;
  const ownPage = page !== null && page.target === shown?.target ? page : null;
  const running = ownRun && run.isPending;
  const polled = useProgress(requestId, running);
  // The last progress of the run stays on screen after it ends (the core forgets it then).
  const progress = polled.data?.progress?.audit;
  if (progress && progress !== lastProgress?.view) setLastProgress({ view: progress, at: polled.dataUpdatedAt });
  const phase: Phase = !shown?.id ? 'idle' : running ? 'running' : (ownRun && run.isSuccess) || ownPage?.complete ? 'done' : 'paused';
  const version = `${run.status}:${lastProgress?.view.repositoriesDone ?? 0}:${rescue.status}:${rescue.submittedAt}`;
  const target = fields.prefix.trim() ? `${fields.registry.trim()}/${fields.prefix.trim().replace(/^\/+/, '')}` : fields.registry.trim();
  const registry = fieldsOf(shown?.target).registry;

  const go = (audit: AuditLocation & { id: string }) => {
    const rps = Number(maxRps);
    const id = newRequestId();
    setRequestId(id);
    run.mutate({ target: audit.target, deep: audit.deep, auditId: audit.id, requestId: id, ...(maxRps && rps > 0 ? { maxRps: rps } : {}) });
  };
  const start = (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    beginAction(`Audit ${target}`);
    const audit = { target, deep, id: newRequestId() };
    setShown(audit);
    setSelected(new Set());
    setLastProgress(null);
    rescue.reset();
    pushLocation({ audit });
    go(audit);
  };
  const pause = () => void callLens('cancel', { requestId }).catch(() => undefined);
  const resume = () => {
    if (!shown?.id) return;
    beginAction(`Resume the audit of ${shown.target}`);
    go({ ...shown, id: shown.id });
  };
  const confirmRescue = (choice: RescueChoice) => {
    if (!shown?.id) return;
    beginAction(`Rescue ${selected.size} images`);
    rescue.mutate(
      { target: shown.target, images: [...selected].sort(), auditId: shown.id, dryRun: false, ...choice },
      {
        onSuccess: (report) => {
          const done = new Set(report.images.filter((e) => e.outcome === 'rescued').map((e) => e.image));
          setSelected((s) => new Set([...s].filter((image) => !done.has(image))));
        },
      },
    );
  };
  const onPage = useCallback((p: AuditRowsPage) => setPage(p), []);

  // Back, Forward: the location names the audit to show (its fields filled; nothing is asked by itself).
  const goTo = useEffectEvent((audit: AuditLocation | null) => {
    if (audit?.target === shown?.target && audit?.id === shown?.id) return;
    setShown(audit);
    setFields(fieldsOf(audit?.target));
    setDeep(audit?.deep ?? false);
    setSelected(new Set());
  });
  useEffect(() => {
    const onPopState = () => {
      const location = currentLocation();
      if (location.mode === 'audit') goTo(location.audit);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const runError = ownRun && run.error && !(isLensCallError(run.error) && run.error.code === 'CANCELLED') ? run.error : null;
  const exported = exporter.data ? `Saved ${exporter.data.rows} rows to ${exporter.data.path}.` : null;

  return (
    <>
      <form className="toolbar audit-form" aria-label="Audit" onSubmit={start}>
        <MachineTextInput
          className="registry-input"
          aria-label="Registry"
          placeholder="registry[:port]"
          value={fields.registry}
          onValue={(v) => setFields({ ...fields, registry: v })}
        />
        <MachineTextInput
          className="prefix-input"
          aria-label="Repository prefix"
          placeholder="prefix (optional)"
          value={fields.prefix}
          onValue={(v) => setFields({ ...fields, prefix: v })}
        />
        <label className="check-row" title="Read each list, index and OCI manifest: flags lists without linux/amd64 and finds artifacts">
          <input type="checkbox" checked={deep} onChange={(e) => setDeep(e.target.checked)} />
          Deep
        </label>
        <label className="check-row" title="At most this many requests a second (empty: no limit)">
          Max req/s
          <input
            type="text"
            inputMode="decimal"
            className="mono rps-input"
            value={maxRps}
            onChange={(e) => setMaxRps(e.target.value.replace(/[^\d.]/g, ''))}
          />
        </label>
        <button type="submit" className="primary" disabled={!fields.registry.trim() || running}>
          Start
        </button>
        {phase === 'running' && (
          <button type="button" onClick={pause}>
            Pause
          </button>
        )}
        {phase === 'paused' && (
          <button type="button" onClick={resume}>
            Resume
          </button>
        )}
      </form>
      <main className="results audit-view" aria-busy={running}>
        {phase === 'idle' && (
          <div className="empty">
            <p>Name a registry (and optionally a repository prefix) and press Start.</p>
            <p className="muted">
              Every tag is asked for once, by HEAD with every manifest type accepted, so no registry rewrites anything into schema 1.
            </p>
          </div>
        )}
        {shown?.id && (
          <>
            <p className="muted" role="status">
              {phase === 'running' && <>Auditing {shown.target}…</>}
              {phase === 'paused' && <>The audit of {shown.target} is paused: Resume goes on from the last finished repository.</>}
              {phase === 'done' && (
                <>
                  Audited {shown.target}
                  {ownRun && run.data
                    ? `: ${run.data.repositories} repositories, ${run.data.tags} tags, ${run.data.requests.HEAD} HEAD and ${run.data.requests.GET} GET requests this run.`
                    : '.'}
                </>
              )}
            </p>
            {ownRun && lastProgress && (
              <AuditProgress progress={finalProgress(lastProgress.view, phase)} at={lastProgress.at} running={running} />
            )}
            {runError && <ErrorNotice error={runError} />}
            <div className="inline-form audit-actions">
              <button type="button" disabled={selected.size === 0 || rescue.isPending} onClick={() => setConfirming(true)}>
                Rescue selected ({selected.size})
              </button>
              {EXPORTS.map((e) => (
                <button
                  key={e.format}
                  type="button"
                  disabled={exporter.isPending}
                  onClick={() => exporter.mutate({ auditId: shown.id!, format: e.format })}
                >
                  {e.label}
                </button>
              ))}
            </div>
            <SaveOutcome saved={exported} error={exporter.error} />
            {rescue.isPending && <BusyNotice>Rescuing {rescue.variables.images?.length} image(s)…</BusyNotice>}
            {rescue.error && <ErrorNotice error={rescue.error} />}
            {rescue.data && (
              <section className="pane" aria-labelledby="rescue-outcome-title">
                <header className="pane-header">
                  <h2 id="rescue-outcome-title">Rescue</h2>
                  <span className="muted">to {RESCUE_TARGETS.find((t) => t.id === rescue.data.to)?.title}</span>
                </header>
                <RescueEntries label="Rescue outcome" entries={rescue.data.images} />
              </section>
            )}
            {/* While the catalog is read the core may not know the audit yet: its rows come with the first progress. */}
            {(!running || lastProgress) && (
              <AuditResults
                auditId={shown.id}
                version={version}
                selected={selected}
                onSelectedChange={setSelected}
                onOpen={(image) => navigate({ mode: 'inspect', reference: `${registry}/${image}` })}
                onPage={onPage}
              />
            )}
          </>
        )}
      </main>
      {confirming && shown?.id && (
        <RescueDialog
          target={shown.target}
          registry={registry}
          images={[...selected].sort()}
          auditId={shown.id}
          onConfirm={confirmRescue}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}
