/**
 * The distribution-2 profile's predictions (the simulator on a stand-in of the stored kind, which is all a
 * HEAD reveals) against docker-registry 2.8, with and without schema 1 compatibility, by tag and by digest:
 * status, Content-Type, whether the digest changes, and the length of the error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { requestManifest } from '../support/registryHttp';
import { pushSchema1 } from '../support/schema1';
import { CLIENT_ACCEPT_SETS } from '../../shared/acceptSets';
import { distribution2 } from '../../electron/core/profiles/distribution2';
import { UNKNOWN, type StoredKind } from '../../electron/core/profiles/types';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping profile integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/profiles';

/** Every Accept set real clients send, as their header lines. */
const ACCEPTS = CLIENT_ACCEPT_SETS.map((set) => set.lines);

async function disagreements(registry: RunningRegistry, stored: StoredKind, tag: string, digest: string, by: 'tag' | 'digest') {
  const lines: string[] = [];
  const reference = by === 'tag' ? tag : digest;
  for (const accept of ACCEPTS) {
    const head = await requestManifest(registry.url, REPO, reference, accept, 'HEAD');
    const get = await requestManifest(registry.url, REPO, reference, accept, 'GET');
    const prediction = await distribution2.predict({ stored, by, method: 'HEAD', accept });
    if (prediction === UNKNOWN) {
      lines.push(`${JSON.stringify(accept)}: unknown`);
      continue;
    }
    const failed = head.status >= 400;
    const real = {
      status: head.status,
      mediaType: failed ? null : head.contentType,
      converts: !failed && head.digest !== digest,
      errorBodyLength: failed ? get.body.length : undefined,
    };
    const predicted = {
      status: prediction.status,
      mediaType: prediction.mediaType,
      converts: prediction.converts,
      errorBodyLength: prediction.errorBodyLength,
    };
    if (JSON.stringify(real) !== JSON.stringify(predicted))
      lines.push(`${JSON.stringify(accept)}: registry ${JSON.stringify(real)}, profile ${JSON.stringify(predicted)}`);
  }
  return lines;
}

for (const schema1 of [false, true]) {
  describe.skipIf(!registryBinary)(`distribution-2 profile vs docker-registry${schema1 ? ' with schema 1 compatibility' : ''}`, () => {
    let registry: RunningRegistry;
    const images: Array<{ stored: StoredKind; tag: string; digest: string }> = [];

    beforeAll(async () => {
      registry = await startRegistry({ schema1 });
      const samples = await pushSampleImages(registry.url, REPO);
      images.push(
        { stored: 'schema2', tag: samples.schema2.tag, digest: samples.schema2.digest },
        { stored: 'ociManifest', tag: samples.oci.tag, digest: samples.oci.digest },
        { stored: 'dockerList', tag: samples.list.tag, digest: samples.list.digest },
        { stored: 'ociIndex', tag: samples.index.tag, digest: samples.index.digest },
      );
      if (schema1)
        images.push({ stored: 'schema1', tag: 'schema1', digest: await pushSchema1(registry.url, REPO, samples.schema2.bytes, 'schema1') });
    });

    afterAll(async () => {
      await registry?.stop();
    });

    const kinds: StoredKind[] = schema1
      ? ['schema2', 'ociManifest', 'dockerList', 'ociIndex', 'schema1']
      : ['schema2', 'ociManifest', 'dockerList', 'ociIndex'];
    for (const kind of kinds) {
      for (const by of ['tag', 'digest'] as const) {
        it(`${kind} by ${by}: every client's Accept set predicted as the registry answers`, async () => {
          const image = images.find((i) => i.stored === kind)!;
          expect(await disagreements(registry, kind, image.tag, image.digest, by)).toEqual([]);
        });
      }
    }
  });
}
