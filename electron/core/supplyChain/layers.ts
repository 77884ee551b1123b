/**
 * One layer of a referrer read and judged: a cosign simple-signing payload with its signature, a DSSE
 * envelope, a bare in-toto statement (BuildKit), a sigstore bundle, an SBOM. Verdicts are offline: keys the
 * user gave, the subject digest the payload must name; nothing is fetched but the layer itself.
 */
import { X509Certificate } from 'node:crypto';
import type { ShownDocument, SupplyChainFormat, SupplyChainKind, SummaryField, Verdict } from '../../../shared/supplyChain';
import { parseJsonValue, type Descriptor } from '../convert/manifestTypes';
import { isLensError } from '../errors';
import { base64Bytes, bundleVersion, DsseEnvelope, parseJsonDocument, preAuthEncoding, SigstoreBundle, SimpleSigning } from './envelopes';
import { keyThatSigned, type VerificationKey } from './keys';
import { InTotoStatement, readCycloneDx, readSpdx, readStatement, subjectCheck, type DocumentReading } from './statements';

export const LayerType = {
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  dsse: 'application/vnd.dsse.envelope.v1+json',
  inToto: 'application/vnd.in-toto+json',
  notation: 'application/vnd.cncf.notary.signature',
} as const;

const SBOM_LAYER_TYPES = ['text/spdx+json', 'application/spdx+json', 'application/vnd.cyclonedx+json', 'application/vnd.cyclonedx'];
const BUNDLE_TYPE = /^application\/vnd\.dev\.sigstore\.bundle/;
const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json';

export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';

/** Whether a layer is one this tool reads (and so fetches); others are shown by descriptor only. */
export function isReadableLayer(layer: Descriptor, artifactType: string | null): boolean {
  const types = [layer.mediaType, artifactType ?? ''];
  return (
    [LayerType.simpleSigning, LayerType.dsse, LayerType.inToto, ...SBOM_LAYER_TYPES].includes(layer.mediaType) ||
    types.some((t) => BUNDLE_TYPE.test(t))
  );
}

export interface LayerReading {
  kind: SupplyChainKind;
  format: SupplyChainFormat;
  title: string;
  summary: SummaryField[];
  verdict: Verdict;
  documents: ShownDocument[];
}

export interface Judge {
  keys: readonly VerificationKey[];
  trustedRootGiven: boolean;
  /** The digest the artifact refers to, which a payload must name. */
  subject: string;
}

const notChecked = (what: string): Verdict => ({ verified: null, reason: `not checked (${what})` });
const fails = (why: string): Verdict => ({ verified: false, reason: `does not verify: ${why}` });

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const pretty = (bytes: Uint8Array) => {
  try {
    return JSON.stringify(JSON.parse(text(bytes)), null, 2);
  } catch {
    return text(bytes);
  }
};

/** A check with keys: which one signed, or why none did, or that none was given. */
function keyVerdict(judge: Judge, data: Uint8Array, signature: Uint8Array, what: string): Verdict {
  if (judge.keys.length === 0) return notChecked('no key given');
  const signer = keyThatSigned(judge.keys, data, signature);
  if (!signer) return fails(`the ${what} is signed by none of the ${judge.keys.length} key(s) given`);
  return { verified: true, reason: `verified: ${what} signed by ${signer.name}` };
}

/** A cosign signature layer: the payload must name the subject, and a key given must have signed its bytes. */
function readSimpleSigning(layer: Descriptor, bytes: Uint8Array, judge: Judge): LayerReading {
  const payload = parseJsonDocument(SimpleSigning, bytes, 'cosign simple-signing payload');
  const claimed = payload.critical.image['docker-manifest-digest'];
  const identity = payload.critical.identity['docker-reference'];
  const certificate = layer.annotations?.[COSIGN_CERTIFICATE_ANNOTATION];
  const summary: SummaryField[] = [
    { label: 'claimed digest', value: claimed },
    { label: 'identity', value: identity },
    ...(certificate ? certificateSummary(certificate) : []),
  ];
  const documents = [{ label: 'simple-signing payload', mediaType: layer.mediaType, text: pretty(bytes) }];
  const reading = { kind: 'signature' as const, format: 'cosign' as const, title: 'cosign signature', summary, documents };
  if (claimed !== judge.subject) return { ...reading, verdict: fails(`the payload names ${claimed}, not ${judge.subject}`) };
  const signature = layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION];
  if (!signature) return { ...reading, verdict: fails('the layer has no dev.cosignproject.cosign/signature annotation') };
  if (certificate && judge.keys.length === 0) {
    return {
      ...reading,
      verdict: notChecked(
        judge.trustedRootGiven
          ? 'keyless cosign signatures are not verified yet: the sigstore verifier is not part of this build'
          : 'no trust root given',
      ),
    };
  }
  return { ...reading, verdict: keyVerdict(judge, bytes, base64Bytes(signature, 'cosign signature'), 'payload') };
}

/** The signer a Fulcio certificate names (its SAN) and the OIDC issuer extension, when readable. */
function certificateSummary(pemOrBase64: string): SummaryField[] {
  try {
    const cert = new X509Certificate(pemOrBase64.includes('BEGIN') ? pemOrBase64 : base64Bytes(pemOrBase64, 'certificate'));
    return [{ label: 'certificate', value: cert.subjectAltName ?? cert.subject }];
  } catch {
    return [{ label: 'certificate', value: 'unreadable' }];
  }
}

/** A statement's reading with its subject check folded into the verdict of the envelope around it. */
function statementReading(
  statementBytes: Uint8Array,
  judge: Judge,
): { reading: DocumentReading; subject: { ok: boolean; reason: string } } {
  const statement = parseJsonDocument(InTotoStatement, statementBytes, 'in-toto statement');
  return { reading: readStatement(statement), subject: subjectCheck(statement, judge.subject) };
}

function readDsse(envelope: DsseEnvelope, judge: Judge, label: string): LayerReading {
  const payload = base64Bytes(envelope.payload, 'DSSE payload');
  const documents: ShownDocument[] = [{ label: `${label} payload`, mediaType: envelope.payloadType, text: pretty(payload) }];
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

/** A sigstore bundle: its signature checked with the keys given; certificate chains need a trust root library. */
function readBundle(bytes: Uint8Array, judge: Judge): LayerReading {
  const bundle = parseJsonDocument(SigstoreBundle, bytes, 'sigstore bundle');
  const material = bundle.verificationMaterial;
  const certificate = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
  const summary: SummaryField[] = [
    { label: 'bundle version', value: bundleVersion(bundle) },
    ...(certificate ? certificateSummary(certificate) : [{ label: 'public key hint', value: material.publicKey?.hint ?? '(none)' }]),
    { label: 'transparency log entries', value: String(material.tlogEntries?.length ?? 0) },
  ];
  const documents = [{ label: 'sigstore bundle', mediaType: bundle.mediaType, text: pretty(bytes) }];
  const inner = bundle.dsseEnvelope ? readDsse(bundle.dsseEnvelope, judge, 'bundle DSSE') : null;
  const title = `sigstore bundle v${bundleVersion(bundle)}${inner ? ` (${inner.title})` : ''}`;
  const base = {
    kind: inner?.kind === 'sbom' ? ('sbom' as const) : inner ? ('attestation' as const) : ('signature' as const),
    format: 'sigstore-bundle' as const,
    title,
    summary: [...summary, ...(inner?.summary ?? [])],
    documents: [...documents, ...(inner?.documents ?? [])],
  };
  if (inner?.verdict.verified === false) return { ...base, verdict: inner.verdict };
  if (certificate)
    return {
      ...base,
      verdict: notChecked(
        judge.trustedRootGiven
          ? 'keyless bundles are not verified yet: the sigstore verifier is not part of this build'
          : 'no trust root given',
      ),
    };
  if (inner) return { ...base, verdict: inner.verdict };
  // A message signature signs the bytes its digest names; attached to an image, those are the subject's.
  const signed = bundle.messageSignature?.messageDigest;
  const subjectHex = judge.subject.split(':')[1] ?? '';
  if (signed && Buffer.from(signed.digest, 'base64').toString('hex') !== subjectHex) {
    return {
      ...base,
      verdict: fails(`the bundle signs a message of digest ${Buffer.from(signed.digest, 'base64').toString('hex')}, not ${judge.subject}`),
    };
  }
  return { ...base, verdict: notChecked('a message signature is checked against the signed bytes, which this view does not read') };
}

function readSbomLayer(mediaType: string, bytes: Uint8Array): LayerReading {
  const value = parseJsonValue(bytes, `${mediaType} document`);
  const reading = readSpdx(value) ?? readCycloneDx(value);
  const documents = [{ label: 'SBOM', mediaType, text: pretty(bytes) }];
  if (!reading) {
    return {
      kind: 'sbom',
      format: 'unknown',
      title: `SBOM (${mediaType})`,
      summary: [],
      verdict: notChecked('an SBOM carries no signature'),
      documents,
    };
  }
  return {
    ...reading,
    format: reading.format === 'in-toto' ? 'unknown' : reading.format,
    verdict: notChecked('an SBOM carries no signature'),
    documents,
  };
}

/** A bare in-toto statement, as BuildKit stores attestations: unsigned, its subjects still checked. */
function readBareStatement(bytes: Uint8Array, judge: Judge): LayerReading {
  const { reading, subject } = statementReading(bytes, judge);
  return {
    ...reading,
    format: 'in-toto',
    verdict: subject.ok ? notChecked(`unsigned statement; ${subject.reason}`) : fails(subject.reason),
    documents: [{ label: 'in-toto statement', mediaType: IN_TOTO_PAYLOAD, text: pretty(bytes) }],
  };
}

/** Reads one fetched layer; a layer that does not parse is shown as such, with the reason as its verdict. */
export function readLayer(layer: Descriptor, artifactType: string | null, bytes: Uint8Array, judge: Judge): LayerReading {
  try {
    if (layer.mediaType === LayerType.simpleSigning) return readSimpleSigning(layer, bytes, judge);
    if (layer.mediaType === LayerType.dsse) return readDsse(parseJsonDocument(DsseEnvelope, bytes, 'DSSE envelope'), judge, 'DSSE');
    if (layer.mediaType === LayerType.inToto) return readBareStatement(bytes, judge);
    if (BUNDLE_TYPE.test(layer.mediaType) || BUNDLE_TYPE.test(artifactType ?? '')) return readBundle(bytes, judge);
    return readSbomLayer(layer.mediaType, bytes);
  } catch (e) {
    if (!isLensError(e)) throw e;
    const reason = e.message;
    return {
      kind: 'other',
      format: 'unknown',
      title: `unreadable ${layer.mediaType}`,
      summary: [],
      verdict: fails(reason),
      documents: [{ label: 'layer', mediaType: layer.mediaType, text: text(bytes) }],
    };
  }
}
