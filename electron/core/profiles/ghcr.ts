/**
 * GitHub Container Registry: a schema 1 Accept is answered with the stored schema 2, unconverted; an OCI
 * index without its type in Accept is refused.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { docs, issue, stated } from './types';

export const ghcr = ruleProfile({
  id: 'ghcr',
  name: PROFILE_NAMES.ghcr,
  rules: [
    {
      when: { stored: ['schema2'], by: 'tag', accept: { within: [MediaType.dockerSchema1Signed, MediaType.dockerSchema1] } },
      then: { serve: 'stored' },
      why: 'GHCR does not convert: asked for schema 1 only, it answers with the schema 2 it stores.',
      source: issue('https://github.com/containerd/containerd/issues/4521'),
    },
    {
      when: { stored: ['ociIndex'], by: 'tag', accept: { lacks: [MediaType.ociIndex] } },
      then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
      why: 'Without the OCI index type in Accept an OCI index is refused, HEAD too: "OCI index found, but Accept header does not support OCI indexes".',
      source: issue('https://github.com/seantis/roots/pull/4'),
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
