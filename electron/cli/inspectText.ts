/** The human-readable form of an inspection, for the terminal: a registry answer or an offline source read. */
import type { InspectedSource, InspectResult } from '../../shared/api';
import { signatureText } from '../../shared/conversion';
import type { CapturedExchange } from '../../shared/exchange';
import { describeRegistryError } from '../core/registry/errorBody';

function requestLine(e: CapturedExchange): string {
  return `${e.method} ${e.url} -> ${e.status} ${e.statusText} (${e.durationMs} ms)`;
}

const SOURCE_NAMES: Record<InspectedSource['kind'], string> = {
  'oci-layout': 'OCI layout',
  'docker-archive': 'docker archive',
  'manifest-file': 'manifest file',
};

/** An offline source stores no registry answer: what it is, and what its digest was checked against. */
function sourceLines(source: InspectedSource, input: string): string[] {
  const lines = [`Source: ${SOURCE_NAMES[source.kind]} ${input}`];
  if (source.descriptor) {
    const { mediaType, digest, size } = source.descriptor;
    lines.push(`Descriptor (index.json): ${mediaType}, ${size} bytes, ${digest}`);
  } else if (source.kind === 'docker-archive') {
    lines.push('Manifest: written from manifest.json, as containers/image presents the archive; it stores no digest, so it is computed');
  } else {
    lines.push('Manifest: the file as stored; it names no digest, so it is computed');
  }
  return lines;
}

export function formatInspect(result: InspectResult): string {
  const { response, digestCheck, source } = result;
  const lines = source ? sourceLines(source, result.reference.input) : [`Reference: ${result.reference.canonical}`];
  if (!source) lines.push(`Accept: ${result.accept.length > 0 ? result.accept.join(', ') : '(none sent)'}`);
  if (result.exchanges.length > 1) {
    lines.push('Requests:', ...result.exchanges.map((e) => `  ${requestLine(e)}`));
  }
  const parent = result.platform?.parent;
  if (parent) {
    lines.push(`Platform: ${parent.platform}, entry ${parent.index} of the ${parent.mediaType} ${parent.digest ?? ''}`.trimEnd());
  } else if (result.platform) {
    lines.push(`Platform: ${result.platform.requested} asked for, but a single image was served; shown as served`);
  }
  if (!source) lines.push(`Status: ${response.status} ${response.statusText}`);
  if (result.registryErrors) {
    lines.push(`Registry error: ${describeRegistryError(response.status, response.statusText, result.registryErrors)}`);
  }
  lines.push(source ? `Media type: ${result.contentType}` : `Content-Type: ${result.contentType ?? '(none)'}`);
  lines.push(`Size: ${response.bodySize} bytes, ${response.durationMs} ms`);
  lines.push(`Digest check: ${source && !source.descriptor ? 'computed (nothing stored to check against)' : digestCheck.verdict}`);
  if (digestCheck.computed) lines.push(`  computed (${digestCheck.computedFrom}): ${digestCheck.computed}`);
  if (digestCheck.header) lines.push(`  Docker-Content-Digest:      ${digestCheck.header}`);
  if (digestCheck.requested) lines.push(`  ${(source ? 'index.json descriptor:' : 'requested:').padEnd(28)}${digestCheck.requested}`);
  for (const problem of digestCheck.problems) lines.push(`  ! ${problem}`);
  if (result.signature) lines.push(`Signature: ${signatureText(result.signature)}`);
  if (!source) lines.push('Headers:', ...response.responseHeaders.map(([n, v]) => `  ${n}: ${v}`));
  const body = Buffer.from(response.bodyBase64, 'base64').toString('utf8');
  if (body) lines.push('', body);
  return lines.join('\n');
}
