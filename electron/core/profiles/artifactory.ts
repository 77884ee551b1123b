/** JFrog Artifactory: no source read states how it negotiates, so every answer is unknown. */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { ruleProfile } from './rules';
import { stated } from './types';

export const artifactory = ruleProfile({
  id: 'artifactory',
  name: PROFILE_NAMES.artifactory,
  rules: [],
  facts: stated({}),
});
