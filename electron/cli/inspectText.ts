/** The human-readable form of an inspection, for the terminal. */
import type { InspectResult } from '../../shared/api';
import { signatureText } from '../../shared/conversion';
import type { CapturedExchange } from '../../shared/exchange';
import { describeRegistryError } from '../core/registry/errorBody';

function requestLine(e: CapturedExchange): string {
  return `${e.method} ${e.url} -> ${e.status} ${e.statusText} (${e.durationMs} ms)`;
}

export function formatInspect(result: InspectResult): string {
  const { response, digestCheck } = result;
  const lines = [`Reference: ${result.reference.canonical}`];
  lines.push(`Accept: ${result.accept.length > 0 ? result.accept.join(', ') : '(none sent)'}`);
  if (result.exchanges.length > 1) {
    lines.push('Requests:', ...result.exchanges.map((e) => `  ${requestLine(e)}`));
  }
  const parent = result.platform?.parent;
  if (parent) {
    lines.push(`Platform: ${parent.platform}, entry ${parent.index} of the ${parent.mediaType} ${parent.digest ?? ''}`.trimEnd());
  } else if (result.platform) {
    lines.push(`Platform: ${result.platform.requested} asked for, but a single image was served; shown as served`);
  }
  lines.push(`Status: ${response.status} ${response.statusText}`);
  if (result.registryErrors) {
    lines.push(`Registry error: ${describeRegistryError(response.status, response.statusText, result.registryErrors)}`);
  }
  lines.push(`Content-Type: ${result.contentType ?? '(none)'}`);
  lines.push(`Size: ${response.bodySize} bytes, ${response.durationMs} ms`);
  lines.push(`Digest check: ${digestCheck.verdict}`);
  if (digestCheck.computed) lines.push(`  computed (${digestCheck.computedFrom}): ${digestCheck.computed}`);
  if (digestCheck.header) lines.push(`  Docker-Content-Digest:      ${digestCheck.header}`);
  if (digestCheck.requested) lines.push(`  requested:                  ${digestCheck.requested}`);
  for (const problem of digestCheck.problems) lines.push(`  ! ${problem}`);
  if (result.signature) lines.push(`Signature: ${signatureText(result.signature)}`);
  lines.push('Headers:', ...response.responseHeaders.map(([n, v]) => `  ${n}: ${v}`));
  const body = Buffer.from(response.bodyBase64, 'base64').toString('utf8');
  if (body) lines.push('', body);
  return lines.join('\n');
}
