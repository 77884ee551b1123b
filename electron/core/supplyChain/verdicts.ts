/**
 * Verdicts on what a referrer claims, and the judge that gives them: the keys the user gave, whether a
 * trust root was given, and the digest every payload must name. "verified" needs a key that signed the
 * exact bytes; "does not verify" says why; "not checked" says what was missing.
 */
import type { ShownDocument, SummaryField, SupplyChainFormat, SupplyChainKind, Verdict } from '../../../shared/supplyChain';
import type { KeylessTrust } from './keyless';
import { keyThatSigned, type VerificationKey } from './keys';

export interface Judge {
  keys: readonly VerificationKey[];
  /** The trusted root given, as a verifier with its identity policy; null when none was given. */
  trust: KeylessTrust | null;
  /** The digest the artifact refers to, which a payload must name. */
  subject: string;
  /** The bytes that digest names, read when a message signature over them is verified. */
  subjectBytes: () => Promise<Uint8Array>;
}

/** What one layer of a referrer is, says and is judged to be. */
export interface LayerReading {
  kind: SupplyChainKind;
  format: SupplyChainFormat;
  title: string;
  summary: SummaryField[];
  verdict: Verdict;
  documents: ShownDocument[];
}

export const notChecked = (what: string): Verdict => ({ verified: null, reason: `not checked (${what})` });
export const fails = (why: string): Verdict => ({ verified: false, reason: `does not verify: ${why}` });

/** A signature checked with the keys given: which one signed, or why none did, or that none was given. */
export function keyVerdict(judge: Judge, data: Uint8Array, signature: Uint8Array, what: string): Verdict {
  if (judge.keys.length === 0) return notChecked('no key given');
  const signer = keyThatSigned(judge.keys, data, signature);
  if (!signer) return fails(`the ${what} is signed by none of the ${judge.keys.length} key(s) given`);
  return { verified: true, reason: `verified: ${what} signed by ${signer.name}` };
}

/**
 * A keyless cosign signature outside a bundle (a certificate in a layer annotation, its Rekor entry in
 * another) is "not checked": only sigstore bundles are verified against a trust root here.
 */
export function keylessCosignVerdict(judge: Judge): Verdict {
  return notChecked(
    judge.trust
      ? 'keyless cosign signatures outside a sigstore bundle are not verified by this tool; sigstore bundles are'
      : 'no trust root given',
  );
}

/** A JSON document re-indented for reading; anything else as text. */
export function documentText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
