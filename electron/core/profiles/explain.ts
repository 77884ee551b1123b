/**
 * One sentence for a row of the negotiation matrix: why the registry answered that, and what each chosen
 * profile would have answered for the same request. Pure: the caller passes the answer it saw.
 */
import { whySentence } from '../../../shared/profiles';
import { profileAnswer } from './answers';
import type { ObservedAnswer } from './score';
import type { ProbeCase, Profile } from './types';

/**
 * "asked by digest: <the reason of the first profile that predicts this answer>; <profile> would also
 * answer 404 MANIFEST_UNKNOWN; <profile> would answer 200 … instead; <profile> does not say".
 */
export async function explainAnswer(probe: ProbeCase, observed: ObservedAnswer, profiles: readonly Profile[]): Promise<string> {
  const answers = await Promise.all(profiles.map((p) => profileAnswer(p, probe, observed)));
  return whySentence(probe.by, observed.status, answers);
}
