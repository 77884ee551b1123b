/**
 * Keyless sigstore bundles judged offline with @sigstore/verify against the trusted root the user gives:
 * the Fulcio certificate chains to a trusted CA at a verified time (a transparency log entry or an RFC 3161
 * timestamp), carries a signed certificate timestamp from a trusted CT log, the Rekor entry is included in
 * a trusted log and records this signature, and the signature is over the content. The library's
 * defaults stand: one transparency log entry, one SCT and one verified timestamp are required.
 * An identity or issuer policy is compared exactly, as cosign's --certificate-identity and
 * --certificate-oidc-issuer compare.
 */
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { z } from 'zod';
import type { Verdict } from '../../../shared/supplyChain';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';

/** Who must have signed: the certificate's subject alternative name and its OIDC issuer extension. */
export interface IdentityPolicy {
  identity?: string;
  issuer?: string;
}

export interface KeylessTrust {
  verifier: Verifier;
  policy: IdentityPolicy;
}

/** A sigstore trusted root (sigstore/protobuf-specs TrustedRoot, JSON form), checked for shape before it is read. */
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const Validity = z.looseObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }).optional() }).optional();
const LogKey = z.looseObject({
  baseUrl: z.string().optional(),
  logId: z.looseObject({ keyId: Base64 }),
  publicKey: z.looseObject({ rawBytes: Base64, keyDetails: z.string().optional(), validFor: Validity }),
});
const Authority = z.looseObject({
  certChain: z.looseObject({ certificates: z.array(z.looseObject({ rawBytes: Base64 })).min(1) }),
  validFor: Validity,
});
const TrustedRootJson = z.looseObject({
  mediaType: z.string().regex(/^application\/vnd\.dev\.sigstore\.trustedroot/, 'not a sigstore trusted root'),
  tlogs: z.array(LogKey).default([]),
  certificateAuthorities: z.array(Authority).default([]),
  ctlogs: z.array(LogKey).default([]),
  timestampAuthorities: z.array(Authority).default([]),
});

/** The trusted root as a verifier; a file that is not one is INPUT_INVALID, naming what is wrong. */
export function loadTrust(text: string, policy: IdentityPolicy): KeylessTrust {
  const json = validate(TrustedRootJson, parseJsonValue(Buffer.from(text, 'utf8'), 'trusted root'), 'trusted root');
  try {
    return { verifier: new Verifier(toTrustMaterial(TrustedRoot.fromJSON(json))), policy };
  } catch (e) {
    // Its certificates or keys do not parse (DER, SPKI): the library says which.
    throw new LensError('INPUT_INVALID', `The trusted root's keys or certificates do not parse: ${messageOf(e)}.`);
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Policy mismatches, exact as cosign compares; null when the signer meets the policy. */
function policyFailure(policy: IdentityPolicy, identity: string | undefined, issuer: string | undefined): string | null {
  if (policy.identity !== undefined && identity !== policy.identity) {
    return `the certificate names ${identity ?? 'no identity'}, not ${policy.identity}`;
  }
  if (policy.issuer !== undefined && issuer !== policy.issuer) {
    return `the certificate's OIDC issuer is ${issuer ?? 'not named'}, not ${policy.issuer}`;
  }
  return null;
}

/**
 * A bundle with a Fulcio certificate, verified against the trusted root; `artifact` is the signed bytes
 * of a message signature (a DSSE bundle carries its own). The bundle's content must already have been
 * checked against the subject: this says who signed it and whether sigstore vouches for that.
 */
export function keylessBundleVerdict(bundleJson: unknown, trust: KeylessTrust | null, artifact?: Buffer): Verdict {
  if (!trust) return { verified: null, reason: 'not checked (no trust root given)' };
  let signer: ReturnType<Verifier['verify']>;
  let bundle: ReturnType<typeof bundleFromJSON>;
  try {
    bundle = bundleFromJSON(bundleJson);
    signer = trust.verifier.verify(toSignedEntity(bundle, artifact));
  } catch (e) {
    // The bundle is untrusted input: whatever the verifier refuses, or fails to parse, does not verify.
    return { verified: false, reason: `does not verify: ${messageOf(e)}` };
  }
  const identity = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const refused = policyFailure(trust.policy, identity, issuer);
  if (refused) return { verified: false, reason: `does not verify: ${refused}` };
  const logged = bundle.verificationMaterial.tlogEntries.map((t) => `logged in Rekor at index ${t.logIndex}`);
  const stamped = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ? ['timestamped by a TSA'] : [];
  return {
    verified: true,
    reason: [`verified: signed by ${identity ?? 'an unnamed identity'} (issuer ${issuer ?? 'not named'})`, ...logged, ...stamped].join(
      ', ',
    ),
  };
}
