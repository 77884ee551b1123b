/**
 * CNCF distribution 2.8: its answers are the negotiation simulator's (registry/handlers/manifests.go of
 * v2.8.2 step by step), run on a stand-in manifest of the stored kind.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { NO_DOWNGRADE_STEP, simulateNegotiation } from '../convert/negotiationSimulator';
import { childKind } from './rules';
import { standIn } from './standIn';
import { code, stated, type Prediction, type ProbeCase, type Profile } from './types';

const DISTRIBUTION = 'distribution/distribution';
const MANIFESTS_GO = code(DISTRIBUTION, 'registry/handlers/manifests.go', 'v2.8.2');

/** distribution 2.8's answer to a probe, with the error body's length (which HEAD declares) for errors. */
export async function distribution2Prediction(probe: ProbeCase): Promise<Prediction> {
  const { stored, child } = standIn(probe.stored, childKind(probe));
  const context = { stored, child: (digest: string) => (digest === child?.digest ? child : undefined) };
  const request = { by: probe.by, tag: probe.by === 'tag' ? 'probe' : undefined, accept: probe.accept };
  // The GET answer carries the error body whose length a HEAD answer declares; status and type are the same.
  const answer = await simulateNegotiation(context, { ...request, method: 'GET' });
  const failed = answer.status >= 400;
  return {
    status: answer.status,
    mediaType: failed ? null : answer.contentType,
    converts: !failed && answer.digest !== stored.digest,
    errorCode: answer.errorCode,
    ...(failed && answer.body ? { errorBodyLength: answer.body.length } : {}),
    // The stand-in is not rewritten (its schema 1 is not the answer's point), and the reason need not say so.
    why: answer.steps
      .slice(2)
      .filter((step) => step !== NO_DOWNGRADE_STEP)
      .join(' '),
    source: MANIFESTS_GO,
  };
}

export const distribution2: Profile = {
  id: 'distribution-2',
  name: PROFILE_NAMES['distribution-2'],
  facts: stated({
    // v2.8.2's router (registry/api/v2/routes.go) has no referrers route; an unknown path answers 404.
    referrersApi: { value: false, source: code(DISTRIBUTION, 'registry/api/v2/routes.go', 'v2.8.2') },
    referrersHeadStatus: { value: 404, source: code(DISTRIBUTION, 'registry/api/v2/routes.go', 'v2.8.2') },
    tagListPagination: {
      value: 'none: every tag in one answer, n and last ignored',
      source: code(DISTRIBUTION, 'registry/handlers/tags.go', 'v2.8.2'),
    },
    apiVersionHeader: { value: 'registry/2.0', source: code(DISTRIBUTION, 'registry/handlers/app.go', 'v2.8.2') },
  }),
  predict: distribution2Prediction,
};
