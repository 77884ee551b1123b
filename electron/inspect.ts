/** Inspect one reference exactly as the registry answers it: the exchange, its errors, a digest check. */
import type { InspectResult, ReferenceInfo } from '../shared/api';
import type { CapturedExchange } from '../shared/exchange';
import { MediaType } from '../shared/mediaTypes';
import { canonicalPayload } from './convert/prettyJws';
import { AuthSession } from './registry/authTrace';
import type { RegistryClient } from './registry/client';
import { checkDigest } from './registry/digest';
import { parseErrorBody } from './registry/errorBody';
import { canonicalString, type Reference } from './registry/reference';
import { header } from './registry/transport';

export interface InspectOptions {
  accept: string[];
  method: 'GET' | 'HEAD';
  signal?: AbortSignal;
  onExchange: (exchange: CapturedExchange) => void;
  /** Collects every exchange of this inspection (the same list onExchange appends to). */
  exchanges: CapturedExchange[];
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
  const auth = new AuthSession(client.host);
  const response = await client.manifest(reference.repository, reference.digest ?? reference.tag ?? 'latest', options, {
    signal: options.signal,
    onExchange: options.onExchange,
    auth,
  });
  const contentType = header(response.headers, 'content-type');
  const ok = response.status >= 200 && response.status < 300;
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
    registryErrors: ok ? null : (parseErrorBody(response.body) ?? []),
    auth: auth.finish(response),
  };
}

/** Signed schema 1 is identified by the digest of its payload without signatures. */
function schema1Payload(contentType: string | null, body: Uint8Array): Uint8Array | null {
  const type = contentType?.split(';')[0]?.trim();
  if (type !== MediaType.dockerSchema1Signed && type !== MediaType.dockerSchema1) return null;
  try {
    return canonicalPayload(body);
  } catch {
    return null; // unsigned or malformed: the digest is over the bytes as they are
  }
}
