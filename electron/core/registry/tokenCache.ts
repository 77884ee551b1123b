/**
 * Bearer tokens per (realm, service, scope set, credential), reused until shortly before they expire.
 * Concurrent requests for the same key share one token request.
 */
import type { TokenView } from '../../../shared/auth';

export interface CachedToken {
  token: string;
  /** Epoch milliseconds after which the token must not be used. */
  expiresAt: number;
  /** Epoch milliseconds the lifetime counts from (issued_at, or when it arrived). */
  issuedAt?: number;
  /** What the trace shows of it (never the token itself). */
  view?: Omit<TokenView, 'fromCache'>;
}

/** Refresh this long before expiry so a token does not lapse in flight... */
const EXPIRY_MARGIN_MS = 5_000;
/** ...but never more than this share of a short token's life, or it would never be reused. */
const MAX_MARGIN_SHARE = 0.25;

/**
 * The longest a token is reused, whatever its answer claims. Token servers issue minutes to hours
 * (distribution 5 min, Docker Hub 5 min, ECR 12 h); a claimed lifetime past this is clamped, so that
 * hostile or broken values (expires_in or exp of 1e300, an issued_at in another century) yield a
 * usable expiry instead of a date no clock can hold.
 */
export const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface TokenTimes {
  /** issued_at in epoch milliseconds (NaN when absent or unreadable). */
  issuedAt: number;
  /** expires_in in seconds as answered, if any. */
  expiresInS: number | undefined;
  /** The JWT's exp in epoch milliseconds (NaN when the token is opaque or has none). */
  claimExpiresAt: number;
  /** The lifetime when expires_in is absent or not positive. */
  defaultLifetimeS: number;
}

/**
 * When a token's lifetime starts and ends, from what its answer says, held within MAX_TOKEN_LIFETIME_MS
 * of now: an issued_at further away than that (or unreadable) counts from now, a longer or non-finite
 * expires_in is clamped, and a JWT that expires sooner than expires_in says is believed, as the
 * registry will judge by its exp.
 */
export function tokenTimes(times: TokenTimes, now: number): { issuedAt: number; expiresAt: number } {
  const issuedAt = Number.isFinite(times.issuedAt) && Math.abs(times.issuedAt - now) <= MAX_TOKEN_LIFETIME_MS ? times.issuedAt : now;
  const lifetimeMs =
    times.expiresInS !== undefined && Number.isFinite(times.expiresInS) && times.expiresInS > 0
      ? Math.min(times.expiresInS * 1000, MAX_TOKEN_LIFETIME_MS)
      : times.defaultLifetimeS * 1000;
  const claimed = Number.isFinite(times.claimExpiresAt) ? times.claimExpiresAt : Number.POSITIVE_INFINITY;
  const expiresAt = Math.max(Math.min(issuedAt + lifetimeMs, claimed, now + MAX_TOKEN_LIFETIME_MS), now - MAX_TOKEN_LIFETIME_MS);
  return { issuedAt, expiresAt };
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(realm: string, service: string, scopes: string[], identity = 'anonymous'): string {
    return JSON.stringify([realm, service, [...new Set(scopes)].sort(), identity]);
  }

  /** The token, and whether this call reused one (cached, or fetched by a concurrent call) instead of fetching it. */
  async lookup(key: string, fetchToken: () => Promise<CachedToken>): Promise<{ token: CachedToken; cached: boolean }> {
    const cached = this.tokens.get(key);
    if (cached && this.fresh(cached)) return { token: cached, cached: true };
    const inFlight = this.pending.get(key);
    if (inFlight) return { token: await inFlight, cached: true };
    const request = fetchToken()
      .then((token) => {
        this.tokens.set(key, token);
        return token;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return { token: await request, cached: false };
  }

  async get(key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken> {
    return (await this.lookup(key, fetchToken)).token;
  }

  /** Drops a token the registry refused, unless a newer one has replaced it meanwhile. */
  invalidate(key: string, token?: string): void {
    if (token === undefined || this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  private fresh(token: CachedToken): boolean {
    const lifetime = token.issuedAt === undefined ? Number.POSITIVE_INFINITY : token.expiresAt - token.issuedAt;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetime * MAX_MARGIN_SHARE);
    return token.expiresAt - margin > this.now();
  }
}
