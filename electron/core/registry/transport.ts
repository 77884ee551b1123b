/**
 * HTTP for registry traffic on undici (the engine of Node's fetch) with limits, cancellation, proxies
 * from the environment, an optional extra CA, and a captured, redacted record of every exchange.
 *
 * undici's `request` rather than `fetch`: the Fetch standard makes fetch add `Accept: *\/*`,
 * Accept-Language, Sec-Fetch-Mode and Accept-Encoding (decoding bodies transparently). An inspector must
 * send exactly the headers the user chose (or no Accept at all) and see the bytes exactly as served.
 */
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import type { CapturedExchange, HeaderList } from '../../../shared/exchange';
import { LensError } from '../errors';
import { readRegularFileSync } from '../regularFile';
import { describeRegistryError, parseErrorBody } from './errorBody';
import { closedBeforeAnswer, networkError, type ExchangePhase } from './networkError';
import { pullLimitNotice } from './rateLimit';
import { isSecretHeader, redactHeaders } from './redact';
import { isLoopbackHost } from './reference';
import { backoffMs, DEFAULT_RETRY, formatWait, isRetryableMethod, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry';

/** distribution refuses manifests over 4 MiB; so do we. */
export const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'manifest-lens/0.1';
/** Node's own default (http.maxHeaderSize), set explicitly so that the limit an error names is the one applied. */
const HEADER_SIZE_LIMIT = 16 * 1024;

export interface TransportOptions {
  /** Milliseconds for one whole exchange (connect, headers, body). */
  timeoutMs?: number;
  /** A PEM file of extra certificate authorities, trusted beside the system ones. */
  caFile?: string;
  /** Proxy settings; default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
  /** When a GET or HEAD is tried again; default DEFAULT_RETRY (3 tries, Retry-After honoured up to 10 s). */
  retry?: Partial<RetryPolicy>;
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
  /**
   * Only blob downloads follow redirects (to storage backends). Credentials stay with the origin (scheme,
   * host and port) they were meant for, and an authorized request is never followed from HTTPS to HTTP.
   */
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

/** One try: the answer, or the failure below HTTP (with its exchange, captured when it is retried). */
type Attempt = { response: HttpResponse } | { failure: LensError; exchange: CapturedExchange; closedEarly: boolean };

export class Transport {
  private readonly direct: Dispatcher;
  private readonly proxied: Dispatcher;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(options: TransportOptions = {}) {
    const ca = options.caFile ? [...rootCertificates, readCaFile(options.caFile)] : undefined;
    const tls = ca ? { ca } : {};
    this.direct = new Agent({ connect: tls, maxHeaderSize: HEADER_SIZE_LIMIT });
    // Loopback never goes through a proxy (Go's ProxyFromEnvironment does the same), others per env.
    this.proxied = new EnvHttpProxyAgent({ ...options.proxy, connect: tls, requestTls: tls, maxHeaderSize: HEADER_SIZE_LIMIT });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Sends one request (following redirects only when asked) and records each try of each hop. */
  async send(request: HttpRequest, listener?: ExchangeListener): Promise<HttpResponse> {
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await this.sendRetrying(current, listener);
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

  /** One hop, tried again as the retry policy allows (GET and HEAD only); each try is its own exchange. */
  private async sendRetrying(request: HttpRequest, listener: ExchangeListener | undefined): Promise<HttpResponse> {
    const retrying = isRetryableMethod(request.method);
    for (let tries = 1; ; tries++) {
      const attempt = await this.sendOnce(request);
      if ('failure' in attempt) {
        const { failure } = attempt;
        if (!retrying || !attempt.closedEarly) throw failure;
        listener?.(attempt.exchange);
        if (tries >= this.retry.tries) {
          throw new LensError(failure.code, failure.message.replace(/\.?$/, ` (${tries} tries).`), failure.detail);
        }
        await this.wait(backoffMs(tries, this.retry), request.signal);
        continue;
      }
      const { response } = attempt;
      listener?.(response.exchange);
      if (!retrying || !isRetryableStatus(response.status)) return response;
      const asked = retryAfterMs(header(response.headers, 'retry-after'), Date.now());
      const what = `${request.method} ${new URL(request.url).pathname}`;
      if (asked !== null && asked > this.retry.maxWaitMs) {
        const cap = formatWait(this.retry.maxWaitMs);
        throw gaveUp(
          response,
          `asks to wait ${formatWait(asked)} (Retry-After) before ${what} is tried again, beyond the ${cap} this client waits; it answered`,
        );
      }
      if (tries >= this.retry.tries) throw gaveUp(response, `answered ${tries} tries of ${what} with`);
      await this.wait(asked ?? backoffMs(tries, this.retry), request.signal);
    }
  }

  private async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await delay(ms, undefined, { signal });
    } catch {
      throw new LensError('CANCELLED', 'The request was cancelled.');
    }
  }

  private async sendOnce(request: HttpRequest): Promise<Attempt> {
    const started = Date.now();
    const { body: requestBody } = request;
    const uploading = requestBody !== undefined && typeof requestBody !== 'string' && !(requestBody instanceof Uint8Array);
    const streaming = request.streamBody === true || uploading;
    // A streamed body may take longer than any whole-exchange limit; undici's idle timeouts guard it, and
    // the caller's signal is the only one. Otherwise one controller per exchange, aborted by the caller's
    // signal or a timer, both let go of when the exchange ends: AbortSignal.timeout() and
    // AbortSignal.any() would keep every exchange (through undici's listeners) alive until the timeout
    // or a major GC, hundreds of MB in an audit of thousands of tags a second.
    const exchangeAbort = new AbortController();
    let timedOut = false;
    const timer = streaming ? undefined : setTimeout(() => ((timedOut = true), exchangeAbort.abort()), this.timeoutMs);
    const forwardAbort = () => exchangeAbort.abort();
    if (!streaming) request.signal?.addEventListener('abort', forwardAbort, { once: true });
    if (!streaming && request.signal?.aborted) exchangeAbort.abort();
    const signal = streaming ? request.signal : exchangeAbort.signal;
    const url = new URL(request.url);
    const dispatcher = isLoopbackHost(url.host) ? this.direct : this.proxied;
    let phase: ExchangePhase = 'request';
    try {
      const response = await undiciRequest(url, {
        method: request.method,
        headers: [['user-agent', USER_AGENT], ...(request.headers ?? [])].flat(),
        body: uploading ? Readable.from(requestBody) : requestBody,
        signal,
        dispatcher,
        ...(streaming ? { headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs } : {}),
      });
      phase = 'body';
      const headers = headerList(response.headers);
      const handOver = request.streamBody === true && request.method === 'GET' && response.statusCode >= 200 && response.statusCode < 300;
      const body = request.method === 'HEAD' || handOver ? Buffer.alloc(0) : await readCapped(response.body, headers, request);
      const statusText = STATUS_CODES[response.statusCode] ?? '';
      const answer = {
        status: response.statusCode,
        statusText,
        headers: redactHeaders(headers),
        bodyBase64: request.purpose === 'token' ? '' : body.toString('base64'),
        bodySize: handOver ? Number(header(headers, 'content-length') ?? 0) : body.length,
      };
      return {
        response: {
          status: response.statusCode,
          statusText,
          url: request.url,
          headers,
          body,
          ...(handOver ? { bodyStream: response.body } : {}),
          exchange: captured(request, started, answer),
        },
      };
    } catch (e) {
      if (e instanceof LensError) throw e;
      if (request.signal?.aborted) throw new LensError('CANCELLED', 'The request was cancelled.');
      if (timedOut) {
        throw new LensError('TIMEOUT', `${url.host} did not answer within ${this.timeoutMs / 1000} s.`);
      }
      const failure = networkError(e, url, phase, HEADER_SIZE_LIMIT);
      // HAR's convention for a request that got no answer: status 0.
      const exchange = captured(request, started, { status: 0, statusText: failure.message, headers: [], bodyBase64: '', bodySize: 0 });
      return { failure, exchange, closedEarly: closedBeforeAnswer(e, phase) };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
  }
}

/** The record of one try, redacted: credential headers keep their scheme only, token bodies are dropped. */
function captured(
  request: HttpRequest,
  started: number,
  answer: Pick<CapturedExchange, 'status' | 'statusText' | 'bodyBase64' | 'bodySize'> & { headers: HeaderList },
): CapturedExchange {
  return {
    purpose: request.purpose,
    method: request.method,
    url: request.url,
    requestHeaders: redactHeaders([['user-agent', USER_AGENT], ...(request.headers ?? [])]),
    status: answer.status,
    statusText: answer.statusText,
    responseHeaders: answer.headers,
    bodyBase64: answer.bodyBase64,
    bodySize: answer.bodySize,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

/** The error for a GET or HEAD still refused after its tries, or asking for a wait longer than the cap. */
function gaveUp(response: HttpResponse, why: string): LensError {
  const host = new URL(response.url).host;
  const answer = describeRegistryError(response.status, response.statusText, parseErrorBody(response.body)).replace(/\.$/, '');
  const first = `${host} ${why} ${answer}.`;
  if (response.status !== 429) {
    return new LensError('REGISTRY_ERROR', `${first} The registry, or a proxy in front of it, is failing or overloaded: try again later.`);
  }
  const notice = pullLimitNotice(response.headers, response.body) ?? 'It limits how often a client may ask: try again later.';
  return new LensError('RATE_LIMITED', `${first} ${notice}`);
}

/** A PEM bundle is a few hundred KiB at most (Debian's whole ca-certificates.crt is about 220 KiB). */
const CA_FILE_LIMIT = 4 * 1024 * 1024;

function readCaFile(path: string): string {
  return readRegularFileSync(path, CA_FILE_LIMIT, 'CA file').toString('utf8');
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

/**
 * The next hop of a redirect. Credentials travel only to the origin (scheme, host and port) they were
 * meant for; an authorized HTTPS request is not followed to plain HTTP at all, since even without its
 * credentials the answer would come back unencrypted; userinfo in a Location is never used.
 */
function redirectedRequest(request: HttpRequest, target: URL): HttpRequest {
  const from = new URL(request.url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new LensError('REGISTRY_ERROR', `${from.host} redirected to a ${target.protocol} URL; only http(s) redirects are followed.`);
  }
  const authorized = (request.headers ?? []).some(([name]) => isSecretHeader(name));
  if (authorized && from.protocol === 'https:' && target.protocol === 'http:') {
    throw new LensError(
      'REGISTRY_ERROR',
      `${from.host} redirected an authorized request from HTTPS to plain HTTP (${target.origin}); refusing to follow it, so that neither the credentials nor the answer travel unencrypted.`,
    );
  }
  target.username = '';
  target.password = '';
  const sameOrigin = target.origin === from.origin;
  const headers = (request.headers ?? []).filter(([name]) => sameOrigin || !isSecretHeader(name));
  return { ...request, url: target.toString(), headers };
}

export function header(headers: HeaderList, name: string): string | null {
  const wanted = name.toLowerCase();
  const values = headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  return values.length > 0 ? values.join(', ') : null;
}
