/**
 * Answers registry challenges the way docker's client (distribution's registry/client/auth) does:
 *
 * - Bearer, per distribution's token specification: GET realm?service=&scope=&account= with Basic
 *   credentials when we have a password, anonymous otherwise; the OAuth2 form (POST grant_type=
 *   refresh_token, client_id=manifest-lens) when the credential is an identity token. A token server
 *   that refuses the GET form (404/405) gets the OAuth2 password grant, and the refresh token it returns
 *   replaces the password for later requests, as docker keeps it.
 * - Basic, only when the registry asked for it and only with a username and password.
 *
 * Tokens are cached per realm, service, scope set and credential, and refreshed before they expire.
 * Credentials travel only to the registry and its token realm, and over plain HTTP only to loopback or
 * a registry the user named insecure.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TokenGrant, TokenRequestView, TokenView } from '../../../shared/auth';
import type { HeaderList } from '../../../shared/exchange';
import { LensError } from '../errors';
import { AuthError } from './authError';
import type { AuthSession, SentAuthorization } from './authTrace';
import { type Challenge, challengeScopes } from './challenge';
import type { KnownSecrets } from './credentials/knownSecrets';
import type { CredentialResolver, ResolutionOutcome } from './credentials/resolve';
import type { ResolvedCredential } from './credentials/types';
import { isLoopbackHost } from './reference';
import { redactUrlCredentials } from './redact';
import { decodeToken } from './tokenClaims';
import { TokenCache, tokenTimes, type CachedToken } from './tokenCache';
import type { ExchangeListener, HttpResponse, Transport } from './transport';

/** Token servers answer `token` or `access_token`; expires_in defaults to 60 s (token spec). */
const TokenResponse = z.looseObject({
  token: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  // Zero, negative or unreadable lifetimes fall back to the default rather than refusing the token.
  expires_in: z.coerce.number().optional().catch(undefined),
  issued_at: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});

const DEFAULT_TOKEN_LIFETIME_S = 60;
const CLIENT_ID = 'manifest-lens';
const TOKEN_BODY_LIMIT = 1024 * 1024;
const REDACTED = '<redacted>';

export interface AuthorizationContext {
  transport: Transport;
  listener?: ExchangeListener;
  signal?: AbortSignal;
  session: AuthSession;
  /** The API host (credentials are looked up by its registry name). */
  host: string;
  /** The repository the request is about, for auth.json's per-repository keys. */
  repository: string | null;
  /** Hosts the user named --insecure-registry: plain HTTP is their choice, credentials may follow. */
  insecureHosts: readonly string[];
}

/** An Authorization header and what the trace may know of it. */
export interface Authorization extends SentAuthorization {
  header: string;
  /** For Bearer: the cache entry to drop if the registry refuses the token. */
  cacheKey: string | null;
}

export interface AuthenticatorOptions {
  credentials?: CredentialResolver;
  secrets?: KnownSecrets;
  now?: () => number;
}

export class Authenticator {
  private readonly cache: TokenCache;
  /** Refresh tokens learned from password grants, per realm, service and credential. */
  private readonly refreshTokens = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.cache = new TokenCache(this.now);
  }

  /**
   * The Authorization answering one of `challenges` (Bearer preferred, as docker prefers it), or null
   * when none can be answered. Throws AuthError for failures the trace should explain.
   */
  async authorize(challenges: Challenge[], scopes: string[], ctx: AuthorizationContext): Promise<Authorization | null> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (!bearer && !basic) return null;
    const outcome = await ctx.session.credentials(() => this.resolve(ctx));
    if (outcome.failure) throw outcome.failure;
    const found = outcome.found;
    if (bearer) return this.bearer(bearer, scopes, found, ctx);
    if (found?.credential.kind !== 'password') return null;
    const { username, password } = found.credential;
    return {
      header: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      scheme: 'basic',
      scopes: [],
      token: null,
      cacheKey: null,
    };
  }

  /** Forgets a token the registry refused, so the next attempt fetches a fresh one. */
  refused(authorization: Authorization): void {
    if (authorization.cacheKey) this.cache.invalidate(authorization.cacheKey, authorization.header.slice('Bearer '.length));
  }

  private resolve(ctx: AuthorizationContext): Promise<ResolutionOutcome> {
    const none: ResolutionOutcome = { found: null, lookups: [], failure: null };
    return this.options.credentials?.resolve(ctx.host, ctx.repository) ?? Promise.resolve(none);
  }

  private async bearer(
    challenge: Challenge,
    scopes: string[],
    found: ResolvedCredential | null,
    ctx: AuthorizationContext,
  ): Promise<Authorization> {
    const realm = parseRealm(challenge.params.realm, this.options.secrets);
    if (found && !mayCarryCredentials(realm, ctx.insecureHosts)) {
      throw new AuthError(
        'refused-realm',
        `Refusing to send the credentials from ${found.use.label} to ${realm.host} over plain HTTP; the token realm must use HTTPS.`,
      );
    }
    const service = challenge.params.service ?? '';
    const wanted = scopes.length > 0 ? scopes : challengeScopes(challenge);
    const identity = found ? identityOf(found) : 'anonymous';
    const key = TokenCache.key(realm.href, service, wanted, identity);
    const { token, cached } = await this.cache.lookup(key, () => this.fetchToken({ realm, service, scopes: wanted, found, identity }, ctx));
    return {
      header: `Bearer ${token.token}`,
      scheme: 'bearer',
      scopes: wanted,
      token: token.view ? { ...token.view, fromCache: cached } : null,
      cacheKey: key,
    };
  }

  private async fetchToken(req: TokenRequest, ctx: AuthorizationContext): Promise<CachedToken> {
    const credential = req.found?.credential ?? null;
    const refreshKey = JSON.stringify([req.realm.href, req.service, req.identity]);
    if (credential?.kind === 'identity-token') {
      return this.postForm(req, 'refresh_token', { refresh_token: credential.token }, refreshKey, ctx);
    }
    const learned = this.refreshTokens.get(refreshKey);
    if (learned) return this.postForm(req, 'refresh_token', { refresh_token: learned }, refreshKey, ctx);
    const response = await this.getToken(req, ctx);
    if (credential && (response.status === 404 || response.status === 405)) {
      const form = { username: credential.username, password: credential.password, access_type: 'offline' };
      return this.postForm(req, 'password', form, refreshKey, ctx);
    }
    return this.tokenFrom(response, req, refreshKey);
  }

  private getToken(req: TokenRequest, ctx: AuthorizationContext): Promise<HttpResponse> {
    const credential = req.found?.credential;
    const url = new URL(req.realm);
    if (req.service) url.searchParams.set('service', req.service);
    for (const scope of req.scopes) url.searchParams.append('scope', scope);
    const headers: HeaderList = [];
    if (credential?.kind === 'password') {
      url.searchParams.set('account', credential.username);
      headers.push(['authorization', `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`]);
    }
    const view = viewOf(req, 'GET', credential ? 'basic' : 'anonymous', [...url.searchParams]);
    return this.send(req, view, ctx, { purpose: 'token', method: 'GET', url: url.toString(), headers });
  }

  private async postForm(
    req: TokenRequest,
    grant: 'refresh_token' | 'password',
    secrets: Record<string, string>,
    refreshKey: string,
    ctx: AuthorizationContext,
  ): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: grant, service: req.service, client_id: CLIENT_ID, scope: req.scopes.join(' ') });
    for (const [name, value] of Object.entries(secrets)) form.set(name, value);
    const shown = [...form].map(([name, value]): [string, string] =>
      name === 'password' || name === 'refresh_token' ? [name, REDACTED] : [name, value],
    );
    const view = viewOf(req, 'POST', grant, shown);
    const response = await this.send(req, view, ctx, {
      purpose: 'token',
      method: 'POST',
      url: req.realm.toString(),
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: form.toString(),
    });
    return this.tokenFrom(response, req, refreshKey);
  }

  /** Sends a token request, recording it (and its failure below HTTP) in the trace. */
  private async send(
    req: TokenRequest,
    view: TokenRequestView,
    ctx: AuthorizationContext,
    request: { purpose: 'token'; method: 'GET' | 'POST'; url: string; headers: HeaderList; body?: string },
  ): Promise<HttpResponse> {
    try {
      const response = await ctx.transport.send({ ...request, maxBodyBytes: TOKEN_BODY_LIMIT, signal: ctx.signal }, ctx.listener);
      ctx.session.tokenRequested({ ...view, status: response.status, error: refusal(response, req) });
      return response;
    } catch (e) {
      if (!(e instanceof LensError) || e.code === 'CANCELLED') throw e;
      const error = `Cannot get a token from ${req.realm.host}: ${e.message}`;
      ctx.session.tokenRequested({ ...view, status: null, error });
      throw new AuthError('token-server', error, e.detail);
    }
  }

  private tokenFrom(response: HttpResponse, req: TokenRequest, refreshKey: string): CachedToken {
    const problem = refusal(response, req);
    if (problem) throw new AuthError(refusalCause(response.status, req), problem, this.scrubbedBody(response));
    let parsed: z.infer<typeof TokenResponse>;
    try {
      parsed = TokenResponse.parse(JSON.parse(response.body.toString('utf8')));
    } catch {
      throw new AuthError('token-server', `The token server ${req.realm.host} answered with something that is not a token.`);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new AuthError('token-server', `The token server ${req.realm.host} answered without a token.`);
    this.options.secrets?.add(token, parsed.refresh_token);
    if (parsed.refresh_token) this.refreshTokens.set(refreshKey, parsed.refresh_token);

    const claims = decodeToken(token);
    const { issuedAt: start, expiresAt } = tokenTimes(
      {
        issuedAt: parsed.issued_at ? Date.parse(parsed.issued_at) : Number.NaN,
        expiresInS: parsed.expires_in,
        claimExpiresAt: claims?.exp ? Date.parse(claims.exp) : Number.NaN,
        defaultLifetimeS: DEFAULT_TOKEN_LIFETIME_S,
      },
      this.now(),
    );
    const view: Omit<TokenView, 'fromCache'> = {
      field: parsed.token ? 'token' : 'access_token',
      expiresIn: parsed.expires_in ?? null,
      issuedAt: parsed.issued_at ?? null,
      expiresAt: new Date(expiresAt).toISOString(),
      refreshTokenReturned: Boolean(parsed.refresh_token),
      claims,
    };
    return { token, expiresAt, issuedAt: start, view };
  }

  /** A token server's error body, cut short and scrubbed of any secret we hold, for --verbose. */
  private scrubbedBody(response: HttpResponse): string | undefined {
    const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
    if (!text) return undefined;
    return this.options.secrets ? this.options.secrets.scrub(text) : REDACTED;
  }
}

interface TokenRequest {
  realm: URL;
  service: string;
  scopes: string[];
  found: ResolvedCredential | null;
  identity: string;
}

function viewOf(req: TokenRequest, method: 'GET' | 'POST', grant: TokenGrant, fields: Array<[string, string]>): TokenRequestView {
  return {
    method,
    realm: `${req.realm.origin}${req.realm.pathname}`,
    service: req.service || null,
    scopes: req.scopes,
    grant,
    fields,
    status: null,
    error: null,
  };
}

/** The sentence for a token server's refusal, or null when it answered 200. */
function refusal(response: HttpResponse, req: TokenRequest): string | null {
  if (response.status === 200) return null;
  const host = req.realm.host;
  const who = req.found ? `the credentials from ${req.found.use.label}` : 'an anonymous request';
  switch (response.status) {
    case 401:
      return req.found
        ? `The token server ${host} refused ${who} (401): wrong username, password or token.`
        : `The token server ${host} refused an anonymous token (401) and no credentials were found for this registry.`;
    case 403:
      return `The token server ${host} refused a token for ${req.scopes.join(' ') || 'this registry'} to ${who} (403): it knows the account but does not allow it.`;
    default:
      return `The token server ${host} answered ${response.status} ${response.statusText} to ${who}.`;
  }
}

function refusalCause(status: number, req: TokenRequest): AuthError['authCause'] {
  if (status === 401) return req.found ? 'bad-credentials' : 'no-credentials';
  if (status === 403) return 'forbidden';
  return 'token-server';
}

/** The realm must be an http(s) URL: never send anything to file:, data: or other schemes. */
function parseRealm(realm: string | undefined, secrets: KnownSecrets | undefined): URL {
  if (!realm) throw new AuthError('token-server', 'The registry asked for a Bearer token but named no realm.');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new AuthError('refused-realm', `The registry's token realm is not a URL: ${redactUrlCredentials(realm)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthError('refused-realm', `The registry's token realm must be http(s), not ${url.protocol}`);
  }
  // Credentials a registry wrote into the realm URL would travel in every request log: drop them, and
  // remember the password so that any echo of it (an error body) is scrubbed too.
  if (url.password) secrets?.add(url.password, safeDecode(url.password));
  url.username = '';
  url.password = '';
  return url;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function mayCarryCredentials(realm: URL, insecureHosts: readonly string[]): boolean {
  return realm.protocol === 'https:' || isLoopbackHost(realm.host) || insecureHosts.includes(realm.host);
}

/** Distinguishes credentials in the cache key without keeping the secret itself in it. */
function identityOf(found: ResolvedCredential): string {
  const c = found.credential;
  const secret = c.kind === 'password' ? c.password : c.token;
  const digest = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return `${found.use.source}:${c.username ?? ''}:${digest}`;
}
