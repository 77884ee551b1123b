/**
 * What the Supply chain view verifies with: public keys and a sigstore trusted root the user picks (read
 * as text in the page, since the page has no file paths), and an optional keyless identity policy. Query
 * keys name a set of inputs by its SHA-256 only, so no key or root text ends up in a key, a log or a URL.
 */
import type { PublicKeyInput, SupplyChainArgs } from '../../../shared/supplyChain';

export interface VerificationInputs {
  keys: readonly PublicKeyInput[];
  trustedRoot: { name: string; text: string } | null;
  certificateIdentity: string;
  certificateOidcIssuer: string;
}

export interface HashedInputs {
  inputs: VerificationInputs;
  /** Names the inputs in query keys; 'none' for no inputs at all. */
  hash: string;
}

export const NO_INPUTS: HashedInputs = {
  inputs: { keys: [], trustedRoot: null, certificateIdentity: '', certificateOidcIssuer: '' },
  hash: 'none',
};

/** The contract's limits (shared/supplyChain.ts): a file larger is refused before it is read. */
export const KEY_FILE_LIMIT = 64 * 1024;
export const TRUSTED_ROOT_LIMIT = 4 * 1024 * 1024;

/** The inputs as the supplyChain call takes them; empty policy fields are left out. */
export function argsOf(inputs: VerificationInputs): Omit<SupplyChainArgs, 'source'> {
  const identity = inputs.certificateIdentity.trim();
  const issuer = inputs.certificateOidcIssuer.trim();
  return {
    keys: inputs.keys.map(({ name, pem }) => ({ name, pem })),
    ...(inputs.trustedRoot ? { trustedRoot: inputs.trustedRoot.text } : {}),
    ...(identity ? { certificateIdentity: identity } : {}),
    ...(issuer ? { certificateOidcIssuer: issuer } : {}),
  };
}

export async function hashInputs(inputs: VerificationInputs): Promise<HashedInputs> {
  const args = argsOf(inputs);
  if (args.keys!.length === 0 && Object.keys(args).length === 1) return { ...NO_INPUTS, inputs };
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(args)));
  const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return { inputs, hash };
}

export const keyTooLarge = (name: string) => `${name} is larger than 64 KiB; a public key is a few hundred bytes.`;

const PUBLIC_PEM = /-----BEGIN (?:[A-Z0-9]+ )*PUBLIC KEY-----/;
const PRIVATE_PEM = /PRIVATE KEY-----/;

/**
 * A key file's text as a key to send, or why it is refused. A private key never leaves the page: the
 * core needs only the public half, and a private key sent would sit in its memory and in the request.
 */
export function publicKeyFrom(name: string, text: string): PublicKeyInput | { refused: string } {
  if (PRIVATE_PEM.test(text))
    return { refused: `${name} is a private key, and was not sent. Give its public key (cosign.pub for cosign).` };
  if (text.length > KEY_FILE_LIMIT) return { refused: keyTooLarge(name) };
  if (!PUBLIC_PEM.test(text)) return { refused: `${name} is not a PEM public key (no "-----BEGIN PUBLIC KEY-----" line).` };
  return { name, pem: text };
}
