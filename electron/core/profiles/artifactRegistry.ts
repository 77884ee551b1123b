/** Google Artifact Registry: no source states its negotiation; only its host names are documented. */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { ruleProfile } from './rules';
import { docs, stated } from './types';

export const artifactRegistry = ruleProfile({
  id: 'artifact-registry',
  name: PROFILE_NAMES['artifact-registry'],
  rules: [],
  facts: stated({
    hosts: { value: ['*-docker.pkg.dev'], source: docs('https://cloud.google.com/artifact-registry/docs/docker/names') },
  }),
});
