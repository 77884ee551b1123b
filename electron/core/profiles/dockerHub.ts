/**
 * Docker Hub. Its registry is built on distribution, but which of distribution's rewrites it still does is
 * not documented, so only what a source shows is a rule: an OCI manifest asked by digest without the OCI
 * type is refused with distribution's own message.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { code, issue, stated } from './types';

const RATE_LIMIT_PAGE = code('docker/docs', 'docker-hub/download-rate-limit.md', '0a951c5204349755441b63799e30412dc4eee44b');

export const dockerHub = ruleProfile({
  id: 'docker-hub',
  name: PROFILE_NAMES['docker-hub'],
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
    // "Note that using GET emulates a real pull and will count towards the limit; using HEAD will not", in the
    // page's example of a HEAD to registry-1.docker.io.
    headCountsTowardRateLimit: { value: false, source: RATE_LIMIT_PAGE },
    hosts: { value: ['registry-1.docker.io'], source: RATE_LIMIT_PAGE },
  }),
});
