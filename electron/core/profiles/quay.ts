/**
 * Quay (endpoints/v2/manifest.py): by digest the stored manifest is served whatever the Accept; by tag it
 * is served when its type is accepted, else converted, and "for back-compat" schema 1 is the fallback
 * when no conversion fits. Which type a conversion gives is decided elsewhere, so it is left unknown.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { code, UNKNOWN, stated } from './types';

const QUAY = 'quay/quay';
const VERSION = '0036dbe7a9f6ac74967a2164bbe41e2f84d4241c';
const MANIFEST_PY = code(QUAY, 'endpoints/v2/manifest.py', VERSION);

export const quay = ruleProfile({
  id: 'quay',
  name: PROFILE_NAMES.quay,
  rules: [
    {
      when: { by: 'digest' },
      then: { serve: 'stored' },
      why: 'Asked by digest, Quay serves the stored manifest without looking at Accept.',
      source: MANIFEST_PY,
    },
    {
      when: { by: 'tag', accept: { storedType: true } },
      then: { serve: 'stored' },
      why: 'The stored type is accepted, so it is served as stored.',
      source: MANIFEST_PY,
    },
    {
      when: { stored: ['schema1'], by: 'tag', accept: { none: true } },
      then: { serve: 'stored' },
      why: 'Without an Accept header a stored schema 1 is served as stored.',
      source: MANIFEST_PY,
    },
    {
      when: { stored: ['schema2'], by: 'tag', accept: { lacks: [MediaType.dockerSchema2] } },
      then: { serve: 'converted', mediaType: UNKNOWN },
      why: 'Asked by tag without schema 2, Quay converts, and falls back to schema 1 when no conversion fits.',
      source: MANIFEST_PY,
    },
  ],
  facts: stated({
    // endpoints/v2/referrers.py serves it only where FEATURE_REFERRERS_API is on (route_show_if), so for a
    // given Quay it is unknown.
  }),
});
