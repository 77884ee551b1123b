/** Gitea and Forgejo (routers/api/packages/container/container.go): GET and HEAD serve the stored manifest, Accept unread. */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { ruleProfile } from './rules';
import { code, stated } from './types';

const CONTAINER_GO = code('go-gitea/gitea', 'routers/api/packages/container/container.go', '00dbfe2bd95e5d6d7c6e2a5147e16ad037187dda');

export const gitea = ruleProfile({
  id: 'gitea',
  name: PROFILE_NAMES.gitea,
  rules: [{ when: {}, then: { serve: 'stored' }, why: 'Gitea ignores Accept and serves what it stores.', source: CONTAINER_GO }],
  facts: stated({
    tagListPagination: { value: 'n and last', source: CONTAINER_GO },
  }),
});
