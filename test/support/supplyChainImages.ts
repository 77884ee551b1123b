/**
 * Signed and attested images pushed to a registry, for the supply-chain tests of the CLI and of the UI:
 * cosign signatures under their `.sig` tag, and the index BuildKit pushes with `--attest` (two platforms,
 * each with its attestation manifest of SLSA provenance v0.2 and an SPDX SBOM).
 */
import { sampleImage } from './images';
import { pushManifest } from './push';
import type { RunningRegistry } from './registry';
import {
  buildkitAttestation,
  buildkitIndex,
  cosignSign,
  cosignSignatureImage,
  digestTag,
  inTotoStatement,
  pushArtifact,
  referrerArtifact,
  referrersTagIndex,
  simpleSigningPayload,
  type Artifact,
  type KeyPair,
} from './supplyChain';
import type { Blob } from './blobs';

export const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
export const SPDX = 'https://spdx.dev/Document';
export const AMD64 = { architecture: 'amd64', os: 'linux' };
export const ARM64 = { architecture: 'arm64', os: 'linux' };

export const spdxDocument = (name: string, packages: number) => ({
  spdxVersion: 'SPDX-2.3',
  SPDXID: 'SPDXRef-DOCUMENT',
  name,
  creationInfo: { created: '2024-03-01T10:00:00Z', creators: ['Organization: Lens', 'Tool: syft-1.4.1'] },
  packages: Array.from({ length: packages }, (_, i) => ({ SPDXID: `SPDXRef-Package-${i}`, name: `pkg${i}` })),
});

export const buildkitProvenance = {
  builder: { id: 'https://github.com/docker/buildx' },
  buildType: 'https://mobyproject.org/buildkit@v1',
  invocation: { configSource: { uri: 'https://github.com/lens/app.git#refs/heads/main' } },
};

type Registry = Pick<RunningRegistry, 'url' | 'host'>;

/** Signs `digest` with `by`, naming `claimed` in the payload, and pushes it under cosign's .sig tag. */
export async function cosignSignature(registry: Registry, repo: string, digest: string, by: KeyPair, claimed = digest): Promise<void> {
  const payload = simpleSigningPayload(claimed, `${registry.host}/${repo}`);
  await pushArtifact(registry.url, repo, cosignSignatureImage([{ payload, signature: cosignSign(by, payload) }]), digestTag(digest, 'sig'));
}

/** Pushes an image by digest, then tags it; returns its digest. */
export async function pushImage(registry: Registry, repo: string, image: Artifact, tag: string): Promise<string> {
  await pushArtifact(registry.url, repo, image);
  return pushManifest(registry.url, repo, tag, image.manifest.bytes, image.manifest.mediaType);
}

export interface AttestedIndex {
  index: Blob;
  amd64: Artifact;
  arm64: Artifact;
  amd64Attestation: Artifact;
  arm64Attestation: Artifact;
}

/**
 * A BuildKit-style index tagged `tag`: linux/amd64 and linux/arm64, each with its attestation manifest
 * (SLSA provenance v0.2 and an SPDX SBOM of 3 packages named "<repo> <platform>"). Nothing is signed.
 */
export async function pushAttestedIndex(registry: Registry, repo: string, tag: string): Promise<AttestedIndex> {
  const amd64 = sampleImage(`${repo}-amd64`, AMD64, 'oci');
  const arm64 = sampleImage(`${repo}-arm64`, ARM64, 'oci');
  const attestationOf = (digest: string, name: string) =>
    buildkitAttestation([
      { statement: inTotoStatement(digest, SLSA_V02, buildkitProvenance), predicateType: SLSA_V02 },
      { statement: inTotoStatement(digest, SPDX, spdxDocument(name, 3)), predicateType: SPDX },
    ]);
  const amd64Attestation = attestationOf(amd64.manifest.digest, `${repo} linux/amd64`);
  const arm64Attestation = attestationOf(arm64.manifest.digest, `${repo} linux/arm64`);
  for (const image of [amd64, arm64, amd64Attestation, arm64Attestation]) await pushArtifact(registry.url, repo, image);
  const index = buildkitIndex(
    [
      { manifest: amd64.manifest, platform: AMD64 },
      { manifest: arm64.manifest, platform: ARM64 },
    ],
    [
      { manifest: amd64Attestation.manifest, describes: amd64.manifest.digest },
      { manifest: arm64Attestation.manifest, describes: arm64.manifest.digest },
    ],
  );
  await pushManifest(registry.url, repo, tag, index.bytes, index.mediaType);
  return { index, amd64, arm64, amd64Attestation, arm64Attestation };
}

/** The attested index with the index and linux/amd64 signed by `key` (cosign's .sig tags); linux/arm64 is not signed. */
export async function pushSignedAttestedIndex(registry: Registry, repo: string, tag: string, key: KeyPair): Promise<AttestedIndex> {
  const pushed = await pushAttestedIndex(registry, repo, tag);
  await cosignSignature(registry, repo, pushed.index.digest, key);
  await cosignSignature(registry, repo, pushed.amd64.manifest.digest, key);
  return pushed;
}

/**
 * Attaches `layer` to `subject` as an OCI 1.1 artifact of `artifactType`, listed in the subject's
 * `sha256-<hex>` referrers tag index, as clients do for a registry without the referrers API (GitHub's
 * attest action through @sigstore/oci, oras). Returns the artifact's digest.
 */
export async function attachByReferrersTag(
  registry: Registry,
  repo: string,
  subject: Blob,
  artifactType: string,
  layer: Blob,
): Promise<string> {
  const artifact = referrerArtifact(artifactType, [layer], subject);
  const digest = await pushArtifact(registry.url, repo, artifact);
  const index = referrersTagIndex([{ manifest: artifact.manifest, artifactType }]);
  await pushManifest(registry.url, repo, digestTag(subject.digest), index.bytes, index.mediaType);
  return digest;
}
