/**
 * The reference every view of an inspection asks the core about: the one typed, pinned to the digest the
 * inspection answered (`host/repo:tag@sha256:…`). The core holds what it fetched by digest for the
 * session, so the panes, the Image view, the diff and the exports of an inspected image are answered
 * without asking the registry again, and they all show the same manifest even if the tag moves meanwhile.
 */
import type { InspectResult } from '../../../shared/api';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';

/**
 * Only an answer to an Accept set naming every manifest type is the stored manifest; with fewer types
 * distribution may have served a schema 1 rewrite or a list's child, whose digest is not the tag's.
 */
export function pinnedReference(request: { reference: string; accept: readonly string[] }, result: InspectResult): string {
  const { reference, digestCheck, response } = result;
  const digest = digestCheck.computed ?? digestCheck.header;
  const stored = MANIFEST_MEDIA_TYPES.every((type) => request.accept.includes(type));
  if (!stored || digest === null || digestCheck.verdict === 'mismatch' || response.status < 200 || response.status >= 300)
    return request.reference;
  // A digest typed is already pinned; an offline source is read from where it lies.
  if (reference.digest !== null || result.source) return request.reference;
  return `${reference.registry}/${reference.repository}${reference.tag === null ? '' : `:${reference.tag}`}@${digest}`;
}
