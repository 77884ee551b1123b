/** JFrog Artifactory: no source read states how it negotiates, so every answer is unknown. */
import { ruleProfile } from './rules';
import { stated } from './types';

export const artifactory = ruleProfile({
  id: 'artifactory',
  name: 'JFrog Artifactory',
  rules: [],
  facts: stated({}),
});
