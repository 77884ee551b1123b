/**
 * Which registry implementation is this? A bounded probe plan against the reference the user names: HEAD
 * only (free on Docker Hub, and no body to download), at most MAX_REQUESTS to the registry, nothing
 * written. It reads /v2/'s Docker-Distribution-API-Version, what the reference stores, the answers to the
 * Accept headers on which the profiles part (status, type, whether the digest changed, the declared length
 * of an error body) and whether the referrers endpoint exists, and scores every profile by agreement.
 */
import { MANIFEST_MEDIA_TYPES, MediaType } from '../../../shared/mediaTypes';
import { type EvidenceRow, type FingerprintResult, type ProfileId, type Verdict } from '../../../shared/profiles';
import type { CapturedExchange } from '../../../shared/exchange';
import { LensError } from '../errors';
import { compareCandidates } from '../profiles/comparison';
import { PROFILES, profileById } from '../profiles/index';
import { acceptLabel, PROBE_PLANS } from '../profiles/probePlans';
import { KIND_OF_TYPE } from '../profiles/rules';
import {
  compareScores,
  judgeAnswer,
  judgeHost,
  judgeFact,
  MIN_ANSWERS,
  rankProfiles,
  whatWouldDecide,
  type ObservedAnswer,
} from '../profiles/score';
import type { Profile, StoredKind } from '../profiles/types';
import { AuthSession } from '../registry/authTrace';
import type { RegistryClient } from '../registry/client';
import { parseReference, type Reference } from '../registry/reference';
import { repositoryScope } from '../registry/scope';
import { header, type HttpResponse } from '../registry/transport';
import { sourceSpecOf } from '../sources/openSource';

/** The most requests a fingerprint sends to the registry, token retries included. */
export const MAX_REQUESTS = 16;

/** A fingerprint asks a registry; an offline source has nobody to ask. */
export function fingerprintReference(source: string): Reference {
  const spec = sourceSpecOf(source);
  if (spec.transport !== 'registry') throw new LensError('USAGE', `fingerprint asks a registry; ${source} is an offline source.`);
  return parseReference(spec.reference);
}

export interface FingerprintOptions {
  signal?: AbortSignal;
  onExchange?: (exchange: CapturedExchange) => void;
}

const verdictsOf = (judge: (profile: Profile) => Verdict) =>
  Object.fromEntries(PROFILES.map((p) => [p.id, judge(p)])) as Record<ProfileId, Verdict>;

const silent = () => verdictsOf(() => 'unknown');

function observe(response: HttpResponse, storedDigest: string | null): ObservedAnswer {
  const digest = header(response.headers, 'docker-content-digest');
  const length = Number(header(response.headers, 'content-length') ?? Number.NaN);
  return {
    status: response.status,
    contentType: header(response.headers, 'content-type'),
    digestChanged: digest === null || storedDigest === null ? null : digest !== storedDigest,
    contentLength: Number.isSafeInteger(length) ? length : null,
  };
}

function describeAnswer(o: ObservedAnswer): string {
  if (o.status >= 400) return `${o.status}${o.contentLength === null ? '' : `, error body of ${o.contentLength} bytes`}`;
  const digest = o.digestChanged === null ? 'no digest' : o.digestChanged ? 'digest changed' : 'digest as stored';
  return `${o.status} ${o.contentType ?? '(no Content-Type)'}, ${digest}`;
}

/** A 401 or 403 is the registry asking for credentials, not an answer a profile predicts. */
const refused = (status: number) => status === 401 || status === 403;

/**
 * HEAD requests within the budget: every try the registry sees counts (token retries and the transport's
 * retries of a 429 or 5xx included), and once MAX_REQUESTS are spent the next try is cancelled and
 * `head` answers null.
 */
function budgetedHead(client: RegistryClient, reference: Reference, options: FingerprintOptions) {
  const requests = { GET: 0, HEAD: 0 };
  const spent = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, spent.signal]) : spent.signal;
  const registryHost = new URL(`http://${client.host}`).host;
  const onExchange = (exchange: CapturedExchange) => {
    // Only the registry's own requests count; a token server's do not touch its limits.
    if (new URL(exchange.url).host === registryHost && (exchange.method === 'GET' || exchange.method === 'HEAD'))
      requests[exchange.method]++;
    if (requests.GET + requests.HEAD >= MAX_REQUESTS) spent.abort();
    options.onExchange?.(exchange);
  };
  const head = async (path: string, accept: string, purpose: 'ping' | 'manifest'): Promise<HttpResponse | null> => {
    if (spent.signal.aborted) return null;
    const request = {
      purpose,
      method: 'HEAD' as const,
      path,
      headers: accept === '' ? [] : ([['accept', accept]] as Array<[string, string]>),
      scopes: purpose === 'ping' ? [] : [repositoryScope(reference.repository, 'pull')],
      repository: purpose === 'ping' ? null : reference.repository,
    };
    try {
      return await client.send(request, { signal, onExchange, auth: new AuthSession(client.host) });
    } catch (e) {
      if (spent.signal.aborted && !options.signal?.aborted) return null;
      throw e;
    }
  };
  return { head, requests };
}

export async function fingerprint(
  client: RegistryClient,
  reference: Reference,
  input: string,
  options: FingerprintOptions,
): Promise<FingerprintResult> {
  const { head, requests } = budgetedHead(client, reference, options);
  const by = reference.digest ? 'digest' : 'tag';
  const manifestPath = `/v2/${reference.repository}/manifests/${reference.digest ?? reference.tag ?? 'latest'}`;
  const rows: EvidenceRow[] = [
    { label: 'host name', observed: client.host, verdicts: verdictsOf((p) => judgeHost(p.facts.hosts, client.host)) },
  ];
  const notes: string[] = [];
  const finish = async (stored: StoredKind | null, answered: number) => {
    const ranking = rankProfiles(rows);
    const verdict = await decide(ranking, answered, stored, notes);
    return { reference: input, ...verdict, ranking, requests, evidence: rows, comparison: await compareCandidates(ranking, stored) };
  };
  const outOfBudget = (stored: StoredKind | null, answered: number) => {
    notes.push(`the ${MAX_REQUESTS} requests were spent before the plan was (the registry had some tried again)`);
    return finish(stored, answered);
  };

  const ping = await head('/v2/', '', 'ping');
  if (!ping) return outOfBudget(null, 0);
  const apiVersion = header(ping.headers, 'docker-distribution-api-version');
  rows.push({
    label: 'HEAD /v2/: Docker-Distribution-API-Version',
    observed: `${ping.status}, ${apiVersion ?? 'no such header'}`,
    verdicts: refused(ping.status) && apiVersion === null ? silent() : verdictsOf((p) => judgeFact(p.facts.apiVersionHeader, apiVersion)),
  });

  // What the reference stores: with every manifest type accepted no profile rewrites or refuses.
  const anchor = await head(manifestPath, MANIFEST_MEDIA_TYPES.join(', '), 'manifest');
  if (!anchor) return outOfBudget(null, 0);
  const storedType = header(anchor.headers, 'content-type');
  const storedDigest = reference.digest ?? header(anchor.headers, 'docker-content-digest');
  const stored = anchor.status < 300 && storedType !== null ? (KIND_OF_TYPE.get(storedType) ?? null) : null;
  rows.push({
    label: `HEAD by ${by}, every manifest type accepted`,
    observed: describeAnswer(observe(anchor, storedDigest)),
    verdicts: silent(),
  });
  if (refused(anchor.status))
    notes.push(
      `the registry answered ${anchor.status} to the manifest: give credentials (--username USER --password-stdin) so the probes are answered`,
    );
  else if (anchor.status === 404) notes.push(`the registry does not hold ${input} (404): name a reference it holds`);
  else if (stored === null) notes.push(`the reference serves ${storedType ?? 'no Content-Type'}, which no profile describes`);

  let answered = 0;
  for (const accept of stored ? PROBE_PLANS[stored] : []) {
    const response = await head(manifestPath, accept, 'manifest');
    if (!response) return outOfBudget(stored, answered);
    const observed = observe(response, storedDigest);
    const probe = { stored: stored!, by, method: 'HEAD', accept: accept === '' ? [] : [accept] } as const;
    const predictions = await Promise.all(PROFILES.map((p) => p.predict(probe)));
    const verdicts = refused(observed.status) ? silent() : verdictsOf((p) => judgeAnswer(predictions[PROFILES.indexOf(p)]!, observed));
    if (Object.values(verdicts).some((v) => v !== 'unknown')) answered++;
    rows.push({ label: `HEAD by ${by}, ${acceptLabel(accept)}`, observed: describeAnswer(observed), verdicts });
  }

  if (!storedDigest) return finish(stored, answered);
  const referrers = await head(`/v2/${reference.repository}/referrers/${storedDigest}`, MediaType.ociIndex, 'manifest');
  if (!referrers) return outOfBudget(stored, answered);
  rows.push({
    label: 'HEAD /v2/<name>/referrers/<digest>',
    observed: `${referrers.status}`,
    verdicts: refused(referrers.status) ? silent() : verdictsOf((p) => judgeFact(p.facts.referrersHeadStatus, referrers.status)),
  });
  return finish(stored, answered);
}

/**
 * Names the best profile when enough manifest answers were seen, it predicts at least MIN_ANSWERS of them,
 * and no other profile does as well; otherwise says what would decide.
 */
async function decide(
  ranking: FingerprintResult['ranking'],
  answered: number,
  stored: StoredKind | null,
  notes: readonly string[],
): Promise<Pick<FingerprintResult, 'best' | 'verdict'>> {
  const [first, second] = [ranking[0]!, ranking[1]!];
  const decider = await whatWouldDecide(profileById(first.profile), profileById(second.profile), stored);
  const deciding = decider ? ` What would decide: ${decider}.` : '';
  if (answered < MIN_ANSWERS) {
    const why = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return { best: null, verdict: `Too few answers to decide: ${answered} manifest answers that any profile predicts${why}.${deciding}` };
  }
  const score = (s: typeof first) => `${s.agree} of ${s.total}`;
  if (first.agree < MIN_ANSWERS) {
    return {
      best: null,
      verdict: `Too few answers to decide: the profile that fits best, ${profileById(first.profile).name}, predicts only ${score(first)}.${deciding}`,
    };
  }
  if (compareScores(first, second) === 0) {
    return {
      best: null,
      verdict: `${profileById(first.profile).name} and ${profileById(second.profile).name} explain the answers equally well (${score(first)}).${deciding}`,
    };
  }
  return {
    best: first.profile,
    verdict: `Most like ${profileById(first.profile).name}: it predicts ${score(first)} answers; next ${profileById(second.profile).name} with ${score(second)}.${notes.length > 0 ? ` Note: ${notes.join('; ')}.` : ''}`,
  };
}
