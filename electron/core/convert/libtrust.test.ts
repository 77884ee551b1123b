import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { keyIdFromSpki, keyIdOf, keyIdOfJwk } from './libtrust';
import { readVectorText } from '../../../test/support/vectors';

/** The jwk of the first signature of a vector file, as it is written there (kid included). */
function vectorJwk(file: string): { kid: string; kty: string; crv: string; x: string; y: string } {
  return JSON.parse(readVectorText(file)).signatures[0].header.jwk;
}

describe('libtrust key IDs', () => {
  it('gives the Docker Hub key of the regclient vector the ID its README states', () => {
    expect(keyIdOfJwk(vectorJwk('regclient/hub-debian-6-schema1-signed.json'))).toBe(
      'FD6K:7VOX:ZVOM:34T7:2ZT5:753N:ZM4C:RJIF:WPOO:NPC2:7VPJ:3TVM',
    );
  });

  it.each(['containers-image/v2s1-signed-verifies.json', 'containers-image/schema1.json'])(
    'recomputes the kid libtrust wrote into %s',
    (file) => {
      const { kid, ...jwk } = vectorJwk(file);
      expect(keyIdOfJwk(jwk)).toBe(kid);
    },
  );

  it('is 12 groups of 4 base32 characters, the same from the private key, the public key and its JWK', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = keyIdOf(privateKey);
    expect(id).toMatch(/^[A-Z2-7]{4}(?::[A-Z2-7]{4}){11}$/);
    expect(keyIdOf(publicKey)).toBe(id);
    expect(keyIdOfJwk(publicKey.export({ format: 'jwk' }))).toBe(id);
    expect(keyIdFromSpki(publicKey.export({ type: 'spki', format: 'der' }))).toBe(id);
  });

  it('covers RSA keys too (libtrust signs with RSA as well)', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(keyIdOfJwk(publicKey.export({ format: 'jwk' }))).toBe(keyIdOf(publicKey));
  });

  it('differs for different keys', () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const b = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(keyIdOf(a)).not.toBe(keyIdOf(b));
  });

  it.each([{}, { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, { kty: 'oct', k: 'c2VjcmV0' }])(
    'refuses %j with INPUT_INVALID',
    (jwk) => {
      expect(() => keyIdOfJwk(jwk)).toThrow(LensError);
    },
  );
});
