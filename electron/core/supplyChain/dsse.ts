/**
 * DSSE envelopes and the in-toto statements they carry (cosign attestations, GitHub's attest action,
 * bundles), and bare statements as BuildKit stores them. A statement must name the subject's digest
 * before any signature over it counts; a DSSE signature is over the PAE of payload type and payload.
 */
import type { ShownDocument, Verdict } from '../../../shared/supplyChain';
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

/**
 * An envelope decoded, with the verdict its content earns before any signature is looked at: a payload
 * that is not an in-toto statement is not checked, one whose subjects do not name the digest does not
 * verify; null when the content stands and the signature decides.
 */
export function readDsseContent(
  envelope: DsseEnvelope,
  judge: Judge,
  label: string,
): { reading: Omit<LayerReading, 'verdict'>; verdict: Verdict | null } {
  const payload = base64Bytes(envelope.payload, 'DSSE payload');
  const documents: ShownDocument[] = [{ label: `${label} payload`, mediaType: envelope.payloadType, text: documentText(payload) }];
  if (envelope.payloadType !== IN_TOTO_PAYLOAD) {
    return {
      reading: {
        kind: 'other',
        format: 'unknown',
        title: `DSSE envelope (${envelope.payloadType})`,
        summary: [{ label: 'payload type', value: envelope.payloadType }],
        documents,
      },
      verdict: notChecked(`payload type ${envelope.payloadType} is not an in-toto statement`),
    };
  }
  const { reading, subject } = statementReading(payload, judge);
  return { reading: { ...reading, format: 'in-toto', documents }, verdict: subject.ok ? null : fails(subject.reason) };
}

/** A DSSE envelope's signatures checked with the keys given, over the PAE of payload type and payload. */
export function dsseKeyVerdict(envelope: DsseEnvelope, judge: Judge): Verdict {
  const pae = preAuthEncoding(envelope.payloadType, base64Bytes(envelope.payload, 'DSSE payload'));
  const verdicts = envelope.signatures.map((s) => keyVerdict(judge, pae, base64Bytes(s.sig, 'DSSE signature'), 'envelope'));
  return verdicts.find((v) => v.verified === true) ?? verdicts[0] ?? fails('the envelope has no signatures');
}

export function readDsse(envelope: DsseEnvelope, judge: Judge, label: string): LayerReading {
  const { reading, verdict } = readDsseContent(envelope, judge, label);
  return { ...reading, verdict: verdict ?? dsseKeyVerdict(envelope, judge) };
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
