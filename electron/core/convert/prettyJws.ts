/**
 * libtrust's "pretty JWS", the signature format of Docker v2 schema 1 (…manifest.v1+prettyjws).
 *
 * The signed payload is the manifest JSON itself. Instead of carrying it base64-encoded, the document
 * keeps it readable: the signatures array is spliced in before the closing brace, and each signature's
 * protected header records how to cut it out again: `formatLength` (bytes of the document that belong
 * to the payload) and `formatTail` (base64url of what followed them, normally "\n}"). The payload is
 * document[0:formatLength] + formatTail; its sha256 is the manifest's digest. Signatures are JWS over
 * base64url(protected) + "." + base64url(payload), ES256 with a `jwk` header (or an `x5c` chain).
 */
import { createPrivateKey, createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { FlattenedSign, flattenedVerify, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import {
  jsonArray,
  jsonObject,
  jsonString,
  lastEntry,
  marshalCompact,
  marshalIndent,
  parseJsonBytes,
  readJsonBytes,
  sortedByGoKeys,
  type JsonNode,
} from './goJson';
import { keyIdFromSpki, keyIdOf, keyIdOfJwk } from './libtrust';
import { sha256Digest } from '../digest';
import type { ConversionResult } from './types';

/** An EC P-256 signing key and what its signatures show of it. */
export interface SigningKey {
  privateKey: CryptoKey | KeyObject;
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** The libtrust key ID, written as `kid`. */
  keyId: string;
}

/** One signature of a pretty JWS as read from the document. */
export interface ParsedSignature {
  algorithm: string;
  /** The jwk header (its decoded JSON), when the key is given that way. */
  jwk: JsonWebKey | null;
  /** The x5c header: base64 DER certificates, signer first. */
  x5c: string[] | null;
  signature: string;
  protected: string;
  /** The protected header's `time`, when present. */
  time: string | null;
}

export interface PrettyJws {
  /** The signed payload: document[0:formatLength] + formatTail. */
  payload: Uint8Array;
  formatLength: number;
  formatTail: Uint8Array;
  signatures: ParsedSignature[];
}

export interface SignatureCheck {
  algorithm: string;
  keySource: 'jwk' | 'x5c' | 'none';
  /** libtrust key ID of the key that signed (for x5c: of the first certificate's key). */
  keyId: string | null;
  time: string | null;
  valid: boolean;
  /** Why the signature does not verify; null when it does. */
  problem: string | null;
}

export interface SignatureReport {
  /** sha256 of the payload: the schema 1 manifest's digest. */
  digest: string;
  payload: Uint8Array;
  signatures: SignatureCheck[];
  /** True when there is at least one signature and every one verifies (libtrust's rule). */
  verified: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Keys

const P256_ONLY = 'Schema 1 signing keys must be EC P-256 (ES256).';

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { x, y } = await exportJWK(publicKey);
  const publicJwk = { kty: 'EC', crv: 'P-256', x: x!, y: y! } as const;
  return { privateKey, publicJwk, keyId: keyIdOfJwk(publicJwk) };
}

/**
 * Reads a key file the user gives: PEM (PKCS#8 or SEC1 "EC PRIVATE KEY", as libtrust writes them, whose
 * extra header lines such as `keyID:` are ignored) or a private JWK (libtrust's key.json).
 */
export function loadSigningKey(text: string): SigningKey {
  let key: KeyObject;
  try {
    const trimmed = text.trim();
    key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed.replace(/^[A-Za-z][\w-]*: .*\r?\n/gm, '').replace(/\n\s*\n/g, '\n'));
  } catch (e) {
    throw new LensError(
      'INPUT_INVALID',
      'The signing key file is not a private key in PEM or JWK form.',
      e instanceof Error ? e.message : String(e),
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new LensError('INPUT_INVALID', P256_ONLY);
  const { x, y } = createPublicKey(key).export({ format: 'jwk' });
  return { privateKey: key, publicJwk: { kty: 'EC', crv: 'P-256', x: x!, y: y! }, keyId: keyIdOf(key) };
}

// ---------------------------------------------------------------------------------------------------
// Signing

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** libtrust's JWS times: RFC 3339 in UTC without fractions. */
const jwsTime = (now: Date) => now.toISOString().replace(/\.\d+Z$/, 'Z');

const isJsonSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function lastNonSpace(bytes: Uint8Array, end: number): number {
  let i = end - 1;
  while (i >= 0 && isJsonSpace(bytes[i])) i--;
  return i;
}

/** The indentation of the first key when the document opens with "{\n" (libtrust's detectJSONIndent). */
function detectIndent(bytes: Uint8Array): string {
  if (bytes[0] !== 0x7b || bytes[1] !== 0x0a) return '';
  const quote = bytes.indexOf(0x22, 1);
  return quote > 1 ? new TextDecoder().decode(bytes.subarray(2, quote)) : '';
}

/**
 * Signs a JSON object document as libtrust does and returns the pretty JWS: the document up to its
 * last value, the signatures array under "signatures" in the document's own indentation, the closing
 * brace. `now` fixes the protected header's time (tests).
 */
export async function signPrettyJws(payload: Uint8Array, options: { key?: SigningKey; now?: Date } = {}): Promise<Uint8Array> {
  const doc = parseJsonBytes(payload, 'document to sign');
  // An empty object has no last value to put the signatures after (libtrust would write invalid JSON).
  if (doc.kind !== 'object' || doc.entries.length === 0)
    throw new LensError('INPUT_INVALID', 'Only a non-empty JSON object can carry a pretty JWS.');
  const close = lastNonSpace(payload, payload.length);
  const formatLength = lastNonSpace(payload, close) + 1;
  const formatTail = payload.subarray(formatLength);
  const key = options.key ?? (await generateSigningKey());

  const jws = await new FlattenedSign(payload)
    .setProtectedHeader({ formatLength, formatTail: b64url(formatTail), time: jwsTime(options.now ?? new Date()) })
    .setUnprotectedHeader({ alg: 'ES256' })
    .sign(key.privateKey);

  const jwk = sortedByGoKeys(Object.entries({ ...key.publicJwk, kid: key.keyId }).map(([k, v]) => ({ key: k, value: jsonString(v) })));
  const signature = jsonObject([
    [
      'header',
      jsonObject([
        ['jwk', jwk],
        ['alg', jsonString('ES256')],
      ]),
    ],
    ['signature', jsonString(jws.signature)],
    ['protected', jsonString(jws.protected!)],
  ]);
  const indent = detectIndent(payload);
  const signatures = jsonArray([signature]);
  const spliced = indent
    ? `,\n${indent}"signatures": ${marshalIndent(signatures, indent, indent)}\n}`
    : `,"signatures":${marshalCompact(signatures)}}`;
  const tail = new TextEncoder().encode(spliced);
  const out = new Uint8Array(formatLength + tail.length);
  out.set(payload.subarray(0, formatLength));
  out.set(tail, formatLength);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading

function malformed(why: string): LensError {
  return new LensError('INPUT_INVALID', `Not a signed schema 1 manifest (pretty JWS): ${why}.`);
}

/** libtrust's base64url: newlines and spaces dropped, padding optional, nothing else tolerated. */
function decodeB64url(text: string, what: string): Uint8Array {
  const s = text.replace(/[\n ]/g, '');
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw malformed(`${what} is not base64url`);
  return new Uint8Array(Buffer.from(s, 'base64url'));
}

function stringField(node: JsonNode, key: string, what: string, required: boolean): string | null {
  const value = lastEntry(node, key);
  if (value === undefined || value.kind === 'null') {
    if (required) throw malformed(`${what} has no ${key}`);
    return null;
  }
  if (value.kind !== 'string') throw malformed(`${what}.${key} is not a string`);
  return value.value;
}

/** A parsed node as plain data (for the jwk, which libtrust reads as a map). */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'string':
    case 'boolean':
      return node.value;
    case 'number':
      return Number(node.raw);
    case 'null':
      return null;
  }
}

function readSignature(node: JsonNode, i: number): ParsedSignature & { formatLength: number; formatTail: Uint8Array } {
  const what = `signatures[${i}]`;
  if (node.kind !== 'object') throw malformed(`${what} is not an object`);
  const header = lastEntry(node, 'header') ?? { kind: 'null' };
  if (header.kind !== 'object' && header.kind !== 'null') throw malformed(`${what}.header is not an object`);
  const jwkNode = lastEntry(header, 'jwk');
  if (jwkNode && jwkNode.kind !== 'object' && jwkNode.kind !== 'null') throw malformed(`${what}.header.jwk is not an object`);
  const x5cNode = lastEntry(header, 'x5c');
  let x5c: string[] | null = null;
  if (x5cNode && x5cNode.kind !== 'null') {
    if (x5cNode.kind !== 'array' || !x5cNode.items.every((c) => c.kind === 'string'))
      throw malformed(`${what}.header.x5c is not a list of strings`);
    x5c = x5cNode.items.map((c) => (c as { value: string }).value);
  }
  const protectedText = stringField(node, 'protected', what, true)!;
  const protectedHeader = parseJsonBytes(decodeB64url(protectedText, `${what}.protected`), `${what} protected header`);
  if (protectedHeader.kind !== 'object') throw malformed(`${what}'s protected header is not an object`);
  const lengthNode = lastEntry(protectedHeader, 'formatLength');
  const formatLength = lengthNode?.kind === 'number' ? Number(lengthNode.raw) : NaN;
  if (!Number.isSafeInteger(formatLength) || formatLength < 0) throw malformed(`${what} has no usable formatLength`);
  const tailText = stringField(protectedHeader, 'formatTail', `${what} protected header`, true)!;
  return {
    algorithm: stringField(header, 'alg', `${what}.header`, false) ?? '',
    jwk: jwkNode?.kind === 'object' ? (plain(jwkNode) as JsonWebKey) : null,
    x5c,
    signature: stringField(node, 'signature', what, false) ?? '',
    protected: protectedText,
    time: lastEntry(protectedHeader, 'time')?.kind === 'string' ? stringField(protectedHeader, 'time', what, false) : null,
    formatLength,
    formatTail: decodeB64url(tailText, `${what} formatTail`),
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Reads a pretty JWS the way libtrust's ParsePrettySignature does; INPUT_INVALID when it is not one. */
export function parsePrettyJws(bytes: Uint8Array): PrettyJws {
  const doc = parseJsonBytes(bytes, 'schema 1 manifest');
  if (doc.kind !== 'object') throw malformed('the document is not a JSON object');
  const list = lastEntry(doc, 'signatures');
  if (list === undefined) throw malformed('it has no "signatures"');
  if (list.kind !== 'array') throw malformed('"signatures" is not a list');
  if (list.items.length === 0) throw malformed('"signatures" is empty');
  const read = list.items.map(readSignature);
  const { formatLength, formatTail } = read[0]!;
  if (read.some((s) => s.formatLength !== formatLength)) throw malformed('its signatures disagree on formatLength');
  if (read.some((s) => !sameBytes(s.formatTail, formatTail))) throw malformed('its signatures disagree on formatTail');
  if (formatLength > bytes.length) throw malformed(`formatLength ${formatLength} exceeds the document's ${bytes.length} bytes`);
  const payload = new Uint8Array(formatLength + formatTail.length);
  payload.set(bytes.subarray(0, formatLength));
  payload.set(formatTail, formatLength);
  const signatures = read.map(({ formatLength: _l, formatTail: _t, ...s }) => s);
  return { payload, formatLength, formatTail, signatures };
}

/** The signed payload of a pretty JWS; its sha256 is the manifest's digest. */
export function canonicalPayload(bytes: Uint8Array): Uint8Array {
  return parsePrettyJws(bytes).payload;
}

/**
 * Signed schema 1 → unsigned (v1+json): the payload itself, so the digest stays the same. A payload that
 * is not a JSON document (a protected header whose formatLength no longer fits the document, as after an
 * edit of the signed document) is refused: there is no unsigned manifest to give, and distribution would reject it too.
 */
export function stripSignatures(bytes: Uint8Array): ConversionResult {
  const { payload, signatures, formatLength } = parsePrettyJws(bytes);
  try {
    readJsonBytes(payload, 'signed payload', JSON.parse);
  } catch {
    throw new LensError(
      'INPUT_INVALID',
      `The signatures' formatLength (${formatLength}) and formatTail do not cut a JSON document out of this manifest, so it has no unsigned form: this document is not the one that was signed.`,
    );
  }
  const keys = signatures.map((s) => (s.jwk ? (s.jwk.kid ?? 'a jwk') : s.x5c ? 'an x5c chain' : 'no key'));
  return {
    bytes: payload,
    mediaType: MediaType.dockerSchema1,
    digest: sha256Digest(payload),
    notes: [
      {
        kind: 'lost',
        field: 'signatures',
        message: `${signatures.length} signature(s) removed (signed with ${keys.join(', ')}); the digest is unchanged because it covers the payload only.`,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Verifying

function signerKey(sig: ParsedSignature): {
  source: SignatureCheck['keySource'];
  key: KeyObject | null;
  keyId: string | null;
  problem: string | null;
} {
  if (sig.x5c && sig.x5c.length > 0) {
    try {
      const cert = new X509Certificate(Buffer.from(sig.x5c[0]!, 'base64'));
      return { source: 'x5c', key: cert.publicKey, keyId: keyIdOf(cert.publicKey), problem: null };
    } catch (e) {
      return {
        source: 'x5c',
        key: null,
        keyId: null,
        problem: `the first x5c certificate does not parse (${e instanceof Error ? e.message : String(e)})`,
      };
    }
  }
  if (sig.jwk) {
    try {
      const { kty, crv, x, y, n, e } = sig.jwk;
      const key = createPublicKey({ key: { kty, crv, x, y, n, e } as JsonWebKey, format: 'jwk' });
      const keyId = keyIdFromSpki(key.export({ type: 'spki', format: 'der' }));
      // libtrust refuses a jwk whose kid names another key.
      const problem =
        sig.jwk.kid !== undefined && sig.jwk.kid !== keyId ? `the jwk's kid ${String(sig.jwk.kid)} is not its key's ID ${keyId}` : null;
      return { source: 'jwk', key, keyId, problem };
    } catch (e) {
      return {
        source: 'jwk',
        key: null,
        keyId: null,
        problem: `the jwk is not a usable public key (${e instanceof Error ? e.message : String(e)})`,
      };
    }
  }
  return { source: 'none', key: null, keyId: null, problem: 'the signature names no key (neither jwk nor x5c)' };
}

/**
 * Verifies every signature of a signed schema 1 manifest with jose, as libtrust's Verify does: the key
 * comes from the first x5c certificate or else the jwk (x5c chains are not checked against any CA).
 * Malformed documents are INPUT_INVALID; bad signatures are reported, not thrown.
 */
export async function verifyPrettyJws(bytes: Uint8Array): Promise<SignatureReport> {
  const jws = parsePrettyJws(bytes);
  const encodedPayload = b64url(jws.payload);
  const signatures = await Promise.all(
    jws.signatures.map(async (sig): Promise<SignatureCheck> => {
      const signer = signerKey(sig);
      const check = { algorithm: sig.algorithm, keySource: signer.source, keyId: signer.keyId, time: sig.time };
      if (!signer.key || signer.problem) return { ...check, valid: false, problem: signer.problem };
      try {
        await flattenedVerify(
          { protected: sig.protected, header: { alg: sig.algorithm }, payload: encodedPayload, signature: sig.signature },
          signer.key,
        );
        return { ...check, valid: true, problem: null };
      } catch (e) {
        return { ...check, valid: false, problem: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  return { digest: sha256Digest(jws.payload), payload: jws.payload, signatures, verified: signatures.every((s) => s.valid) };
}
