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
}
