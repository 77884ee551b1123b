/** Conversions and negotiation matrices as the terminal shows them, and negotiate's JSON rows. */
import {
  signatureText,
  type ConversionNote,
  type ConvertResult,
  type NegotiateResult,
  type NegotiationAnswer,
} from '../../shared/conversion';
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

/** One row of `negotiate --json`, a documented contract: the Accept value, then the registry's and the simulated answer, four fields each. */
export function negotiationJson(result: NegotiateResult) {
  const answer = (a: NegotiationAnswer) => ({ status: a.status, contentType: a.contentType, digest: a.digest, errorCode: a.errorCode });
  return result.rows.map((row) => ({ accept: row.accept, registry: answer(row.registry), simulated: answer(row.simulated) }));
}

const shortDigest = (d: string | null) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '-');

function answerText(a: NegotiationAnswer): string {
  return a.status >= 400
    ? `${a.status} ${a.errorCode ?? ''}`.trim()
    : `${a.status} ${a.contentType ?? '(no type)'} ${shortDigest(a.digest)}`;
}

/** One block per Accept set: the registry's answer, distribution 2.8's, and whether they agree. */
export function formatNegotiation(result: NegotiateResult): string {
  const lines = [
    `Negotiation for ${result.source} (${result.method} by ${result.by}); stored: ${result.stored.mediaType} ${result.stored.digest}`,
    `Compared with what CNCF distribution 2.8 would answer.`,
  ];
  for (const row of result.rows) {
    lines.push(
      '',
      `${row.agree ? 'same' : 'DIFFERS'}  ${row.label}`,
      `  Accept:           ${row.accept === '' ? '(none sent)' : row.accept}`,
      `  registry:         ${answerText(row.registry)}`,
      `  distribution 2.8: ${answerText(row.simulated)}`,
    );
  }
  const differing = result.rows.filter((r) => !r.agree).length;
  lines.push(
    '',
    differing === 0
      ? `All ${result.rows.length} answers match distribution 2.8.`
      : `${differing} of ${result.rows.length} answers differ from distribution 2.8.`,
  );
  return lines.join('\n');
}
