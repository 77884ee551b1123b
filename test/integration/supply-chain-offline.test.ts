/**
 * `supply-chain` of an OCI layout (no network): signatures made by cosign itself (containers/image's
 * fixtures, vendored in test/vectors with their public key) stored under cosign's `sha256-<hex>.sig`
 * tag in index.json, and an artifact listed in index.json with the image as its subject, as oras copies
 * referrers into a layout.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupplyChainNode } from '../../shared/supplyChain';
import { blobOf, type Blob } from '../support/blobs';
import { cli } from '../support/cli';
import { cosignSignatureImage, digestTag, referrerArtifact, referrersTagIndex, type Artifact } from '../support/supplyChain';
import { readVector, readVectorText } from '../support/vectors';

const SIGNED = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';

/** containers/image's stored form of a cosign signature: NUL, "sigstore-json", newline, then JSON. */
function cosignFixture(path: string): { payload: Uint8Array; signature: string } {
  const text = readVectorText(path);
  const json = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { payload: string; annotations: Record<string, string> };
  return { payload: Buffer.from(json.payload, 'base64'), signature: json.annotations['dev.cosignproject.cosign/signature']! };
}

/** The image containers/image's cosign fixtures sign. */
const IMAGE = blobOf(
  readVector('containers-image/cosign/dir-img-cosign-valid-manifest.json'),
  'application/vnd.docker.distribution.manifest.v2+json',
);

/**
 * An OCI layout holding the fixture image, its signature under the .sig tag, referrers listed by subject
 * (`extra`) and Notation signatures listed only by a referrers tag index (`tagged`).
 */
async function writeLayout(dir: string, signature: Artifact, extra: Artifact[], tagged: Artifact[] = []): Promise<void> {
  expect(IMAGE.digest).toBe(SIGNED);
  const tagIndex = referrersTagIndex(tagged.map((a) => ({ manifest: a.manifest, artifactType: 'application/vnd.cncf.notary.signature' })));
  const artifacts = [signature, ...extra, ...tagged];
  const all: Blob[] = [IMAGE, tagIndex, ...artifacts.flatMap((a) => [a.manifest, ...a.blobs])];
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const blob of all) await writeFile(join(dir, 'blobs', 'sha256', blob.digest.slice(7)), blob.bytes);
  const entry = (b: Blob, name?: string) => ({
    mediaType: b.mediaType,
    digest: b.digest,
    size: b.size,
    ...(name ? { annotations: { 'org.opencontainers.image.ref.name': name } } : {}),
  });
  const index = {
    schemaVersion: 2,
    manifests: [
      entry(IMAGE, 'signed'),
      entry(signature.manifest, digestTag(SIGNED, 'sig')),
      ...extra.map((a) => entry(a.manifest)),
      ...(tagged.length > 0 ? [entry(tagIndex, digestTag(SIGNED))] : []),
    ],
  };
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
}

describe('supply chain of an OCI layout, with signatures cosign made', () => {
  let root: string;
  let keyFile: string;
  const sbomLayer = blobOf(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [{}, {}, {}],
      metadata: { component: { name: 'sample' }, tools: { components: [{ name: 'syft', version: '1.4.1' }] } },
    }),
    'application/vnd.cyclonedx+json',
  );
  const sbom = referrerArtifact('application/vnd.cyclonedx+json', [sbomLayer], IMAGE);
  const notation = referrerArtifact('application/vnd.cncf.notary.signature', [blobOf('{}', 'application/jose+json')], IMAGE);
  const validSignature = () => cosignSignatureImage([cosignFixture('containers-image/cosign/dir-img-cosign-valid-signature-1')]);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lens-supply-offline-'));
    keyFile = join(root, 'cosign.pub');
    await writeFile(keyFile, readVector('containers-image/cosign/cosign.pub'));
    await writeLayout(join(root, 'valid'), validSignature(), [sbom]);
    await writeLayout(join(root, 'tagged'), validSignature(), [], [notation]);
    await writeLayout(
      join(root, 'unknown-key'),
      cosignSignatureImage([cosignFixture('containers-image/cosign/unknown-cosign-key.signature')]),
      [],
    );
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  const nodes = async (layout: string, ...flags: string[]) => {
    const run = await cli('supply-chain', `oci:${join(root, layout)}:signed`, ...flags, '--json');
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { nodes: SupplyChainNode[] }).nodes;
  };

  it("cosign's own signature verifies under cosign.pub, and the layout's subject referrer is listed", async () => {
    const found = await nodes('valid', '--key', keyFile);
    expect(found.map((n) => [n.kind, n.format, n.via, n.verified, n.subject])).toEqual([
      ['sbom', 'cyclonedx', 'referrers-api', null, SIGNED],
      ['signature', 'cosign', 'cosign-tag', true, SIGNED],
    ]);
    expect(found[1]!.reason).toBe(`verified: payload signed by ${keyFile}`);
  });

  it("a referrer the layout lists only under the sha256-<hex> referrers tag is found by it (a layout's tags cost nothing to read)", async () => {
    const found = await nodes('tagged', '--key', keyFile);
    expect(found.map((n) => [n.digest, n.format, n.via, n.verified])).toEqual([
      [notation.manifest.digest, 'notation', 'referrers-tag', null],
      [expect.any(String), 'cosign', 'cosign-tag', true],
    ]);
  });

  it('the same payload signed by another key (containers/image: unknown-cosign-key) does not verify', async () => {
    const found = await nodes('unknown-key', '--key', keyFile);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ verified: false, reason: 'does not verify: the payload is signed by none of the 1 key(s) given' });
  });

  it('a manifest file has no referrers to look for: exit 0, no nodes, the note says so', async () => {
    const file = join(root, 'manifest.json');
    await writeFile(file, readVector('containers-image/cosign/dir-img-cosign-valid-manifest.json'));
    const run = await cli('supply-chain', file, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ subject: { digest: SIGNED }, nodes: [], coverage: [{ digest: SIGNED, signed: false }] });
    const text = await cli('supply-chain', file);
    expect(text.stdout).toContain('This source holds one image and no referrers');
  });

  it('a layout entry that is not a manifest (a layer blob listed by mistake) is passed over, not fatal', async () => {
    const layout = join(root, 'valid');
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: unknown[] };
    const stray = blobOf('not json', 'application/octet-stream');
    await writeFile(join(layout, 'blobs', 'sha256', stray.digest.slice(7)), stray.bytes);
    await writeFile(
      join(layout, 'index.json'),
      JSON.stringify({ ...index, manifests: [...index.manifests, { mediaType: stray.mediaType, digest: stray.digest, size: stray.size }] }),
    );
    expect(await nodes('valid')).toHaveLength(2);
  });

  it('the CycloneDX SBOM decoded: component, package count, tool', async () => {
    const run = await cli('supply-chain', `oci:${join(root, 'valid')}:signed`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('      document: sample\n      packages: 3\n      creator tool: syft 1.4.1');
  });
});
