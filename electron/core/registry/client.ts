/**
 * The registry v2 API: ping, manifests (GET / HEAD with a chosen Accept set), blobs. Does I/O and no
 * formatting; answers auth challenges through the Authenticator and records every exchange.
 */
import type { CapturedExchange, HeaderList } from '../../../shared/exchange';
import { MediaType, SCHEMA1_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { LensError } from '../errors';
import type { Authenticator, Authorization } from './auth';
import { AuthError } from './authError';
import { AuthSession } from './authTrace';
import { bearerError, parseChallenges } from './challenge';
import { describeRegistryError, parseErrorBody } from './errorBody';
import { isLoopbackHost } from './reference';
import { repositoryScope } from './scope';
import { storedDigestOf, type ContentCache, type CachedContent, type ContentAddress } from './contentCache';
import type { RequestLedger } from './requestLedger';
import { header, MANIFEST_SIZE_LIMIT, type HttpRequest, type HttpResponse, type Transport } from './transport';

export interface ClientOptions {
  transport: Transport;
  authenticator: Authenticator;
  /** host[:port] names that are spoken to over plain HTTP (docker's --insecure-registry). */
  insecureRegistries?: readonly string[];
  /** The session's manifests and configs by digest; without it every GET goes to the registry. */
  cache?: ContentCache;
  /** Counts every exchange with this registry and its token server. */
  ledger?: RequestLedger;
}

export interface CallContext {
  signal?: AbortSignal;
  /** Receives each exchange as it completes (the request log). */
  onExchange?: (exchange: CapturedExchange) => void;
  /**
   * Records this operation's authentication for triage. A caller that passes one gets the registry's
   * own 401/403 back when authentication fails (the session explains why); without one, an AuthError.
   */
  auth?: AuthSession;
}

/** Any v2 API request. `scopes` are what it needs: pull to read, pull and push only to write. */
export interface ApiRequest extends Omit<HttpRequest, 'url' | 'signal'> {
  path: string;
  scopes: string[];
  /** The repository it is about (for auth.json's per-repository credentials). */
  repository: string | null;
}

export interface ManifestRequest {
  method: 'GET' | 'HEAD';
  /** Accept values, sent as one header joined by ", "; empty sends no Accept header. */
  accept: readonly string[];
}

/** Loopback registries use plain HTTP as docker does; others HTTPS unless named insecure. */
export function registryBaseUrl(host: string, insecure: readonly string[] = []): string {
  const plain = isLoopbackHost(host) || insecure.includes(host);
  return `${plain ? 'http' : 'https'}://${host}`;
}

export class RegistryClient {
  private readonly baseUrl: string;
  /** The last challenge seen: later requests authorize up front instead of collecting a 401 each. */
  private challengeHeader: string | null = null;
  /**
   * While the first request to the registry waits for its answer, the others wait for it too: that
   * answer says whether and how the registry wants authentication, so one challenge serves them all.
   */
  private firstAnswer: Promise<void> | null = null;
  private answered = false;

  constructor(
    readonly host: string,
    private readonly options: ClientOptions,
  ) {
    this.baseUrl = registryBaseUrl(host, options.insecureRegistries);
  }

  /** GET /v2/: is this a registry, and how does it want to be authenticated? */
  ping(ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send({ purpose: 'ping', method: 'GET', path: '/v2/', scopes: [], repository: null, maxBodyBytes: 64 * 1024 }, ctx);
  }

  /**
   * A manifest. A GET by digest is answered from the session's cache when it holds that manifest in a
   * type the Accept set names (the registry would serve it as stored); every manifest a GET brings,
   * by tag or digest, is kept under its digest, except a schema 1 served by tag to an Accept set
   * without schema 2: that may be a rewrite the registry made on the fly and does not store.
   */
  manifest(repository: string, tagOrDigest: string, req: ManifestRequest, ctx: CallContext = {}): Promise<HttpResponse> {
    const headers: HeaderList = req.accept.length > 0 ? [['accept', req.accept.join(', ')]] : [];
    const accepted = req.accept.map((a) => a.split(';')[0]!.trim());
    const request: ApiRequest = {
      purpose: 'manifest',
      method: req.method,
      path: `/v2/${repository}/manifests/${tagOrDigest}`,
      headers,
      scopes: [repositoryScope(repository, 'pull')],
      repository,
      maxBodyBytes: MANIFEST_SIZE_LIMIT,
    };
    if (req.method === 'HEAD') return this.send(request, ctx);
    const byDigest = isDigest(tagOrDigest) ? tagOrDigest : null;
    return this.cachedGet('manifest', repository, byDigest, request, ctx, {
      usable: (c) => c.mediaType !== null && accepted.includes(c.mediaType),
      keep: (c) =>
        byDigest !== null ||
        accepted.includes(MediaType.dockerSchema2) ||
        !SCHEMA1_MEDIA_TYPES.includes(c.mediaType ?? MediaType.dockerSchema1),
    });
  }

  /** Blob bytes (configs), from the session's cache when it holds them. Follows redirects to storage; Authorization stays here. */
  blob(repository: string, digest: string, maxBodyBytes: number, ctx: CallContext = {}): Promise<HttpResponse> {
    const request = blobRequest(repository, digest, { maxBodyBytes });
    return this.cachedGet('blob', repository, digest, request, ctx, { usable: (c) => c.bytes.length <= maxBodyBytes, keep: () => true });
  }

  /**
   * A blob (a layer) as it arrives, following redirects like `blob()`: a 2xx answer carries it as
   * `bodyStream`, never buffered; an error answer's body is read as usual (up to 64 KiB).
   */
  blobStream(repository: string, digest: string, ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send(blobRequest(repository, digest, { maxBodyBytes: 64 * 1024, streamBody: true }), ctx);
  }

  /** GET /v2/<name>/tags/list with the query given (n, last, or what a Link rel="next" named). */
  tags(repository: string, query: string, ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send(
      {
        purpose: 'other',
        method: 'GET',
        path: `/v2/${repository}/tags/list${query ? `?${query}` : ''}`,
        headers: [['accept', 'application/json']],
        scopes: [repositoryScope(repository, 'pull')],
        repository,
        maxBodyBytes: MANIFEST_SIZE_LIMIT,
      },
      ctx,
    );
  }

  /**
   * GET /v2/<name>/referrers/<digest> (OCI distribution 1.1), optionally filtered by artifactType; a later
   * page is asked for by the query its predecessor's Link rel="next" named (`nextQuery`), which replaces it.
   */
  referrers(
    repository: string,
    digest: string,
    artifactType: string | undefined,
    ctx: CallContext = {},
    nextQuery: string | null = null,
  ): Promise<HttpResponse> {
    const asked = nextQuery ?? (artifactType ? new URLSearchParams({ artifactType }).toString() : '');
    const query = asked ? `?${asked}` : '';
    return this.send(
      {
        purpose: 'manifest',
        method: 'GET',
        path: `/v2/${repository}/referrers/${digest}${query}`,
        headers: [['accept', MediaType.ociIndex]],
        scopes: [repositoryScope(repository, 'pull')],
        repository,
        maxBodyBytes: MANIFEST_SIZE_LIMIT,
      },
      ctx,
    );
  }

  /** HEAD a blob: its size (Content-Length) without its bytes. Follows redirects to storage as GET does. */
  blobHead(repository: string, digest: string, ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send(
      {
        purpose: 'blob',
        method: 'HEAD',
        path: `/v2/${repository}/blobs/${digest}`,
        scopes: [repositoryScope(repository, 'pull')],
        repository,
        followRedirects: true,
      },
      ctx,
    );
  }

  /** Stores a manifest: the one call here that asks for push scope. */
  putManifest(repository: string, reference: string, mediaType: string, body: Uint8Array, ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send(
      {
        purpose: 'manifest',
        method: 'PUT',
        path: `/v2/${repository}/manifests/${reference}`,
        headers: [['content-type', mediaType]],
        body,
        scopes: [repositoryScope(repository, 'push')],
        repository,
        maxBodyBytes: 64 * 1024,
      },
      ctx,
    );
  }

  /**
   * A GET whose answer the cache may hold: by digest it is answered from there when `usable` says the
   * registry would serve what is held, or once a concurrent fetch of it has filled the cache. A 2xx
   * answer that `keep` accepts is kept under the digest its bytes have (the cache refuses bytes that do
   * not match it), and a manifest by tag only when the registry's Docker-Content-Digest agrees with its bytes.
   */
  private async cachedGet(
    kind: ContentAddress['kind'],
    repository: string,
    digest: string | null,
    req: ApiRequest,
    ctx: CallContext,
    rules: { usable: (content: CachedContent) => boolean; keep: (content: CachedContent) => boolean },
  ): Promise<HttpResponse> {
    const cache = this.options.cache;
    if (!cache) return this.send(req, ctx);
    const address = digest === null ? null : { kind, host: this.host, repository, digest };
    if (address) {
      await settledOrAborted(cache.inFlight(address), ctx.signal);
      const held = cache.get(address);
      if (held && rules.usable(held)) return this.fromCache(req, address.digest, held, ctx);
    }
    const sending = this.send(req, ctx).then((response) => {
      if (response.status >= 200 && response.status < 300) {
        const mediaType = header(response.headers, 'content-type')?.split(';')[0]?.trim() ?? null;
        const content = { bytes: response.body, mediaType, headers: response.headers };
        const served = header(response.headers, 'docker-content-digest');
        const named = digest ?? served ?? storedDigestOf(kind, content);
        if ((served === null || served === named) && rules.keep(content))
          cache.put({ kind, host: this.host, repository, digest: named }, content);
      }
      return response;
    });
    if (address) cache.track(address, sending);
    return sending;
  }

  /** The answer the registry gave for these bytes before, its headers as then, reported to the request log as served from cache. */
  private fromCache(req: ApiRequest, digest: string, content: CachedContent, ctx: CallContext): HttpResponse {
    const url = this.baseUrl + req.path;
    const { headers } = content;
    const exchange: CapturedExchange = {
      purpose: req.purpose,
      method: req.method,
      url,
      requestHeaders: req.headers ?? [],
      status: 200,
      statusText: 'OK',
      responseHeaders: headers,
      bodyBase64: content.bytes.toString('base64'),
      bodySize: content.bytes.length,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      fromCache: true,
    };
    this.counted(ctx).onExchange?.(exchange);
    return { status: 200, statusText: 'OK', url, headers, body: content.bytes, exchange };
  }

  /**
   * One API request: authorized up front when a challenge is known, retried after a 401. A refused
   * token is dropped from the cache and a fresh one tried once (it may have expired or been revoked).
   */
  async send(req: ApiRequest, context: CallContext): Promise<HttpResponse> {
    const ctx = this.counted(context);
    const session = ctx.auth ?? new AuthSession(this.host);
    const attempt = async (authorization: Authorization | null) => {
      session.attempted(authorization);
      const headers: HeaderList = [
        ...(req.headers ?? []),
        ...(authorization ? [['authorization', authorization.header] as [string, string]] : []),
      ];
      const { path, scopes: _scopes, repository: _repository, ...rest } = req;
      const response = await this.options.transport.send(
        { ...rest, url: this.baseUrl + path, headers, signal: ctx.signal },
        ctx.onExchange,
      );
      session.answered(response.headers);
      return response;
    };
    let response: HttpResponse | null = null;
    try {
      let sent: Authorization | null = null;
      const first = await this.awaitFirstAnswer(ctx.signal);
      if (this.challengeHeader) {
        session.challenged(this.challengeHeader, true);
        sent = await this.authorization(this.challengeHeader, req, session, ctx);
      }
      try {
        response = await attempt(sent);
      } finally {
        first?.();
      }
      for (let retry = 0; retry < 2 && response.status === 401; retry++) {
        const challenge = header(response.headers, 'www-authenticate');
        if (!challenge) break;
        this.challengeHeader = challenge;
        session.challenged(challenge, false);
        // A token refused for its scope would be granted the same scope again; only a stale one is worth renewing.
        if (sent?.scheme === 'bearer' && bearerError(parseChallenges(challenge)) === 'insufficient_scope') break;
        if (sent) this.options.authenticator.refused(sent);
        const next = await this.authorization(challenge, req, session, ctx);
        // The same answer a second time would be refused again.
        if (!next || next.header === sent?.header) break;
        sent = next;
        response = await attempt(sent);
      }
      return response;
    } catch (e) {
      if (!(e instanceof AuthError) || !ctx.auth) throw e;
      session.failed(e);
      // The registry's own answer without authorization goes beside the explanation.
      return response ?? (await attempt(null));
    }
  }

  /** The context with each exchange also counted in the session's ledger. */
  private counted(ctx: CallContext): CallContext {
    const ledger = this.options.ledger;
    if (!ledger) return ctx;
    return {
      ...ctx,
      onExchange: (exchange) => {
        ledger.record(this.host, exchange);
        ctx.onExchange?.(exchange);
      },
    };
  }

  /**
   * Waits for the registry's first answer if another request is getting it; the request that is to
   * get it receives the function that releases the others.
   */
  private async awaitFirstAnswer(signal: AbortSignal | undefined): Promise<(() => void) | null> {
    if (this.answered) return null;
    if (this.firstAnswer) {
      await settledOrAborted(this.firstAnswer, signal);
      return null;
    }
    let release!: () => void;
    this.firstAnswer = new Promise((resolve) => (release = resolve));
    return () => {
      this.answered = true;
      release();
    };
  }

  private async authorization(
    challengeHeader: string,
    req: ApiRequest,
    session: AuthSession,
    ctx: CallContext,
  ): Promise<Authorization | null> {
    return this.options.authenticator.authorize(parseChallenges(challengeHeader), req.scopes, {
      transport: this.options.transport,
      listener: ctx.onExchange,
      signal: ctx.signal,
      session,
      host: this.host,
      repository: req.repository,
      insecureHosts: this.options.insecureRegistries ?? [],
    });
  }
}

/** Waits for another caller's request to settle, or for this caller to be cancelled meanwhile. */
async function settledOrAborted(work: Promise<unknown> | undefined, signal: AbortSignal | undefined): Promise<void> {
  if (!work) return;
  if (!signal) {
    await work;
    return;
  }
  const cancelled = () => new LensError('CANCELLED', 'The request was cancelled.');
  if (signal.aborted) throw cancelled();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function isDigest(tagOrDigest: string): boolean {
  return tagOrDigest.includes(':');
}

function blobRequest(repository: string, digest: string, reading: Pick<ApiRequest, 'maxBodyBytes' | 'streamBody'>): ApiRequest {
  return {
    purpose: 'blob',
    method: 'GET',
    path: `/v2/${repository}/blobs/${digest}`,
    scopes: [repositoryScope(repository, 'pull')],
    repository,
    followRedirects: true,
    ...reading,
  };
}

/** Raises a typed error, quoting the registry's own error codes, for an answer that is not a success. */
export function expectOk(response: HttpResponse, what: string): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const answer = describeRegistryError(response.status, response.statusText, parseErrorBody(response.body));
  const code = response.status === 401 || response.status === 403 ? 'AUTH_FAILED' : 'REGISTRY_ERROR';
  throw new LensError(code, `${what}: the registry answered ${answer}.`);
}
