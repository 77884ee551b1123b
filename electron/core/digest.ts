import { createHash } from 'node:crypto';
import type { DigestCheck } from '../../shared/exchange';

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const DIGEST = /^(sha256|sha384|sha512):[a-f0-9]+$/;

export interface DigestInputs {
  bytes: Uint8Array;
  /** For signed schema 1, the canonical payload (signatures removed); the digest is over it. */
  canonicalPayload?: Uint8Array | null;
  header: string | null;
  requested: string | null;
  /** How the requested digest is named in problems; default "The requested digest". */
  requestedLabel?: string;
}

/** Hashes with the algorithm a digest names, so sha512 references are checked as sha512. */
function digestWith(algorithm: string, bytes: Uint8Array): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/**
 * Compares the three ways a manifest's digest is known: the bytes, Docker-Content-Digest and the digest
 * asked for. Any two that are present must agree.
 */
export function checkDigest(inputs: DigestInputs): DigestCheck {
  const hashed = inputs.canonicalPayload ?? inputs.bytes;
  const computedFrom = inputs.canonicalPayload ? 'schema1-payload' : 'bytes';
  // HEAD answers have no body: then only the header and the requested digest can be compared.
  const empty = inputs.bytes.length === 0;
  const problems: string[] = [];
  const compare = (label: string, claimed: string | null) => {
    if (!claimed) return;
    if (!DIGEST.test(claimed)) {
      problems.push(`${label} ${claimed} is not a valid digest.`);
      return;
    }
    if (empty) return;
    const ours = digestWith(claimed.split(':')[0]!, hashed);
    if (ours !== claimed) problems.push(`${label} ${claimed} does not match the ${describe(computedFrom)} (${ours}).`);
  };
  compare('Docker-Content-Digest', inputs.header);
  const requestedLabel = inputs.requestedLabel ?? 'The requested digest';
  compare(requestedLabel, inputs.requested);
  if (inputs.header && inputs.requested && DIGEST.test(inputs.header) && inputs.header !== inputs.requested) {
    problems.push(`Docker-Content-Digest ${inputs.header} differs from the requested digest ${inputs.requested}.`);
  }
  const compared = empty ? Boolean(inputs.header && inputs.requested) : Boolean(inputs.header || inputs.requested);
  return {
    computed: empty ? null : sha256Digest(hashed),
    computedFrom: empty ? 'none' : computedFrom,
    rawBytes: empty ? null : sha256Digest(inputs.bytes),
    header: inputs.header,
    requested: inputs.requested,
    verdict: problems.length > 0 ? 'mismatch' : compared ? 'match' : 'unverifiable',
    problems,
  };
}

function describe(from: DigestCheck['computedFrom']): string {
  return from === 'schema1-payload' ? 'digest of the schema 1 payload without signatures' : 'digest of the bytes received';
}
