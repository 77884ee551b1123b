/**
 * Amazon ECR's conversion table ("Amazon ECR image manifest conversion"): by tag a stored manifest the
 * client does not accept is converted (schema 2 to schema 1 or OCI, OCI to schema 2, never OCI to
 * schema 1); by digest nothing is converted.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { docs, UNKNOWN, stated } from './types';

const FORMATS = docs('https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html');
const S1 = [MediaType.dockerSchema1Signed, MediaType.dockerSchema1];

export const ecr = ruleProfile({
  id: 'ecr',
  name: PROFILE_NAMES.ecr,
  rules: [
    { when: { by: 'digest' }, then: { serve: 'not-converted' }, why: 'Asked by digest, ECR converts nothing.', source: FORMATS },
    {
      when: { by: 'tag', accept: { storedType: true } },
      then: { serve: 'stored' },
      why: 'The stored type is understood by the client: served as stored.',
      source: FORMATS,
    },
    {
      when: { stored: ['schema2'], by: 'tag', accept: { has: [MediaType.ociManifest] } },
      then: { serve: 'converted', mediaType: MediaType.ociManifest },
      why: 'Schema 2 asked by tag by a client of OCI only: converted to OCI.',
      source: FORMATS,
    },
    {
      when: { stored: ['schema2'], by: 'tag', accept: { within: S1 } },
      then: { serve: 'converted', mediaType: UNKNOWN },
      why: 'Schema 2 asked by tag by a client of schema 1 only: converted to schema 1.',
      source: FORMATS,
    },
    {
      when: { stored: ['ociManifest'], by: 'tag', accept: { within: S1 } },
      then: { serve: 'not-converted' },
      why: 'OCI asked by tag by a client of schema 1 only: ECR has no conversion from OCI to schema 1.',
      source: FORMATS,
    },
    {
      when: { stored: ['ociManifest'], by: 'tag', accept: { has: [MediaType.dockerSchema2] } },
      then: { serve: 'converted', mediaType: MediaType.dockerSchema2 },
      why: 'OCI asked by tag by a client of schema 2: converted to schema 2.',
      source: FORMATS,
    },
  ],
  facts: stated({
    hosts: {
      value: ['*.dkr.ecr.*.amazonaws.com', '*.dkr.ecr.*.amazonaws.com.cn'],
      source: docs('https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html'),
    },
  }),
});
