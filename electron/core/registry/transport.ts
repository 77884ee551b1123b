/**
 * HTTP for registry traffic on undici (the engine of Node's fetch) with limits, cancellation, proxies
 * from the environment, an optional extra CA, and a captured, redacted record of every exchange.
 *
 * undici's `request` rather than `fetch`: the Fetch standard makes fetch add `Accept: *\/*`,
 * Accept-Language, Sec-Fetch-Mode and Accept-Encoding (decoding bodies transparently). An inspector must
 * send exactly the headers the user chose (or no Accept at all) and see the bytes exactly as served.
 */
import { STATUS_CODES } from 'node:http';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import type { CapturedExchange, HeaderList } from '../../../shared/exchange';
import { LensError } from '../errors';
import { networkError } from './networkError';
import { redactHeaders } from './redact';
import { isLoopbackHost } from './reference';

/** distribution refuses manifests over 4 MiB; so do we. */
export const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'manifest-lens/0.1';

export interface TransportOptions {
  /** Milliseconds for one whole exchange (connect, headers, body). */
  timeoutMs?: number;
  /** A PEM file of extra certificate authorities, trusted beside the system ones. */
  caFile?: string;
  /** Proxy settings; default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

export interface HttpRequest {
  purpose: CapturedExchange['purpose'];
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: HeaderList;
  /**
   * An async iterable is streamed (a blob upload) and iterated afresh by each attempt, so a request
   * retried after an auth challenge sends the whole body again.
   */
  body?: Uint8Array | string | AsyncIterable<Uint8Array>;
  /** Bytes of body accepted before the exchange fails with MANIFEST_TOO_LARGE. */
  maxBodyBytes?: number;
  /** Only blob downloads follow redirects (to storage backends); Authorization stays with the registry host. */
  followRedirects?: boolean;
  /**
   * Hand a successful GET's body over as `bodyStream` instead of reading it (layers, which may be
   * gigabytes). The timeout then limits the wait for headers and each pause between chunks, not the
   * whole transfer.
   */
  streamBody?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  url: string;
  headers: HeaderList;
  body: Buffer;
  /** With `streamBody`, a 2xx answer's body, unread: the caller reads it to the end or destroys it. */
  bodyStream?: Readable;
  exchange: CapturedExchange;
}

export type ExchangeListener = (exchange: CapturedExchange) => void;

export class Transport {
  private readonly direct: Dispatcher;
  private readonly proxied: Dispatcher;
  private readonly timeoutMs: number;

  constructor(options: TransportOptions = {}) {
    const ca = options.caFile ? [...rootCertificates, readCaFile(options.caFile)] : undefined;
    const tls = ca ? { ca } : {};
    this.direct = new Agent({ connect: tls });
    // Loopback never goes through a proxy (Go's ProxyFromEnvironment does the same), others per env.
    this.proxied = new EnvHttpProxyAgent({ ...options.proxy, connect: tls, requestTls: tls });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends one request (following redirects only when asked) and records each hop. */
  async send(request: HttpRequest, listener?: ExchangeListener): Promise<HttpResponse> {
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await this.sendOnce(current);
      listener?.(response.exchange);
      const location = header(response.headers, 'location');
      if (!request.followRedirects || !isRedirect(response.status) || !location) return response;
      if (hop >= MAX_REDIRECTS) {
        throw new LensError('REGISTRY_ERROR', `Too many redirects fetching ${request.url}.`);
      }
      current = redirectedRequest(current, new URL(location, current.url));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxied.close()]);
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const { body: requestBody } = request;
    const uploading = requestBody !== undefined && typeof requestBody !== 'string' && !(requestBody instanceof Uint8Array);
    const streaming = request.streamBody === true || uploading;
    // A streamed body may take longer than any whole-exchange limit; undici's idle timeouts guard it.
    const limits = streaming ? [request.signal] : [request.signal, timeout];
    const signal = AbortSignal.any(limits.filter((s): s is AbortSignal => s !== undefined));
    const url = new URL(request.url);
    const dispatcher = isLoopbackHost(url.host) ? this.direct : this.proxied;
    try {
      const response = await undiciRequest(url, {
        method: request.method,
        headers: [['user-agent', USER_AGENT], ...(request.headers ?? [])].flat(),
        body: uploading ? Readable.from(requestBody) : requestBody,
        signal,
        dispatcher,
        ...(streaming ? { headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs } : {}),
      });
      const headers = headerList(response.headers);
      const handOver = request.streamBody === true && request.method === 'GET' && response.statusCode >= 200 && response.statusCode < 300;
      const body = request.method === 'HEAD' || handOver ? Buffer.alloc(0) : await readCapped(response.body, headers, request);
      const statusText = STATUS_CODES[response.statusCode] ?? '';
      return {
        status: response.statusCode,
        statusText,
        url: request.url,
        headers,
        body,
        ...(handOver ? { bodyStream: response.body } : {}),
        exchange: {
          purpose: request.purpose,
          method: request.method,
          url: request.url,
          requestHeaders: redactHeaders([['user-agent', USER_AGENT], ...(request.headers ?? [])]),
          status: response.statusCode,
          statusText,
          responseHeaders: redactHeaders(headers),
          bodyBase64: request.purpose === 'token' ? '' : body.toString('base64'),
          bodySize: handOver ? Number(header(headers, 'content-length') ?? 0) : body.length,
          startedAt: new Date(started).toISOString(),
          durationMs: Date.now() - started,
        },
      };
    } catch (e) {
      if (e instanceof LensError) throw e;
      if (request.signal?.aborted) throw new LensError('CANCELLED', 'The request was cancelled.');
      if (timeout.aborted) {
        throw new LensError('TIMEOUT', `${url.host} did not answer within ${this.timeoutMs / 1000} s.`);
      }
      throw networkError(e, url);
    }
  }
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new LensError('INPUT_INVALID', `Cannot read the CA file ${path}.`, (e as Error).message);
  }
}

type Body = Dispatcher.ResponseData['body'];

/** Reads a body, refusing it as soon as it passes the limit instead of buffering it all first. */
async function readCapped(body: Body, headers: HeaderList, request: HttpRequest): Promise<Buffer> {
  const limit = request.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  const declared = Number(header(headers, 'content-length') ?? Number.NaN);
  const tooLarge = () =>
    new LensError('MANIFEST_TOO_LARGE', `The response from ${new URL(request.url).host} is larger than the ${formatLimit(limit)} limit.`);
  if (declared > limit) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      discard(body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Drops a body we will not read; the abort this causes is expected, not an error to report. */
function discard(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** undici gives repeated headers as arrays; keep each value as its own entry, in order. */
function headerList(headers: Record<string, string | string[] | undefined>): HeaderList {
  return Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
  );
}

function formatLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

/** The next hop of a redirect: credentials only travel to the same host they were meant for. */
function redirectedRequest(request: HttpRequest, target: URL): HttpRequest {
  const sameHost = target.host === new URL(request.url).host;
  const headers = (request.headers ?? []).filter(([name]) => sameHost || name.toLowerCase() !== 'authorization');
  return { ...request, url: target.toString(), headers };
}

export function header(headers: HeaderList, name: string): string | null {
  const wanted = name.toLowerCase();
  const values = headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  return values.length > 0 ? values.join(', ') : null;
}
