/** GitHub Container Registry: a schema 1 Accept is answered with the stored schema 2, unconverted. */
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { docs, issue, stated } from './types';

export const ghcr = ruleProfile({
  id: 'ghcr',
  name: 'GitHub Container Registry',
  rules: [
    {
      when: { stored: ['schema2'], by: 'tag', accept: { within: [MediaType.dockerSchema1Signed, MediaType.dockerSchema1] } },
      then: { serve: 'stored' },
      why: 'GHCR does not convert: asked for schema 1 only, it answers with the schema 2 it stores.',
      source: issue('https://github.com/containerd/containerd/issues/4521'),
    },
  ],
  facts: stated({
    referrersApi: { value: false, source: issue('https://github.com/actions/attest-build-provenance/issues/71') },
    hosts: {
      value: ['ghcr.io'],
      source: docs('https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry'),
    },
  }),
});
