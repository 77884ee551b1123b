/**
 * One layer of a referrer read and judged, by its media type: a cosign simple-signing payload with its
 * signature, a DSSE envelope, a bare in-toto statement (BuildKit), a sigstore bundle, an SBOM. Verdicts
 * are offline: keys the user gave, the subject digest the payload must name; only the layer is read.
 */
import type { SummaryField } from '../../../shared/supplyChain';
import { parseJsonValue, type Descriptor } from '../convert/manifestTypes';
import { isLensError } from '../errors';
import { certificateSummary, readBundle } from './bundle';
import { IN_TOTO_PAYLOAD, readBareStatement, readDsse } from './dsse';
import { base64Bytes, DsseEnvelope, parseJsonDocument, SimpleSigning } from './envelopes';
import { readCycloneDx, readSpdx } from './statements';
import { documentText, fails, keylessCosignVerdict, keyVerdict, notChecked, type Judge, type LayerReading } from './verdicts';

const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
const SBOM_LAYER_TYPES = ['text/spdx+json', 'application/spdx+json', 'application/vnd.cyclonedx+json'];
const BUNDLE_TYPE = /^application\/vnd\.dev\.sigstore\.bundle/;

const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';

/** Whether a layer is one this tool reads (and so fetches); others are shown by descriptor only. */
export function isReadableLayer(layer: Descriptor, artifactType: string | null): boolean {
  return (
    [SIMPLE_SIGNING, DSSE_ENVELOPE, IN_TOTO_PAYLOAD, ...SBOM_LAYER_TYPES].includes(layer.mediaType) ||
    [layer.mediaType, artifactType ?? ''].some((t) => BUNDLE_TYPE.test(t))
  );
}

/** A cosign signature layer: the payload must name the subject, and a key given must have signed its bytes. */
function readSimpleSigning(layer: Descriptor, bytes: Uint8Array, judge: Judge): LayerReading {
  const payload = parseJsonDocument(SimpleSigning, bytes, 'cosign simple-signing payload');
  const claimed = payload.critical.image['docker-manifest-digest'];
  const certificate = layer.annotations?.[COSIGN_CERTIFICATE_ANNOTATION];
  const summary: SummaryField[] = [
    { label: 'claimed digest', value: claimed },
    { label: 'identity', value: payload.critical.identity['docker-reference'] },
    ...(certificate ? certificateSummary(certificate) : []),
  ];
  const documents = [{ label: 'simple-signing payload', mediaType: layer.mediaType, text: documentText(bytes) }];
  const reading = { kind: 'signature' as const, format: 'cosign' as const, title: 'cosign signature', summary, documents };
  if (claimed !== judge.subject) return { ...reading, verdict: fails(`the payload names ${claimed}, not ${judge.subject}`) };
  const signature = layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION];
  if (!signature) return { ...reading, verdict: fails(`the layer has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`) };
  if (certificate && judge.keys.length === 0) return { ...reading, verdict: keylessCosignVerdict(judge) };
  return { ...reading, verdict: keyVerdict(judge, bytes, base64Bytes(signature, 'cosign signature'), 'payload') };
}

function readSbomLayer(mediaType: string, bytes: Uint8Array): LayerReading {
  const value = parseJsonValue(bytes, `${mediaType} document`);
  const reading = readSpdx(value) ?? readCycloneDx(value);
  return {
    kind: 'sbom',
    format: reading?.format === 'spdx' || reading?.format === 'cyclonedx' ? reading.format : 'unknown',
    title: reading?.title ?? `SBOM (${mediaType})`,
    summary: reading?.summary ?? [],
    verdict: notChecked('an SBOM carries no signature'),
    documents: [{ label: 'SBOM', mediaType, text: documentText(bytes) }],
  };
}

/** Reads one fetched layer; a layer that does not parse is shown as such, with the reason as its verdict. */
export async function readLayer(layer: Descriptor, artifactType: string | null, bytes: Uint8Array, judge: Judge): Promise<LayerReading> {
  try {
    if (layer.mediaType === SIMPLE_SIGNING) return readSimpleSigning(layer, bytes, judge);
    if (layer.mediaType === DSSE_ENVELOPE) return readDsse(parseJsonDocument(DsseEnvelope, bytes, 'DSSE envelope'), judge, 'DSSE');
    if (layer.mediaType === IN_TOTO_PAYLOAD) return readBareStatement(bytes, judge);
    if (BUNDLE_TYPE.test(layer.mediaType) || BUNDLE_TYPE.test(artifactType ?? '')) return await readBundle(bytes, judge);
    return readSbomLayer(layer.mediaType, bytes);
  } catch (e) {
    if (!isLensError(e)) throw e;
    return {
      kind: 'other',
      format: 'unknown',
      title: `unreadable ${layer.mediaType}`,
      summary: [],
      verdict: fails(e.message),
      documents: [{ label: 'layer', mediaType: layer.mediaType, text: Buffer.from(bytes).toString('utf8') }],
    };
  }
}
