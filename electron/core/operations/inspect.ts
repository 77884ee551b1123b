/** Inspect one reference exactly as the registry answers it: the exchange, its errors, a digest check. */
import type { InspectResult, PlatformChoice, ReferenceInfo } from '../../../shared/api';
import type { CapturedExchange } from '../../../shared/exchange';
import { MediaType } from '../../../shared/mediaTypes';
import { parseManifest } from '../convert/manifestTypes';
import { canonicalPayload } from '../convert/prettyJws';
import { schema1Signature } from '../convert/signatureVerdict';
import { formatPlatform, parsePlatform, selectPlatform } from '../convert/selectPlatform';
import { LensError } from '../errors';
import { AuthSession } from '../registry/authTrace';
import type { RegistryClient } from '../registry/client';
import { checkDigest } from '../digest';
import { parseErrorBody } from '../registry/errorBody';
import { canonicalString, type Reference } from '../registry/reference';
import { header } from '../registry/transport';

export interface InspectOptions {
  accept: string[];
  method: 'GET' | 'HEAD';
  signal?: AbortSignal;
  onExchange: (exchange: CapturedExchange) => void;
  /** Collects every exchange of this inspection (the same list onExchange appends to). */
  exchanges: CapturedExchange[];
  /** OS/ARCH[/VARIANT]: when a list or index is served, inspect its entry for this platform instead. */
  platform?: string;
}

export function referenceInfo(reference: Reference, input: string): ReferenceInfo {
  return {
    input,
    canonical: canonicalString(reference),
    registry: reference.registry,
    repository: reference.repository,
    tag: reference.tag,
    digest: reference.digest,
  };
}

export async function inspectReference(
  client: RegistryClient,
  reference: Reference,
  input: string,
  options: InspectOptions,
): Promise<InspectResult> {
  if (options.platform !== undefined) return inspectPlatform(client, reference, input, { ...options, platform: options.platform });
  const auth = new AuthSession(client.host);
  const response = await client.manifest(reference.repository, reference.digest ?? reference.tag ?? 'latest', options, {
    signal: options.signal,
    onExchange: options.onExchange,
    auth,
  });
  const contentType = header(response.headers, 'content-type');
  const ok = response.status >= 200 && response.status < 300;
  const hasBody = ok && options.method === 'GET';
  return {
    reference: referenceInfo(reference, input),
    accept: options.accept,
    method: options.method,
    response: response.exchange,
    exchanges: options.exchanges,
    contentType,
    digestCheck: checkDigest({
      bytes: ok ? response.body : new Uint8Array(),
      canonicalPayload: ok ? schema1Payload(contentType, response.body) : null,
      header: ok ? header(response.headers, 'docker-content-digest') : null,
      requested: reference.digest,
    }),
    signature: hasBody ? await schema1Signature(response.body, contentType) : null,
    registryErrors: ok ? null : (parseErrorBody(response.body) ?? []),
    auth: auth.finish(response),
  };
}

/**
 * Inspects what the reference serves and, when that is a list or index, its entry for the platform (the
 * first match, as distribution and docker pick) by digest: the list's descriptor is then the digest asked
 * for, so the child is checked against what its parent promised.
 */
async function inspectPlatform(
  client: RegistryClient,
  reference: Reference,
  input: string,
  options: InspectOptions & { platform: string },
): Promise<InspectResult> {
  const wanted = parsePlatform(options.platform);
  if (options.method === 'HEAD')
    throw new LensError('USAGE', '--platform must read the list it chooses from, so it cannot be combined with --head.');
  const served = await inspectReference(client, reference, input, { ...options, platform: undefined });
  const single: PlatformChoice = { requested: formatPlatform(wanted), parent: null };
  if (served.response.status >= 300 || served.digestCheck.verdict === 'mismatch') return { ...served, platform: single };
  let parsed;
  try {
    parsed = parseManifest(Buffer.from(served.response.bodyBase64, 'base64'), served.contentType ?? undefined);
  } catch {
    return { ...served, platform: single }; // not a manifest we can read: shown as served
  }
  if (parsed.kind !== 'dockerList' && parsed.kind !== 'ociIndex') return { ...served, platform: single };
  let chosen;
  try {
    chosen = selectPlatform(parsed.manifest, wanted);
  } catch (e) {
    // For inspect, a platform the list lacks is a wrong argument, not an impossible conversion.
    if (e instanceof LensError) throw new LensError('USAGE', e.message, e.detail);
    throw e;
  }
  const childReference: Reference = { ...reference, tag: null, digest: chosen.descriptor.digest };
  const child = await inspectReference(client, childReference, input, { ...options, platform: undefined });
  const parent = {
    mediaType: parsed.mediaType,
    digest: served.digestCheck.computed ?? served.digestCheck.header,
    index: chosen.index,
    platform: formatPlatform(chosen.descriptor.platform!),
    response: served.response,
  };
  return { ...child, reference: served.reference, platform: { requested: formatPlatform(wanted), parent } };
}

/** Signed schema 1 is identified by the digest of its payload without signatures. */
export function schema1Payload(contentType: string | null, body: Uint8Array): Uint8Array | null {
  const type = contentType?.split(';')[0]?.trim();
  if (type !== MediaType.dockerSchema1Signed && type !== MediaType.dockerSchema1) return null;
  try {
    return canonicalPayload(body);
  } catch {
    return null; // unsigned or malformed: the digest is over the bytes as they are
  }
}
