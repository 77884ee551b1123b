/**
 * Keyless sigstore bundles, made for real by @sigstore/sign against a local Fulcio, Rekor and TSA
 * (@sigstore/mock's handlers on a loopback server, test/support/sigstore.ts), judged by readBundle with
 * the trusted root written from those services' keys.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../../test/support/lensError';
import { startSigstore, type OidcIdentity, type SigstoreServices } from '../../../test/support/sigstore';
import { readBundle } from './bundle';
import { loadTrust, type IdentityPolicy } from './keyless';
import type { Judge } from './verdicts';

const SUBJECT = `sha256:${'c'.repeat(64)}`;
const OTHER = `sha256:${'d'.repeat(64)}`;
const WORKFLOW: OidcIdentity = {
  subject: 'https://github.com/lens/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
};

const statement = (digest: string) =>
  Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'lens/app', digest: { sha256: digest.slice('sha256:'.length) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' },
        runDetails: { builder: { id: 'gh' } },
      },
    }),
  );

type BundleJson = {
  mediaType: string;
  verificationMaterial: { tlogEntries: Array<{ logIndex: string }> };
  dsseEnvelope: { payload: string };
};

describe('keyless sigstore bundles verified against a trusted root', () => {
  let sigstore: SigstoreServices;
  let stranger: SigstoreServices;
  let bundle: BundleJson;
  beforeAll(async () => {
    [sigstore, stranger] = await Promise.all([startSigstore(), startSigstore()]);
    bundle = (await sigstore.signDsse(statement(SUBJECT), 'application/vnd.in-toto+json', WORKFLOW)) as BundleJson;
  });
  afterAll(async () => {
    await sigstore?.close();
    await stranger?.close();
  });

  const judged = (
    json: object,
    opts: { root?: object | null; policy?: IdentityPolicy; subject?: string; subjectBytes?: Uint8Array } = {},
  ) => {
    const root = opts.root === undefined ? sigstore.trustedRoot : opts.root;
    const judge: Judge = {
      keys: [],
      trust: root ? loadTrust(JSON.stringify(root), opts.policy ?? {}) : null,
      subject: opts.subject ?? SUBJECT,
      subjectBytes: async () => {
        if (!opts.subjectBytes) throw new Error('a DSSE bundle is judged without reading its subject');
        return opts.subjectBytes;
      },
    };
    return readBundle(Buffer.from(JSON.stringify(json)), judge);
  };

  it('a v0.3 DSSE bundle verifies: signer, issuer and Rekor index named', async () => {
    const reading = await judged(bundle);
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const index = bundle.verificationMaterial.tlogEntries[0]!.logIndex;
    expect(reading).toMatchObject({ kind: 'attestation', format: 'sigstore-bundle', title: 'sigstore bundle v0.3 (SLSA provenance v1)' });
    expect(reading.verdict).toEqual({
      verified: true,
      reason: `verified: signed by ${WORKFLOW.subject} (issuer ${WORKFLOW.issuer}), logged in Rekor at index ${index}`,
    });
    expect(reading.summary).toContainEqual({ label: 'certificate', value: `URI:${WORKFLOW.subject}` });
  });

  it('a v0.2 bundle (certificate chain) with an RFC 3161 timestamp verifies, and says so', async () => {
    const v02 = (await sigstore.signDsse(statement(SUBJECT), 'application/vnd.in-toto+json', WORKFLOW, {
      chain: true,
      timestamp: true,
    })) as BundleJson;
    expect(v02.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.2');
    const reading = await judged(v02);
    expect(reading.verdict.verified).toBe(true);
    expect(reading.verdict.reason).toMatch(/, logged in Rekor at index \d+, timestamped by a TSA$/);
    // v0.1 differs from v0.2 only in what it may omit (the inclusion proof); this one carries everything.
    const v01 = { ...v02, mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1' };
    expect(await judged(v01)).toMatchObject({ title: 'sigstore bundle v0.1 (SLSA provenance v1)', verdict: { verified: true } });
  });

  it("a message signature over the subject's manifest verifies against those bytes; over another digest it does not", async () => {
    const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    const signed = (await sigstore.signMessage(manifest, WORKFLOW)) as BundleJson;
    const index = signed.verificationMaterial.tlogEntries[0]!.logIndex;
    expect(await judged(signed, { subject: digest, subjectBytes: manifest })).toMatchObject({
      kind: 'signature',
      verdict: {
        verified: true,
        reason: `verified: signed by ${WORKFLOW.subject} (issuer ${WORKFLOW.issuer}), logged in Rekor at index ${index}`,
      },
    });
    expect((await judged(signed, { subject: SUBJECT })).verdict).toEqual({
      verified: false,
      reason: `does not verify: the bundle signs a message of digest ${digest.slice('sha256:'.length)}, not ${SUBJECT}`,
    });
    expect((await judged(signed, { subject: digest, root: null })).verdict).toEqual({
      verified: null,
      reason: 'not checked (no trust root given)',
    });
  });

  it('the exact identity and issuer policy passes; another identity or issuer does not verify, saying which', async () => {
    expect((await judged(bundle, { policy: { identity: WORKFLOW.subject, issuer: WORKFLOW.issuer } })).verdict.verified).toBe(true);
    expect(
      (await judged(bundle, { policy: { identity: 'https://github.com/lens/other/.github/workflows/release.yml@refs/heads/main' } }))
        .verdict,
    ).toEqual({
      verified: false,
      reason: `does not verify: the certificate names ${WORKFLOW.subject}, not https://github.com/lens/other/.github/workflows/release.yml@refs/heads/main`,
    });
    // Exact, not a pattern: a prefix of the identity is another identity (the library alone would match it as a regex).
    expect((await judged(bundle, { policy: { identity: 'https://github.com/lens/app' } })).verdict.verified).toBe(false);
    expect((await judged(bundle, { policy: { issuer: 'https://accounts.google.com' } })).verdict).toEqual({
      verified: false,
      reason: `does not verify: the certificate's OIDC issuer is ${WORKFLOW.issuer}, not https://accounts.google.com`,
    });
  });

  it('a statement about another image does not verify, whoever signed it', async () => {
    expect((await judged(bundle, { subject: OTHER })).verdict).toEqual({
      verified: false,
      reason: `does not verify: its subjects name ${SUBJECT}, not ${OTHER}`,
    });
  });

  it('a payload swapped after signing does not verify', async () => {
    const swapped = { ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: statement(OTHER).toString('base64') } };
    // Its statement names the subject, so only the signature can catch it: Rekor logged the original payload's hash.
    expect((await judged(swapped, { subject: OTHER })).verdict).toEqual({
      verified: false,
      reason: 'does not verify: DSSE payload hash mismatch',
    });
  });

  it('a trusted root of another sigstore (another CA and logs) does not vouch for the bundle', async () => {
    expect((await judged(bundle, { root: stranger.trustedRoot })).verdict).toEqual({
      verified: false,
      reason: 'does not verify: Failed to verify certificate chain',
    });
  });

  it('a bundle with its transparency log entry removed has no verified time, and does not verify', async () => {
    const unlogged = { ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [] } };
    expect((await judged(unlogged)).verdict).toEqual({ verified: false, reason: 'does not verify: expected 1 timestamps, got 0' });
  });

  it('without a trusted root it is not checked', async () => {
    expect((await judged(bundle, { root: null })).verdict).toEqual({ verified: null, reason: 'not checked (no trust root given)' });
  });
});

describe('the trusted root file', () => {
  it.each([
    ['not JSON', 'trusted root', /JSON/],
    ['another document', JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }), /not a sigstore trusted root/],
    [
      'keys that are not base64',
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [{ logId: { keyId: '%' }, publicKey: { rawBytes: '%' } }],
      }),
      /not base64/,
    ],
    [
      'a certificate that is not DER',
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        certificateAuthorities: [{ certChain: { certificates: [{ rawBytes: 'AAAA' }] } }],
      }),
      /^The trusted root's keys or certificates do not parse: /,
    ],
  ])('%s is INPUT_INVALID, with the reason', (_name, text, message) => {
    const error = refusal(() => loadTrust(text, {}));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(message);
  });
});
