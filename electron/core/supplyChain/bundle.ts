/**
 * Sigstore bundles v0.1–v0.3 read and judged offline. The content comes first: a DSSE statement must
 * name the subject's digest, a message signature must sign the subject's digest. Then the signer: a
 * bundle with a public key (its hint) is checked with the keys given, through its DSSE envelope; a
 * keyless bundle (a Fulcio certificate) is verified with sigstore against the trusted root given.
 */
import { X509Certificate } from 'node:crypto';
import type { SummaryField, Verdict } from '../../../shared/supplyChain';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { dsseKeyVerdict, readDsseContent } from './dsse';
import { base64Bytes, bundleVersion, SigstoreBundle } from './envelopes';
import { keylessBundleVerdict } from './keyless';
import { documentText, fails, notChecked, type Judge, type LayerReading } from './verdicts';

/** The identity a signing certificate names (its subject alternative names), PEM or base64 DER. */
export function certificateSummary(pemOrBase64: string): SummaryField[] {
  try {
    const cert = new X509Certificate(pemOrBase64.includes('BEGIN') ? pemOrBase64 : base64Bytes(pemOrBase64, 'certificate'));
    return [{ label: 'certificate', value: cert.subjectAltName ?? cert.subject }];
  } catch {
    return [{ label: 'certificate', value: 'unreadable' }];
  }
}

/**
 * A message signature signs the bytes its digest names; attached to an image, those are the subject's
 * manifest, which a keyless one is verified against (and so read, when a trusted root is given).
 */
async function messageVerdict(bundle: SigstoreBundle, json: unknown, keyless: boolean, judge: Judge): Promise<Verdict> {
  const signed = bundle.messageSignature?.messageDigest;
  const signedHex = signed ? Buffer.from(signed.digest, 'base64').toString('hex') : null;
  if (signedHex !== null && `sha256:${signedHex}` !== judge.subject) {
    return fails(`the bundle signs a message of digest ${signedHex}, not ${judge.subject}`);
  }
  if (keyless) return keylessBundleVerdict(json, judge.trust, judge.trust ? Buffer.from(await judge.subjectBytes()) : undefined);
  return notChecked('a message signature is checked against the signed bytes, which this view does not read');
}

export async function readBundle(bytes: Uint8Array, judge: Judge): Promise<LayerReading> {
  const json = parseJsonValue(bytes, 'sigstore bundle');
  const bundle = validate(SigstoreBundle, json, 'sigstore bundle');
  const material = bundle.verificationMaterial;
  const certificate = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  const logIndexes = (material.tlogEntries ?? []).map((t) => t.logIndex ?? '?');
  const summary: SummaryField[] = [
    { label: 'bundle version', value: bundleVersion(bundle) },
    ...(certificate ? certificateSummary(certificate) : [{ label: 'public key hint', value: material.publicKey?.hint ?? '(none)' }]),
    { label: 'transparency log entries', value: logIndexes.length ? `${logIndexes.length} (index ${logIndexes.join(', ')})` : '0' },
  ];
  const envelope = bundle.dsseEnvelope;
  const inner = envelope ? readDsseContent(envelope, judge, 'bundle DSSE') : null;
  const base = {
    kind: inner?.reading.kind === 'sbom' ? ('sbom' as const) : inner ? ('attestation' as const) : ('signature' as const),
    format: 'sigstore-bundle' as const,
    title: `sigstore bundle v${bundleVersion(bundle)}${inner ? ` (${inner.reading.title})` : ''}`,
    summary: [...summary, ...(inner?.reading.summary ?? [])],
    documents: [{ label: 'sigstore bundle', mediaType: bundle.mediaType, text: documentText(bytes) }, ...(inner?.reading.documents ?? [])],
  };
  if (!envelope || !inner) return { ...base, verdict: await messageVerdict(bundle, json, certificate !== undefined, judge) };
  if (inner.verdict) return { ...base, verdict: inner.verdict };
  return { ...base, verdict: certificate ? keylessBundleVerdict(json, judge.trust) : dsseKeyVerdict(envelope, judge) };
}
