import type { RateLimitView } from '../../../shared/auth';

function quota(q: RateLimitView['limit']): string {
  if (!q) return '?';
  return q.windowSeconds === null ? String(q.count) : `${q.count} per ${Math.round(q.windowSeconds / 3600)} h`;
}

/** A registry's pull limit as its headers state it (Docker Hub: RateLimit-Limit / -Remaining). */
export function RateLimitNote({ rateLimit }: { rateLimit: RateLimitView | null }) {
  if (!rateLimit) return null;
  return (
    <p className="rate-limit" aria-label="Rate limit">
      Rate limit: {rateLimit.remaining ? rateLimit.remaining.count : '?'} left of {quota(rateLimit.limit)}
      {rateLimit.source && <> for {rateLimit.source}</>}. Manifest GETs count against it, HEADs do not.
    </p>
  );
}
