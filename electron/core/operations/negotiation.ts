/**
 * The negotiation matrix of one reference: for each Accept header, what the registry answers and what
 * CNCF distribution 2.8 would answer for the manifest the registry stores (simulateNegotiation, with
 * our schema 1 downgrade of that manifest and its config). A registry other than distribution 2.8 shows
 * where it departs from the behaviour old clients were built against.
 */
import { acceptHeaderValue, CLIENT_ACCEPT_SETS } from '../../../shared/acceptSets';
import type { NegotiateResult, NegotiationAnswer, NegotiationRow } from '../../../shared/conversion';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { mapBounded } from '../bounded';
import { downgradeToSchema1 } from '../convert/downgradeToSchema1';
import { parseManifest } from '../convert/manifestTypes';
import { simulateNegotiation, type Downgrade, type StoredManifest } from '../convert/negotiationSimulator';
import { DEFAULT_PLATFORM, platformMatches } from '../convert/selectPlatform';
import { LensError } from '../errors';
import { negotiationAnswers } from '../profiles/answers';
import { AuthSession } from '../registry/authTrace';
import type { RegistryClient } from '../registry/client';
import { parseErrorBody } from '../registry/errorBody';
import { parseReference, type Reference } from '../registry/reference';
import { header } from '../registry/transport';
import { CONFIG_SIZE_LIMIT, type SourceContext } from '../sources/source';
import { openRegistrySource, type RegistrySource } from '../sources/registrySource';
import { sourceSpecOf } from '../sources/openSource';

export interface AcceptRow {
  label: string;
  /** The Accept header value exactly as sent; '' sends none. */
  accept: string;
}

/** The rows to ask: the header values given ('' for none), or the sets real clients send. */
export function acceptRows(values: readonly string[] | undefined): AcceptRow[] {
  if (values) return values.map((accept) => ({ label: accept === '' ? 'no Accept header' : accept, accept }));
  return CLIENT_ACCEPT_SETS.map((set) => ({ label: set.label, accept: acceptHeaderValue(set) }));
}

/** Negotiation asks a registry; an offline source has nobody to ask. */
export function registryReference(source: string): Reference {
  const spec = sourceSpecOf(source);
  if (spec.transport !== 'registry') throw new LensError('USAGE', `negotiate asks a registry; ${source} is an offline source.`);
  return parseReference(spec.reference);
}

export interface NegotiateOptions extends SourceContext {
  rows: readonly AcceptRow[];
  method: 'GET' | 'HEAD';
}

/**
 * The list child distribution would open for a client without the list type (its first linux/amd64
 * entry), fetched up front because the simulator asks for it synchronously. Absent from the registry:
 * undefined, and the simulator answers MANIFEST_UNKNOWN as distribution does.
 */
async function amd64Child(source: RegistrySource, stored: StoredManifest, ctx: SourceContext): Promise<StoredManifest | undefined> {
  const parsed = parseManifest(stored.bytes);
  if (parsed.kind !== 'dockerList') return undefined;
  const entry = parsed.manifest.manifests.find((d) => platformMatches(DEFAULT_PLATFORM, d.platform));
  if (!entry) return undefined;
  try {
    const child = await source.manifestByDigest(entry.digest, ctx);
    return { bytes: child.bytes, digest: child.digest };
  } catch (e) {
    if (e instanceof LensError && e.code === 'REGISTRY_ERROR') return undefined;
    throw e;
  }
}

async function askRegistry(
  client: RegistryClient,
  reference: Reference,
  row: AcceptRow,
  options: NegotiateOptions,
): Promise<NegotiationAnswer> {
  const response = await client.manifest(
    reference.repository,
    reference.digest ?? reference.tag ?? 'latest',
    { method: options.method, accept: row.accept === '' ? [] : [row.accept] },
    // With a session, a refused authentication comes back as the registry's own 401: an answer like any other.
    { signal: options.signal, onExchange: options.onExchange, auth: new AuthSession(client.host) },
  );
  const failed = response.status >= 400;
  return {
    status: response.status,
    contentType: header(response.headers, 'content-type'),
    digest: header(response.headers, 'docker-content-digest'),
    errorCode: failed ? (parseErrorBody(response.body)?.[0]?.code ?? null) : null,
    size: bodySize(response),
  };
}

/** The body's length: counted for GET, as declared by Content-Length for HEAD (which has none to count). */
function bodySize(response: { headers: Array<[string, string]>; body: Uint8Array }): number | null {
  if (response.body.length > 0) return response.body.length;
  const declared = Number(header(response.headers, 'content-length') ?? Number.NaN);
  return Number.isSafeInteger(declared) ? declared : null;
}

/**
 * Rows asked at once: the built-in client sets in one round, so the matrix takes about as long as one
 * request, while a long list of sets given on the command line still opens no more connections than this.
 */
const ROW_CONCURRENCY = 16;

/**
 * The manifest the registry stores under the reference, for the simulation: by tag, a HEAD with every
 * type accepted names its digest (HEAD costs no pull on Docker Hub), and the manifest is read by that
 * digest, which the session's cache holds once anything has fetched it. A registry whose HEAD names no
 * digest is asked by GET instead.
 */
async function storedManifest(client: RegistryClient, source: RegistrySource, reference: Reference, ctx: SourceContext) {
  if (reference.digest !== null) return source.manifest(ctx);
  const head = await client.manifest(
    reference.repository,
    reference.tag ?? 'latest',
    { method: 'HEAD', accept: MANIFEST_MEDIA_TYPES },
    ctx,
  );
  const digest = head.status === 200 ? header(head.headers, 'docker-content-digest') : null;
  return digest === null ? source.manifest(ctx) : source.manifestByDigest(digest, ctx);
}

/**
 * distribution 2.8 now and then answers one of several concurrent requests that it rewrites into
 * schema 1 with 400 MANIFEST_INVALID ("invalid checksum digest format" in its log), which it never
 * answers to the same request alone. A row answered 400 is asked once more on its own, and that
 * answer shown; both exchanges stay in the request log.
 */
async function askAgainAlone(
  client: RegistryClient,
  reference: Reference,
  options: NegotiateOptions,
  answers: NegotiationAnswer[],
): Promise<NegotiationAnswer[]> {
  const settled: NegotiationAnswer[] = [];
  for (const [i, answer] of answers.entries())
    settled.push(answer.status === 400 ? await askRegistry(client, reference, options.rows[i]!, options) : answer);
  return settled;
}

export async function negotiateReference(
  client: RegistryClient,
  reference: Reference,
  input: string,
  options: NegotiateOptions,
): Promise<NegotiateResult> {
  // The rows' requests need nothing but the reference: they start at once, beside the reads the
  // simulation needs, so the matrix takes about as long as its slowest round of requests.
  const answering = mapBounded(options.rows, ROW_CONCURRENCY, (row) => askRegistry(client, reference, row, options)).then((answers) =>
    askAgainAlone(client, reference, options, answers),
  );
  answering.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const source = openRegistrySource(client, reference, input);
  const top = await storedManifest(client, source, reference, options);
  const stored: StoredManifest = { bytes: top.bytes, digest: top.digest };
  const by = reference.digest ? 'digest' : 'tag';
  const child = by === 'tag' ? await amd64Child(source, stored, options) : undefined;

  // Every row that distribution would rewrite gets the same schema 1: written once.
  const rewrites = new Map<string, ReturnType<Downgrade>>();
  const downgrade: Downgrade = (schema2, tag) => {
    const key = JSON.stringify([schema2.digest, tag]);
    if (!rewrites.has(key)) rewrites.set(key, rewrite(schema2.bytes, tag));
    return rewrites.get(key)!;
  };
  const rewrite = async (schema2: Uint8Array, tag: string) => {
    const parsed = parseManifest(schema2);
    if (parsed.kind !== 'schema2') throw new LensError('INTERNAL', 'Only a schema 2 manifest is rewritten into schema 1.');
    const config = await source.blob(parsed.manifest.config.digest, CONFIG_SIZE_LIMIT, options);
    return downgradeToSchema1({ manifest: schema2, config, repository: reference.repository, tag });
  };
  const context = { stored, child: (digest: string) => (digest === child?.digest ? child : undefined), downgrade };

  // Simulated while the registry's answers are on their way.
  const simulating = Promise.all(
    options.rows.map((row) =>
      simulateNegotiation(context, {
        by,
        tag: reference.tag ?? undefined,
        accept: row.accept === '' ? [] : [row.accept],
        method: options.method,
      }),
    ),
  );
  const [registryAnswers, simulations] = await Promise.all([answering, simulating]);
  const profiles = await negotiationAnswers(
    { ...stored, mediaType: top.mediaType },
    { by, method: options.method },
    options.rows.map((row, i) => ({ accept: row.accept, registry: registryAnswers[i]! })),
  );
  const rows = options.rows.map((row, i): NegotiationRow => {
    const registry = registryAnswers[i]!;
    const answer = simulations[i]!;
    const simulated = {
      status: answer.status,
      contentType: answer.contentType,
      digest: answer.digest,
      errorCode: answer.errorCode,
      errorMessage: answer.errorMessage,
      steps: answer.steps,
      size: answer.size,
    };
    // A HEAD answer has no body, so the registry's error code cannot be seen to compare.
    const comparable = (a: NegotiationAnswer) => [a.status, a.contentType, a.digest, options.method === 'HEAD' ? null : a.errorCode];
    return {
      label: row.label,
      accept: row.accept,
      registry,
      simulated,
      agree: JSON.stringify(comparable(registry)) === JSON.stringify(comparable(simulated)),
      profiles: profiles[i]!,
    };
  });
  return { source: input, method: options.method, by, stored: { mediaType: top.mediaType, digest: top.digest }, rows };
}
