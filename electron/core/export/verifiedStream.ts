import { createHash } from 'node:crypto';
import { LensError } from '../errors';

/**
 * Passes a blob's bytes through while hashing them, and fails at the end when they are not the blob the
 * digest names. A file written from it atomically therefore lands only when the bytes are right.
 */
export async function* verifiedStream(stream: AsyncIterable<Uint8Array>, digest: string): AsyncGenerator<Uint8Array> {
  if (!digest.startsWith('sha256:')) throw new LensError('INPUT_INVALID', `Only sha256 digests can be checked, not ${digest}.`);
  const hash = createHash('sha256');
  for await (const chunk of stream) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== digest) throw new LensError('DIGEST_MISMATCH', `The blob should have digest ${digest} but its bytes hash to ${actual}.`);
}
