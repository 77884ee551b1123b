/**
 * DSSE envelopes and the in-toto statements they carry (cosign attestations, GitHub's attest action,
 * bundles), and bare statements as BuildKit stores them. A statement must name the subject's digest
 * before any signature over it counts; a DSSE signature is over the PAE of payload type and payload.
 */
import type { ShownDocument } from '../../../shared/supplyChain';
import { base64Bytes, parseJsonDocument, preAuthEncoding, type DsseEnvelope } from './envelopes';
import { InTotoStatement, readStatement, subjectCheck, type DocumentReading } from './statements';
import { documentText, fails, keyVerdict, notChecked, type Judge, type LayerReading } from './verdicts';

export const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json';

function statementReading(
  statementBytes: Uint8Array,
  judge: Judge,
): { reading: DocumentReading; subject: { ok: boolean; reason: string } } {
  const statement = parseJsonDocument(InTotoStatement, statementBytes, 'in-toto statement');
  return { reading: readStatement(statement), subject: subjectCheck(statement, judge.subject) };
}

export function readDsse(envelope: DsseEnvelope, judge: Judge, label: string): LayerReading {
  const payload = base64Bytes(envelope.payload, 'DSSE payload');
  const documents: ShownDocument[] = [{ label: `${label} payload`, mediaType: envelope.payloadType, text: documentText(payload) }];
  if (envelope.payloadType !== IN_TOTO_PAYLOAD) {
    return {
      kind: 'other',
      format: 'unknown',
      title: `DSSE envelope (${envelope.payloadType})`,
      summary: [{ label: 'payload type', value: envelope.payloadType }],
      verdict: notChecked(`payload type ${envelope.payloadType} is not an in-toto statement`),
      documents,
    };
  }
  const { reading, subject } = statementReading(payload, judge);
  const base = { ...reading, format: 'in-toto' as const, documents };
  if (!subject.ok) return { ...base, verdict: fails(subject.reason) };
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const verdicts = envelope.signatures.map((s) => keyVerdict(judge, pae, base64Bytes(s.sig, 'DSSE signature'), 'envelope'));
  const verdict = verdicts.find((v) => v.verified === true) ?? verdicts[0] ?? fails('the envelope has no signatures');
  return { ...base, verdict };
}

/** A bare in-toto statement, as BuildKit stores attestations: unsigned, its subjects still checked. */
export function readBareStatement(bytes: Uint8Array, judge: Judge): LayerReading {
  const { reading, subject } = statementReading(bytes, judge);
  return {
    ...reading,
    format: 'in-toto',
    verdict: subject.ok ? notChecked(`unsigned statement; ${subject.reason}`) : fails(subject.reason),
    documents: [{ label: 'in-toto statement', mediaType: IN_TOTO_PAYLOAD, text: documentText(bytes) }],
  };
}
