import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleVersion, preAuthEncoding, SigstoreBundle } from './envelopes';
import { keyThatSigned, loadPublicKey } from './keys';

describe('DSSE pre-authentication encoding', () => {
  it("matches the DSSE protocol's worked example byte for byte", () => {
    // secure-systems-lab/dsse protocol.md, "Test vectors": PAE("http://example.com/HelloWorld", "hello world").
    const pae = preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world'));
    expect(pae.toString('utf8')).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters, for a type and body outside ASCII', () => {
    expect(preAuthEncoding('t/é', Buffer.from('ü')).toString('utf8')).toBe('DSSEv1 4 t/é 2 ü');
  });
});

describe('public keys as cosign loads them', () => {
  const data = Buffer.from('{"critical":{}}');
  const cases = [
    ['ECDSA P-256 (SHA-256)', generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'sha256'],
    ['ECDSA P-384 (SHA-384)', generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'sha384'],
    ['RSA PKCS#1 v1.5 (SHA-256)', generateKeyPairSync('rsa', { modulusLength: 2048 }), 'sha256'],
    ['Ed25519', generateKeyPairSync('ed25519'), null],
  ] as const;

  it.each(cases)('%s: the signature verifies under its key and under no other', (_name, pair, hash) => {
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const key = loadPublicKey({ name: 'given.pub', pem });
    const stranger = loadPublicKey({
      name: 'other.pub',
      pem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const signature = sign(hash, data, pair.privateKey);
    expect(keyThatSigned([stranger, key], data, signature)?.name).toBe('given.pub');
    expect(keyThatSigned([stranger], data, signature)).toBeNull();
    expect(keyThatSigned([key], Buffer.from('tampered'), signature)).toBeNull();
  });

  it('refuses text that is no public key and a curve cosign does not use, naming the file', () => {
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadPublicKey({ name: 'k1.pub', pem: secp256k1 })).toThrow(
      'The key k1.pub is on curve secp256k1; cosign keys are P-256 or P-384.',
    );
    expect(() => loadPublicKey({ name: 'junk.pub', pem: 'junk' })).toThrow('The key junk.pub is not a PEM public key.');
  });
});

describe('sigstore bundle media types', () => {
  const material = { verificationMaterial: { publicKey: { hint: 'k' } }, messageSignature: { signature: 'AA==' } };
  it.each([
    ['application/vnd.dev.sigstore.bundle+json;version=0.1', '0.1'],
    ['application/vnd.dev.sigstore.bundle+json;version=0.2', '0.2'],
    ['application/vnd.dev.sigstore.bundle.v0.3+json', '0.3'],
  ])('%s is bundle v%s', (mediaType, version) => {
    expect(bundleVersion(SigstoreBundle.parse({ mediaType, ...material }))).toBe(version);
  });

  it('refuses a media type no bundle version has', () => {
    expect(SigstoreBundle.safeParse({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.4+json', ...material }).success).toBe(false);
  });
});
