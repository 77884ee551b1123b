import type { CapturedExchange } from '../../../shared/exchange';
/** Formatting of sizes, durations and bodies for display. */

const BYTE_UNITS = ['KiB', 'MiB', 'GiB'] as const;

/** "512 B", or "1.50 KiB (1,536 B)": the exact count stays visible because digests depend on it. */
export function formatBytes(n: number): string {
  return n < 1024 ? formatBytesShort(n) : `${formatBytesShort(n)} (${n.toLocaleString('en-US')} B)`;
}

/** "512 B", or "1.50 KiB": for a button, a progress line or a cell, where the exact count would crowd the text. */
export function formatBytesShort(n: number): string {
  if (n < 1024) return `${n} B`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${BYTE_UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Registries send UTF-8 JSON; anything else still shows, with U+FFFD where bytes are not UTF-8. */
export function decodeBase64Utf8(base64: string): string {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Whether a body should be highlighted as JSON: by its media type, else by whether it parses. */
export function isJsonBody(contentType: string | null, text: string): boolean {
  if (contentType && /[/+]json\b|prettyjws/i.test(contentType)) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON re-indented for reading, or null when the text does not parse. */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 3);
  } catch {
    return null;
  }
}

/** The class a status cell wears: an error answer, or a try that got no answer at all (status 0), is bad. */
export function statusClass(status: number): 'status-bad' | 'status-ok' {
  return status === 0 || status >= 400 ? 'status-bad' : 'status-ok';
}

/**
 * The size of the document an answer describes: the body's length, or for HEAD (which has no body) the
 * Content-Length the registry announced; null when neither is known.
 */
export function answeredSize(exchange: Pick<CapturedExchange, 'method' | 'bodySize' | 'responseHeaders'>): number | null {
  if (exchange.method !== 'HEAD') return exchange.bodySize;
  const header = exchange.responseHeaders.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
  return header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
}
