/**
 * The verdict on a schema 1 manifest's signature, as every read of one reports it: verified (with the
 * libtrust key IDs of the keys that signed), does not verify (and why), or unsigned. Documents of any
 * other media type have no verdict.
 */
import type { SignatureVerdict } from '../../../shared/conversion';
import { MediaType, SCHEMA1_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { LensError } from '../errors';
import { lastEntry, parseJsonBytes } from './goJson';
import { verifyPrettyJws, type SignatureCheck } from './prettyJws';

export type { SignatureVerdict };

function hasSignatures(bytes: Uint8Array): boolean {
  const doc = parseJsonBytes(bytes, 'schema 1 manifest');
  return doc.kind === 'object' && lastEntry(doc, 'signatures') !== undefined;
}

function failure(check: SignatureCheck, index: number, count: number): string {
  const which = count === 1 ? 'the signature' : `signature ${index + 1} of ${count}`;
  return `${which}${check.keyId ? ` by key ${check.keyId}` : ''}: ${check.problem ?? 'does not verify'}`;
}

/**
 * Checks the signatures of a schema 1 document served (or stored) as `mediaType`; null when that is not
 * a schema 1 type. A document that claims to be signed but whose signatures cannot be read does not
 * verify; nothing about the document is thrown.
 */
export async function schema1Signature(bytes: Uint8Array, mediaType: string | null): Promise<SignatureVerdict | null> {
  const type = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined || !SCHEMA1_MEDIA_TYPES.includes(type)) return null;
  try {
    if (type === MediaType.dockerSchema1 && !hasSignatures(bytes)) return { status: 'unsigned' };
    const report = await verifyPrettyJws(bytes);
    const keyIds = [...new Set(report.signatures.flatMap((s) => (s.keyId ? [s.keyId] : [])))];
    if (report.verified) return { status: 'verified', keyIds };
    const failed = report.signatures.flatMap((s, i) => (s.valid ? [] : [failure(s, i, report.signatures.length)]));
    return { status: 'does-not-verify', keyIds, reason: failed.join('; ') };
  } catch (e) {
    if (e instanceof LensError) return { status: 'does-not-verify', keyIds: [], reason: e.message };
    throw e;
  }
}
