import { describe, expect, it } from 'vitest';
import { argsOf, hashInputs, NO_INPUTS, publicKeyFrom } from './verificationInputs';

// containers/image's cosign.pub (test/vectors/containers-image/cosign); the private keys below are only
// their PEM armour, which is what the page looks at.
const publicPem = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFNLqFhf4fiN6o/glAuYnq2jYUeL0
vRuLu/z39pmbVwS9ff5AYnlwaP9sxREajdLY9ynM6G1sy6AAmb7Z63TsLg==
-----END PUBLIC KEY-----
`;
const armour = (label: string) => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`;
const privatePem = armour('PRIVATE KEY');

describe('publicKeyFrom', () => {
  it('takes a PEM public key, as cosign writes cosign.pub', () => {
    expect(publicKeyFrom('cosign.pub', publicPem)).toEqual({ name: 'cosign.pub', pem: publicPem });
  });
  it.each([
    ['a PKCS#8 private key', privatePem],
    ['an EC private key', armour('EC PRIVATE KEY')],
    ['cosign’s encrypted private key', armour('ENCRYPTED SIGSTORE PRIVATE KEY')],
    ['a public key pasted with its private key', `${publicPem}${privatePem}`],
  ])('refuses %s without sending it', (_what, text) => {
    expect(publicKeyFrom('cosign.key', text)).toEqual({
      refused: 'cosign.key is a private key, and was not sent. Give its public key (cosign.pub for cosign).',
    });
  });
  it('refuses text that is no PEM public key, and a file too large to be one', () => {
    expect(publicKeyFrom('notes.txt', 'hello')).toEqual({
      refused: 'notes.txt is not a PEM public key (no "-----BEGIN PUBLIC KEY-----" line).',
    });
    expect(publicKeyFrom('big.pem', `${publicPem}${' '.repeat(64 * 1024)}`)).toMatchObject({
      refused: expect.stringContaining('larger than 64 KiB'),
    });
  });
});

describe('argsOf and hashInputs', () => {
  const inputs = {
    keys: [{ name: 'cosign.pub', pem: publicPem }],
    trustedRoot: { name: 'trusted_root.json', text: '{"mediaType":"x"}' },
    certificateIdentity: '  https://github.com/lens/app/.github/workflows/release.yml@refs/heads/main ',
    certificateOidcIssuer: '',
  };
  it('sends the PEM text, the root text and the policy given, trimmed; empty fields are left out', () => {
    expect(argsOf(inputs)).toEqual({
      keys: [{ name: 'cosign.pub', pem: publicPem }],
      trustedRoot: '{"mediaType":"x"}',
      certificateIdentity: 'https://github.com/lens/app/.github/workflows/release.yml@refs/heads/main',
    });
  });
  it('names inputs by a SHA-256 that holds none of their text; no inputs are "none"', async () => {
    const { hash } = await hashInputs(inputs);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await hashInputs({ ...inputs, certificateOidcIssuer: 'https://token.actions.githubusercontent.com' })).hash).not.toBe(hash);
    expect((await hashInputs(NO_INPUTS.inputs)).hash).toBe('none');
    // The file's name labels verdicts, so it is part of what is asked.
    expect((await hashInputs({ ...inputs, keys: [{ name: 'other.pub', pem: publicPem }] })).hash).not.toBe(hash);
  });
});
