/**
 * zot (pkg/api/routes.go): CheckManifest (HEAD) and GetManifest never read Accept, so the stored manifest
 * is served as stored. /v2/ and the referrers endpoint are routed for GET (and OPTIONS) only, so a HEAD of
 * either is refused by the router as 405, without the API version header the /v2/ handler sets.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { ruleProfile } from './rules';
import { code, stated } from './types';

const ROUTES_GO = code('project-zot/zot', 'pkg/api/routes.go', '4292360841da0bf54decb4c36145a6af6280baf8');

export const zot = ruleProfile({
  id: 'zot',
  name: PROFILE_NAMES.zot,
  rules: [{ when: {}, then: { serve: 'stored' }, why: 'zot ignores Accept and serves what it stores.', source: ROUTES_GO }],
  facts: stated({
    referrersApi: { value: true, source: ROUTES_GO },
    referrersHeadStatus: { value: 405, source: ROUTES_GO },
    apiVersionHeader: { value: null, source: ROUTES_GO },
    tagListPagination: { value: 'n and last, Link header', source: ROUTES_GO },
  }),
});
