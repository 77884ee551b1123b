/**
 * `manifest-lens supply-chain` on keyless sigstore bundles in docker-registry 2.8. Each bundle is made for
 * real by @sigstore/sign against a local Fulcio, Rekor and TSA (@sigstore/mock's handlers on a loopback
 * server, test/support/sigstore.ts), and attached the way GitHub's attest action (@sigstore/oci) attaches
 * it to a registry without the referrers API: an OCI artifact of artifactType
 * application/vnd.dev.sigstore.bundle.v0.3+json whose subject is the image, listed in the `sha256-<hex>`
 * referrers tag index. The trusted root is written from those services' certificates and keys.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobOf } from '../support/blobs';
import { cli, supplyChainJson } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startSigstore, type OidcIdentity, type SigstoreServices } from '../support/sigstore';
import { buildkitIndex, inTotoStatement, pushArtifact } from '../support/supplyChain';
import { attachByReferrersTag, pushImage } from '../support/supplyChainImages';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping keyless supply-chain tests: ${missingMessage('docker-registry')}`);

const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const AMD64 = { architecture: 'amd64', os: 'linux' };
const WORKFLOW: OidcIdentity = {
  subject: 'https://github.com/lens/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
};
const provenance = {
  buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1', externalParameters: {} },
  runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
};

describe.skipIf(!registryBinary)('keyless sigstore bundles attached by the referrers tag, in docker-registry 2.8', () => {
  let registry: RunningRegistry;
  let sigstore: SigstoreServices;
  let dir = '';
  let root = '';
  const built = { signed: '', signedBundle: '', logIndex: '', tampered: '', index: '', child: '', messageIndex: '' };

  /** Signs a provenance statement naming `named` and attaches the bundle to `subject` by the referrers tag. */
  async function attachBundle(repo: string, subject: ReturnType<typeof sampleImage>['manifest'], named: string): Promise<object> {
    const bundle = await sigstore.signDsse(inTotoStatement(named, SLSA_V1, provenance), 'application/vnd.in-toto+json', WORKFLOW);
    const attached = await attachByReferrersTag(registry, repo, subject, BUNDLE_V03, blobOf(JSON.stringify(bundle), BUNDLE_V03));
    if (repo === 'lens/attested') built.signedBundle = attached;
    return bundle;
  }

  beforeAll(async () => {
    [registry, sigstore] = await Promise.all([startRegistry(), startSigstore()]);
    dir = await mkdtemp(join(tmpdir(), 'lens-keyless-'));
    root = join(dir, 'trusted_root.json');
    await writeFile(root, JSON.stringify(sigstore.trustedRoot));

    const image = sampleImage('keyless-attested', AMD64, 'oci');
    built.signed = await pushImage(registry, 'lens/attested', image, 'v1');
    const bundle = (await attachBundle('lens/attested', image.manifest, built.signed)) as {
      verificationMaterial: { tlogEntries: Array<{ logIndex: string }> };
    };
    built.logIndex = bundle.verificationMaterial.tlogEntries[0]!.logIndex;

    // Tampered: a valid bundle about the first image, attached to another.
    const other = sampleImage('keyless-tampered', AMD64, 'oci');
    built.tampered = await pushImage(registry, 'lens/tampered', other, 'v1');
    await attachBundle('lens/tampered', other.manifest, built.signed);

    // A message signature bundle over a platform child's manifest bytes (its digest the message digest).
    const child = sampleImage('keyless-message', AMD64, 'oci');
    await pushArtifact(registry.url, 'lens/message', child);
    built.child = child.manifest.digest;
    const index = buildkitIndex([{ manifest: child.manifest, platform: AMD64 }], []);
    built.index = await pushManifest(registry.url, 'lens/message', 'v1', index.bytes, index.mediaType);
    const message = (await sigstore.signMessage(child.manifest.bytes, WORKFLOW)) as typeof bundle;
    built.messageIndex = message.verificationMaterial.tlogEntries[0]!.logIndex;
    await attachByReferrersTag(registry, 'lens/message', child.manifest, BUNDLE_V03, blobOf(JSON.stringify(message), BUNDLE_V03));
  });

  afterAll(async () => {
    await sigstore?.close();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const supplyChain = (repo: string, ...flags: string[]) => supplyChainJson(`${registry.host}/${repo}:v1`, ...flags);

  const verifiedReason = () =>
    `verified: signed by ${WORKFLOW.subject} (issuer ${WORKFLOW.issuer}), logged in Rekor at index ${built.logIndex}`;

  it('verified against the trusted root: the signer, its issuer and the Rekor index in the verdict', async () => {
    const json = await supplyChain('lens/attested', '--trusted-root', root);
    expect(json.nodes).toEqual([
      {
        digest: built.signedBundle,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: BUNDLE_V03,
        kind: 'attestation',
        format: 'sigstore-bundle',
        via: 'referrers-tag',
        subject: built.signed,
        platform: null,
        verified: true,
        reason: verifiedReason(),
      },
    ]);
    expect(json.coverage).toEqual([{ digest: built.signed, platform: null, signed: false, verified: false, attested: true }]);
  });

  it('the exact identity and issuer policy verifies; another identity or issuer does not verify, saying why', async () => {
    const policy = ['--certificate-identity', WORKFLOW.subject, '--certificate-oidc-issuer', WORKFLOW.issuer];
    expect((await supplyChain('lens/attested', '--trusted-root', root, ...policy)).nodes[0]).toMatchObject({
      verified: true,
      reason: verifiedReason(),
    });
    const elsewhere = 'https://github.com/lens/fork/.github/workflows/release.yml@refs/heads/main';
    expect((await supplyChain('lens/attested', '--trusted-root', root, '--certificate-identity', elsewhere)).nodes[0]).toMatchObject({
      verified: false,
      reason: `does not verify: the certificate names ${WORKFLOW.subject}, not ${elsewhere}`,
    });
    const issuer = await supplyChain('lens/attested', '--trusted-root', root, '--certificate-oidc-issuer', 'https://accounts.google.com');
    expect(issuer.nodes[0]).toMatchObject({
      verified: false,
      reason: `does not verify: the certificate's OIDC issuer is ${WORKFLOW.issuer}, not https://accounts.google.com`,
    });
  });

  it("a valid bundle about another image's digest does not verify on this one", async () => {
    const json = await supplyChain('lens/tampered', '--trusted-root', root);
    expect(json.nodes).toEqual([
      expect.objectContaining({
        format: 'sigstore-bundle',
        via: 'referrers-tag',
        verified: false,
        reason: `does not verify: its subjects name ${built.signed}, not ${built.tampered}`,
      }),
    ]);
  });

  it("a message signature bundle on a platform child verifies against that child's manifest, read once by digest", async () => {
    const before = registry.logs().length;
    const json = await supplyChain('lens/message', '--trusted-root', root);
    expect(json.nodes).toEqual([
      expect.objectContaining({
        kind: 'signature',
        format: 'sigstore-bundle',
        subject: built.child,
        platform: 'linux/amd64',
        verified: true,
        reason: `verified: signed by ${WORKFLOW.subject} (issuer ${WORKFLOW.issuer}), logged in Rekor at index ${built.messageIndex}`,
      }),
    ]);
    const childGets = registry
      .logs()
      .slice(before)
      .match(new RegExp(`"GET /v2/lens/message/manifests/${built.child} `, 'g'));
    expect(childGets).toHaveLength(1);
    // Without a trusted root nothing is verified, and the child's manifest is not read.
    const unchecked = registry.logs().length;
    expect((await supplyChain('lens/message')).nodes[0]).toMatchObject({ verified: null, reason: 'not checked (no trust root given)' });
    expect(registry.logs().slice(unchecked)).not.toContain(`"GET /v2/lens/message/manifests/${built.child} `);
  });

  it('without a trusted root the bundle is not checked', async () => {
    const json = await supplyChain('lens/attested');
    expect(json.nodes[0]).toMatchObject({ verified: null, reason: 'not checked (no trust root given)' });
  });

  it.each([
    ['not JSON', 'this is not a trusted root\n', /^manifest-lens: The trusted root is not valid JSON\.$/],
    ['a certificate that is not DER', '', /^manifest-lens: The trusted root's keys or certificates do not parse: /],
  ])('a trusted root that is %s: exit 2, one clear line, no stack trace', async (name, text, message) => {
    const garbage = join(dir, `garbage-${name.replace(/\W+/g, '-')}.json`);
    const body =
      text ||
      JSON.stringify({
        ...sigstore.trustedRoot,
        certificateAuthorities: [{ certChain: { certificates: [{ rawBytes: Buffer.from('not a certificate').toString('base64') }] } }],
      });
    await writeFile(garbage, body);
    const run = await cli('supply-chain', `${registry.host}/lens/attested:v1`, '--trusted-root', garbage, '--json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  });

  it('an identity policy without a trusted root is a usage error (exit 2)', async () => {
    const run = await cli('supply-chain', `${registry.host}/lens/attested:v1`, '--certificate-identity', WORKFLOW.subject);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs a trusted root/);
  });
});
