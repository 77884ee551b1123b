/**
 * Sigstore bundles v0.1–v0.3 read and judged offline: a bundle with a public key (its hint) is checked with
 * the keys given, through its DSSE envelope; a message signature must name the subject's digest; a
 * keyless bundle (a Fulcio certificate) shows its signer and is not checked here.
 */
import { X509Certificate } from 'node:crypto';
import type { SummaryField } from '../../../shared/supplyChain';
import { readDsse } from './dsse';
import { base64Bytes, bundleVersion, parseJsonDocument, SigstoreBundle } from './envelopes';
import { documentText, fails, keylessVerdict, notChecked, type Judge, type LayerReading } from './verdicts';

/** The identity a signing certificate names (its subject alternative names), PEM or base64 DER. */
export function certificateSummary(pemOrBase64: string): SummaryField[] {
  try {
    const cert = new X509Certificate(pemOrBase64.includes('BEGIN') ? pemOrBase64 : base64Bytes(pemOrBase64, 'certificate'));
    return [{ label: 'certificate', value: cert.subjectAltName ?? cert.subject }];
  } catch {
    return [{ label: 'certificate', value: 'unreadable' }];
  }
}

export function readBundle(bytes: Uint8Array, judge: Judge): LayerReading {
  const bundle = parseJsonDocument(SigstoreBundle, bytes, 'sigstore bundle');
  const material = bundle.verificationMaterial;
  const certificate = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  const summary: SummaryField[] = [
    { label: 'bundle version', value: bundleVersion(bundle) },
    ...(certificate ? certificateSummary(certificate) : [{ label: 'public key hint', value: material.publicKey?.hint ?? '(none)' }]),
    { label: 'transparency log entries', value: String(material.tlogEntries?.length ?? 0) },
  ];
  const inner = bundle.dsseEnvelope ? readDsse(bundle.dsseEnvelope, judge, 'bundle DSSE') : null;
  const base = {
    kind: inner?.kind === 'sbom' ? ('sbom' as const) : inner ? ('attestation' as const) : ('signature' as const),
    format: 'sigstore-bundle' as const,
    title: `sigstore bundle v${bundleVersion(bundle)}${inner ? ` (${inner.title})` : ''}`,
    summary: [...summary, ...(inner?.summary ?? [])],
    documents: [{ label: 'sigstore bundle', mediaType: bundle.mediaType, text: documentText(bytes) }, ...(inner?.documents ?? [])],
  };
  if (inner?.verdict.verified === false) return { ...base, verdict: inner.verdict };
  if (certificate) return { ...base, verdict: keylessVerdict(judge, 'bundles') };
  if (inner) return { ...base, verdict: inner.verdict };
  // A message signature signs the bytes its digest names; attached to an image, those are the subject's.
  const signed = bundle.messageSignature?.messageDigest;
  const signedHex = signed ? Buffer.from(signed.digest, 'base64').toString('hex') : null;
  if (signedHex !== null && `sha256:${signedHex}` !== judge.subject) {
    return { ...base, verdict: fails(`the bundle signs a message of digest ${signedHex}, not ${judge.subject}`) };
  }
  return { ...base, verdict: notChecked('a message signature is checked against the signed bytes, which this view does not read') };
}
