/**
 * Source names in skopeo's transport syntax (containers/image): `oci:DIR[:TAG]`,
 * `docker-archive:FILE[:REFERENCE|:@INDEX]`, `docker://REF`, plus a manifest file path and a bare image
 * reference as docker takes it. As in containers/image, the path ends at its first colon.
 *
 * Pure: whether a bare word is a file on disk is decided by the caller (openSource), not here.
 */
import { LensError } from '../errors';

export type SourceSpec =
  | { transport: 'registry'; reference: string }
  | { transport: 'oci'; dir: string; tag: string | null }
  | { transport: 'docker-archive'; file: string; image: { reference: string } | { index: number } | null }
  | { transport: 'file'; path: string };

const OCI = 'oci:';
const DOCKER_ARCHIVE = 'docker-archive:';

/** Cuts `rest` at its first colon: the path before it, the image selector after it. */
function splitPath(rest: string, transport: string): { path: string; selector: string | null } {
  const colon = rest.indexOf(':');
  const path = colon === -1 ? rest : rest.slice(0, colon);
  const selector = colon === -1 ? null : rest.slice(colon + 1);
  if (!path) throw new LensError('USAGE', `${transport} needs a path, e.g. ${transport}./image${transport === OCI ? ':latest' : '.tar'}.`);
  return { path, selector: selector === '' ? null : selector };
}

/**
 * A path the user plainly means as a file: absolute, relative with ./ or ../, or a .json name. Other
 * words are image references unless the caller finds a file of that name.
 */
export function looksLikePath(text: string): boolean {
  return /^(?:\/|\.{1,2}\/|~\/)/.test(text) || /\.json$/i.test(text) || /^[A-Za-z]:[\\/]/.test(text);
}

export function parseSourceSpec(text: string, isFile: (path: string) => boolean = () => false): SourceSpec {
  const input = text.trim();
  if (!input)
    throw new LensError('USAGE', 'The source is empty; give an image reference, oci:DIR, docker-archive:FILE or a manifest file.');
  if (input.startsWith(OCI)) {
    const { path, selector } = splitPath(input.slice(OCI.length), OCI);
    return { transport: 'oci', dir: path, tag: selector };
  }
  if (input.startsWith(DOCKER_ARCHIVE)) {
    const { path, selector } = splitPath(input.slice(DOCKER_ARCHIVE.length), DOCKER_ARCHIVE);
    if (selector === null) return { transport: 'docker-archive', file: path, image: null };
    if (selector.startsWith('@')) {
      const index = Number(selector.slice(1));
      if (!Number.isInteger(index) || index < 0)
        throw new LensError('USAGE', `docker-archive: "@${selector.slice(1)}" is not an image index (@0, @1, …).`);
      return { transport: 'docker-archive', file: path, image: { index } };
    }
    return { transport: 'docker-archive', file: path, image: { reference: selector } };
  }
  if (input.startsWith('docker://')) return { transport: 'registry', reference: input };
  if (looksLikePath(input) || isFile(input)) return { transport: 'file', path: input };
  return { transport: 'registry', reference: input };
}
