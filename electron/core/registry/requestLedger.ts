/**
 * The session's count of requests per registry, fed by every exchange a registry client reports
 * (token fetches and cache answers included), so the CLI, the UI and support bundles can show what a
 * piece of work cost against a pull limit.
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { RegistryLedger } from '../../../shared/ledger';
import { rateLimitOf } from './rateLimit';

export class RequestLedger {
  private readonly registries = new Map<string, RegistryLedger>();

  record(registry: string, exchange: CapturedExchange): void {
    let entry = this.registries.get(registry);
    if (!entry) {
      entry = { registry, gets: 0, heads: 0, others: 0, tokenRequests: 0, fromCache: 0, bytes: 0, rateLimit: null };
      this.registries.set(registry, entry);
    }
    if (exchange.fromCache) {
      entry.fromCache++;
      return;
    }
    if (exchange.purpose === 'token') entry.tokenRequests++;
    else if (exchange.method === 'GET') entry.gets++;
    else if (exchange.method === 'HEAD') entry.heads++;
    else entry.others++;
    entry.bytes += exchange.bodySize;
    entry.rateLimit = rateLimitOf(exchange.responseHeaders) ?? entry.rateLimit;
  }

  view(): RegistryLedger[] {
    return [...this.registries.values()].map((entry) => ({ ...entry }));
  }
}
