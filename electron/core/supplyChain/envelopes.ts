/**
 * The signed envelopes of the supply chain, as their specifications define them: cosign's simple-signing
 * payload (cosign's SIGNATURE_SPEC.md, containers/image's "atomic container signature"), the DSSE envelope
 * and its pre-authentication encoding (secure-systems-lab/dsse, protocol.md), and the sigstore bundle
 * v0.1–v0.3 (sigstore/protobuf-specs, the JSON form of dev.sigstore.bundle.v1.Bundle).
 */
import { z } from 'zod';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';

/** cosign's simple-signing payload: what a signature claims about the image it signs. */
export const SimpleSigning = z.looseObject({
  critical: z.looseObject({
    identity: z.looseObject({ 'docker-reference': z.string() }),
    image: z.looseObject({ 'docker-manifest-digest': z.string() }),
    type: z.string(),
  }),
  optional: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type SimpleSigning = z.infer<typeof SimpleSigning>;

export const DsseEnvelope = z.looseObject({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.looseObject({ keyid: z.string().optional(), sig: z.string() })),
});
export type DsseEnvelope = z.infer<typeof DsseEnvelope>;

const Base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'not base64');

const X509 = z.looseObject({ rawBytes: Base64 });

export const SigstoreBundle = z.looseObject({
  mediaType: z
    .string()
    .regex(/^application\/vnd\.dev\.sigstore\.bundle(?:\+json;version=0\.[123]|\.v0\.3\+json)$/, 'not a sigstore bundle'),
  verificationMaterial: z.looseObject({
    publicKey: z.looseObject({ hint: z.string().optional() }).optional(),
    x509CertificateChain: z.looseObject({ certificates: z.array(X509) }).optional(),
    certificate: X509.optional(),
    tlogEntries: z.array(z.looseObject({ logIndex: z.string().optional(), integratedTime: z.string().optional() })).optional(),
    timestampVerificationData: z.unknown().optional(),
  }),
  messageSignature: z
    .looseObject({
      messageDigest: z.looseObject({ algorithm: z.string(), digest: Base64 }).optional(),
      signature: Base64,
    })
    .optional(),
  dsseEnvelope: DsseEnvelope.optional(),
});
export type SigstoreBundle = z.infer<typeof SigstoreBundle>;

/** The bundle version its media type names (0.1, 0.2, 0.3). */
export function bundleVersion(bundle: SigstoreBundle): string {
  return /0\.[123]/.exec(bundle.mediaType)?.[0] ?? 'unknown';
}

export function base64Bytes(text: string, what: string): Buffer {
  if (!Base64.safeParse(text).success) throw new LensError('INPUT_INVALID', `The ${what} is not base64.`);
  return Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
}

/** DSSE's PAE: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal bytes. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function parseJsonDocument<S extends z.ZodType>(schema: S, bytes: Uint8Array, what: string): z.infer<S> {
  return validate(schema, parseJsonValue(bytes, what), what);
}
