/**
 * Each profile beside an answer the registry gave: what the profile predicts for the same request, whether
 * the answer is that, and the profile's reason. Pure: the caller passes the request and the answer it saw.
 */
import type { NegotiationAnswer } from '../../../shared/conversion';
import type { PredictedAnswer, ProfileAnswer, ProfileId } from '../../../shared/profiles';
import { parseManifest } from '../convert/manifestTypes';
import { DEFAULT_PLATFORM, platformMatches } from '../convert/selectPlatform';
import { PROFILES } from './index';
import { KIND_OF_TYPE } from './rules';
import { describePrediction, judgeAnswer, type ObservedAnswer } from './score';
import { UNKNOWN, type Prediction, type ProbeCase, type Profile, type Source, type StoredKind } from './types';

/** A rule's source for people: "distribution/distribution registry/handlers/manifests.go at v2.8.2", or the page's address. */
export function sourceText(source: Source): string {
  return source.kind === 'code' ? `${source.repository} ${source.path} at ${source.version}` : source.url;
}

const withoutStop = (text: string) => text.replace(/\.$/, '');

function predicted(p: Prediction): PredictedAnswer {
  return { status: p.status, contentType: p.mediaType, converts: p.converts, errorCode: p.errorCode };
}

/** A profile that says nothing about the request. */
export function silentAnswer(profile: ProfileId): ProfileAnswer {
  return { profile, predicted: UNKNOWN, text: UNKNOWN, verdict: UNKNOWN, reason: null, source: null };
}

/** One profile's prediction for the request, judged against the answer seen. */
export async function profileAnswer(profile: Profile, probe: ProbeCase, observed: ObservedAnswer): Promise<ProfileAnswer> {
  const prediction = await profile.predict(probe);
  if (prediction === UNKNOWN) return silentAnswer(profile.id);
  // A 401 or 403 asks for credentials: no profile predicts that, and none is wrong for it.
  const refused = observed.status === 401 || observed.status === 403;
  return {
    profile: profile.id,
    predicted: predicted(prediction),
    text: describePrediction(prediction),
    verdict: refused ? UNKNOWN : judgeAnswer(prediction, observed),
    reason: withoutStop(prediction.why),
    source: sourceText(prediction.source),
  };
}

/** The stored kind a manifest's media type names; null for a type no profile describes. */
export function storedKindOf(mediaType: string): StoredKind | null {
  return KIND_OF_TYPE.get(mediaType.split(';')[0]!.trim()) ?? null;
}

/**
 * For a list or index, the kind of its first linux/amd64 entry as its descriptor names it ('none' when it
 * has none); undefined for any other manifest; null when no profile can describe it (the bytes do not
 * parse, or the entry is of a type no profile describes).
 */
export function amd64ChildKind(bytes: Uint8Array): StoredKind | 'none' | null | undefined {
  let parsed;
  try {
    parsed = parseManifest(bytes);
  } catch {
    return null;
  }
  if (parsed.kind !== 'dockerList' && parsed.kind !== 'ociIndex') return undefined;
  const entry = parsed.manifest.manifests.find((d) => platformMatches(DEFAULT_PLATFORM, d.platform));
  return entry ? storedKindOf(entry.mediaType) : 'none';
}

/** What the profiles judge in a negotiation answer: the digest against the stored manifest's, the error body by its length and code. */
function observedOf(answer: NegotiationAnswer, storedDigest: string): ObservedAnswer {
  const failed = answer.status >= 400;
  return {
    status: answer.status,
    contentType: answer.contentType,
    digestChanged: answer.digest === null ? null : answer.digest !== storedDigest,
    contentLength: failed ? (answer.size ?? null) : null,
    errorCode: failed ? answer.errorCode : null,
  };
}

/**
 * Every profile beside each row of a negotiation matrix (one request per Accept value, '' sending none),
 * in PROFILE_IDS order. A manifest of a type no profile describes gets no prediction from any.
 */
export async function negotiationAnswers(
  stored: { mediaType: string; digest: string; bytes: Uint8Array },
  request: { by: 'tag' | 'digest'; method: 'GET' | 'HEAD' },
  rows: ReadonlyArray<{ accept: string; registry: NegotiationAnswer }>,
): Promise<ProfileAnswer[][]> {
  const kind = storedKindOf(stored.mediaType);
  const isList = kind === 'dockerList' || kind === 'ociIndex';
  const child = request.by === 'tag' && isList ? amd64ChildKind(stored.bytes) : undefined;
  return Promise.all(
    rows.map(async (row) => {
      if (kind === null || child === null) return PROFILES.map((p) => silentAnswer(p.id));
      const probe: ProbeCase = { stored: kind, ...(child ? { child } : {}), ...request, accept: row.accept === '' ? [] : [row.accept] };
      const observed = observedOf(row.registry, stored.digest);
      return Promise.all(PROFILES.map((p) => profileAnswer(p, probe, observed)));
    }),
  );
}
