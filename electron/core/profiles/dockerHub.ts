/**
 * Docker Hub. Its registry is built on distribution, but which of distribution's rewrites it still does is
 * not documented, so only what a source shows is a rule: an OCI manifest asked by digest without the OCI
 * type is refused with distribution's own message.
 */
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { docs, issue, stated } from './types';

export const dockerHub = ruleProfile({
  id: 'docker-hub',
  name: 'Docker Hub',
  rules: [
    {
      when: { stored: ['ociManifest'], by: 'digest', accept: { lacks: [MediaType.ociManifest] } },
      then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
      why: 'An OCI manifest asked by digest without the OCI type is refused: "OCI manifest found, but accept header does not support OCI manifests".',
      source: issue('https://github.com/docker/hub-feedback/issues/2410'),
    },
  ],
  facts: stated({
    // An open request to support it.
    referrersApi: { value: false, source: issue('https://github.com/docker/roadmap/issues/724') },
    // "using GET emulates a real pull and will count towards the limit; using HEAD will not".
    headCountsTowardRateLimit: {
      value: false,
      source: docs('https://docs.docker.com/docker-hub/usage/pulls/'),
    },
    hosts: { value: ['registry-1.docker.io'], source: docs('https://docs.docker.com/docker-hub/usage/pulls/') },
  }),
});
