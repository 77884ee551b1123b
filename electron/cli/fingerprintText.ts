/** The fingerprint as text for a terminal, and as the JSON scripts rely on. */
import type { FingerprintResult } from '../../shared/profiles';

/** Exactly {best, ranking, requests}: the shape scripts read. */
export function fingerprintJson(result: FingerprintResult) {
  return { best: result.best, ranking: result.ranking, requests: result.requests };
}

export function formatFingerprint(result: FingerprintResult): string {
  const lines = [
    result.reference,
    result.verdict,
    `Requests to the registry: ${result.requests.HEAD} HEAD, ${result.requests.GET} GET.`,
    '',
    'Evidence:',
  ];
  for (const row of result.evidence) {
    lines.push(`  ${row.label}`, `    ${row.observed}`);
    const by = (verdict: string) =>
      Object.entries(row.verdicts)
        .filter(([, v]) => v === verdict)
        .map(([id]) => id);
    const [agree, disagree] = [by('agree'), by('disagree')];
    if (agree.length + disagree.length > 0)
      lines.push(`    agree: ${agree.join(', ') || 'none'}; disagree: ${disagree.join(', ') || 'none'}`);
  }
  lines.push('', 'Ranking (answers predicted and matched, of those predicted):');
  const width = Math.max(...result.ranking.map((s) => s.profile.length));
  for (const score of result.ranking) lines.push(`  ${score.profile.padEnd(width)}  ${score.agree} of ${score.total}`);
  const { candidates, rows } = result.comparison;
  if (rows.length > 0) {
    lines.push('', `Where ${candidates.join(', ')} differ:`);
    for (const row of rows) {
      lines.push(`  ${row.behaviour}`);
      for (const [i, value] of row.values.entries()) lines.push(`    ${candidates[i]!.padEnd(width)}  ${value.text}`);
    }
  }
  return lines.join('\n');
}
