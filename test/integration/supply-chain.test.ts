/**
 * `manifest-lens supply-chain` against docker-registry 2.8, which has no referrers API: the referrers tag
 * schema and cosign's tags are exercised for real. Every artifact is built here as its tool publishes it
 * (cosign's signature spec, DSSE, BuildKit's attestation index, OCI 1.1 artifacts with a subject) and
 * signed with node:crypto; requests are counted in the registry's own access log.
 */
import { sign } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../shared/api';
import type { SupplyChainNode } from '../../shared/supplyChain';
import { createCore, type Core } from '../../electron/core/handlers';
import { blobOf } from '../support/blobs';
import { cli, supplyChainJson, type SupplyChainJson } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { selfSignedCert } from '../support/selfSignedCert';
import {
  cosignAttestationImage,
  cosignSbomImage,
  cosignSignatureImage,
  digestTag,
  dsseEnvelope,
  inTotoStatement,
  p256KeyPair,
  pushArtifact,
  referrerArtifact,
  referrersTagIndex,
  simpleSigningPayload,
  type KeyPair,
} from '../support/supplyChain';
import { AMD64, cosignSignature, pushImage, pushSignedAttestedIndex, spdxDocument } from '../support/supplyChainImages';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping supply-chain integration tests: ${missingMessage('docker-registry')}`);

const SLSA_V1 = 'https://slsa.dev/provenance/v1';

/** Requests in distribution's access log lines (`"HEAD /v2/... HTTP/1.1" 404 ...`), as "METHOD path". */
function loggedRequests(log: string): string[] {
  return [...log.matchAll(/"([A-Z]+) (\/v2\/\S*) HTTP\/1\.1" \d{3} /g)].map((m) => `${m[1]} ${m[2]}`);
}

describe.skipIf(!registryBinary)('supply chain against docker-registry 2.8 (no referrers API)', () => {
  let registry: RunningRegistry;
  let dir: string;
  let core: Core;
  const key: KeyPair = p256KeyPair();
  const other: KeyPair = p256KeyPair();
  let keyFile = '';
  let otherKeyFile = '';
  const built = {
    index: '',
    amd64: '',
    arm64: '',
    amd64Attestation: '',
    arm64Attestation: '',
    bundle: '',
    notation: '',
    single: '',
    wrong: '',
    tampered: '',
    unsigned: '',
    misattested: '',
    keyless: '',
    dangling: '',
    gone: '',
  };

  beforeAll(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'lens-supply-chain-'));
    keyFile = join(dir, 'cosign.pub');
    otherKeyFile = join(dir, 'other.pub');
    await writeFile(keyFile, key.publicPem);
    await writeFile(otherKeyFile, other.publicPem);
    core = createCore({ mode: 'browser' });

    // A BuildKit-style index: two platforms, each with its attestation manifest (provenance and SBOM);
    // the index and linux/amd64 are signed, linux/arm64 is not.
    const repo = 'lens/app';
    const { index, amd64, arm64, amd64Attestation, arm64Attestation } = await pushSignedAttestedIndex(registry, repo, 'v1', key);
    Object.assign(built, {
      index: index.digest,
      amd64: amd64.manifest.digest,
      arm64: arm64.manifest.digest,
      amd64Attestation: amd64Attestation.manifest.digest,
      arm64Attestation: arm64Attestation.manifest.digest,
    });
    // A cosign attestation (DSSE, SLSA v1) on linux/amd64.
    const slsaV1 = {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: {},
        resolvedDependencies: [{ uri: 'git+https://github.com/lens/app@refs/heads/main' }],
      },
      runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
    };
    const statement = inTotoStatement(built.amd64, SLSA_V1, slsaV1);
    await pushArtifact(
      registry.url,
      repo,
      cosignAttestationImage([{ envelope: dsseEnvelope(statement, key), predicateType: SLSA_V1 }]),
      digestTag(built.amd64, 'att'),
    );
    // An SPDX SBOM attached to the index with cosign's .sbom tag.
    const sbom = blobOf(JSON.stringify(spdxDocument('lens/app index', 5)), 'text/spdx+json');
    await pushArtifact(registry.url, repo, cosignSbomImage(sbom), digestTag(built.index, 'sbom'));

    // On linux/arm64, by the referrers tag schema: a keyed sigstore bundle v0.3 (a DSSE attestation, no signature).
    const bundleStatement = inTotoStatement(built.arm64, 'https://slsa.dev/provenance/v1', slsaV1);
    const envelope = JSON.parse(Buffer.from(dsseEnvelope(bundleStatement, key)).toString('utf8')) as object;
    const bundleJson = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: 'lens-test-key' }, tlogEntries: [] },
      dsseEnvelope: envelope,
    };
    const bundleBlob = blobOf(JSON.stringify(bundleJson), 'application/vnd.dev.sigstore.bundle.v0.3+json');
    const bundleArtifact = referrerArtifact('application/vnd.dev.sigstore.bundle.v0.3+json', [bundleBlob], arm64.manifest);
    built.bundle = await pushArtifact(registry.url, repo, bundleArtifact);
    const arm64Referrers = referrersTagIndex([
      { manifest: bundleArtifact.manifest, artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
    ]);
    await pushManifest(registry.url, repo, digestTag(built.arm64), arm64Referrers.bytes, arm64Referrers.mediaType);
    // On the index, by the referrers tag schema too: a Notation signature (a JWS envelope, not read).
    const notationArtifact = referrerArtifact(
      'application/vnd.cncf.notary.signature',
      [blobOf('{"payload":"e30","protected":"e30","signature":"AA"}', 'application/jose+json')],
      index,
    );
    built.notation = await pushArtifact(registry.url, repo, notationArtifact);
    const indexReferrers = referrersTagIndex([
      { manifest: notationArtifact.manifest, artifactType: 'application/vnd.cncf.notary.signature' },
    ]);
    await pushManifest(registry.url, repo, digestTag(built.index), indexReferrers.bytes, indexReferrers.mediaType);

    // Single images: signed, signed by another key, signed with a payload naming another image, unsigned.
    built.single = await pushImage(registry, 'lens/single', sampleImage('single', AMD64, 'oci'), 'v1');
    await cosignSignature(registry, 'lens/single', built.single, key);
    built.wrong = await pushImage(registry, 'lens/wrong', sampleImage('wrong', AMD64, 'oci'), 'v1');
    await cosignSignature(registry, 'lens/wrong', built.wrong, other);
    built.tampered = await pushImage(registry, 'lens/tampered', sampleImage('tampered', AMD64, 'oci'), 'v1');
    await cosignSignature(registry, 'lens/tampered', built.tampered, key, built.single);
    built.unsigned = await pushImage(registry, 'lens/unsigned', sampleImage('unsigned', AMD64, 'oci'), 'v1');
    // A keyless cosign signature: the signing certificate in the layer's annotation, as cosign writes it.
    built.keyless = await pushImage(registry, 'lens/keyless', sampleImage('keyless', AMD64, 'oci'), 'v1');
    const keylessPayload = simpleSigningPayload(built.keyless, `${registry.host}/lens/keyless`);
    const signer = selfSignedCert('lens signer', '127.0.0.1', ['signer.lens.test']);
    const keylessSignature = cosignSignatureImage([
      {
        payload: keylessPayload,
        signature: sign('sha256', keylessPayload, signer.privateKey).toString('base64'),
        certificate: signer.certPem,
      },
    ]);
    await pushArtifact(registry.url, 'lens/keyless', keylessSignature, digestTag(built.keyless, 'sig'));
    // A referrers tag index naming an artifact since deleted, beside a signature that is still there.
    built.dangling = await pushImage(registry, 'lens/dangling', sampleImage('dangling', AMD64, 'oci'), 'v1');
    await cosignSignature(registry, 'lens/dangling', built.dangling, key);
    const gone = referrerArtifact(
      'application/spdx+json',
      [blobOf('{}', 'application/spdx+json')],
      sampleImage('dangling', AMD64, 'oci').manifest,
    );
    built.gone = await pushArtifact(registry.url, 'lens/dangling', gone);
    const danglingIndex = referrersTagIndex([{ manifest: gone.manifest, artifactType: 'application/spdx+json' }]);
    await pushManifest(registry.url, 'lens/dangling', digestTag(built.dangling), danglingIndex.bytes, danglingIndex.mediaType);
    const deleted = await fetch(`${registry.url}/v2/lens/dangling/manifests/${built.gone}`, { method: 'DELETE' });
    expect(deleted.status).toBe(202);
    // A correctly signed attestation whose statement is about another image.
    built.misattested = await pushImage(registry, 'lens/misattested', sampleImage('misattested', AMD64, 'oci'), 'v1');
    const elsewhere = dsseEnvelope(inTotoStatement(built.single, SLSA_V1, slsaV1), key);
    await pushArtifact(
      registry.url,
      'lens/misattested',
      cosignAttestationImage([{ envelope: elsewhere, predicateType: SLSA_V1 }]),
      digestTag(built.misattested, 'att'),
    );
  });

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const supplyChain = (repo: string, ...flags: string[]) => supplyChainJson(`${registry.host}/${repo}:v1`, ...flags);

  it('prints exactly the documented JSON keys, for a signed image verified with its key', async () => {
    const json = await supplyChain('lens/single', '--key', keyFile);
    expect(Object.keys(json)).toEqual(['subject', 'nodes', 'coverage']);
    expect(json.subject).toEqual({
      reference: `${registry.host}/lens/single:v1`,
      digest: built.single,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    expect(json.nodes).toHaveLength(1);
    const [node] = json.nodes as [SupplyChainNode];
    expect(Object.keys(node).sort()).toEqual(
      ['artifactType', 'digest', 'format', 'kind', 'mediaType', 'platform', 'reason', 'subject', 'verified', 'via'].sort(),
    );
    expect(node).toMatchObject({
      kind: 'signature',
      format: 'cosign',
      via: 'cosign-tag',
      subject: built.single,
      platform: null,
      verified: true,
    });
    expect(node.reason).toContain(keyFile);
    expect(json.coverage).toEqual([{ digest: built.single, platform: null, signed: true, verified: true, attested: false }]);
  });

  it('without a key, a signature is "not checked (no key given)"', async () => {
    const json = await supplyChain('lens/single');
    expect(json.nodes[0]).toMatchObject({ verified: null, reason: 'not checked (no key given)' });
    expect(json.coverage[0]).toMatchObject({ signed: true, verified: false });
  });

  it('a signature made with another key does not verify under the key given', async () => {
    const json = await supplyChain('lens/wrong', '--key', keyFile);
    expect(json.nodes[0]).toMatchObject({ kind: 'signature', verified: false });
    expect(json.nodes[0]!.reason).toBe('does not verify: the payload is signed by none of the 1 key(s) given');
    // And it verifies under its own key, given second: any key given may have signed it.
    const both = await supplyChain('lens/wrong', '--key', keyFile, '--key', otherKeyFile);
    expect(both.nodes[0]).toMatchObject({ verified: true });
  });

  it('a validly signed payload that names another image does not verify: the digest check comes first', async () => {
    const json = await supplyChain('lens/tampered', '--key', keyFile);
    expect(json.nodes[0]).toMatchObject({
      verified: false,
      reason: `does not verify: the payload names ${built.single}, not ${built.tampered}`,
    });
  });

  it('a signed attestation whose statement names another image does not verify: subjects are checked first', async () => {
    const json = await supplyChain('lens/misattested', '--key', keyFile);
    expect(json.nodes).toEqual([
      expect.objectContaining({
        kind: 'attestation',
        format: 'in-toto',
        via: 'cosign-tag',
        verified: false,
        reason: `does not verify: its subjects name ${built.single}, not ${built.misattested}`,
      }),
    ]);
    expect(json.coverage[0]).toMatchObject({ signed: false, attested: true });
  });

  it('a keyless cosign signature outside a bundle: its certificate is read, and it is not checked, with or without a trust root', async () => {
    const json = await supplyChain('lens/keyless');
    expect(json.nodes[0]).toMatchObject({
      kind: 'signature',
      format: 'cosign',
      verified: null,
      reason: 'not checked (no trust root given)',
    });
    const root = join(dir, 'trusted_root.json');
    await writeFile(
      root,
      JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [] }),
    );
    const rooted = await supplyChain('lens/keyless', '--trusted-root', root);
    expect(rooted.nodes[0]!.verified).toBeNull();
    expect(rooted.nodes[0]!.reason).toBe(
      'not checked (keyless cosign signatures outside a sigstore bundle are not verified by this tool; sigstore bundles are)',
    );
    const envelope = await core.dispatch('supplyChain', { source: `${registry.host}/lens/keyless:v1` });
    const tree = (envelope as { value: ResultOf<'supplyChain'> }).value.tree;
    expect(tree.children[0]!.children[0]!.summary).toContainEqual({
      label: 'certificate',
      value: 'IP Address:127.0.0.1, DNS:signer.lens.test',
    });
  });

  it('a referrer the tag index names but the registry no longer has is shown as unreadable; the rest of the tree stands', async () => {
    const json = await supplyChain('lens/dangling', '--key', keyFile);
    expect(json.nodes.map((n) => [n.digest, n.kind, n.via, n.verified])).toEqual([
      [built.gone, 'other', 'referrers-tag', null],
      [expect.any(String), 'signature', 'cosign-tag', true],
    ]);
    expect(json.nodes[0]!.reason).toMatch(/^not checked \(its manifest could not be read: .*404 Not Found: MANIFEST_UNKNOWN/);
    expect(json.coverage[0]).toMatchObject({ signed: true, verified: true });
  });

  it('an unsigned image: no nodes, coverage says unsigned, in 6 requests (1 GET manifest, 1 GET referrers, 4 HEAD)', async () => {
    const before = registry.logs().length;
    const json = await supplyChain('lens/unsigned');
    const logged = loggedRequests(registry.logs().slice(before));
    expect(json.nodes).toEqual([]);
    expect(json.coverage).toEqual([{ digest: built.unsigned, platform: null, signed: false, verified: false, attested: false }]);
    const tag = digestTag(built.unsigned);
    expect(logged.sort()).toEqual(
      [
        'GET /v2/lens/unsigned/manifests/v1',
        `GET /v2/lens/unsigned/referrers/${built.unsigned}`,
        `HEAD /v2/lens/unsigned/manifests/${tag}`,
        `HEAD /v2/lens/unsigned/manifests/${tag}.sig`,
        `HEAD /v2/lens/unsigned/manifests/${tag}.att`,
        `HEAD /v2/lens/unsigned/manifests/${tag}.sbom`,
      ].sort(),
    );
  });

  it('a signed image costs 2 more GETs than an unsigned one: the .sig manifest and its one layer (its config is never read)', async () => {
    const before = registry.logs().length;
    await supplyChain('lens/single', '--key', keyFile);
    const logged = loggedRequests(registry.logs().slice(before));
    expect(logged.filter((r) => r.startsWith('HEAD '))).toHaveLength(4);
    expect(logged.filter((r) => r.startsWith('GET '))).toHaveLength(4);
    expect(logged.some((r) => r.includes('/blobs/'))).toBe(true);
  });

  describe('a multi-platform index with BuildKit attestations, the index and linux/amd64 signed, linux/arm64 not', () => {
    let json: SupplyChainJson;
    let logged: string[] = [];
    beforeAll(async () => {
      const before = registry.logs().length;
      json = await supplyChain('lens/app', '--key', keyFile);
      logged = loggedRequests(registry.logs().slice(before));
    });

    it('requests, as the access log counts them: 4 HEADs per digest, bodies only for what is shown (35 in all)', () => {
      const heads = logged.filter((r) => r.startsWith('HEAD '));
      const gets = logged.filter((r) => r.startsWith('GET '));
      expect(heads).toHaveLength(12);
      // 3 referrers API 404s; 9 layers: the payloads of the two .sig, the .sbom and the .att, BuildKit's four
      // statements and the bundle; manifests: the index, 2 referrers tag indexes and the 8 referrers.
      expect(gets.filter((r) => r.includes('/referrers/'))).toHaveLength(3);
      expect(gets.filter((r) => r.includes('/blobs/'))).toHaveLength(9);
      expect(gets.filter((r) => r.includes('/manifests/'))).toHaveLength(1 + 2 + 8);
      // Nothing else: no config, nor the Notation envelope, is read, since nothing shows them.
      expect(gets).toHaveLength(3 + 9 + 11);
    });
    const nodesOf = (subject: string) => json.nodes.filter((n) => n.subject === subject);
    /** What was found for `subject`, and how: [kind, format, via, verified] per node. */
    const found = (subject: string) => nodesOf(subject).map((n) => [n.kind, n.format, n.via, n.verified]);

    it('coverage names the gap: the index and linux/amd64 are signed and verified, linux/arm64 is not signed', () => {
      expect(json.coverage).toEqual([
        { digest: built.index, platform: null, signed: true, verified: true, attested: false },
        { digest: built.amd64, platform: 'linux/amd64', signed: true, verified: true, attested: true },
        { digest: built.arm64, platform: 'linux/arm64', signed: false, verified: false, attested: true },
      ]);
    });

    it('BuildKit attestation manifests are shown under the platform they describe, not as platforms', () => {
      expect(json.coverage.map((c) => c.platform)).not.toContain('unknown/unknown');
      const buildkit = json.nodes.filter((n) => n.via === 'index-entry');
      expect(buildkit.map((n) => [n.digest, n.subject, n.platform])).toEqual([
        [built.amd64Attestation, built.amd64, 'linux/amd64'],
        [built.arm64Attestation, built.arm64, 'linux/arm64'],
      ]);
      expect(buildkit.every((n) => n.kind === 'attestation' && n.format === 'in-toto' && n.verified === null)).toBe(true);
    });

    it('the index: a Notation signature by the referrers tag (shown, not verified), its cosign signature verified, its SPDX SBOM by the .sbom tag', () => {
      expect(found(built.index)).toEqual([
        ['signature', 'notation', 'referrers-tag', null],
        ['signature', 'cosign', 'cosign-tag', true],
        ['sbom', 'spdx', 'cosign-tag', null],
      ]);
      expect(nodesOf(built.index)[0]).toMatchObject({
        digest: built.notation,
        artifactType: 'application/vnd.cncf.notary.signature',
        reason: 'not verified by this tool',
      });
    });

    it('linux/amd64: signature verified, DSSE attestation verified (PAE over the in-toto statement)', () => {
      expect(found(built.amd64)).toEqual([
        ['signature', 'cosign', 'cosign-tag', true],
        ['attestation', 'in-toto', 'cosign-tag', true],
        ['attestation', 'in-toto', 'index-entry', null],
      ]);
    });

    it('linux/arm64: a keyed sigstore bundle v0.3 found by the referrers tag, its DSSE envelope verified with the key', () => {
      const arm64 = nodesOf(built.arm64);
      expect(arm64.map((n) => [n.digest, n.kind, n.format, n.via, n.verified, n.artifactType])).toEqual([
        [built.bundle, 'attestation', 'sigstore-bundle', 'referrers-tag', true, 'application/vnd.dev.sigstore.bundle.v0.3+json'],
        [built.arm64Attestation, 'attestation', 'in-toto', 'index-entry', null, null],
      ]);
    });

    it('--platform linux/arm64 keeps the index and that platform only', async () => {
      const arm = await supplyChain('lens/app', '--key', keyFile, '--platform', 'linux/arm64');
      expect(arm.coverage.map((c) => c.platform)).toEqual([null, 'linux/arm64']);
    });

    it('the tree for a UI: platforms under the index, decoded summaries and the documents to show', async () => {
      const envelope = await core.dispatch('supplyChain', {
        source: `${registry.host}/lens/app:v1`,
        keys: [{ name: 'cosign.pub', pem: key.publicPem }],
      });
      expect(envelope.ok).toBe(true);
      const result = (envelope as { value: ResultOf<'supplyChain'> }).value;
      const { tree } = result;
      expect(tree.kind).toBe('index');
      const platforms = tree.children.filter((c) => c.kind === 'manifest');
      expect(platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
      const buildkit = platforms[0]!.children.find((c) => c.via === 'index-entry')!;
      const [provenance, sbom] = buildkit.children;
      expect(provenance).toMatchObject({ kind: 'attestation', title: 'SLSA provenance v0.2' });
      const facts = (node: typeof provenance) => Object.fromEntries(node!.summary.map((f) => [f.label, f.value]));
      expect(facts(provenance)).toMatchObject({
        builder: 'https://github.com/docker/buildx',
        source: 'https://github.com/lens/app.git#refs/heads/main',
        'build type': 'https://mobyproject.org/buildkit@v1',
      });
      expect(sbom).toMatchObject({ kind: 'sbom', format: 'in-toto' });
      expect(facts(sbom)).toMatchObject({ document: 'lens/app linux/amd64', packages: '3', 'creator tool': 'syft-1.4.1' });
      expect(sbom!.verdict).toEqual({ verified: null, reason: `not checked (unsigned statement; its subjects name ${built.amd64})` });
      const signature = platforms[0]!.children.find((c) => c.kind === 'signature')!;
      expect(signature.children[0]!.summary).toEqual([
        { label: 'claimed digest', value: built.amd64 },
        { label: 'identity', value: `${registry.host}/lens/app` },
      ]);
      expect(signature.documents.map((d) => d.label)).toEqual(['manifest']);
      expect(JSON.parse(signature.children[0]!.documents[0]!.text)).toMatchObject({
        critical: { image: { 'docker-manifest-digest': built.amd64 } },
      });
    });
  });

  it('the text form: the tree indented under the index and its platforms, then the coverage table', async () => {
    const run = await cli('supply-chain', `${registry.host}/lens/app:v1`, '--key', keyFile);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`image index ${built.index}`);
    expect(lines).toContain(`  linux/arm64 image ${built.arm64}`);
    expect(lines.filter((l) => l.startsWith('    cosign signature '))).toHaveLength(1);
    expect(lines).toContain(`        claimed digest: ${built.amd64}`);
    expect(lines.slice(-4)).toEqual([
      'Coverage:',
      '  subject          signed yes  verified yes  attested no',
      '  linux/amd64      signed yes  verified yes  attested yes',
      '  linux/arm64      signed no   verified no   attested yes',
    ]);
  });

  it('bad input exits 2 in one line: a key file that is not a public key', async () => {
    const bad = join(dir, 'bad.pub');
    await writeFile(bad, 'not a key');
    const run = await cli('supply-chain', `${registry.host}/lens/single:v1`, '--key', bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`manifest-lens: The key ${bad} is not a PEM public key.`);
  });

  it('a trusted root that is not one exits 2', async () => {
    const root = join(dir, 'root.json');
    await writeFile(root, '{"mediaType":"text/plain"}');
    const run = await cli('supply-chain', `${registry.host}/lens/single:v1`, '--trusted-root', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^manifest-lens: The trusted root is malformed at mediaType/);
  });

  it('a missing image exits 1 (registry failure)', async () => {
    const run = await cli('supply-chain', `${registry.host}/lens/nothing:v1`);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(1);
  });
});
