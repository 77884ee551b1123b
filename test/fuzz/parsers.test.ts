/** The in-memory readers of outside input: references, challenges, manifests and pretty JWS signatures. */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { MediaType } from '../../shared/mediaTypes';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { verifyPrettyJws } from '../../electron/core/convert/prettyJws';
import { schema1Signature } from '../../electron/core/convert/signatureVerdict';
import { parseChallenges } from '../../electron/core/registry/challenge';
import { parseReference } from '../../electron/core/registry/reference';
import { readVector } from '../support/vectors';
import { fuzzRun, mutated } from './fuzz';

const property = fuzzRun('parsers');

const referencePart = fc.constantFrom(
  'localhost',
  '127.0.0.1:5000',
  '[::1]:5000',
  'docker.io',
  'library',
  'a',
  'A',
  ':',
  '@',
  '/',
  '.',
  '-',
  '_',
  '__',
  'sha256:',
  '[',
  ']',
  '%',
  ' ',
  'ü',
  'a'.repeat(130),
);
const referenceText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(fc.oneof(referencePart, fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.stringMatching(/^[a-z0-9.:[\]-]{0,20}\/[a-z0-9._/-]{0,30}(:[\w.-]{0,20})?(@sha256:[a-f0-9]{0,64})?$/),
);

const challengePart = fc.constantFrom(
  'Bearer',
  'Basic',
  'realm=',
  'service=',
  'scope=',
  'error=',
  '"',
  '\\"',
  '\\',
  ',',
  ' ',
  '=',
  'https://a/t',
  'repository:x:pull',
);
const challengeText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(fc.oneof(challengePart, fc.string({ maxLength: 4 })), { maxLength: 20 }).map((parts) => parts.join('')),
);

const manifestVectors = [
  'containers-image/schema2.json',
  'containers-image/oci1.json',
  'containers-image/schema1.json',
  'regclient/hub-debian-6-schema1-signed.json',
].map(readVector);
const manifestTypes = fc.constantFrom(undefined, ...Object.values(MediaType), 'text/plain', `${MediaType.dockerSchema2}; charset=utf-8`);

const signedVectors = ['regclient/hub-debian-6-schema1-signed.json', 'containers-image/v2s1-signed-verifies.json'].map(readVector);

describe('fuzzed parsers return a value or a LensError, within the bound per case', () => {
  it('parseReference', () => property(referenceText, 3_500, (text) => parseReference(text)));

  it('parseChallenges', () => property(challengeText, 3_000, (header) => parseChallenges(header)));

  // Arbitrary JSON documents are fuzzed beside parseManifest itself; here: near misses of real manifests.
  it('parseManifest on mutated real manifests', () =>
    property(fc.tuple(fc.oneof(...manifestVectors.map(mutated)), manifestTypes), 2_000, ([bytes, type]) => parseManifest(bytes, type)));

  it('verifyPrettyJws (parsePrettyJws) and the signature verdict on mutated signed schema 1', () =>
    property(fc.oneof(...signedVectors.map(mutated)), 1_000, async (bytes) => {
      const verdict = await schema1Signature(bytes, MediaType.dockerSchema1Signed);
      if (verdict === null) throw new Error('a signed schema 1 type always has a verdict');
      // verifyPrettyJws reads the document with parsePrettyJws first.
      return verifyPrettyJws(bytes);
    }));
});
