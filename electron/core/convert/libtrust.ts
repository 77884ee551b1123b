/**
 * libtrust key IDs: the fingerprint docker's libtrust prints for a public key and writes as `kid` in the
 * jwk header of a schema 1 signature. It is the SHA-256 of the key's DER SubjectPublicKeyInfo, cut to
 * 240 bits, base32-encoded (48 characters) and written as 12 groups of 4 joined by ':'.
 */
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { LensError } from '../errors';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding; 30 bytes make exactly 48 characters, so none is needed. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** The key ID of a public key given as its DER SubjectPublicKeyInfo. */
export function keyIdFromSpki(spkiDer: Uint8Array): string {
  const fingerprint = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  return base32(fingerprint).match(/.{4}/g)!.join(':');
}

/** The key ID of a public key (or of the public half of a private key). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return keyIdFromSpki(publicKey.export({ type: 'spki', format: 'der' }));
}

/** The key ID of a public JWK (EC or RSA); INPUT_INVALID when it is not a usable public key. */
export function keyIdOfJwk(jwk: JsonWebKey): string {
  let key: KeyObject;
  try {
    const { kty, crv, x, y, n, e } = jwk;
    key = createPublicKey({ key: { kty, crv, x, y, n, e } as JsonWebKey, format: 'jwk' });
  } catch (err) {
    throw new LensError('INPUT_INVALID', 'The jwk is not a valid public key.', err instanceof Error ? err.message : String(err));
  }
  return keyIdOf(key);
}
