/** Google Artifact Registry: no source states its negotiation; only its host names are documented. */
import { ruleProfile } from './rules';
import { docs, stated } from './types';

export const artifactRegistry = ruleProfile({
  id: 'artifact-registry',
  name: 'Google Artifact Registry',
  rules: [],
  facts: stated({
    hosts: { value: ['*-docker.pkg.dev'], source: docs('https://cloud.google.com/artifact-registry/docs/docker/names') },
  }),
});
