/**
 * Public keys the user gives, and signature checks with them as cosign makes signatures: ECDSA over the
 * SHA-256 of the signed bytes with an ASN.1 DER signature (P-256; P-384 with SHA-384), RSA PKCS#1 v1.5
 * with SHA-256, Ed25519 over the bytes themselves (sigstore's public-key details, as cosign loads PEM keys).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { PublicKeyInput } from '../../../shared/supplyChain';
import { LensError } from '../errors';

export interface VerificationKey {
  name: string;
  key: KeyObject;
  /** The hash to verify with; null for Ed25519, which hashes internally. */
  hash: 'sha256' | 'sha384' | null;
}

export function loadPublicKey(input: PublicKeyInput): VerificationKey {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: input.pem, format: 'pem' });
  } catch {
    throw new LensError('INPUT_INVALID', `The key ${input.name} is not a PEM public key.`);
  }
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return { name: input.name, key, hash: 'sha256' };
      if (curve === 'secp384r1') return { name: input.name, key, hash: 'sha384' };
      throw new LensError('INPUT_INVALID', `The key ${input.name} is on curve ${curve ?? 'unknown'}; cosign keys are P-256 or P-384.`);
    }
    case 'rsa':
      return { name: input.name, key, hash: 'sha256' };
    case 'ed25519':
      return { name: input.name, key, hash: null };
    default:
      throw new LensError(
        'INPUT_INVALID',
        `The key ${input.name} is a ${key.asymmetricKeyType ?? 'unknown'} key; expected ECDSA, RSA or Ed25519.`,
      );
  }
}

/** The first key under which `signature` signs `data`, or null when none does. */
export function keyThatSigned(keys: readonly VerificationKey[], data: Uint8Array, signature: Uint8Array): VerificationKey | null {
  return keys.find((k) => verifySafely(k, data, signature)) ?? null;
}

function verifySafely(k: VerificationKey, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(k.hash, data, k.key, signature);
  } catch {
    // A signature of the wrong length or encoding for this key type is a signature it did not make.
    return false;
  }
}
