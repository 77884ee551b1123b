/**
 * Pull limits as Docker Hub reports them: `RateLimit-Limit: 100;w=21600`, `RateLimit-Remaining: 76;w=21600`
 * (IETF draft form: a count, then the window in seconds) and `Docker-RateLimit-Source` (the IP or account
 * counted). Hub counts manifest GETs, not HEADs, which is why a limit check should use HEAD.
 */
import type { HeaderList } from '../../../shared/exchange';
import type { RateLimitView } from '../../../shared/auth';
import { parseErrorBody } from './errorBody';

const NAMES = ['ratelimit-limit', 'ratelimit-remaining', 'docker-ratelimit-source'];

function quota(value: string | undefined): RateLimitView['limit'] {
  if (value === undefined) return null;
  const [count, ...params] = value.split(';').map((p) => p.trim());
  const n = Number(count);
  if (!count || !Number.isFinite(n)) return null;
  const window = params.map((p) => /^w=(\d+)$/.exec(p)?.[1]).find(Boolean);
  return { count: n, windowSeconds: window === undefined ? null : Number(window) };
}

export function rateLimitOf(headers: HeaderList): RateLimitView | null {
  const present = headers.filter(([name]) => NAMES.includes(name.toLowerCase()));
  if (present.length === 0) return null;
  const value = (name: string) => present.find(([n]) => n.toLowerCase() === name)?.[1];
  return {
    limit: quota(value('ratelimit-limit')),
    remaining: quota(value('ratelimit-remaining')),
    source: value('docker-ratelimit-source') ?? null,
    headers: present,
  };
}

/**
 * For a 429: the sentence saying it is the pull limit (the answer carries RateLimit headers or
 * distribution's TOOMANYREQUESTS error code, as Docker Hub's does), with the headers that say how
 * much of it is left; null for a 429 that says neither.
 */
export function pullLimitNotice(headers: HeaderList, body: Uint8Array): string | null {
  const limit = rateLimitOf(headers);
  const tooMany = parseErrorBody(body)?.some((e) => e.code === 'TOOMANYREQUESTS') ?? false;
  if (!limit && !tooMany) return null;
  const shown = limit ? ` (${limit.headers.map(([name, value]) => `${name}: ${value}`).join(', ')})` : '';
  return `This is the pull rate limit${shown}: Docker Hub counts manifest GETs per account, or per IP address without one; log in for a higher limit, or wait for the window to pass.`;
}
