/**
 * Scoring a fingerprint: each answer seen is judged against each profile's prediction (agree, disagree, or
 * unknown when the profile does not say), profiles are ranked by net agreement, and the best is named only
 * when the answers single it out; otherwise the verdict says which request would.
 */
import { PROFILE_IDS, type EvidenceRow, type ProfileScore, type Verdict } from '../../../shared/profiles';
import { acceptLabel, PROBE_PLANS } from './probePlans';
import { UNKNOWN, type Fact, type Prediction, type Profile, type StoredKind, type Unknown } from './types';

/** What one HEAD of a manifest answered. */
export interface ObservedAnswer {
  status: number;
  contentType: string | null;
  /** Whether Docker-Content-Digest differs from the stored manifest's; null when no digest came back. */
  digestChanged: boolean | null;
  /** The declared Content-Length of an error answer's body. */
  contentLength: number | null;
  /** The first code of an error body read by GET; absent or null when none was read (a HEAD has no body). */
  errorCode?: string | null;
}

/**
 * A profile's verdict on one answer: every field it predicts must match (type and conversion only when the
 * answer serves a manifest, the error body's length and code only when it refuses, the code only when a
 * body was read); it says nothing if it predicts none of them.
 */
export function judgeAnswer(prediction: Prediction | Unknown, observed: ObservedAnswer): Verdict {
  if (prediction === UNKNOWN) return UNKNOWN;
  const failed = observed.status >= 400;
  const checks: boolean[] = [];
  if (prediction.status !== UNKNOWN) checks.push(prediction.status === observed.status);
  if (!failed && prediction.mediaType !== UNKNOWN) checks.push(prediction.mediaType === observed.contentType);
  if (!failed && prediction.converts !== UNKNOWN && observed.digestChanged !== null)
    checks.push(prediction.converts === observed.digestChanged);
  if (failed && prediction.errorBodyLength !== undefined && observed.contentLength !== null)
    checks.push(prediction.errorBodyLength === observed.contentLength);
  if (failed && prediction.errorCode !== UNKNOWN && prediction.errorCode !== null && observed.errorCode)
    checks.push(prediction.errorCode === observed.errorCode);
  if (checks.length === 0) return UNKNOWN;
  return checks.every(Boolean) ? 'agree' : 'disagree';
}

/** A verdict on a stated fact: agree when it is the value seen, unknown when the profile states none. */
export function judgeFact<T>(stated: { value: T } | Unknown, seen: T): Verdict {
  if (stated === UNKNOWN) return UNKNOWN;
  return stated.value === seen ? 'agree' : 'disagree';
}

/** Whether the host is one of a profile's ('*' in a pattern stands for one or more name characters). */
export function judgeHost(hosts: Fact<readonly string[]>, host: string): Verdict {
  if (hosts === UNKNOWN) return UNKNOWN;
  return hostMatches(hosts.value, host) ? 'agree' : 'disagree';
}

function hostMatches(patterns: readonly string[], host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return patterns.some((pattern) => {
    const expression = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[a-z0-9-]+');
    return new RegExp(`^${expression}$`).test(name);
  });
}

const net = (s: ProfileScore) => 2 * s.agree - s.total;

/** Which of two scores ranks first: more agreements net of disagreements, then fewer disagreements; 0 when tied. */
export function compareScores(a: ProfileScore, b: ProfileScore): number {
  return net(b) - net(a) || a.total - a.agree - (b.total - b.agree);
}

/** Profiles best first by compareScores, ties in PROFILE_IDS order. */
export function rankProfiles(rows: readonly EvidenceRow[]): ProfileScore[] {
  const scores = PROFILE_IDS.map((profile) => {
    const verdicts = rows.map((row) => row.verdicts[profile]);
    return { profile, agree: verdicts.filter((v) => v === 'agree').length, total: verdicts.filter((v) => v !== UNKNOWN).length };
  });
  return scores.sort(compareScores);
}

/** Fewer manifest answers than this that any profile predicts, or fewer agreements for the best, and no profile is named. */
export const MIN_ANSWERS = 3;

/** A stored kind for people. */
export const KIND_LABEL: Record<StoredKind, string> = {
  schema1: 'schema 1 manifest',
  schema2: 'schema 2 manifest',
  dockerList: 'Docker manifest list',
  ociManifest: 'OCI manifest',
  ociIndex: 'OCI index',
};

/** A prediction for people: "404 MANIFEST_UNKNOWN", "200 <type> (converted)". */
export function describePrediction(p: Prediction): string {
  if (p.status === UNKNOWN) return 'something unstated';
  if (typeof p.status === 'number' && p.status >= 400)
    return `${p.status}${p.errorCode !== UNKNOWN && p.errorCode ? ` ${p.errorCode}` : ''}`;
  const type = p.mediaType === UNKNOWN || p.mediaType === null ? 'a manifest' : p.mediaType;
  return `${p.status} ${type}${p.converts === true ? ' (converted)' : p.converts === false ? ' (as stored)' : ''}`;
}

/** "an OCI index", "a schema 1 manifest": the labels above start with a letter said as written. */
function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

function differ(a: Prediction, b: Prediction): boolean {
  const known = <T>(x: T | Unknown, y: T | Unknown) => x !== UNKNOWN && y !== UNKNOWN && x !== y;
  return known(a.status, b.status) || known(a.mediaType, b.mediaType) || known(a.converts, b.converts);
}

/** The first request of the probe plans on which two profiles' predictions differ, as a sentence; null when none does. */
export async function whatWouldDecide(a: Profile, b: Profile, first: StoredKind | null): Promise<string | null> {
  const kinds = Object.keys(PROBE_PLANS) as StoredKind[];
  const ordered = first ? [first, ...kinds.filter((k) => k !== first)] : kinds;
  for (const stored of ordered) {
    for (const by of ['tag', 'digest'] as const) {
      for (const accept of PROBE_PLANS[stored]) {
        const probe = { stored, by, method: 'HEAD' as const, accept: accept === '' ? [] : [accept] };
        const [pa, pb] = [await a.predict(probe), await b.predict(probe)];
        if (pa === UNKNOWN || pb === UNKNOWN || !differ(pa, pb)) continue;
        return `${withArticle(KIND_LABEL[stored])} asked by ${by} with ${acceptLabel(accept)} would: ${a.name} answers ${describePrediction(pa)}, ${b.name} ${describePrediction(pb)}`;
      }
    }
  }
  return null;
}
