/**
 * What the UI and the CLI learn about authentication: the triage view of one operation. Nothing here is
 * ever a secret: credentials appear only as "from <source>", tokens only as their decoded claims.
 */

/** Where a credential came from, in docker's order of precedence. */
export type CredentialSourceKind =
  | 'app' // entered in the app and kept encrypted with the OS keychain
  | 'session' // entered in the app or with --username/--password-stdin, kept in memory only
  | 'cred-helper' // config.json credHelpers[registry]
  | 'creds-store' // config.json credsStore
  | 'docker-config' // config.json auths
  | 'podman-auth'; // containers' auth.json

export interface CredentialUse {
  source: CredentialSourceKind;
  /**
   * For people, a noun phrase that reads after "from" ("credentials from …"):
   * "$DOCKER_CONFIG/config.json auths[\"127.0.0.1:5000\"]", "docker-credential-pass", "this session (entered, not saved)".
   */
  label: string;
  /** The account name (not a secret; docker shows it too). Null for an identity token without one. */
  username: string | null;
  kind: 'password' | 'identity-token';
}

/** One credential source consulted, in order, and what it gave. */
export interface CredentialLookup {
  label: string;
  outcome: 'found' | 'none' | 'error';
  note?: string;
}

/** A WWW-Authenticate challenge as parsed (names lower-cased, values unquoted). */
export interface ChallengeView {
  scheme: string;
  params: Record<string, string>;
  /** True when it was remembered from an earlier answer and used before the registry asked again. */
  remembered: boolean;
}

/** A scope of distribution's token specification: repository:lens/app:pull,push */
export interface ScopeView {
  type: string;
  name: string;
  actions: string[];
}

export interface DecodedToken {
  /** The JOSE header (alg, kid, typ) when the token is a JWT. */
  header: Record<string, string>;
  iss: string | null;
  sub: string | null;
  aud: string[];
  jti: string | null;
  /** ISO 8601 times of the exp, iat and nbf claims. */
  exp: string | null;
  iat: string | null;
  nbf: string | null;
  /** The access claim: what the token server granted. */
  access: ScopeView[];
}

export type TokenGrant = 'anonymous' | 'basic' | 'refresh_token' | 'password';

/** One request to a token server, its secrets replaced by <redacted>. */
export interface TokenRequestView {
  method: 'GET' | 'POST';
  realm: string;
  service: string | null;
  scopes: string[];
  grant: TokenGrant;
  /** Query (GET) or form (POST) fields as sent, secrets redacted. */
  fields: Array<[name: string, value: string]>;
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  /** Why it failed, in one sentence, when it did. */
  error: string | null;
}

/** The token the last request carried. */
export interface TokenView {
  /** Whether the token server answered `token` or `access_token`. */
  field: 'token' | 'access_token';
  fromCache: boolean;
  expiresIn: number | null;
  issuedAt: string | null;
  /** When we stop using it (expires_in from issued_at, or the exp claim when that is earlier). */
  expiresAt: string;
  refreshTokenReturned: boolean;
  /** Null for an opaque (non-JWT) token. Decoded, not verified: only the registry holds the key. */
  claims: DecodedToken | null;
}

export interface RateLimitView {
  /** RateLimit-Limit, e.g. 100 requests per 21600 s window. */
  limit: { count: number; windowSeconds: number | null } | null;
  remaining: { count: number; windowSeconds: number | null } | null;
  /** Docker-RateLimit-Source: the IP or account the limit is counted against. */
  source: string | null;
  /** The headers as sent. */
  headers: Array<[name: string, value: string]>;
}

export type AuthCause =
  | 'no-credentials' // the registry requires login and no source had credentials
  | 'bad-credentials' // the registry or token server refused the credentials given
  | 'forbidden' // 403: authenticated, not allowed
  | 'insufficient-scope' // the token lacks a scope the request needs
  | 'expired-token' // the token was past its exp
  | 'invalid-token' // the registry refused the token for another reason
  | 'helper-failed' // a credential helper is missing, failed or timed out
  | 'token-server' // the token server failed or answered nonsense
  | 'refused-realm'; // the realm was unsafe (not http(s), or plain HTTP for credentials)

export interface AuthVerdict {
  outcome: 'not-required' | 'anonymous' | 'authenticated' | 'failed';
  cause: AuthCause | null;
  /** One or two plain sentences, naming the source, the scopes and what to do. */
  explanation: string;
}

export interface AuthTrace {
  /** The registry as credentials are looked up for it (docker.io for Docker Hub). */
  registry: string;
  challenges: ChallengeView[];
  lookups: CredentialLookup[];
  credential: CredentialUse | null;
  /** The Authorization scheme sent on the last request, if any. */
  scheme: 'basic' | 'bearer' | null;
  tokenRequests: TokenRequestView[];
  token: TokenView | null;
  scopes: { asked: string[]; granted: string[] | null; missing: string[] };
  rateLimit: RateLimitView | null;
  verdict: AuthVerdict;
}

/** How credentials entered in the app are kept. */
export interface CredentialStoreStatus {
  /** 'keychain': encrypted by the OS; 'weak': the OS offers only obfuscation (Linux basic_text); 'none'. */
  protection: 'keychain' | 'weak' | 'none';
  /** The safeStorage backend Electron chose, when known (gnome_libsecret, kwallet5, basic_text, ...). */
  backend: string | null;
  /** One sentence for the UI about what "remember" would mean. */
  note: string;
  entries: Array<{ registry: string; username: string; remembered: boolean }>;
}
