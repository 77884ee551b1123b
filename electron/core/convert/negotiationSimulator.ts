/**
 * What CNCF distribution 2.8 answers to GET/HEAD /v2/<name>/manifests/<reference> for a manifest it stores
 * and a given set of Accept header lines. Follows registry/handlers/manifests.go of v2.8.2 step by step:
 * Accept parsing, OCI refusals, the schema 1 rewrite by tag, and a list resolved to its linux/amd64 image.
 */
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { parseManifest, type ParsedManifest } from './manifestTypes';
import { DEFAULT_PLATFORM, platformMatches } from './selectPlatform';
import type { ConversionResult } from './types';

/** A manifest as the registry stores it: its bytes and the digest it is stored under. */
export interface StoredManifest {
  bytes: Uint8Array;
  /** For schema 1 this is the digest of the canonical payload, not of the bytes. */
  digest: string;
}

export interface NegotiationRequest {
  /** How the manifest was asked for: a tag, or the digest itself. */
  by: 'tag' | 'digest';
  /** The tag (needed for the schema 1 rewrite, which writes it into the document). */
  tag?: string;
  /** The Accept header lines exactly as sent, one element per line; empty means no Accept header. */
  accept: readonly string[];
  method?: 'GET' | 'HEAD';
}

/** The registry's downgrade of a schema 2 manifest into signed schema 1 for the given tag. */
export type Downgrade = (schema2: StoredManifest, tag: string) => Promise<ConversionResult>;

export interface NegotiationContext {
  /** The manifest the tag or digest resolves to. */
  stored: StoredManifest;
  /** A list's children by digest; only read when distribution would open one. */
  child?: (digest: string) => StoredManifest | undefined;
  /** Produces the schema 1 answer; without it the simulator says schema 1 but cannot give its bytes. */
  downgrade?: Downgrade;
}

export interface SimulatedAnswer {
  status: number;
  contentType: string;
  /** Docker-Content-Digest; null on errors, and for a rewrite whose body could not be computed. */
  digest: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** The body; null for HEAD and when it could not be computed. */
  body: Uint8Array | null;
  /**
   * The body's length, which distribution sends as Content-Length for HEAD too (its handler sets it for a
   * manifest, and Go's server for the error envelope it writes); null when the body could not be computed.
   */
  size: number | null;
  /** One sentence per decision the registry took, in order, for people reading the matrix. */
  steps: string[];
}

/** Go's strings.TrimSpace set (unicode.IsSpace), which unlike String.prototype.trim keeps U+FEFF. */
const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * The media types distribution sees in the Accept lines: each line split on commas, anything from `;`
 * on (q-values included) cut off, surrounding space trimmed; no wildcards, no case folding.
 */
export function acceptedMediaTypes(acceptLines: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const line of acceptLines) {
    for (const item of line.split(',')) {
      const semicolon = item.indexOf(';');
      types.add((semicolon >= 0 ? item.slice(0, semicolon) : item).replace(GO_SPACE, ''));
    }
  }
  return types;
}

const ERROR_CONTENT_TYPE = 'application/json; charset=utf-8';

const ERRORS = {
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
} as const;

function errorAnswer(
  code: keyof typeof ERRORS,
  message: string | null,
  detail: string | undefined,
  method: 'GET' | 'HEAD',
  steps: string[],
): SimulatedAnswer {
  const text = message ?? ERRORS[code].message;
  const entry = detail === undefined ? { code, message: text } : { code, message: text, detail };
  // errcode.ServeJSON writes the envelope with Go's json.Encoder, which ends it with a newline.
  const body = new TextEncoder().encode(`${JSON.stringify({ errors: [entry] })}\n`);
  return {
    status: ERRORS[code].status,
    contentType: ERROR_CONTENT_TYPE,
    digest: null,
    errorCode: code,
    errorMessage: text,
    body: method === 'HEAD' ? null : body,
    size: body.length,
    steps,
  };
}

function served(stored: StoredManifest, contentType: string, method: 'GET' | 'HEAD', steps: string[]): SimulatedAnswer {
  return {
    status: 200,
    contentType,
    digest: stored.digest,
    errorCode: null,
    errorMessage: null,
    body: method === 'HEAD' ? null : stored.bytes,
    size: stored.bytes.length,
    steps,
  };
}

/**
 * distribution's idea of a stored manifest's type. Its quirk is kept: an index whose body names no
 * mediaType matches neither list type and is treated like schema 1, i.e. served whatever the Accept.
 */
type StorageType = 'schema1' | 'schema2' | 'dockerList' | 'ociManifest' | 'ociIndex' | 'untypedIndex';

function storageTypeOf(parsed: ParsedManifest): StorageType {
  if (parsed.kind === 'ociIndex' && parsed.manifest.mediaType === undefined) return 'untypedIndex';
  return parsed.kind;
}

/** The step a simulation without a downgrade writes where distribution would rewrite into schema 1. */
export const NO_DOWNGRADE_STEP = 'The schema 1 body and digest were not computed (no downgrade available here).';

/** The Content-Type distribution sends for a manifest it serves unchanged (its Payload()). */
function payloadType(parsed: ParsedManifest): string {
  return parsed.kind === 'schema1' ? MediaType.dockerSchema1Signed : parsed.mediaType;
}

function parseStored(stored: StoredManifest, what: string): ParsedManifest {
  try {
    return parseManifest(stored.bytes);
  } catch (e) {
    if (e instanceof LensError)
      throw new LensError('INPUT_INVALID', `Cannot simulate: the stored ${what} is unreadable. ${e.message}`, e.detail);
    throw e;
  }
}

async function rewriteToSchema1(
  schema2: StoredManifest,
  tag: string,
  ctx: NegotiationContext,
  method: 'GET' | 'HEAD',
  steps: string[],
): Promise<SimulatedAnswer> {
  if (!ctx.downgrade) {
    steps.push(NO_DOWNGRADE_STEP);
    return {
      status: 200,
      contentType: MediaType.dockerSchema1Signed,
      digest: null,
      errorCode: null,
      errorMessage: null,
      body: null,
      size: null,
      steps,
    };
  }
  let result: ConversionResult;
  try {
    result = await ctx.downgrade(schema2, tag);
  } catch (e) {
    // distribution reports every failure of its schema 1 builder as MANIFEST_INVALID with the reason as detail.
    const reason = e instanceof Error ? e.message : String(e);
    steps.push(`The rewrite failed: ${reason}`);
    return errorAnswer('MANIFEST_INVALID', null, reason, method, steps);
  }
  return {
    status: 200,
    contentType: MediaType.dockerSchema1Signed,
    digest: result.digest,
    errorCode: null,
    errorMessage: null,
    body: method === 'HEAD' ? null : result.bytes,
    size: result.bytes.length,
    steps,
  };
}

/** distribution 2.8's answer for one request; INPUT_INVALID when a stored document cannot be read. */
export async function simulateNegotiation(ctx: NegotiationContext, request: NegotiationRequest): Promise<SimulatedAnswer> {
  const method = request.method ?? 'GET';
  const accepts = acceptedMediaTypes(request.accept);
  const byTag = request.by === 'tag';
  if (byTag && !request.tag) throw new LensError('USAGE', 'A request by tag needs the tag.');
  const tag = request.tag ?? '';
  const parsed = parseStored(ctx.stored, 'manifest');
  const type = storageTypeOf(parsed);
  const steps: string[] = [
    request.accept.length === 0 ? 'No Accept header.' : `Accept lists: ${[...accepts].filter((t) => t !== '').join(', ') || '(nothing)'}.`,
    `Stored manifest is ${payloadType(parsed)}, requested by ${byTag ? `tag ${tag}` : 'digest'}.`,
  ];

  if (type === 'ociManifest' && !accepts.has(MediaType.ociManifest)) {
    steps.push(`Accept lacks ${MediaType.ociManifest}, and distribution never converts OCI manifests.`);
    return errorAnswer(
      'MANIFEST_UNKNOWN',
      'OCI manifest found, but accept header does not support OCI manifests',
      undefined,
      method,
      steps,
    );
  }
  if (type === 'ociIndex' && !accepts.has(MediaType.ociIndex)) {
    steps.push(`Accept lacks ${MediaType.ociIndex}, and distribution never converts OCI indexes.`);
    return errorAnswer('MANIFEST_UNKNOWN', 'OCI index found, but accept header does not support OCI indexes', undefined, method, steps);
  }
  if (type === 'untypedIndex') {
    steps.push('The index body names no mediaType, so distribution 2.8 skips its Accept checks and serves it as is.');
  }

  if (byTag && type === 'schema2' && !accepts.has(MediaType.dockerSchema2)) {
    steps.push(`Accept lacks ${MediaType.dockerSchema2}: the manifest is rewritten into signed schema 1.`);
    return rewriteToSchema1(ctx.stored, tag, ctx, method, steps);
  }

  if (byTag && parsed.kind === 'dockerList' && !accepts.has(MediaType.dockerList)) {
    steps.push(`Accept lacks ${MediaType.dockerList}: distribution picks the first linux/amd64 entry instead.`);
    const entry = parsed.manifest.manifests.find((d) => platformMatches(DEFAULT_PLATFORM, d.platform));
    if (!entry) {
      steps.push('The list has no linux/amd64 entry.');
      return errorAnswer('MANIFEST_UNKNOWN', null, undefined, method, steps);
    }
    const child = ctx.child?.(entry.digest);
    if (!child) {
      steps.push(`Its entry ${entry.digest} is not stored.`);
      return errorAnswer('MANIFEST_UNKNOWN', null, undefined, method, steps);
    }
    const childParsed = parseStored(child, `child manifest ${entry.digest}`);
    if (childParsed.kind === 'schema2' && !accepts.has(MediaType.dockerSchema2)) {
      steps.push(`Entry ${entry.digest} is schema 2 and Accept lacks it too: rewritten into signed schema 1.`);
      return rewriteToSchema1(child, tag, ctx, method, steps);
    }
    // The OCI checks above ran on the list only; the chosen child is served whatever its type.
    steps.push(`Entry ${entry.digest} is served as is.`);
    return served(child, payloadType(childParsed), method, steps);
  }

  if (!byTag && (type === 'schema2' || type === 'dockerList') && !accepts.has(payloadType(parsed))) {
    steps.push('A request by digest is never rewritten: the stored manifest is served although Accept lacks its type.');
  } else {
    steps.push('Served as stored.');
  }
  return served(ctx.stored, payloadType(parsed), method, steps);
}
