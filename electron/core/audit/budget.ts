/**
 * The request budget of a long walk over a registry: at most `maxRps` request starts per second, a pause
 * for every worker when any answer is a 429 (for its Retry-After, else `pauseWithoutRetryAfterMs`), and
 * a count of every exchange by kind, retries and token fetches included, as the registry's access log
 * records them. Concurrency itself is bounded by the caller's number of workers.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimitView } from '../../../shared/auth';
import type { CapturedExchange } from '../../../shared/exchange';
import { LensError } from '../errors';
import { rateLimitOf } from '../registry/rateLimit';
import { retryAfterMs } from '../registry/retry';
import { header } from '../registry/transport';

export interface RequestCounts {
  GET: number;
  HEAD: number;
  token: number;
}

export interface BudgetOptions {
  maxRps?: number;
  /** How long everyone waits after a 429 that names no Retry-After. */
  pauseWithoutRetryAfterMs?: number;
  signal?: AbortSignal;
}

export class RequestBudget {
  readonly counts: RequestCounts = { GET: 0, HEAD: 0, token: 0 };
  /** 429 answers seen, and the longest pause one asked for. */
  throttled = { answers: 0, longestPauseMs: 0 };
  /** The last pull-limit headers a registry sent (Docker Hub's RateLimit-Limit / -Remaining). */
  rateLimit: RateLimitView | null = null;
  private nextStart = 0;
  private pausedUntil = 0;
  private readonly interval: number;

  constructor(private readonly options: BudgetOptions = {}) {
    const rps = options.maxRps;
    if (rps !== undefined && !(rps > 0)) throw new LensError('USAGE', '--max-rps takes a positive number of requests per second.');
    this.interval = rps === undefined ? 0 : 1000 / rps;
  }

  /** Waits until this request may start: after any pause, and its own slot under --max-rps. */
  async admit(): Promise<void> {
    for (;;) {
      if (this.options.signal?.aborted) throw new LensError('CANCELLED', 'The walk over the registry was cancelled.');
      const now = Date.now();
      const start = Math.max(now, this.pausedUntil, this.nextStart);
      if (start <= now) {
        this.nextStart = now + this.interval;
        return;
      }
      // Re-checked after the wait: a 429 seen meanwhile may have moved the pause further.
      await delay(start - now, undefined, { signal: this.options.signal }).catch(() => undefined);
    }
  }

  /** The exchange listener: counts, and reads 429s and pull-limit headers. */
  readonly observe = (exchange: CapturedExchange): void => {
    if (exchange.purpose === 'token') this.counts.token++;
    else if (exchange.method === 'GET' || exchange.method === 'HEAD') this.counts[exchange.method]++;
    this.rateLimit = rateLimitOf(exchange.responseHeaders) ?? this.rateLimit;
    if (exchange.status !== 429) return;
    const asked = retryAfterMs(header(exchange.responseHeaders, 'retry-after'), Date.now());
    const pause = asked ?? this.options.pauseWithoutRetryAfterMs ?? 1000;
    this.throttled.answers++;
    this.throttled.longestPauseMs = Math.max(this.throttled.longestPauseMs, pause);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pause);
  };

  total(): number {
    return this.counts.GET + this.counts.HEAD + this.counts.token;
  }
}
