/** What a session has asked of each registry: the requests Docker Hub's pull limit is counted from. */
import type { RateLimitView } from './auth';

export interface RegistryLedger {
  /** host[:port] as requests are sent to it. */
  registry: string;
  /** Requests that went to the network (every try, every redirect hop); token requests apart. */
  gets: number;
  heads: number;
  /** PUT, POST, PATCH, DELETE (pushes). */
  others: number;
  /** Requests to the registry's token server. */
  tokenRequests: number;
  /** Answers given from the session's content cache instead of a GET. */
  fromCache: number;
  /** Response body bytes received (streamed layers count what their headers declared). */
  bytes: number;
  /** Docker Hub's RateLimit-Limit / RateLimit-Remaining as last seen; null when the registry sends none. */
  rateLimit: RateLimitView | null;
}

export interface RequestLedgerResult {
  registries: RegistryLedger[];
}
