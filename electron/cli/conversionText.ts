/** Conversions and negotiation matrices as the terminal shows them, and negotiate's JSON rows. */
import {
  signatureText,
  type ConversionNote,
  type ConvertResult,
  type NegotiateResult,
  type NegotiationAnswer,
  type NegotiationRow,
} from '../../shared/conversion';
import { PROFILE_NAMES, whySentence, type FingerprintResult, type ProfileAnswer, type ProfileId } from '../../shared/profiles';
import { FORMATS } from '../../shared/mediaTypes';

export function formatNote(n: ConversionNote): string {
  return `${n.kind}: ${n.field}: ${n.message}`;
}

/** What was converted from what, then one line per note. */
export function formatConversion(result: ConvertResult): string {
  const title = FORMATS.find((f) => f.id === result.format)?.title ?? result.format;
  const child = result.from.child ? `, entry ${result.from.child.index} (${result.from.child.platform}) ${result.from.child.digest}` : '';
  const lines = [
    `Converted ${result.source} (${result.from.mediaType} ${result.from.digest}${child})`,
    ...(result.from.signature ? [`  source signature: ${signatureText(result.from.signature)}`] : []),
    `  to ${title}: ${result.manifest.mediaType}, ${result.manifest.size} bytes, ${result.manifest.digest}`,
  ];
  if (result.config) lines.push(`  with a new config: ${result.config.mediaType}, ${result.config.size} bytes, ${result.config.digest}`);
  lines.push(...result.notes.map((n) => `  ${formatNote(n)}`));
  return lines.join('\n');
}

/** The profiles a negotiation is compared with, and the fingerprint that chose one of them (null when the user named them). */
export interface ProfileChoice {
  profiles: readonly ProfileId[];
  fingerprint: FingerprintResult | null;
}

const chosenAnswers = (row: NegotiationRow, choice: ProfileChoice) =>
  choice.profiles.map((id) => row.profiles.find((a) => a.profile === id)!);

/** A profile's prediction as `negotiate --json` prints it: "unknown", or its four fields and its verdict. */
function predictionJson(answer: ProfileAnswer) {
  return answer.predicted === 'unknown' ? 'unknown' : { ...answer.predicted, verdict: answer.verdict };
}

/**
 * One row of `negotiate --json`, a documented contract: the Accept value, then the registry's and the
 * simulated answer, four fields each; then each chosen profile's prediction by ID, and why the registry
 * answered that.
 */
export function negotiationJson(result: NegotiateResult, choice: ProfileChoice) {
  const answer = (a: NegotiationAnswer) => ({ status: a.status, contentType: a.contentType, digest: a.digest, errorCode: a.errorCode });
  return result.rows.map((row) => {
    const chosen = chosenAnswers(row, choice);
    return {
      accept: row.accept,
      registry: answer(row.registry),
      simulated: answer(row.simulated),
      profiles: Object.fromEntries(chosen.map((a) => [a.profile, predictionJson(a)])),
      why: whySentence(result.by, row.registry.status, chosen),
    };
  });
}

const shortDigest = (d: string | null) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '-');

function answerText(a: NegotiationAnswer): string {
  return a.status >= 400
    ? `${a.status} ${a.errorCode ?? ''}`.trim()
    : `${a.status} ${a.contentType ?? '(no type)'} ${shortDigest(a.digest)}`;
}

const VERDICT_TEXT = { agree: 'same', disagree: 'DIFFERS', unknown: 'cannot tell' } as const;

/** Which profiles, and why: named by the user, or distribution 2.8 and the one the fingerprint named. */
function choiceText(choice: ProfileChoice): string[] {
  const names = choice.profiles.map((id) => `${PROFILE_NAMES[id]} (${id})`).join(', ');
  if (!choice.fingerprint) return [`Profiles compared: ${names}.`];
  return [`Profiles compared: ${names}; distribution 2.8 and the fingerprint's choice.`, `Fingerprint: ${choice.fingerprint.verdict}`];
}

/** One block per Accept set: the registry's answer, distribution 2.8's, each chosen profile's, and why. */
export function formatNegotiation(result: NegotiateResult, choice: ProfileChoice): string {
  const lines = [
    `Negotiation for ${result.source} (${result.method} by ${result.by}); stored: ${result.stored.mediaType} ${result.stored.digest}`,
    `Compared with what CNCF distribution 2.8 would answer.`,
    ...choiceText(choice),
  ];
  const width = Math.max('distribution 2.8'.length, ...choice.profiles.map((id) => id.length + 'profile '.length));
  const column = (name: string) => `${name}:`.padEnd(width + 2);
  for (const row of result.rows) {
    const chosen = chosenAnswers(row, choice);
    lines.push(
      '',
      `${row.agree ? 'same' : 'DIFFERS'}  ${row.label}`,
      `  ${column('Accept')}${row.accept === '' ? '(none sent)' : row.accept}`,
      `  ${column('registry')}${answerText(row.registry)}`,
      `  ${column('distribution 2.8')}${answerText(row.simulated)}`,
      ...chosen.map((a) => `  ${column(`profile ${a.profile}`)}${a.text}${a.text === 'unknown' ? '' : `  ${VERDICT_TEXT[a.verdict]}`}`),
      `  why: ${whySentence(result.by, row.registry.status, chosen)}`,
    );
  }
  const differing = result.rows.filter((r) => !r.agree).length;
  lines.push(
    '',
    differing === 0
      ? `All ${result.rows.length} answers match distribution 2.8.`
      : `${differing} of ${result.rows.length} answers differ from distribution 2.8.`,
  );
  for (const id of choice.profiles) {
    const departs = result.rows.filter((r) => r.profiles.find((a) => a.profile === id)?.verdict === 'disagree').length;
    lines.push(
      `${PROFILE_NAMES[id]}: ${departs === 0 ? 'no answer departs from its predictions' : `${departs} of ${result.rows.length} answers depart from its predictions`}.`,
    );
  }
  return lines.join('\n');
}
