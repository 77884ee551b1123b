/**
 * The profile table of a fingerprint: the behaviours on which the profiles that explain the answers best
 * part, each value with where it is stated. A row where they all say the same tells nothing, so it is left out.
 */
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import type { BehaviourRow, ProfileComparison, ProfileScore } from '../../../shared/profiles';
import { sourceText } from './answers';
import { profileById } from './index';
import { acceptLabel, PROBE_PLANS } from './probePlans';
import { describePrediction, KIND_LABEL } from './score';
import { UNKNOWN, type Fact, type Profile, type ProfileFacts, type StoredKind } from './types';

/** How many of the ranking's leaders the table compares. */
export const CANDIDATES = 3;

const FACTS: ReadonlyArray<[label: string, key: Exclude<keyof ProfileFacts, 'hosts'>]> = [
  ['referrers API', 'referrersApi'],
  ['HEAD of the referrers endpoint answers', 'referrersHeadStatus'],
  ['HEAD of a manifest counts toward the pull limit', 'headCountsTowardRateLimit'],
  ['tag list pagination', 'tagListPagination'],
  ['Docker-Distribution-API-Version of /v2/', 'apiVersionHeader'],
];

function factValue(fact: Fact<string | number | boolean | null>): BehaviourRow['values'][number] {
  if (fact === UNKNOWN) return { text: UNKNOWN, source: null };
  const { value } = fact;
  const text = value === null ? 'none sent' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  return { text, source: sourceText(fact.source) };
}

async function requestRows(profiles: readonly Profile[], stored: StoredKind): Promise<BehaviourRow[]> {
  const rows: BehaviourRow[] = [];
  for (const by of ['tag', 'digest'] as const) {
    for (const accept of [MANIFEST_MEDIA_TYPES.join(', '), ...PROBE_PLANS[stored]]) {
      const probe = { stored, by, method: 'GET' as const, accept: accept === '' ? [] : [accept] };
      const values = await Promise.all(
        profiles.map(async (p) => {
          const prediction = await p.predict(probe);
          return prediction === UNKNOWN
            ? { text: UNKNOWN, source: null }
            : { text: describePrediction(prediction), source: sourceText(prediction.source) };
        }),
      );
      const label = accept === MANIFEST_MEDIA_TYPES.join(', ') ? 'every manifest type accepted' : acceptLabel(accept);
      rows.push({ behaviour: `GET by ${by} of the ${KIND_LABEL[stored]}, ${label}`, values });
    }
  }
  return rows;
}

const parts = (row: BehaviourRow) => new Set(row.values.map((v) => v.text)).size > 1;

/**
 * The leaders of the ranking and where they differ: the facts they state, then GETs of the kind the
 * reference stores (a schema 2 manifest when it was not seen) by tag and by digest, with every manifest
 * type accepted and with the fingerprint's Accept headers for that kind.
 */
export async function compareCandidates(ranking: readonly ProfileScore[], stored: StoredKind | null): Promise<ProfileComparison> {
  const candidates = ranking.slice(0, CANDIDATES).map((s) => s.profile);
  const profiles = candidates.map(profileById);
  const facts = FACTS.map(([behaviour, key]) => ({ behaviour, values: profiles.map((p) => factValue(p.facts[key])) }));
  const requests = await requestRows(profiles, stored ?? 'schema2');
  return { candidates, rows: [...facts, ...requests].filter(parts) };
}
