/**
 * The request log as HAR 1.2 (the HTTP Archive format browsers' developer tools import), from captured
 * exchanges. Captures are redacted when they are made (credential headers keep their scheme only, token
 * responses keep no body); `scrub` is a second lock for anything a third party echoed back.
 */
import type { CapturedExchange, HeaderList } from '../../../shared/exchange';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; encoding?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

const headerPairs = (headers: HeaderList, scrub: (text: string) => string): HarNameValue[] =>
  headers.map(([name, value]) => ({ name, value: scrub(value) }));

function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Text bodies stay readable; anything that is not UTF-8 goes in base64, as HAR allows. */
function content(exchange: CapturedExchange, scrub: (text: string) => string): HarEntry['response']['content'] {
  const mimeType = headerValue(exchange.responseHeaders, 'content-type') ?? 'application/octet-stream';
  if (!exchange.bodyBase64) {
    const comment = exchange.purpose === 'token' ? 'token response withheld' : exchange.bodySize > 0 ? 'body not captured' : undefined;
    return { size: exchange.bodySize, mimeType, ...(comment ? { comment } : {}) };
  }
  const bytes = Buffer.from(exchange.bodyBase64, 'base64');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { size: bytes.length, mimeType, text: scrub(text) };
  } catch {
    return { size: bytes.length, mimeType, text: exchange.bodyBase64, encoding: 'base64' };
  }
}

export function toHar(
  exchanges: readonly CapturedExchange[],
  creator: { name: string; version: string },
  scrub: (text: string) => string = (t) => t,
): Har {
  return {
    log: {
      version: '1.2',
      creator,
      entries: exchanges.map((e): HarEntry => {
        const url = new URL(scrub(e.url));
        return {
          startedDateTime: e.startedAt,
          time: e.durationMs,
          request: {
            method: e.method,
            url: url.toString(),
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headerPairs(e.requestHeaders, scrub),
            queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
            headersSize: -1,
            bodySize: -1,
          },
          response: {
            status: e.status,
            statusText: e.statusText,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headerPairs(e.responseHeaders, scrub),
            content: content(e, scrub),
            redirectURL: headerValue(e.responseHeaders, 'location') ?? '',
            headersSize: -1,
            bodySize: e.bodySize,
          },
          cache: {},
          // Only the whole exchange is timed; HAR requires the three phases, so it all counts as waiting.
          timings: { send: 0, wait: e.durationMs, receive: 0 },
          // Answered from the session's content cache: no request went to the registry.
          comment: e.fromCache ? `${e.purpose}, from cache` : e.purpose,
        };
      }),
    },
  };
}
