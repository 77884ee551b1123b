import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { keyIdOf } from './libtrust';
import { sha256Digest } from '../digest';
import {
  canonicalPayload,
  generateSigningKey,
  loadSigningKey,
  parsePrettyJws,
  signPrettyJws,
  stripSignatures,
  verifyPrettyJws,
} from './prettyJws';
import { readVector as vector } from '../../../test/support/vectors';
import { expectRefused, refusal } from '../../../test/support/lensError';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);

// A throwaway P-256 test key (SEC1 and PKCS#8 forms) and a self-signed certificate for it, made with openssl.
const TEST_KEY_SEC1 = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIC/iNpnB+FRbfF3pp9WOwdnizeze21EKROBqEF3mRUGLoAoGCCqGSM49
AwEHoUQDQgAEhnVlWLuA0Sovrp7DRGbiQiiupkuN/PHHK2FNiOSgGn0hUqBqMRki
GzzkJbPM9XVMUD1VHdUXmPIcdv9aoKpB9Q==
-----END EC PRIVATE KEY-----`;
const TEST_KEY_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgL+I2mcH4VFt8Xemn
1Y7B2eLN7N7bUQpE4GoQXeZFQYuhRANCAASGdWVYu4DRKi+unsNEZuJCKK6mS438
8ccrYU2I5KAafSFSoGoxGSIbPOQls8z1dUxQPVUd1ReY8hx2/1qgqkH1
-----END PRIVATE KEY-----`;
const TEST_CERT_DER_B64 =
  'MIIBkTCCATagAwIBAgITXGzDXr0H+40CRAXv9OJqCnlnwDAKBggqhkjOPQQDAjAdMRswGQYDVQQDDBJtYW5pZmVzdC1sZW5zLXRlc3QwIBcNMjYxMTI4MDI0MTAwWhgP' +
  'MjEyNjExMDQwMjQxMDBaMB0xGzAZBgNVBAMMEm1hbmlmZXN0LWxlbnMtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIZ1ZVi7gNEqL66ew0Rm4kIorqZLjfzx' +
  'xythTYjkoBp9IVKgajEZIhs85CWzzPV1TFA9VR3VF5jyHHb/WqCqQfWjUzBRMB0GA1UdDgQWBBQKvMNj46tV3CsWOX7aFAoL2DiTyjAfBgNVHSMEGDAWgBQKvMNj46tV' +
  '3CsWOX7aFAoL2DiTyjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDS2l7d5LNJ/FPZSvzG4VAKjkgh6eC6bhNTflwg/0oAdwIhAPFPRJ1uHXzktybq' +
  'Wn9/9Y4mUZQQaVimPBqmDiymOtFm';

const PAYLOAD = bytesOf('{\n   "schemaVersion": 1,\n   "name": "team/app",\n   "tag": "v1",\n   "note": "<&> é"\n}');

describe('reading and verifying the vectors', () => {
  it.each([
    ['containers-image/v2s1-signed-verifies.json', 'sha256:077594da70fc17ec2c93cfa4e6ed1fcc26992851fb2c71861338aaf4aa9e41b1', true],
    ['containers-image/schema1.json', 'sha256:5a26403ca5f91c7f04300e397efc83960afbfe2d2b34314383a53e267a604455', true],
    ['regclient/hub-debian-6-schema1-signed.json', 'sha256:f3ef067962554c3352dc0c659ca563f73cc396fe0dea2a2c23a7964c6290f782', true],
    ['containers-image/v2s1-signed-stale-signature.json', null, false],
  ])('%s: digest %s, verifies: %s', async (file, digest, verifies) => {
    const report = await verifyPrettyJws(vector(file));
    if (digest) expect(report.digest).toBe(digest);
    expect(report.digest).toBe(sha256Digest(canonicalPayload(vector(file))));
    expect(report.verified).toBe(verifies);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ algorithm: 'ES256', keySource: 'jwk', valid: verifies });
    if (!verifies) expect(report.signatures[0]!.problem).toBeTruthy();
  });

  it("reports the Docker Hub signature's key ID and signing time", async () => {
    const report = await verifyPrettyJws(vector('regclient/hub-debian-6-schema1-signed.json'));
    expect(report.signatures[0]).toMatchObject({
      keyId: 'FD6K:7VOX:ZVOM:34T7:2ZT5:753N:ZM4C:RJIF:WPOO:NPC2:7VPJ:3TVM',
      time: '2021-12-13T13:49:34Z',
      problem: null,
    });
  });

  it('cuts the payload at formatLength and appends formatTail', () => {
    const jws = parsePrettyJws(vector('regclient/hub-debian-6-schema1-signed.json'));
    expect(jws.formatLength).toBe(2746);
    expect(text(jws.formatTail)).toBe('\n}');
    expect(jws.payload.length).toBe(2748);
    expect(text(jws.payload)).not.toContain('signatures');
  });

  it('is whitespace-sensitive: one extra byte in front breaks the signature', async () => {
    const shifted = new Uint8Array([0x0a, ...vector('regclient/hub-debian-6-schema1-signed.json')]);
    const report = await verifyPrettyJws(shifted);
    expect(report.verified).toBe(false);
    expect(report.digest).not.toBe('sha256:f3ef067962554c3352dc0c659ca563f73cc396fe0dea2a2c23a7964c6290f782');
  });
});

describe('signing', () => {
  it('produces a pretty JWS whose payload is the input, byte for byte, and which verifies', async () => {
    const key = await generateSigningKey();
    const signed = await signPrettyJws(PAYLOAD, { key, now: new Date('2024-05-06T07:08:09.123Z') });
    expect(canonicalPayload(signed)).toEqual(PAYLOAD);
    const report = await verifyPrettyJws(signed);
    expect(report).toMatchObject({ verified: true, digest: sha256Digest(PAYLOAD) });
    expect(report.signatures[0]).toMatchObject({ keyId: key.keyId, keySource: 'jwk', time: '2024-05-06T07:08:09Z' });
  });

  it('lays the signatures out as libtrust does: in the payload indentation, jwk keys sorted, protected header in Go map order', async () => {
    const key = await generateSigningKey();
    const signed = text(await signPrettyJws(PAYLOAD, { key, now: new Date('2024-05-06T07:08:09Z') }));
    const body = text(PAYLOAD).slice(0, -2);
    expect(
      signed.startsWith(
        `${body},\n   "signatures": [\n      {\n         "header": {\n            "jwk": {\n               "crv": "P-256",\n`,
      ),
    ).toBe(true);
    expect(signed).toMatch(
      /\n {15}"kid": "[A-Z2-7:]{59}",\n {15}"kty": "EC",\n {15}"x": "[\w-]{43}",\n {15}"y": "[\w-]{43}"\n {12}},\n {12}"alg": "ES256"\n {9}},\n {9}"signature": "[\w-]{86}",\n {9}"protected": "[\w-]+"\n {6}}\n {3}]\n}$/,
    );
    const protectedB64 = /"protected": "([\w-]+)"/.exec(signed)![1]!;
    expect(Buffer.from(protectedB64, 'base64url').toString()).toBe(
      `{"formatLength":${Buffer.byteLength(body)},"formatTail":"Cn0","time":"2024-05-06T07:08:09Z"}`,
    );
    expect(JSON.parse(signed).signatures[0].header.jwk.kid).toBe(key.keyId);
  });

  it('signs a compact document compactly', async () => {
    const compact = bytesOf('{"a":1,"b":[true]}');
    const signed = await signPrettyJws(compact);
    expect(text(signed)).toMatch(/^\{"a":1,"b":\[true\],"signatures":\[\{"header":\{"jwk":\{"crv":"P-256",.*\}\]\}$/);
    expect(canonicalPayload(signed)).toEqual(compact);
    expect((await verifyPrettyJws(signed)).verified).toBe(true);
  });

  it('uses a fresh ephemeral key each time none is given', async () => {
    const a = await verifyPrettyJws(await signPrettyJws(PAYLOAD));
    const b = await verifyPrettyJws(await signPrettyJws(PAYLOAD));
    expect(a.verified && b.verified).toBe(true);
    expect(a.signatures[0]!.keyId).not.toBe(b.signatures[0]!.keyId);
  });

  it.each(['[1]', '{}', '"x"', 'not json'])('refuses to sign %j', async (doc) => {
    await expect(signPrettyJws(bytesOf(doc))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('detects tampering anywhere in the payload', async () => {
    const signed = await signPrettyJws(PAYLOAD);
    const tampered = text(signed).replace('"tag": "v1"', '"tag": "v2"');
    expect((await verifyPrettyJws(bytesOf(tampered))).verified).toBe(false);
  });
});

describe('signing keys', () => {
  const expectedId = keyIdOf(createPrivateKey(TEST_KEY_SEC1));

  it.each([
    ['SEC1 PEM', TEST_KEY_SEC1],
    ['PKCS#8 PEM', TEST_KEY_PKCS8],
    ['libtrust PEM with a keyID header', TEST_KEY_SEC1.replace('-----\n', `-----\nkeyID: ${'ABCD:'.repeat(11)}ABCD\n\n`)],
    ['private JWK (libtrust key.json)', JSON.stringify(createPrivateKey(TEST_KEY_SEC1).export({ format: 'jwk' }))],
  ])('loads a %s', async (_kind, file) => {
    const key = loadSigningKey(file);
    expect(key.keyId).toBe(expectedId);
    expect(key.publicJwk).toEqual({ kty: 'EC', crv: 'P-256', ...pick(createPublicKey(TEST_KEY_SEC1).export({ format: 'jwk' })) });
    const report = await verifyPrettyJws(await signPrettyJws(PAYLOAD, { key }));
    expect(report.signatures[0]).toMatchObject({ valid: true, keyId: expectedId });
  });

  it.each([
    ['garbage', 'not a key'],
    ['a P-384 key', pkcs8Pem('P-384')],
    ['a public key', createPublicKey(TEST_KEY_SEC1).export({ type: 'spki', format: 'pem' }) as string],
  ])('refuses %s', (_kind, file) => {
    expectRefused(() => loadSigningKey(file), 'INPUT_INVALID');
  });
});

function pick(jwk: { x?: string; y?: string }) {
  return { x: jwk.x, y: jwk.y };
}

const pkcs8Pem = (namedCurve: string) =>
  generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('x5c signatures', () => {
  /** A pretty JWS whose signature header names the key by certificate instead of jwk. */
  async function signedWithX5c(keyPem: string): Promise<Uint8Array> {
    const signed = JSON.parse(text(await signPrettyJws(PAYLOAD, { key: loadSigningKey(keyPem) })));
    const { protected: prot, signature } = signed.signatures[0];
    const doc = text(PAYLOAD).slice(0, -2);
    return bytesOf(
      `${doc},\n   "signatures": [{"header": {"alg": "ES256", "x5c": ["${TEST_CERT_DER_B64}"]}, "signature": "${signature}", "protected": "${prot}"}]\n}`,
    );
  }

  it("verifies with the first certificate's key and reports that key's ID", async () => {
    const report = await verifyPrettyJws(await signedWithX5c(TEST_KEY_PKCS8));
    expect(report.verified).toBe(true);
    expect(report.signatures[0]).toMatchObject({ keySource: 'x5c', keyId: keyIdOf(createPrivateKey(TEST_KEY_SEC1)), valid: true });
  });

  it('fails when the certificate is for another key', async () => {
    const report = await verifyPrettyJws(await signedWithX5c(pkcs8Pem('P-256')));
    expect(report.signatures[0]).toMatchObject({ keySource: 'x5c', valid: false });
  });
});

describe('malformed signatures', () => {
  const signedText = async () => text(await signPrettyJws(PAYLOAD));

  it('reports a jwk whose kid names another key, as libtrust refuses it', async () => {
    const doc = (await signedText()).replace(/"kid": "[^"]+"/, `"kid": "${'AAAA:'.repeat(11)}AAAA"`);
    const report = await verifyPrettyJws(bytesOf(doc));
    expect(report.verified).toBe(false);
    expect(report.signatures[0]!.problem).toMatch(/kid/);
  });

  it('reports a signature with no key at all', async () => {
    const doc = (await signedText()).replace(/"jwk": \{[^}]+\},/, '');
    const report = await verifyPrettyJws(bytesOf(doc));
    expect(report.signatures[0]).toMatchObject({ keySource: 'none', valid: false });
  });

  it.each([
    ['no signatures key', (s: string) => s.replace('"signatures"', '"signaturez"')],
    ['an empty list', (s: string) => s.replace(/"signatures": \[[\s\S]*\]\n\}$/, '"signatures": []\n}')],
    ['a list of strings', (s: string) => s.replace(/"signatures": \[[\s\S]*\]\n\}$/, '"signatures": ["x"]\n}')],
    ['a protected header that is not base64url', (s: string) => s.replace(/"protected": "[^"]+"/, '"protected": "!!!"')],
    [
      'a protected header that is not JSON',
      (s: string) => s.replace(/"protected": "[^"]+"/, `"protected": "${Buffer.from('nope').toString('base64url')}"`),
    ],
    [
      'a protected header without formatLength',
      (s: string) => s.replace(/"protected": "[^"]+"/, `"protected": "${Buffer.from('{"formatTail":"Cn0"}').toString('base64url')}"`),
    ],
    [
      'a formatLength beyond the document',
      (s: string) =>
        s.replace(
          /"protected": "[^"]+"/,
          `"protected": "${Buffer.from('{"formatLength":99999,"formatTail":"Cn0"}').toString('base64url')}"`,
        ),
    ],
    [
      'no formatTail',
      (s: string) => s.replace(/"protected": "[^"]+"/, `"protected": "${Buffer.from('{"formatLength":3}').toString('base64url')}"`),
    ],
    ['a document that is not JSON', (s: string) => s.slice(0, -1)],
  ])('refuses %s with INPUT_INVALID', async (_name, edit) => {
    const doc = bytesOf(edit(await signedText()));
    expectRefused(() => canonicalPayload(doc), 'INPUT_INVALID');
    await expect(verifyPrettyJws(doc)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('refuses signatures that disagree on the format', async () => {
    const one = JSON.parse(await signedText()).signatures[0];
    const two = { ...one, protected: Buffer.from('{"formatLength":5,"formatTail":"Cn0"}').toString('base64url') };
    const doc = `${text(PAYLOAD).slice(0, -2)},\n   "signatures": ${JSON.stringify([one, two])}\n}`;
    expectRefused(() => canonicalPayload(bytesOf(doc)), 'INPUT_INVALID');
  });

  it('throws nothing but LensError(INPUT_INVALID) for arbitrary documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (doc) => {
        await verifyPrettyJws(bytesOf(doc)).then(
          () => undefined,
          (e) => {
            expect(e).toBeInstanceOf(LensError);
            expect((e as LensError).code).toBe('INPUT_INVALID');
          },
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('stripping signatures', () => {
  it('gives the unsigned v1+json document: the payload itself, digest unchanged, the loss reported', () => {
    const signed = vector('regclient/hub-debian-6-schema1-signed.json');
    const result = stripSignatures(signed);
    expect(result.mediaType).toBe(MediaType.dockerSchema1);
    expect(result.digest).toBe('sha256:f3ef067962554c3352dc0c659ca563f73cc396fe0dea2a2c23a7964c6290f782');
    expect(result.bytes).toEqual(canonicalPayload(signed));
    expect(JSON.parse(text(result.bytes))).not.toHaveProperty('signatures');
    expect(result.notes).toEqual([
      expect.objectContaining({ kind: 'lost', field: 'signatures', message: expect.stringContaining('FD6K:7VOX') }),
    ]);
  });
});

describe('stripSignatures of a document edited after signing', () => {
  it("refuses containers/image's Docker Hub schema 1 whose name was edited (formatLength 10895, document longer): no unsigned form", () => {
    const e = refusal(() => stripSignatures(vector('containers-image/schema2-to-schema1-by-docker.json')));
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toContain('formatLength (10895)');
  });
});
