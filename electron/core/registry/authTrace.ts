/**
 * One operation's authentication, recorded for triage: the challenges as parsed, the credential sources
 * consulted and the one used (never its secret), each token request with secrets redacted, the token's
 * decoded claims beside the scopes asked, rate-limit headers, and a verdict in plain words that tells
 * 401 from 403, insufficient_scope, an expired token and a failing credential helper.
 *
 * The session also memoizes credential resolution, so one operation runs a credential helper once.
 */
import type {
  AuthTrace,
  AuthVerdict,
  ChallengeView,
  CredentialLookup,
  CredentialUse,
  RateLimitView,
  TokenRequestView,
  TokenView,
} from '../../../shared/auth';
import type { HeaderList } from '../../../shared/exchange';
import type { AuthError } from './authError';
import { parseChallenges } from './challenge';
import { credentialRegistry } from './credentials/hubKeys';
import type { ResolutionOutcome } from './credentials/resolve';
import { rateLimitOf } from './rateLimit';
import { withoutUserinfo } from './redact';
import { formatScope, missingScopes } from './scope';
import { header } from './transport';

/** What was put on one request: the scheme, and for Bearer the token's view and the scopes asked. */
export interface SentAuthorization {
  scheme: 'basic' | 'bearer';
  scopes: string[];
  token: TokenView | null;
}

export class AuthSession {
  readonly registry: string;
  private readonly challenges: ChallengeView[] = [];
  private readonly tokenRequests: TokenRequestView[] = [];
  private lookups: CredentialLookup[] = [];
  private credential: CredentialUse | null = null;
  private resolution: Promise<ResolutionOutcome> | null = null;
  private sent: SentAuthorization | null = null;
  private failure: AuthError | null = null;
  private rateLimit: RateLimitView | null = null;

  constructor(host: string) {
    this.registry = credentialRegistry(host);
  }

  /** Resolves credentials once per operation and records what each source gave. */
  credentials(resolve: () => Promise<ResolutionOutcome>): Promise<ResolutionOutcome> {
    this.resolution ??= resolve().then((outcome) => {
      this.lookups = outcome.lookups;
      this.credential = outcome.found?.use ?? null;
      return outcome;
    });
    return this.resolution;
  }

  challenged(headerValue: string, remembered: boolean): void {
    for (const c of parseChallenges(headerValue)) {
      // Credentials a registry wrote into its realm are never used (see auth.ts) and never shown.
      const params = c.params.realm === undefined ? c.params : { ...c.params, realm: withoutUserinfo(c.params.realm) };
      const view: ChallengeView = { scheme: c.scheme, params, remembered };
      const known = this.challenges.some((k) => JSON.stringify(k) === JSON.stringify(view));
      if (!known) this.challenges.push(view);
    }
  }

  tokenRequested(view: TokenRequestView): void {
    this.tokenRequests.push(view);
  }

  /** Called for each attempt with what it carried (null: nothing). */
  attempted(authorization: SentAuthorization | null): void {
    this.sent = authorization;
  }

  failed(error: AuthError): void {
    this.failure = error;
  }

  /** Every registry answer passes here; the last one with rate-limit headers is kept. */
  answered(headers: HeaderList): void {
    this.rateLimit = rateLimitOf(headers) ?? this.rateLimit;
  }

  finish(final: { status: number; headers: HeaderList }, now = Date.now()): AuthTrace {
    const token = this.sent?.token ?? null;
    const asked = this.sent?.scopes ?? [];
    const granted = token?.claims ? token.claims.access.map(formatScope) : null;
    const missing = token?.claims ? missingScopes(asked, token.claims.access) : [];
    const finalChallenge = parseChallenges(header(final.headers, 'www-authenticate'));
    return {
      registry: this.registry,
      challenges: this.challenges,
      lookups: this.lookups,
      credential: this.credential,
      scheme: this.sent?.scheme ?? null,
      tokenRequests: this.tokenRequests,
      token,
      scopes: { asked, granted, missing },
      rateLimit: this.rateLimit,
      verdict: verdictFor({
        status: final.status,
        challengeSeen: this.challenges.length > 0,
        bearerError: finalChallenge.find((c) => c.scheme === 'bearer')?.params ?? null,
        basicAsked: finalChallenge.some((c) => c.scheme === 'basic'),
        registry: this.registry,
        credential: this.credential,
        lookups: this.lookups,
        sent: this.sent,
        missing,
        failure: this.failure,
        now,
      }),
    };
  }
}

export interface VerdictFacts {
  status: number;
  challengeSeen: boolean;
  /** The params of a Bearer challenge on the final answer (error, error_description, scope). */
  bearerError: Record<string, string> | null;
  basicAsked: boolean;
  registry: string;
  credential: CredentialUse | null;
  lookups: CredentialLookup[];
  sent: SentAuthorization | null;
  missing: string[];
  failure: AuthError | null;
  now: number;
}

/** The plain explanation of what happened, from the facts alone. */
export function verdictFor(f: VerdictFacts): AuthVerdict {
  const failed = (cause: AuthVerdict['cause'], explanation: string): AuthVerdict => ({ outcome: 'failed', cause, explanation });
  const who = f.credential
    ? `${f.credential.username ?? 'the identity token'} (credentials from ${f.credential.label})`
    : 'an anonymous client';
  const claims = f.sent?.token?.claims ?? null;
  const grantedText = claims ? (claims.access.length > 0 ? claims.access.map(formatScope).join(' ') : 'no access at all') : null;

  if (f.failure) return failed(f.failure.authCause, f.failure.message);

  if (f.status === 401) {
    const error = f.bearerError?.error;
    const expiry = claims?.exp ? Date.parse(claims.exp) : Number.NaN;
    if (f.sent?.scheme === 'bearer' && expiry <= f.now) {
      return failed(
        'expired-token',
        `The registry refused the token: it expired at ${claims!.exp} (${ago(f.now - expiry)} ago) although it was just issued; check the token server's clock and the lifetime it gives.`,
      );
    }
    if (error === 'insufficient_scope' || f.missing.length > 0) {
      const needs = f.missing.length > 0 ? f.missing.join(' ') : (f.bearerError?.scope ?? f.sent?.scopes.join(' ') ?? 'more access');
      const granted = grantedText
        ? `The token grants ${grantedText} but the request needs ${needs}.`
        : `The token does not cover ${needs}.`;
      const remedy = f.credential
        ? ` ${who} lacks that access, or the repository does not exist.`
        : ` Anonymous access is not enough: ${noCredentials(f)}`;
      return failed('insufficient-scope', `insufficient_scope: ${granted}${remedy}`);
    }
    if (error === 'invalid_token') {
      const why = f.bearerError?.error_description ? ` (${f.bearerError.error_description})` : '';
      return failed(
        'invalid-token',
        `The registry refused the token${why}: it does not trust the token server that issued it (issuer, audience or signing key differ from its configuration).`,
      );
    }
    if (f.sent?.scheme === 'basic') return failed('bad-credentials', `The registry refused the username and password of ${who}.`);
    if (f.credential?.kind === 'identity-token' && f.basicAsked) {
      return failed(
        'bad-credentials',
        `The registry asks for a username and password (Basic), but the credential from ${f.credential.label} is an identity token, which only token servers accept.`,
      );
    }
    if (!f.credential) return failed('no-credentials', `The registry requires authentication: ${noCredentials(f)}`);
    return failed('bad-credentials', `The registry answered 401 to ${who}; it did not accept the authorization sent.`);
  }

  if (f.status === 403) {
    return failed(
      'forbidden',
      f.credential
        ? `403 Forbidden: the registry knows ${who} but does not allow this request. That is a permission, not a login problem: ask the repository's owner for access.`
        : `403 Forbidden: the registry does not allow this request from an anonymous client; log in with an account that has access.`,
    );
  }

  if (!f.challengeSeen || !f.sent) {
    return {
      outcome: 'not-required',
      cause: null,
      explanation: f.challengeSeen
        ? 'The registry asked for authentication but this request did not need it.'
        : 'The registry did not ask for authentication.',
    };
  }
  const how = f.sent.scheme === 'basic' ? 'Basic authentication' : 'a Bearer token';
  const grants = grantedText ? ` The token grants ${grantedText}.` : '';
  if (!f.credential) return { outcome: 'anonymous', cause: null, explanation: `Anonymous access with ${how}.${grants}` };
  return { outcome: 'authenticated', cause: null, explanation: `Authenticated as ${who} with ${how}.${grants}` };
}

function noCredentials(f: VerdictFacts): string {
  const checked = f.lookups.map((l) => l.label).join('; ');
  return `no credentials were found for ${f.registry}${checked ? ` (checked: ${checked})` : ''}. Log in with docker login or podman login, or enter credentials in the app.`;
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
