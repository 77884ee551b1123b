/**
 * The registry v2 API: ping, manifests (GET / HEAD with a chosen Accept set), blobs. Does I/O and no
 * formatting; answers auth challenges through the Authenticator and records every exchange.
 */
import type { CapturedExchange, HeaderList } from '../../shared/exchange';
import { LensError } from '../errors';
import type { Authenticator } from './auth';
import { parseChallenges } from './challenge';
import { isLoopbackHost } from './reference';
import { header, MANIFEST_SIZE_LIMIT, type HttpRequest, type HttpResponse, type Transport } from './transport';

export interface ClientOptions {
  transport: Transport;
  authenticator: Authenticator;
  /** host[:port] names that are spoken to over plain HTTP (docker's --insecure-registry). */
  insecureRegistries?: readonly string[];
}

export interface CallContext {
  signal?: AbortSignal;
  /** Receives each exchange as it completes (the request log). */
  onExchange?: (exchange: CapturedExchange) => void;
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

  constructor(
    readonly host: string,
    private readonly options: ClientOptions,
  ) {
    this.baseUrl = registryBaseUrl(host, options.insecureRegistries);
  }

  /** GET /v2/: is this a registry, and how does it want to be authenticated? */
  ping(ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send({ purpose: 'ping', method: 'GET', path: '/v2/', scopes: [], maxBodyBytes: 64 * 1024 }, ctx);
  }

  manifest(repository: string, tagOrDigest: string, req: ManifestRequest, ctx: CallContext = {}): Promise<HttpResponse> {
    const headers: HeaderList = req.accept.length > 0 ? [['accept', req.accept.join(', ')]] : [];
    return this.send(
      {
        purpose: 'manifest',
        method: req.method,
        path: `/v2/${repository}/manifests/${tagOrDigest}`,
        headers,
        scopes: [`repository:${repository}:pull`],
        maxBodyBytes: MANIFEST_SIZE_LIMIT,
      },
      ctx,
    );
  }

  /** Blob bytes (configs, small layers). Follows redirects to storage; Authorization stays here. */
  blob(repository: string, digest: string, maxBodyBytes: number, ctx: CallContext = {}): Promise<HttpResponse> {
    return this.send(
      {
        purpose: 'blob',
        method: 'GET',
        path: `/v2/${repository}/blobs/${digest}`,
        scopes: [`repository:${repository}:pull`],
        maxBodyBytes,
        followRedirects: true,
      },
      ctx,
    );
  }

  /** One API request: authorized up front when a challenge is known, retried once after a 401. */
  private async send(
    req: Omit<HttpRequest, 'url' | 'signal'> & { path: string; scopes: string[] },
    ctx: CallContext,
  ): Promise<HttpResponse> {
    const attempt = async (authorization: string | null) => {
      const headers: HeaderList = [...(req.headers ?? []), ...(authorization ? [['authorization', authorization] as [string, string]] : [])];
      const { path: _path, scopes: _scopes, ...rest } = req;
      return this.options.transport.send({ ...rest, url: this.baseUrl + req.path, headers, signal: ctx.signal }, ctx.onExchange);
    };
    const known = this.challengeHeader ? await this.authorization(this.challengeHeader, req.scopes, ctx) : null;
    const first = await attempt(known);
    if (first.status !== 401) return first;
    const challenge = header(first.headers, 'www-authenticate');
    if (!challenge) return first;
    this.challengeHeader = challenge;
    const authorization = await this.authorization(challenge, req.scopes, ctx);
    // A token we already sent and that was refused will not work a second time.
    if (!authorization || authorization === known) return first;
    return attempt(authorization);
  }

  private async authorization(challengeHeader: string, scopes: string[], ctx: CallContext): Promise<string | null> {
    for (const challenge of parseChallenges(challengeHeader)) {
      const value = await this.options.authenticator.authorize(challenge, scopes, {
        transport: this.options.transport,
        listener: ctx.onExchange,
        signal: ctx.signal,
      });
      if (value) return value;
    }
    return null;
  }
}

/** Raises a typed error for a blob or ping answer that is not a success. */
export function expectOk(response: HttpResponse, what: string): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw new LensError('REGISTRY_ERROR', `${what}: the registry answered ${response.status} ${response.statusText}.`);
}
