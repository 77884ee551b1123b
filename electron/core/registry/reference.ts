/**
 * Image references, read the way docker reads them.
 *
 * Users type what they would type after `docker pull`, and a support desk compares our answer with
 * docker's, so the grammar and the normalization follow distribution/reference's ParseNormalizedNamed
 * (what docker and containerd use; skopeo's containers/image carries a fork of it): `alpine` means docker.io/library/alpine:latest,
 * the first path component is a registry host only when it looks like one, and a reference may carry a
 * tag and a digest together. Instead of one large regular expression the input is cut at its delimiters
 * and each piece is checked on its own: the pieces cannot overlap (a tag holds no `:` or `/`, a digest no
 * `@`), so the verdict is docker's (one deliberate exception is noted where registry hosts are
 * checked), errors can say which piece is wrong, and no input can make a pattern backtrack for long.
 *
 * Pure: no I/O, no Node APIs.
 */
import { LensError } from '../errors';

/** A parsed, normalized image reference. */
export interface Reference {
  /** Registry host with optional port, as written (IPv6 in brackets); 'docker.io' for Docker Hub. */
  registry: string;
  /** Repository path on that registry, e.g. 'library/alpine'. */
  repository: string;
  /** 'latest' when the input named neither tag nor digest; null when it named only a digest. */
  tag: string | null;
  /** 'algorithm:hex' when the input named one. Docker pulls by digest when both are present. */
  digest: string | null;
}

/** The name docker gives Docker Hub in canonical references. */
const DOCKER_HUB = 'docker.io';
/** The old "Docker Index" name, still accepted and rewritten to docker.io. */
const LEGACY_DOCKER_HUB = 'index.docker.io';
/** Where Docker Hub's v2 API answers: docker.io is a name for the Hub, not an API host. */
const DOCKER_HUB_ENDPOINT = 'registry-1.docker.io';
/** Docker Hub's namespace for official images: `alpine` is `library/alpine`. */
const OFFICIAL_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
/** Longest repository path distribution accepts (the registry host does not count). */
const MAX_REPOSITORY_LENGTH = 255;
/** skopeo's transport prefix, accepted so references can be pasted from skopeo command lines. */
const DOCKER_TRANSPORT = 'docker://';

/** A host label: letters, digits and inner hyphens (distribution allows uppercase here, DNS is case-blind). */
const HOST_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
/**
 * Registry host with optional port: DNS-like labels (which covers IPv4) or an IPv6 literal in brackets.
 * Zone identifiers and IPv4-mapped forms are excluded, as distribution excludes them; the port is any
 * run of digits, unchecked, as distribution leaves it.
 */
const DOMAIN = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
/** One path component: lowercase alphanumerics joined by '.', '_', '__' or any run of '-'. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** Tags: a word character, then up to 127 word characters, dots or dashes. */
const TAG = /^\w[\w.-]{0,127}$/;
/** Digest shape the reference grammar allows; go-digest then checks the algorithm and the hex. */
const DIGEST_SHAPE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** go-digest's own digest grammar: it tells a malformed digest from one of an unknown algorithm. */
const GO_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
/** Hex length of each algorithm docker accepts (go-digest registers sha256 and sha512 by default). */
// A Map, not an object literal, so that an algorithm named `constructor` is not found on the prototype.
const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha512', 128],
]);
/** A bare image ID: docker refuses it as a name so that it is never mistaken for one. */
const IMAGE_ID = /^[a-f0-9]{64}$/;

const INVALID_FORMAT = 'invalid reference format';

/** Inputs longer than this are shortened in error messages so they stay one readable line. */
const MAX_SHOWN_INPUT = 100;

/** User text as it may appear inside a one-line message: control characters escaped, long text cut. */
function oneLine(text: string): string {
  const shown = text.length > MAX_SHOWN_INPUT ? `${text.slice(0, MAX_SHOWN_INPUT - 1)}…` : text;
  return JSON.stringify(shown).slice(1, -1);
}

/**
 * Parses an image reference the way `docker pull` does, plus skopeo's `docker://` prefix.
 * Throws LensError('REFERENCE_INVALID') with docker's reason, prefixed by the input.
 */
export function parseReference(input: string): Reference {
  const fail = (reason: string): never => {
    throw new LensError(
      'REFERENCE_INVALID',
      `Invalid image reference "${oneLine(input)}": ${reason}`,
      'Write [HOST[:PORT]/]NAME[:TAG][@DIGEST] with a lowercase NAME, e.g. alpine:3.20, ' +
        'docker.io/library/alpine@sha256:<64 hex> or 127.0.0.1:5000/team/app:1.0',
    );
  };

  const text = input.startsWith(DOCKER_TRANSPORT) ? input.slice(DOCKER_TRANSPORT.length) : input;
  if (text === '') fail(`${INVALID_FORMAT}: the reference is empty`);
  if (IMAGE_ID.test(text)) fail('invalid repository name, cannot specify 64-byte hexadecimal strings');

  const { registry, remainder } = splitRegistry(text);

  // The remainder is path[:tag][@digest]. The path holds neither ':' nor '@' and the tag no '@', so the
  // first '@' starts the digest and the first ':' before it starts the tag.
  const at = remainder.indexOf('@');
  const beforeDigest = at === -1 ? remainder : remainder.slice(0, at);
  const digest = at === -1 ? null : remainder.slice(at + 1);
  const tagAt = beforeDigest.indexOf(':');
  const repository = tagAt === -1 ? beforeDigest : beforeDigest.slice(0, tagAt);
  const tag = tagAt === -1 ? null : beforeDigest.slice(tagAt + 1);

  // Case first, as docker does, so `Alpine` gets the message that helps rather than a generic one.
  // (docker checks up to the first ':', which drags an uppercase digest algorithm into "repository
  // name must be lowercase"; that input is refused below all the same, with a digest message.)
  if (repository.toLowerCase() !== repository) {
    fail(`${INVALID_FORMAT}: repository name (${oneLine(repository)}) must be lowercase`);
  }

  // docker answers all of these with a bare "invalid reference format"; we keep its words and add which
  // piece is wrong. A bad host differs in outcome too: docker would read `my_registry.com/app` as a
  // repository with no registry at all, which no request can reach, so we refuse it.
  if (!DOMAIN.test(registry)) fail(`${INVALID_FORMAT}: registry host (${oneLine(registry)}) is not a valid host name`);
  const hostProblem = urlHostProblem(registry);
  if (hostProblem) fail(`${INVALID_FORMAT}: registry host (${oneLine(registry)}) ${hostProblem}`);
  if (!repository.split('/').every((component) => PATH_COMPONENT.test(component))) {
    fail(
      `${INVALID_FORMAT}: repository name (${oneLine(repository)}) must be '/'-separated components of lowercase letters and digits, joined inside by '.', '_', '__' or '-'`,
    );
  }
  if (tag !== null && !TAG.test(tag)) {
    fail(`${INVALID_FORMAT}: tag (${oneLine(tag)}) must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
  }
  if (digest !== null && !DIGEST_SHAPE.test(digest)) {
    fail(`${INVALID_FORMAT}: digest (${oneLine(digest)}) must be ALGORITHM:HEX with at least 32 hex digits`);
  }
  if (repository.length > MAX_REPOSITORY_LENGTH) {
    fail(`repository name must not be more than ${MAX_REPOSITORY_LENGTH} characters`);
  }
  if (digest !== null) {
    const problem = digestProblem(digest);
    if (problem) fail(problem);
  }

  return { registry, repository, tag: tag ?? (digest === null ? DEFAULT_TAG : null), digest };
}

/**
 * Why requests could not go to `registry` although distribution's grammar allows it, or null. Requests
 * are made from URLs (WHATWG URL, as Node and undici parse them), which read more into a host than the
 * grammar does: a name whose last label is all digits is an IPv4 address (`key127.0.0.1` is refused,
 * `127.000.0.1` becomes 127.0.0.1), bracketed text must be a real IPv6 address (`[E]` is not), and a
 * port must be at most 65535. Such a host is refused here, so a parsed reference always makes a URL for
 * the very host it names.
 */
function urlHostProblem(registry: string): string | null {
  let url: URL;
  try {
    url = new URL(`https://${registry}/`);
  } catch {
    return registry.startsWith('[')
      ? 'is not a valid IPv6 address or port'
      : 'is not a valid host name or address for a URL (a port is at most 65535)';
  }
  const written = registry.startsWith('[') ? null : registry.replace(/:[0-9]+$/, '').toLowerCase();
  if (written !== null && url.hostname !== written) return `would be read as ${url.hostname}; write that instead`;
  return null;
}

/**
 * distribution's splitDockerDomain: the first component is a registry only if it is `localhost`,
 * contains '.' or ':', or has uppercase letters (repository paths cannot); a lone name is an official
 * Docker Hub image. On Docker Hub a one-component path gets the `library/` namespace.
 */
function splitRegistry(text: string): { registry: string; remainder: string } {
  const slash = text.indexOf('/');
  if (slash === -1) return { registry: DOCKER_HUB, remainder: OFFICIAL_PREFIX + text };
  const first = text.slice(0, slash);
  const rest = text.slice(slash + 1);
  let registry: string;
  let remainder: string;
  if (first === LEGACY_DOCKER_HUB) {
    [registry, remainder] = [DOCKER_HUB, rest];
  } else if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [registry, remainder] = [first, rest];
  } else {
    [registry, remainder] = [DOCKER_HUB, text];
  }
  if (registry === DOCKER_HUB && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { registry, remainder };
}

/** go-digest's Validate, with its messages: known algorithm first, then length, then lowercase hex. */
function digestProblem(digest: string): string | null {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const expected = DIGEST_HEX_LENGTH.get(algorithm);
  if (expected === undefined) {
    return GO_DIGEST.test(digest)
      ? `unsupported digest algorithm (${algorithm}; docker accepts sha256 and sha512)`
      : 'invalid checksum digest format';
  }
  if (hex.length !== expected) return `invalid checksum digest length (${algorithm} has ${expected} hex digits)`;
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format (hex digits must be lowercase)';
  return null;
}

/** Registry and repository, without tag or digest: docker.io/library/alpine. */
function fullName(ref: Reference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The name docker shows: Docker Hub and its `library/` namespace left out (alpine, user/app, 127.0.0.1:5000/app). */
export function familiarName(ref: Reference): string {
  if (ref.registry !== DOCKER_HUB) return fullName(ref);
  const official = ref.repository.startsWith(OFFICIAL_PREFIX) ? ref.repository.slice(OFFICIAL_PREFIX.length) : null;
  // library/a/b stays as it is: only a one-component official name may drop its namespace.
  return official !== null && !official.includes('/') ? official : ref.repository;
}

/** The familiar name with tag and digest, as docker prints a reference: alpine:3.20, user/app@sha256:… */
export function familiarString(ref: Reference): string {
  return familiarName(ref) + suffix(ref);
}

/** The fully qualified form docker prints: docker.io/library/alpine:latest, with @digest when present. */
export function canonicalString(ref: Reference): string {
  return fullName(ref) + suffix(ref);
}

function suffix(ref: Reference): string {
  return (ref.tag === null ? '' : `:${ref.tag}`) + (ref.digest === null ? '' : `@${ref.digest}`);
}

/** The host[:port] to send v2 API requests to: Docker Hub's API lives on registry-1.docker.io. */
export function registryEndpointHost(ref: Reference): string {
  return ref.registry === DOCKER_HUB ? DOCKER_HUB_ENDPOINT : ref.registry;
}

/**
 * The v2 API path of the reference's manifest. A digest wins over a tag, as docker pulls
 * `name:tag@digest` by digest (the tag is then only a label). Every character the grammar allows is
 * URL-safe, so nothing needs escaping.
 */
export function manifestPath(ref: Reference): string {
  return `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? DEFAULT_TAG}`;
}

/**
 * Whether a host (with or without port; IPv6 with or without brackets) is the loopback interface:
 * `localhost`, 127.0.0.0/8 or ::1. Docker talks plain HTTP to these without being told, and so do we.
 * Names are not resolved (this module does no I/O), so only these literal forms count.
 */
export function isLoopbackHost(host: string): boolean {
  const address = hostWithoutPort(host).toLowerCase();
  return address === 'localhost' || isIpv4Loopback(address) || isIpv6Loopback(address);
}

/** Strips a port: `[v6]:port`, `[v6]`, bare `v6` (more than one ':'), or `name:port`. */
function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close === -1 ? host : host.slice(1, close);
  }
  const colons = host.split(':').length - 1;
  return colons === 1 ? host.slice(0, host.indexOf(':')) : host;
}

function isIpv4Loopback(address: string): boolean {
  const octets = address.split('.');
  return octets.length === 4 && octets.every((o) => /^(?:0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255) && octets[0] === '127';
}

/** ::1 in any spelling (0:0:0:0:0:0:0:1, 0::1, ::0001). */
function isIpv6Loopback(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  let groups: string[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return false;
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return false;
  return groups.every((g, i) => parseInt(g, 16) === (i === 7 ? 1 : 0));
}
