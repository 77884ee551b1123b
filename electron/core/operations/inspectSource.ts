/**
 * Inspect an offline source (an OCI layout, a docker archive, a manifest file): there is no registry to
 * ask, so the answer is the manifest as stored, its media type, and a digest check against what the
 * source names it by. The result has the shape of a registry inspection, so one formatter shows both.
 */
import type { InspectedSource, InspectResult } from '../../../shared/api';
import type { CapturedExchange } from '../../../shared/exchange';
import { schema1Signature } from '../convert/signatureVerdict';
import { checkDigest } from '../digest';
import { LensError } from '../errors';
import type { ImageSource, StoredManifest } from '../sources/source';
import { schema1Payload } from './inspect';

export interface InspectSourceOptions {
  method: 'GET' | 'HEAD';
  platform?: string;
}

/** What a layout names its manifest by is checked; an archive or a file stores no digest, so it is computed. */
function digestCheck(stored: StoredManifest) {
  const check = checkDigest({
    bytes: stored.bytes,
    canonicalPayload: schema1Payload(stored.mediaType, stored.bytes),
    header: null,
    requested: stored.descriptor?.digest ?? null,
    requestedLabel: "The index.json descriptor's digest",
  });
  const size = stored.descriptor?.size;
  if (size === undefined || size === stored.bytes.length) return check;
  const problem = `The index.json descriptor's size ${size} does not match the ${stored.bytes.length} bytes stored.`;
  return { ...check, verdict: 'mismatch' as const, problems: [...check.problems, problem] };
}

export async function inspectSource(source: ImageSource, options: InspectSourceOptions): Promise<InspectResult> {
  if (source.kind === 'registry') throw new Error('inspectSource reads offline sources; registry sources are inspected by reference');
  // Both shape what a registry serves; an offline source holds the one manifest it names, read whole.
  if (options.platform !== undefined || options.method === 'HEAD') {
    const flag = options.platform !== undefined ? '--platform' : '--head';
    throw new LensError('USAGE', `${flag} asks a registry; ${source.input} is an offline source.`);
  }
  const startedAt = new Date();
  const stored: StoredManifest = source.stored ? await source.stored() : { ...(await source.manifest()), descriptor: null };
  const response: CapturedExchange = {
    purpose: 'manifest',
    method: 'GET',
    url: source.input,
    requestHeaders: [],
    status: 200,
    statusText: 'OK',
    responseHeaders: [],
    bodyBase64: Buffer.from(stored.bytes).toString('base64'),
    bodySize: stored.bytes.length,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
  const inspected: InspectedSource = { kind: source.kind, descriptor: stored.descriptor };
  return {
    reference: {
      input: source.input,
      canonical: source.input,
      registry: '',
      repository: source.name.repository,
      tag: source.name.tag,
      digest: stored.descriptor?.digest ?? null,
    },
    accept: [],
    method: 'GET',
    response,
    exchanges: [],
    contentType: stored.mediaType,
    digestCheck: digestCheck(stored),
    signature: await schema1Signature(stored.bytes, stored.mediaType),
    registryErrors: null,
    source: inspected,
  };
}
