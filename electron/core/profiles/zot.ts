/** zot (pkg/api/routes.go): GetManifest never reads Accept; the stored manifest is served as stored. */
import { ruleProfile } from './rules';
import { code, stated } from './types';

const ROUTES_GO = code('project-zot/zot', 'pkg/api/routes.go', '4292360841da0bf54decb4c36145a6af6280baf8');

export const zot = ruleProfile({
  id: 'zot',
  name: 'zot',
  rules: [{ when: {}, then: { serve: 'stored' }, why: 'zot ignores Accept and serves what it stores.', source: ROUTES_GO }],
  facts: stated({
    referrersApi: { value: true, source: ROUTES_GO },
  }),
});
