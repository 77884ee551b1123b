/**
 * Answers registry challenges. For now: anonymous Bearer tokens per distribution's token specification
 * (GET realm?service=&scope=). Credentials slot in through `CredentialSource` (a later issue).
 */
import { z } from 'zod';
import { LensError } from '../errors';
import { type Challenge, challengeScopes } from './challenge';
import { TokenCache, type CachedToken } from './tokenCache';
import type { ExchangeListener, Transport } from './transport';

/** Token servers answer `token` or `access_token`; expires_in defaults to 60 s (token spec). */
const TokenResponse = z.object({
  token: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
  issued_at: z.string().optional(),
});

const DEFAULT_TOKEN_LIFETIME_S = 60;

export interface AuthorizationContext {
  transport: Transport;
  listener?: ExchangeListener;
  signal?: AbortSignal;
}

export class Authenticator {
  private readonly cache = new TokenCache();

  /** The Authorization header value answering `challenge`, or null when we cannot answer it. */
  async authorize(challenge: Challenge, scopes: string[], ctx: AuthorizationContext): Promise<string | null> {
    if (challenge.scheme !== 'bearer') return null; // Basic needs credentials: a later issue.
    const realm = challenge.params.realm;
    if (!realm) throw new LensError('AUTH_FAILED', 'The registry asked for a Bearer token but named no realm.');
    const realmUrl = parseRealm(realm);
    const service = challenge.params.service ?? '';
    const wanted = scopes.length > 0 ? scopes : challengeScopes(challenge);
    const key = TokenCache.key(realmUrl.toString(), service, wanted);
    const token = await this.cache.get(key, () => fetchToken(realmUrl, service, wanted, ctx));
    return `Bearer ${token.token}`;
  }
}

/** The realm must be an http(s) URL: never send anything to file:, data: or other schemes. */
function parseRealm(realm: string): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new LensError('AUTH_FAILED', `The registry's token realm is not a URL: ${realm}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LensError('AUTH_FAILED', `The registry's token realm must be http(s), not ${url.protocol}`);
  }
  return url;
}

async function fetchToken(realm: URL, service: string, scopes: string[], ctx: AuthorizationContext): Promise<CachedToken> {
  const url = new URL(realm);
  if (service) url.searchParams.set('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const response = await ctx.transport.send(
    { purpose: 'token', method: 'GET', url: url.toString(), maxBodyBytes: 1024 * 1024, signal: ctx.signal },
    ctx.listener,
  );
  if (response.status !== 200) {
    throw new LensError('AUTH_FAILED', `The token server ${realm.host} refused an anonymous token (${response.status}).`);
  }
  let parsed: z.infer<typeof TokenResponse>;
  try {
    parsed = TokenResponse.parse(JSON.parse(response.body.toString('utf8')));
  } catch {
    throw new LensError('AUTH_FAILED', `The token server ${realm.host} answered with something that is not a token.`);
  }
  const token = parsed.token ?? parsed.access_token;
  if (!token) throw new LensError('AUTH_FAILED', `The token server ${realm.host} answered without a token.`);
  const issuedAt = parsed.issued_at ? Date.parse(parsed.issued_at) : Number.NaN;
  const start = Number.isFinite(issuedAt) ? issuedAt : Date.now();
  return { token, expiresAt: start + (parsed.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000 };
}
