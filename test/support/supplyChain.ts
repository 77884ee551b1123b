/**
 * Supply-chain artifacts built the way their tools publish them, sharing no code with the app: cosign's
 * signature manifest (cosign's SIGNATURE_SPEC.md: an OCI manifest whose layers are simple-signing payloads,
 * each with its base64 ECDSA signature in `dev.cosignproject.cosign/signature`), cosign attestations (DSSE
 * envelopes of in-toto statements), BuildKit attestation manifests, OCI 1.1 artifacts with a subject and
 * the referrers tag index distribution-spec clients push for registries without the referrers API.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { MediaType } from '../../shared/mediaTypes';
import { blobOf, type Blob } from './blobs';
import { pushBlob, pushManifest } from './push';

export interface KeyPair {
  privateKey: KeyObject;
  publicPem: string;
}

export function p256KeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** ECDSA P-256 over SHA-256, DER-encoded, base64: what cosign puts in the signature annotation. */
export function cosignSign(key: KeyPair, bytes: Uint8Array): string {
  return sign('sha256', bytes, key.privateKey).toString('base64');
}

export function simpleSigningPayload(digest: string, identity: string): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': identity },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

/** A built manifest and every blob it needs in the registry. */
export interface Artifact {
  manifest: Blob;
  blobs: Blob[];
}

const EMPTY_CONFIG = blobOf('{}', MediaType.ociEmpty);

/** The config cosign writes for its signature and attestation images. */
function cosignConfig(layers: readonly Blob[]): Blob {
  return blobOf(
    JSON.stringify({
      architecture: '',
      config: {},
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    }),
    MediaType.ociConfig,
  );
}

export type AnnotatedBlob = Blob & { annotations?: Record<string, string> };

export function withAnnotations(blob: Blob, annotations: Record<string, string>): AnnotatedBlob {
  return { ...blob, annotations };
}

/** An OCI manifest whose layer descriptors carry annotations (ociManifest writes plain descriptors). */
function manifestWithLayerAnnotations(config: Blob, layers: readonly AnnotatedBlob[], extra: Record<string, unknown> = {}): Blob {
  return blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      ...extra,
      config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size, annotations: l.annotations })),
    }),
    MediaType.ociManifest,
  );
}

/** cosign's `.sig` image: one layer per signature, the payload as the blob and the signature as annotation. */
export function cosignSignatureImage(
  signatures: ReadonlyArray<{ payload: Uint8Array; signature: string; certificate?: string }>,
): Artifact {
  const layers = signatures.map((s) =>
    withAnnotations(blobOf(s.payload, 'application/vnd.dev.cosign.simplesigning.v1+json'), {
      'dev.cosignproject.cosign/signature': s.signature,
      // A keyless signature carries its signing certificate (PEM) beside it.
      ...(s.certificate ? { 'dev.sigstore.cosign/certificate': s.certificate } : {}),
    }),
  );
  const config = cosignConfig(layers);
  return { manifest: manifestWithLayerAnnotations(config, layers), blobs: [config, ...layers] };
}

export function inTotoStatement(subjectDigest: string, predicateType: string, predicate: unknown): Uint8Array {
  const [algorithm, hex] = subjectDigest.split(':') as [string, string];
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      subject: [{ name: 'lens/app', digest: { [algorithm]: hex } }],
      predicateType,
      predicate,
    }),
  );
}

/** A DSSE envelope, its signature over the PAE as the DSSE protocol spells it out. */
export function dsseEnvelope(payload: Uint8Array, key: KeyPair): Uint8Array {
  const type = 'application/vnd.in-toto+json';
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
  return Buffer.from(
    JSON.stringify({
      payloadType: type,
      payload: Buffer.from(payload).toString('base64'),
      signatures: [{ keyid: '', sig: sign('sha256', pae, key.privateKey).toString('base64') }],
    }),
  );
}

/** cosign's `.att` image: DSSE envelopes as layers, each annotated with its predicate type. */
export function cosignAttestationImage(envelopes: ReadonlyArray<{ envelope: Uint8Array; predicateType: string }>): Artifact {
  const layers = envelopes.map((e) =>
    withAnnotations(blobOf(e.envelope, 'application/vnd.dsse.envelope.v1+json'), { predicateType: e.predicateType }),
  );
  const config = cosignConfig(layers);
  return { manifest: manifestWithLayerAnnotations(config, layers), blobs: [config, ...layers] };
}

/** BuildKit's attestation manifest: bare in-toto statements as layers, each naming its predicate type. */
export function buildkitAttestation(statements: ReadonlyArray<{ statement: Uint8Array; predicateType: string }>): Artifact {
  const layers = statements.map((s) =>
    withAnnotations(blobOf(s.statement, 'application/vnd.in-toto+json'), { 'in-toto.io/predicate-type': s.predicateType }),
  );
  const config = blobOf(
    JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [] } }),
    MediaType.ociConfig,
  );
  return { manifest: manifestWithLayerAnnotations(config, layers), blobs: [config, ...layers] };
}

/** An OCI 1.1 artifact: empty config, the given layers (annotated or not), artifactType and subject. */
export function referrerArtifact(artifactType: string, layers: readonly AnnotatedBlob[], subject: Blob): Artifact {
  const subjectDescriptor = { mediaType: subject.mediaType, digest: subject.digest, size: subject.size };
  return {
    manifest: manifestWithLayerAnnotations(EMPTY_CONFIG, layers, { artifactType, subject: subjectDescriptor }),
    blobs: [EMPTY_CONFIG, ...layers],
  };
}

/** The referrers tag schema's index: every referrer's descriptor with its artifactType. */
export function referrersTagIndex(referrers: ReadonlyArray<{ manifest: Blob; artifactType: string }>): Blob {
  return blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: referrers.map((r) => ({
        mediaType: r.manifest.mediaType,
        digest: r.manifest.digest,
        size: r.manifest.size,
        artifactType: r.artifactType,
      })),
    }),
    MediaType.ociIndex,
  );
}

export async function pushArtifact(
  registryUrl: string,
  repo: string,
  artifact: Artifact,
  reference: string = artifact.manifest.digest,
): Promise<string> {
  for (const blob of artifact.blobs) await pushBlob(registryUrl, repo, blob);
  return pushManifest(registryUrl, repo, reference, artifact.manifest.bytes, artifact.manifest.mediaType);
}

/** `sha256:<hex>` → the tag cosign and the referrers tag schema name it by. */
export const digestTag = (digest: string, suffix = '') => `${digest.replace(':', '-')}${suffix ? `.${suffix}` : ''}`;

/**
 * The index BuildKit pushes with `--attest`: each platform's image, then one attestation manifest per
 * image with platform unknown/unknown and the annotations naming the image it describes.
 */
export function buildkitIndex(
  images: ReadonlyArray<{ manifest: Blob; platform: { os: string; architecture: string } }>,
  attestations: ReadonlyArray<{ manifest: Blob; describes: string }>,
): Blob {
  const descriptor = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });
  return blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        ...images.map((i) => ({ ...descriptor(i.manifest), platform: i.platform })),
        ...attestations.map((a) => ({
          ...descriptor(a.manifest),
          annotations: { 'vnd.docker.reference.digest': a.describes, 'vnd.docker.reference.type': 'attestation-manifest' },
          platform: { architecture: 'unknown', os: 'unknown' },
        })),
      ],
    }),
    MediaType.ociIndex,
  );
}

/** cosign's `.sbom` image (`cosign attach sbom`): the SBOM as its one layer. */
export function cosignSbomImage(sbom: Blob): Artifact {
  const config = cosignConfig([sbom]);
  return { manifest: manifestWithLayerAnnotations(config, [sbom]), blobs: [config, sbom] };
}
