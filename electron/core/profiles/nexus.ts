/** Sonatype Nexus 3: a schema 2 asked by tag with no Accept header comes back as unsigned schema 1. */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { issue, stated } from './types';

const PREVANT = issue('https://github.com/aixigo/PREvant/issues/44');

export const nexus = ruleProfile({
  id: 'nexus',
  name: PROFILE_NAMES.nexus,
  rules: [
    {
      when: { stored: ['schema2'], by: 'tag', accept: { none: true } },
      then: { serve: 'converted', mediaType: MediaType.dockerSchema1 },
      why: 'Nexus answers a request without Accept with unsigned schema 1.',
      source: PREVANT,
    },
    {
      when: { stored: ['schema2'], by: 'tag', accept: { has: [MediaType.dockerSchema2] } },
      then: { serve: 'stored' },
      why: 'With schema 2 in Accept the stored schema 2 is served.',
      source: PREVANT,
    },
  ],
  facts: stated({}),
});
