/**
 * The digests a manifest document names, with what each one is and where its text stands, so a viewer
 * can make each a link: a manifest (an index's or list's `manifests[]`), the `subject`, the `config`, or a
 * layer (`layers[]`, schema 1's `fsLayers[].blobSum`). Pure, so it is tested without an editor.
 */

export type DigestRole = 'manifest' | 'subject' | 'config' | 'layer';

export interface DigestLink {
  digest: string;
  role: DigestRole;
  /** Offset of the digest's first character in the text (inside its quotes), in UTF-16 code units. */
  offset: number;
  length: number;
}

/** Where each role sits in the document: the object holding the key, and the key. */
function roleAt(path: readonly (string | number)[], key: string): DigestRole | null {
  const parent = path.at(-1);
  const grandparent = path.at(-2);
  if (key === 'digest' && path.length === 1 && parent === 'config') return 'config';
  if (key === 'digest' && path.length === 1 && parent === 'subject') return 'subject';
  if (key === 'digest' && path.length === 2 && typeof parent === 'number' && grandparent === 'manifests') return 'manifest';
  if (key === 'digest' && path.length === 2 && typeof parent === 'number' && grandparent === 'layers') return 'layer';
  if (key === 'blobSum' && path.length === 2 && typeof parent === 'number' && grandparent === 'fsLayers') return 'layer';
  return null;
}

/** Every string value under a key named digest or blobSum, in document order, with its role if it has one. */
function digestValues(value: unknown, path: (string | number)[], out: Array<DigestRole | null>): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => digestValues(item, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'digest' || key === 'blobSum') && typeof item === 'string') out.push(roleAt(path, key));
      else digestValues(item, [...path, key], out);
    }
  }
}

/**
 * The same keys found in the text, in order. A quote escaped inside a string cannot start a key here, and
 * only digest-shaped values (algorithm:encoded, as the OCI image spec defines them) become links.
 */
const DIGEST_KEY = /(?<!\\)"(?:digest|blobSum)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const DIGEST_SHAPE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function findDigestLinks(text: string): DigestLink[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  const roles: Array<DigestRole | null> = [];
  digestValues(document, [], roles);
  const matches = [...text.matchAll(DIGEST_KEY)];
  // A duplicate key is in the text twice but in the parsed document once, which would pair digests with
  // the wrong roles: no links then.
  if (matches.length !== roles.length) return [];
  const links: DigestLink[] = [];
  matches.forEach((match, i) => {
    const role = roles[i];
    const digest = match[1]!;
    if (!role || !DIGEST_SHAPE.test(digest)) return;
    links.push({ digest, role, offset: match.index + match[0].length - 1 - digest.length, length: digest.length });
  });
  return links;
}
