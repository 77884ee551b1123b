/**
 * Harbor serves manifests through the distribution it bundles (a patched 2.8.3, REGISTRYVERSION in its
 * Makefile), so its answers are distribution 2.8's; its own core in front writes other error bodies and
 * adds the referrers API, so error body lengths are not predicted.
 */
import { distribution2Prediction } from './distribution2';
import { code, issue, type Profile, stated } from './types';

const MAKEFILE = code('goharbor/harbor', 'Makefile', 'main');

export const harbor: Profile = {
  id: 'harbor',
  name: 'Harbor',
  facts: stated({
    referrersApi: { value: true, source: issue('https://github.com/goharbor/harbor/issues/17928') },
  }),
  predict: async (probe) => {
    const { errorBodyLength: _notPredicted, ...answer } = await distribution2Prediction(probe);
    return { ...answer, why: `Harbor's bundled distribution 2.8: ${answer.why}`, source: MAKEFILE };
  },
};
