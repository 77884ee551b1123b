/**
 * Manifests that name a given one as their subject (signatures, SBOMs, attestations): the OCI 1.1
 * referrers API, and where a registry does not serve it the tag schema the OCI distribution spec
 * defines as its fallback: an index tagged `sha256-<hex>`.
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { ReferrerView, ReferrersResult } from '../../../shared/image';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../../../shared/mediaTypes';
import { OciIndex, parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { expectOk, type CallContext, type RegistryClient } from '../registry/client';
import type { Reference } from '../registry/reference';
import { nextPageQuery } from '../registry/linkHeader';
import { header } from '../registry/transport';

export interface ReferrersOptions {
  digest?: string;
  artifactType?: string;
  signal?: AbortSignal;
}

/** `sha256:<hex>` → `sha256-<hex>`, the fallback tag of the OCI distribution spec. */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-');
}

function referrersOf(bytes: Uint8Array, what: string): ReferrerView[] {
  const index = validate(OciIndex, parseJsonValue(bytes, what), what);
  return index.manifests.map((d) => ({
    digest: d.digest,
    mediaType: d.mediaType,
    size: d.size,
    artifactType: d.artifactType ?? null,
    annotations: d.annotations ?? {},
  }));
}

/** What the reference resolves to, by HEAD with every format accepted (no body, no pull counted on Hub). */
async function resolveDigest(client: RegistryClient, reference: Reference, ctx: CallContext): Promise<string> {
  if (reference.digest) return reference.digest;
  const tag = reference.tag ?? 'latest';
  const head = expectOk(
    await client.manifest(reference.repository, tag, { method: 'HEAD', accept: MANIFEST_MEDIA_TYPES }, ctx),
    `Manifest ${tag}`,
  );
  const digest = header(head.headers, 'docker-content-digest');
  if (!digest)
    throw new LensError(
      'REGISTRY_ERROR',
      `The registry named no Docker-Content-Digest for ${tag}; ask for the referrers of a digest instead.`,
    );
  return digest;
}

/**
 * What a registry without the referrers API answers there: 404, the status the distribution spec makes
 * clients fall back on (distribution 2.8 answers it, whatever its body), and 405 Method Not Allowed or 501
 * Not Implemented, which registries and proxies that route no such endpoint answer instead.
 */
const NO_REFERRERS_API: ReadonlySet<number> = new Set([404, 405, 501]);

/** The referrers API's answer: what it lists, or the status that said the registry has no such API. */
export type ApiReferrers = { served: true; referrers: ReferrerView[] } | { served: false; status: number };

/** Pages the referrers API follows at most: 100 pages of referrers are far more than any image has. */
const MAX_REFERRER_PAGES = 100;

/**
 * Every referrer the OCI 1.1 referrers API lists for `digest`, following Link rel="next" pages, or the
 * status of its first page when the registry does not serve the API.
 */
export async function referrersFromApi(
  client: RegistryClient,
  repository: string,
  digest: string,
  artifactType: string | undefined,
  ctx: CallContext,
): Promise<ApiReferrers> {
  const found: ReferrerView[] = [];
  let next: string | null = null;
  for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
    const response = await client.referrers(repository, digest, artifactType, ctx, next);
    if (page === 0 && NO_REFERRERS_API.has(response.status)) return { served: false, status: response.status };
    const listed = referrersOf(expectOk(response, 'Referrers').body, 'referrers index');
    // A registry that did not apply the filter says so by leaving out OCI-Filters-Applied.
    const applied = header(response.headers, 'oci-filters-applied')?.includes('artifactType');
    found.push(...listed.filter((r) => applied || !artifactType || r.artifactType === artifactType));
    next = nextPageQuery(header(response.headers, 'link'), response.url);
    if (!next) return { served: true, referrers: found };
  }
  throw new LensError(
    'REGISTRY_ERROR',
    `The referrers of ${digest} run past ${MAX_REFERRER_PAGES} pages; the registry's Link headers may loop.`,
  );
}

export async function findReferrers(client: RegistryClient, reference: Reference, options: ReferrersOptions): Promise<ReferrersResult> {
  const exchanges: CapturedExchange[] = [];
  const ctx: CallContext = { signal: options.signal, onExchange: (e) => exchanges.push(e) };
  const subject = options.digest ?? (await resolveDigest(client, reference, ctx));
  const wanted = (r: ReferrerView) => !options.artifactType || r.artifactType === options.artifactType;

  const api = await referrersFromApi(client, reference.repository, subject, options.artifactType, ctx);
  if (api.served) {
    return {
      subject,
      source: 'referrers-api',
      fallbackTag: null,
      referrers: api.referrers,
      explanation: `The registry serves the OCI 1.1 referrers API: ${api.referrers.length} found.`,
      exchanges,
    };
  }

  const tag = fallbackTag(subject);
  const index = await client.manifest(reference.repository, tag, { method: 'GET', accept: [MediaType.ociIndex] }, ctx);
  if (index.status === 404) {
    return {
      subject,
      source: 'none',
      fallbackTag: tag,
      referrers: [],
      explanation: `The registry has no referrers API (${api.status}) and no ${tag} tag: nothing refers to this manifest.`,
      exchanges,
    };
  }
  const referrers = referrersOf(expectOk(index, `Fallback tag ${tag}`).body, `index tagged ${tag}`).filter(wanted);
  return {
    subject,
    source: 'tag-schema',
    fallbackTag: tag,
    referrers,
    explanation: `The registry has no referrers API (${api.status}); read from the index tagged ${tag}: ${referrers.length} found.`,
    exchanges,
  };
}
