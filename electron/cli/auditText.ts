/** The audit's and the rescue's command-line face: summaries as text, the progress line. */
import type { AuditSummary, RescueReport } from '../../shared/audit';
import { auditPace, type AuditProgressView } from '../../shared/auditReport';
import type { AuditOutcome } from '../core/audit/audit';
import { SCHEMA1_UNPULLABLE } from '../core/audit/classify';

export function formatAuditSummary(summary: AuditSummary): string {
  const lines = [
    `${summary.registry}: ${summary.repositories} repositories, ${summary.tags} tags${summary.complete ? '' : ' (incomplete)'}`,
    ...Object.entries(summary.byMediaType)
      .sort(([, a], [, b]) => b - a)
      .map(([type, n]) => `  ${String(n).padStart(7)}  ${type}`),
  ];
  if (summary.schema1.length > 0) {
    lines.push(`Schema 1 (${SCHEMA1_UNPULLABLE}): ${summary.schema1.length}`, ...summary.schema1.map((name) => `  ${name}`));
  } else lines.push('No schema 1 tags.');
  const { GET, HEAD, token } = summary.requests;
  lines.push(`Requests: ${HEAD} HEAD, ${GET} GET, ${token} token`);
  return lines.join('\n');
}

/** "12/240 repositories, 340 tags, 85 tags/s, ETA 30 s" (the ETA once a repository is done). */
export function formatAuditProgress(p: AuditProgressView, now: number): string {
  const { tagsPerSecond, etaSeconds } = auditPace(p, now);
  const eta = etaSeconds === null ? '' : `, ETA ${etaSeconds} s`;
  return `audit: ${p.repositoriesDone}/${p.repositoriesTotal} repositories, ${p.tagsThisRun} tags, ${tagsPerSecond.toFixed(0)} tags/s${eta}`;
}

/** Lines for stderr: how often the registry throttled the audit, and the pull limit it reported. */
export function formatAuditBudget({ throttled, pullLimit }: AuditOutcome): string[] {
  const lines: string[] = [];
  if (throttled.answers > 0) {
    lines.push(
      `The registry answered 429 Too Many Requests ${throttled.answers} time(s); every worker paused as asked (longest ${Math.ceil(throttled.longestPauseMs / 1000)} s).`,
    );
  }
  if (pullLimit) {
    const quota = (q: typeof pullLimit.limit) =>
      q ? `${q.count}${q.windowSeconds === null ? '' : ` per ${q.windowSeconds} s`}` : 'unknown';
    lines.push(
      `Pull limit: ${quota(pullLimit.remaining)} left of ${quota(pullLimit.limit)}${pullLimit.source ? ` for ${pullLimit.source}` : ''}; the audit's HEADs do not count against it, its GETs do.`,
    );
  }
  return lines;
}

/** One line per image: old digest → new digest, bytes streamed and time, or what a dry run would do, or why not. */
export function formatRescue(report: RescueReport): string {
  if (report.images.length === 0) return `No schema 1 tags on ${report.registry}: nothing to rescue.`;
  const lines = report.images.map((e) => {
    const layers = `${e.layers} layer(s), ${e.layerBytes === null ? 'size unknown' : `${e.layerBytes} bytes`}`;
    switch (e.outcome) {
      case 'planned':
        return `would rescue ${e.image} (${e.from.digest ?? '?'}) to ${e.destination} as ${report.to}: ${layers} to stream, about ${e.requests} requests`;
      case 'rescued':
        return `rescued ${e.image}: ${e.from.digest ?? '?'} → ${e.destination} ${e.to?.digest ?? '?'} (${e.to?.mediaType ?? '?'}), ${e.bytesStreamed} bytes streamed, ${e.durationMs} ms`;
      default:
        return `${e.outcome} ${e.image}: ${e.reason ?? ''}`;
    }
  });
  if (report.dryRun) {
    const bytes = report.images.reduce((a, e) => a + (e.layerBytes ?? 0), 0);
    const requests = report.images.reduce((a, e) => a + e.requests, 0);
    lines.push(
      `Dry run: ${report.images.length} image(s), ${bytes} layer bytes to stream, about ${requests} requests; nothing was written.`,
    );
  }
  return lines.join('\n');
}
