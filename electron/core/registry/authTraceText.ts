/** The authentication trace for the terminal (`manifest-lens inspect --auth-trace`). */
import type { AuthTrace, ChallengeView, RateLimitView, TokenView } from '../../../shared/auth';

function challengeLine(c: ChallengeView): string {
  const params = Object.entries(c.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${c.scheme} ${params.join(' ')}${c.remembered ? ' (remembered from an earlier answer)' : ''}`.trimEnd();
}

function tokenLines(token: TokenView): string[] {
  const lines = [
    `  Token: ${token.fromCache ? 'reused from the cache' : 'fetched for this request'}; field "${token.field}"; ` +
      `expires_in ${token.expiresIn ?? 'absent (60 s assumed)'}; used until ${token.expiresAt}` +
      `${token.refreshTokenReturned ? '; a refresh token came with it' : ''}`,
  ];
  const c = token.claims;
  if (!c) return [...lines, '    opaque token (not a JWT): no claims to show'];
  const header = Object.entries(c.header)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  lines.push(
    `    header: ${header || '(empty)'}`,
    `    iss: ${c.iss ?? '-'}   sub: ${c.sub ?? '-'}   aud: ${c.aud.join(', ') || '-'}   jti: ${c.jti ?? '-'}`,
    `    iat: ${c.iat ?? '-'}   nbf: ${c.nbf ?? '-'}   exp: ${c.exp ?? '-'}`,
  );
  return lines;
}

function rateLimitLine(r: RateLimitView, method: 'GET' | 'HEAD'): string {
  const quota = (q: RateLimitView['limit']) => (q ? `${q.count}${q.windowSeconds === null ? '' : ` per ${q.windowSeconds} s`}` : '?');
  // Docker Hub counts manifest GETs, not HEADs: checking the limit should not spend it.
  const hint = method === 'GET' ? ' (this GET counted; --head would not)' : '';
  return `  Rate limit: ${quota(r.remaining)} remaining of ${quota(r.limit)}${r.source ? `, counted for ${r.source}` : ''}${hint}`;
}

export function formatAuthTrace(trace: AuthTrace, method: 'GET' | 'HEAD'): string {
  const { verdict } = trace;
  const lines = [
    `Auth (${trace.registry}):`,
    `  Verdict: ${verdict.outcome}${verdict.cause ? ` (${verdict.cause})` : ''}: ${verdict.explanation}`,
  ];
  if (trace.challenges.length === 0) lines.push('  Challenge: none');
  for (const c of trace.challenges) lines.push(`  Challenge: ${challengeLine(c)}`);
  const cred = trace.credential;
  lines.push(
    cred
      ? `  Credentials: ${cred.username ?? '(identity token)'} from ${cred.label} [${cred.source}, ${cred.kind}]`
      : '  Credentials: none',
  );
  if (trace.lookups.length > 0) {
    lines.push('  Sources checked, in order:');
    for (const l of trace.lookups) lines.push(`    ${l.outcome.padEnd(5)} ${l.label}${l.note ? ` (${l.note})` : ''}`);
  }
  for (const r of trace.tokenRequests) {
    const fields = r.fields.map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`  Token request: ${r.method} ${r.realm} [${r.grant}] ${fields} -> ${r.status ?? 'no answer'}`);
    if (r.error) lines.push(`    ${r.error}`);
  }
  if (trace.token) lines.push(...tokenLines(trace.token));
  if (trace.scheme) lines.push(`  Sent: Authorization: ${trace.scheme === 'basic' ? 'Basic' : 'Bearer'} <redacted>`);
  const { asked, granted, missing } = trace.scopes;
  if (asked.length > 0 || granted) {
    lines.push(`  Scopes asked:   ${asked.join(' ') || '-'}`);
    lines.push(`  Scopes granted: ${granted === null ? 'unknown (opaque token)' : granted.join(' ') || 'none'}`);
    if (missing.length > 0) lines.push(`  Scopes missing: ${missing.join(' ')}`);
  }
  if (trace.rateLimit) lines.push(rateLimitLine(trace.rateLimit, method));
  return lines.join('\n');
}
