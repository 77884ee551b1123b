/** What an audit or a rescue walks: a registry, and optionally the repository path prefix under it. */
import { LensError } from '../errors';
import type { Reference } from '../registry/reference';

export interface AuditTarget {
  registry: string;
  prefix: string;
  /** What the core's clientFor needs to find the registry's client. */
  reference: Reference;
}

/**
 * `<registry>[/<prefix>]`. As docker tells a registry from a repository's first component, the
 * registry part must contain a dot or a colon or be localhost.
 */
export function parseAuditTarget(text: string): AuditTarget {
  const slash = text.indexOf('/');
  const registry = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? '' : text.slice(slash + 1).replace(/\/+$/, '');
  const looksLikeHost = registry === 'localhost' || /[.:]/.test(registry) || registry.startsWith('[');
  if (!registry || !looksLikeHost || /\s/.test(text)) {
    throw new LensError('USAGE', `"${text}" does not name a registry: give host[:port][/prefix], e.g. 127.0.0.1:5000/team.`);
  }
  if (prefix && !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(prefix)) {
    throw new LensError('USAGE', `"${prefix}" is not a repository path prefix (lowercase path components separated by /).`);
  }
  return { registry, prefix, reference: { registry, repository: prefix, tag: null, digest: null } };
}

/** `repository:tag` (as rows and the rescue name an image) split at the colon after the last slash. */
export function splitRepositoryTag(image: string): { repository: string; tag: string } {
  const colon = image.lastIndexOf(':');
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}
