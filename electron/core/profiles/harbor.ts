/**
 * Harbor (src/server/registry/manifest.go of v2.14.4) looks a tag up itself and asks the distribution it
 * bundles (a patched 2.8.3: REGISTRYVERSION in its Makefile) for the manifest by digest, so nothing is
 * ever rewritten: its answers are distribution 2.8's answers to a request by digest. Where distribution
 * would refuse (an OCI manifest without its type in Accept) the answer depends on Harbor's manifest cache,
 * which serves what it stores whatever the Accept, so it is unknown. The referrers API is routed for GET
 * only (src/server/registry/route.go); a HEAD of it falls through to distribution, which answers 404.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { distribution2Prediction } from './distribution2';
import { code, stated, UNKNOWN, type Profile } from './types';

const HARBOR = 'goharbor/harbor';
const VERSION = 'v2.14.4';
const MANIFEST_GO = code(HARBOR, 'src/server/registry/manifest.go', VERSION);
const ROUTE_GO = code(HARBOR, 'src/server/registry/route.go', VERSION);

export const harbor: Profile = {
  id: 'harbor',
  name: PROFILE_NAMES.harbor,
  facts: stated({
    referrersApi: { value: true, source: ROUTE_GO },
    referrersHeadStatus: { value: 404, source: ROUTE_GO },
  }),
  predict: async (probe) => {
    const { errorBodyLength: _notPredicted, ...answer } = await distribution2Prediction({ ...probe, by: 'digest' });
    if (answer.status !== 200) return UNKNOWN;
    return { ...answer, why: `Harbor asks its bundled distribution by digest: ${answer.why}`, source: MANIFEST_GO };
  },
};
