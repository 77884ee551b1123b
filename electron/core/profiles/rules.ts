/**
 * Profiles written as data: an ordered list of rules, each naming the requests it covers, the answer,
 * why, and its source. The first rule that covers a request answers it; a request no rule covers is
 * 'unknown'. Only what a source states becomes a rule.
 */
import { MediaType, SCHEMA1_MEDIA_TYPES } from '../../../shared/mediaTypes';
import type { ProfileId } from '../../../shared/profiles';
import { acceptedMediaTypes } from '../convert/negotiationSimulator';
import {
  UNKNOWN,
  type Prediction,
  type ProbeCase,
  type Profile,
  type ProfileFacts,
  type Source,
  type StoredKind,
  type Unknown,
} from './types';

/** The Content-Type each stored kind is served with unchanged. */
export const KIND_MEDIA_TYPE: Record<StoredKind, string> = {
  schema1: MediaType.dockerSchema1Signed,
  schema2: MediaType.dockerSchema2,
  dockerList: MediaType.dockerList,
  ociManifest: MediaType.ociManifest,
  ociIndex: MediaType.ociIndex,
};

/** The stored kind a Content-Type names (either schema 1 type is schema 1). */
export const KIND_OF_TYPE = new Map<string, StoredKind>([
  ...Object.entries(KIND_MEDIA_TYPE).map(([kind, type]) => [type, kind as StoredKind] as const),
  [MediaType.dockerSchema1, 'schema1'],
]);

/** The entry a list or index resolves to when the probe does not say. */
export function childKind(probe: ProbeCase): StoredKind | 'none' {
  return probe.child ?? (probe.stored === 'ociIndex' ? 'ociManifest' : 'schema2');
}

/** Conditions on the Accept header; all given must hold. */
export interface AcceptTest {
  /** No Accept header at all. */
  none?: boolean;
  /** Every type listed is accepted. */
  has?: readonly string[];
  /** No type listed is accepted. */
  lacks?: readonly string[];
  /** At least one type is accepted, and every accepted type is one of these. */
  within?: readonly string[];
  /** Whether the stored manifest's own type (either schema 1 type for schema 1) is accepted. */
  storedType?: boolean;
}

export type Outcome =
  | { serve: 'stored' }
  /** The list's first linux/amd64 entry, as stored. */
  | { serve: 'child' }
  | { serve: 'converted'; mediaType: string | Unknown }
  | { serve: 'error'; status: number; errorCode: string | Unknown }
  /** Not converted, but whether it is served or refused is not stated. */
  | { serve: 'not-converted' };

export interface Rule {
  when: {
    stored?: readonly StoredKind[];
    child?: readonly (StoredKind | 'none')[];
    by?: 'tag' | 'digest';
    accept?: AcceptTest;
  };
  then: Outcome;
  why: string;
  source: Source;
}

export interface RuleProfileDefinition {
  id: ProfileId;
  name: string;
  facts: ProfileFacts;
  rules: readonly Rule[];
  /** How the implementation reads Accept lines; default distribution 2.8's (split on commas, parameters cut). */
  acceptedTypes?: (lines: readonly string[]) => Set<string>;
}

function storedTypeAccepted(kind: StoredKind, accepted: Set<string>): boolean {
  return kind === 'schema1' ? SCHEMA1_MEDIA_TYPES.some((t) => accepted.has(t)) : accepted.has(KIND_MEDIA_TYPE[kind]);
}

function acceptHolds(test: AcceptTest, probe: ProbeCase, accepted: Set<string>): boolean {
  const types = [...accepted].filter((t) => t !== '');
  if (test.none !== undefined && test.none !== (probe.accept.length === 0)) return false;
  if (test.has && !test.has.every((t) => accepted.has(t))) return false;
  if (test.lacks?.some((t) => accepted.has(t))) return false;
  if (test.within && (types.length === 0 || !types.every((t) => test.within!.includes(t)))) return false;
  if (test.storedType !== undefined && test.storedType !== storedTypeAccepted(probe.stored, accepted)) return false;
  return true;
}

function covers(rule: Rule, probe: ProbeCase, accepted: Set<string>): boolean {
  const { stored, child, by, accept } = rule.when;
  if (stored && !stored.includes(probe.stored)) return false;
  if (child && !child.includes(childKind(probe))) return false;
  if (by && by !== probe.by) return false;
  return !accept || acceptHolds(accept, probe, accepted);
}

function prediction(rule: Rule, probe: ProbeCase): Prediction | Unknown {
  const base = { why: rule.why, source: rule.source };
  const { then } = rule;
  switch (then.serve) {
    case 'stored':
      return { ...base, status: 200, mediaType: KIND_MEDIA_TYPE[probe.stored], converts: false, errorCode: null };
    case 'child': {
      const child = childKind(probe);
      if (child === 'none') return UNKNOWN;
      return { ...base, status: 200, mediaType: KIND_MEDIA_TYPE[child], converts: true, errorCode: null };
    }
    case 'converted':
      return { ...base, status: 200, mediaType: then.mediaType, converts: true, errorCode: null };
    case 'error':
      return { ...base, status: then.status, mediaType: null, converts: false, errorCode: then.errorCode };
    case 'not-converted':
      return { ...base, status: UNKNOWN, mediaType: UNKNOWN, converts: false, errorCode: UNKNOWN };
  }
}

/** The answer of the first rule that covers the probe, or 'unknown'. */
export function applyRules(rules: readonly Rule[], probe: ProbeCase, accepted: Set<string>): Prediction | Unknown {
  const rule = rules.find((r) => covers(r, probe, accepted));
  return rule ? prediction(rule, probe) : UNKNOWN;
}

export function ruleProfile(definition: RuleProfileDefinition): Profile {
  const read = definition.acceptedTypes ?? acceptedMediaTypes;
  return {
    id: definition.id,
    name: definition.name,
    facts: definition.facts,
    predict: async (probe) => applyRules(definition.rules, probe, read(probe.accept)),
  };
}
