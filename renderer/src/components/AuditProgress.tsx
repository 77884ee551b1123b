import { auditPace, type AuditProgressView } from '../../../shared/auditReport';

/**
 * Repositories done of the total as a progress bar, with the rate and (once one is done) the time left
 * as of `at`, when the progress was read.
 */
export function AuditProgress({ progress, at, running }: { progress: AuditProgressView; at: number; running: boolean }) {
  const { repositoriesDone: done, repositoriesTotal: total } = progress;
  const { tagsPerSecond, etaSeconds } = auditPace(progress, at);
  const parts = [`${done} of ${total} repositories`];
  // The rate and the time left while it runs (the last count polled is not the run's final one).
  if (running) parts.push(`${progress.tagsThisRun} tags this run`, `${tagsPerSecond.toFixed(0)} tags/s`);
  if (running && etaSeconds !== null) parts.push(`about ${etaSeconds} s left`);
  if (progress.repositoriesResumed > 0) parts.push(`${progress.repositoriesResumed} finished before the resume`);
  const text = parts.join(' · ');
  return (
    <div className="audit-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Audit progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${total === 0 ? 100 : (100 * done) / total}%` }} />
      </div>
      <p className="muted small-text">{text}</p>
    </div>
  );
}
