/**
 * The fingerprint's Accept headers for each stored kind: the ones on which the profiles' predictions part,
 * chosen so that a plan fits the request budget with room for /v2/, the referrers endpoint and a token retry.
 */
import { formatByMediaType, MediaType } from '../../../shared/mediaTypes';
import type { StoredKind } from './types';

const { dockerSchema1Signed: S1, dockerSchema1: S1U, dockerSchema2: S2, dockerList: LIST, ociManifest: OCI, ociIndex: IDX } = MediaType;

/** Accept header values as sent ('' sends none). */
export const PROBE_PLANS: Record<StoredKind, readonly string[]> = {
  // The schema 1 rewrite (2.8, Quay, ECR, Nexus) against serving as stored (3.x, GHCR, zot, Gitea); OCI-only clients split ECR off.
  schema2: ['', S1, S1U, OCI, `${OCI}, ${IDX}`],
  // Resolving to the amd64 entry, then rewriting it or refusing it (3.x's MANIFEST_INVALID).
  dockerList: ['', S2, S1, `${OCI}, ${IDX}`, `${S2}, ${OCI}`],
  // The OCI 404 rule, and how Accept is read: exact match (2.8) or Go's mime parser (3.x lower-cases, skips malformed items).
  ociManifest: ['', S2, S1, OCI.toUpperCase(), `${OCI};q`],
  ociIndex: ['', LIST, `${S2}, ${OCI}`, IDX.toUpperCase(), `${IDX};q`],
  schema1: ['', S2, OCI, S1U],
};

/** An Accept value for people: "no Accept header", "Accept: Docker v2 schema 2", or the value itself. */
export function acceptLabel(accept: string): string {
  if (accept === '') return 'no Accept header';
  const names = accept.split(',').map((item) => formatByMediaType(item.trim())?.title);
  return names.every(Boolean) ? `Accept: ${names.join(', ')}` : `Accept: ${accept}`;
}
