/**
 * One sentence for a row of the negotiation matrix: why the registry answered that, and what each chosen
 * profile would have answered for the same request. Pure: the caller passes the answer it saw.
 */
import { describePrediction, judgeAnswer, type ObservedAnswer } from './score';
import { UNKNOWN, type Prediction, type ProbeCase, type Profile } from './types';

const withoutStop = (text: string) => text.replace(/\.$/, '');

/**
 * "asked by digest: <the reason of the first profile that predicts this answer>; <profile> would also
 * answer 404 MANIFEST_UNKNOWN; <profile> would answer 200 … instead; <profile> does not say".
 */
export async function explainAnswer(probe: ProbeCase, observed: ObservedAnswer, profiles: readonly Profile[]): Promise<string> {
  const predictions = await Promise.all(profiles.map((p) => p.predict(probe)));
  const verdicts = predictions.map((p) => judgeAnswer(p, observed));
  const explaining = predictions.find((p, i): p is Prediction => p !== UNKNOWN && verdicts[i] === 'agree');
  const reason = explaining ? withoutStop(explaining.why) : 'none of the profiles compared predicts this answer';
  const comparisons = profiles.map((profile, i) => {
    const prediction = predictions[i]!;
    if (verdicts[i] === UNKNOWN || prediction === UNKNOWN) return `${profile.name} does not say`;
    const answer = describePrediction(prediction);
    return verdicts[i] === 'agree' ? `${profile.name} would also answer ${answer}` : `${profile.name} would answer ${answer} instead`;
  });
  return [`asked by ${probe.by}: ${reason}`, ...comparisons].join('; ');
}
