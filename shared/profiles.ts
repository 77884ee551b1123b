/**
 * Registry behaviour profiles as the UI, the CLI and scripts see them: the implementations a fingerprint
 * can name, and the fingerprint's result. The profiles themselves (their rules and sources) live in the core.
 */

/** Every implementation a profile describes, in the order rankings break ties. */
export const PROFILE_IDS = [
  'distribution-2',
  'distribution-3',
  'docker-hub',
  'ghcr',
  'quay',
  'ecr',
  'artifact-registry',
  'acr',
  'harbor',
  'zot',
  'nexus',
  'artifactory',
  'gitea',
] as const;

export type ProfileId = (typeof PROFILE_IDS)[number];

/** Each implementation's name for people, as the profiles, the CLI and the UI write it. */
export const PROFILE_NAMES: Record<ProfileId, string> = {
  'distribution-2': 'CNCF distribution 2.8',
  'distribution-3': 'CNCF distribution 3',
  'docker-hub': 'Docker Hub',
  ghcr: 'GitHub Container Registry',
  quay: 'Quay',
  ecr: 'Amazon ECR',
  'artifact-registry': 'Google Artifact Registry',
  acr: 'Azure Container Registry',
  harbor: 'Harbor',
  zot: 'zot',
  nexus: 'Sonatype Nexus 3',
  artifactory: 'JFrog Artifactory',
  gitea: 'Gitea / Forgejo',
};

const IDS = new Set<string>(PROFILE_IDS);

export function isProfileId(value: string): value is ProfileId {
  return IDS.has(value);
}

/** How one profile's predictions compared with the answers seen: agree of total predictions it could make. */
export interface ProfileScore {
  profile: ProfileId;
  agree: number;
  total: number;
}

/** A profile's verdict on one piece of evidence. */
export type Verdict = 'agree' | 'disagree' | 'unknown';

/** One thing the fingerprint looked at, what it saw, and how each profile would have answered. */
export interface EvidenceRow {
  /** What was asked, for people: "HEAD by tag, Accept: only schema 1 (signed)". */
  label: string;
  /** What came back, for people: "200 application/vnd.docker.distribution.manifest.v1+prettyjws, digest changed". */
  observed: string;
  verdicts: Record<ProfileId, Verdict>;
}

/** A field a profile does not state. */
export type UnknownValue = 'unknown';

/** What a profile predicts for one manifest request; each field 'unknown' where the profile does not say. */
export interface PredictedAnswer {
  status: number | UnknownValue;
  /** Content-Type of a 2xx answer; null for an error. */
  contentType: string | null | UnknownValue;
  /** Whether the manifest served is not the one stored, so its digest differs. */
  converts: boolean | UnknownValue;
  errorCode: string | null | UnknownValue;
}

/** One profile beside one answer the registry gave. */
export interface ProfileAnswer {
  profile: ProfileId;
  /** 'unknown' when the profile says nothing about this request. */
  predicted: PredictedAnswer | UnknownValue;
  /** The prediction for people: "404 MANIFEST_UNKNOWN", "200 <type> (converted)", or "unknown". */
  text: string;
  /** Whether the registry's answer is the one predicted. */
  verdict: Verdict;
  /** Why the profile answers that, as a clause (no final stop); null when it predicts nothing. */
  reason: string | null;
  /** Where the rule was read, for people (a file at a version, or a page's address); null when it predicts nothing. */
  source: string | null;
}

/**
 * One sentence for a negotiation row: why the registry answered that (the reason of the first profile
 * compared that predicts it), then what each profile compared would have answered:
 * "asked by digest: <reason>; CNCF distribution 2.8 would also answer 404 MANIFEST_UNKNOWN; …".
 */
export function whySentence(by: 'tag' | 'digest', status: number, answers: readonly ProfileAnswer[]): string {
  const refused = status === 401 || status === 403;
  const explaining = answers.find((a) => a.verdict === 'agree' && a.reason !== null);
  const reason = refused
    ? `the registry refused the request (${status}) before answering it`
    : (explaining?.reason ?? 'none of the profiles compared predicts this answer');
  const comparisons = answers.map(({ profile, verdict, predicted, text }) => {
    const name = PROFILE_NAMES[profile];
    if (predicted === 'unknown') return `${name} does not say`;
    if (verdict === 'agree') return `${name} would also answer ${text}`;
    if (verdict === 'disagree') return `${name} would answer ${text} instead`;
    return refused ? `${name} would answer ${text}` : `${name} does not say`;
  });
  return [`asked by ${by}: ${reason}`, ...comparisons].join('; ');
}

/** A behaviour on which the likely candidates part: for each candidate, its answer or fact, and where it is stated. */
export interface BehaviourRow {
  /** For people: "GET by tag, no Accept header", "referrers API". */
  behaviour: string;
  /** In the order of `candidates`; text 'unknown' where the profile does not say. */
  values: Array<{ text: string; source: string | null }>;
}

/** The behaviours that differ between the profiles that explain the answers best. */
export interface ProfileComparison {
  /** The leaders of the ranking, best first. */
  candidates: ProfileId[];
  rows: BehaviourRow[];
}

export interface FingerprintResult {
  reference: string;
  /** The profile that explains the answers best, or null when the answers cannot tell (see `verdict`). */
  best: ProfileId | null;
  /** Best first. */
  ranking: ProfileScore[];
  /** Requests sent to the registry itself (a token server's are not counted), by method. */
  requests: { GET: number; HEAD: number };
  /** One sentence: which implementation this is, or what would decide it. */
  verdict: string;
  evidence: EvidenceRow[];
  /** What the likely candidates would answer differently: the requests and facts that would tell them apart. */
  comparison: ProfileComparison;
}
