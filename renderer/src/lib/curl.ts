/**
 * "Copy as curl" for one captured exchange. The capture is already redacted by the core; where a secret
 * was, the command names a shell variable instead, so it can be run after setting it and never carries
 * the credential itself.
 */
import type { CapturedExchange } from '../../../shared/exchange';

const REDACTED = '<redacted>';
export const CREDENTIAL_VARIABLE = 'REGISTRY_CREDENTIAL';

/** POSIX shell single quotes: everything literal, a quote itself closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlCommand(exchange: CapturedExchange): string {
  const lines: string[] = [];
  const needsCredential = exchange.requestHeaders.some(([, value]) => value.includes(REDACTED));
  if (needsCredential) lines.push(`# Set ${CREDENTIAL_VARIABLE} first: Manifest Lens never shows the credential it sent.`);
  const method = exchange.method.toUpperCase();
  // -i prints the response headers (digest, content type) with the body; -I is HEAD and prints them alone.
  const parts = ['curl', '-sS', method === 'HEAD' ? '-I' : method === 'GET' ? '-i' : `-i -X ${method}`];
  let sentAccept = false;
  for (const [name, value] of exchange.requestHeaders) {
    if (name.toLowerCase() === 'accept') sentAccept = true;
    if (value.includes(REDACTED)) {
      // Double quotes so the shell expands the variable; the rest of the value is a scheme word.
      parts.push(`-H "${name}: ${value.replace(REDACTED, `$${CREDENTIAL_VARIABLE}`)}"`);
    } else {
      parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    }
  }
  // curl sends "Accept: */*" unless told otherwise; a request without Accept must stay without one.
  if (!sentAccept) parts.push(`-H 'Accept:'`);
  if (method !== 'GET' && method !== 'HEAD') lines.push('# The request body was not recorded.');
  parts.push(shellQuote(exchange.url));
  lines.push(parts.join(' '));
  return lines.join('\n');
}
