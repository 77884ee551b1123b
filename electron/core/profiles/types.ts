/**
 * A registry behaviour profile: what one implementation answers to a manifest request, and what it states
 * about itself, each fact with the source it was read from. Where no source says, the profile says
 * 'unknown' instead of guessing.
 */
import type { ProfileId } from '../../../shared/profiles';

/** Where a rule or fact was read: a file at a version, a documentation page, or an issue thread. */
export type Source =
  { kind: 'code'; repository: string; path: string; version: string } | { kind: 'docs'; url: string } | { kind: 'issue'; url: string };

export const UNKNOWN = 'unknown';
export type Unknown = typeof UNKNOWN;

/** A stated fact and where it is stated, or 'unknown'. */
export type Fact<T> = { value: T; source: Source } | Unknown;

/** What a registry stores under the reference asked for ('schema1' is either flavour). */
export type StoredKind = 'schema1' | 'schema2' | 'dockerList' | 'ociManifest' | 'ociIndex';

/** One manifest request, described by what decides its answer. */
export interface ProbeCase {
  stored: StoredKind;
  /**
   * For a list or index: the kind of its first linux/amd64 entry, or 'none' when it has none; default
   * schema 2 for a Docker list and an OCI manifest for an OCI index.
   */
  child?: StoredKind | 'none';
  by: 'tag' | 'digest';
  method: 'GET' | 'HEAD';
  /** The Accept header lines as sent; empty: no Accept header. */
  accept: readonly string[];
}

/** A profile's answer to one request; a field it cannot tell is 'unknown'. */
export interface Prediction {
  status: number | Unknown;
  /** Content-Type of a 2xx answer; null for an error. */
  mediaType: string | null | Unknown;
  /** Whether the manifest served is not the one stored (a rewrite, or a list's entry): its digest differs. */
  converts: boolean | Unknown;
  errorCode: string | null | Unknown;
  /** Content-Length of the error body, which a HEAD answer declares without sending it. */
  errorBodyLength?: number;
  /** One sentence: why the implementation answers that. */
  why: string;
  source: Source;
}

export interface ProfileFacts {
  /** GET /v2/<name>/referrers/<digest> (OCI distribution 1.1). */
  referrersApi: Fact<boolean>;
  /** The status a HEAD of that endpoint answers (what the fingerprint can ask without a GET). */
  referrersHeadStatus: Fact<number>;
  /** Whether a HEAD of a manifest counts toward the pull rate limit. */
  headCountsTowardRateLimit: Fact<boolean>;
  /** How GET /v2/<name>/tags/list pages, for people: "n and last, Link header". */
  tagListPagination: Fact<string>;
  /** The Docker-Distribution-API-Version header of the answer to HEAD /v2/; null when it sends none. */
  apiVersionHeader: Fact<string | null>;
  /** Host names the service answers on ('*' matches one or more name characters); unknown for software anyone can host. */
  hosts: Fact<readonly string[]>;
}

export interface Profile {
  id: ProfileId;
  /** For people: "CNCF distribution 2.8". */
  name: string;
  facts: ProfileFacts;
  predict(probe: ProbeCase): Promise<Prediction | Unknown>;
}

export const code = (repository: string, path: string, version: string): Source => ({ kind: 'code', repository, path, version });
export const docs = (url: string): Source => ({ kind: 'docs', url });
export const issue = (url: string): Source => ({ kind: 'issue', url });

/** A profile's facts: those given, every other one 'unknown'. */
export function stated(facts: Partial<ProfileFacts>): ProfileFacts {
  return {
    referrersApi: UNKNOWN,
    referrersHeadStatus: UNKNOWN,
    headCountsTowardRateLimit: UNKNOWN,
    tagListPagination: UNKNOWN,
    apiVersionHeader: UNKNOWN,
    hosts: UNKNOWN,
    ...facts,
  };
}
