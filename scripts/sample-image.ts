/**
 * Writes the sample image that ships with the app ("Open sample") as an OCI image layout: an OCI index
 * of two small images (linux/amd64 and linux/arm64/v8), built by the test fixtures' deterministic
 * builders, so the same script always writes the same bytes and digests.
 *
 *   npx tsx scripts/sample-image.ts [DIR]      (default resources/sample)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ociIndex, sampleImage } from '../test/support/images';
import type { Blob } from '../test/support/blobs';

export const SAMPLE_TAG = 'latest';
const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' },
];

/** The layout's files, path → bytes; blobs shared by both images (none today) are written once. */
export function sampleLayoutFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const addBlob = (blob: Blob) => files.set(join('blobs', 'sha256', blob.digest.slice('sha256:'.length)), blob.bytes);
  const images = PLATFORMS.map((platform) => ({ platform, image: sampleImage('sample', platform, 'oci') }));
  for (const { image } of images) [...image.blobs, image.manifest].forEach(addBlob);
  const index = ociIndex(images.map(({ platform, image }) => ({ platform, manifest: image.manifest })));
  addBlob(index);
  const top = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: index.mediaType,
        digest: index.digest,
        size: index.size,
        annotations: { 'org.opencontainers.image.ref.name': SAMPLE_TAG },
      },
    ],
  };
  files.set('index.json', Buffer.from(JSON.stringify(top)));
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  return files;
}

export async function writeSampleLayout(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const [path, bytes] of sampleLayoutFiles()) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? fileURLToPath(new URL('../resources/sample', import.meta.url)));
  await writeSampleLayout(dir);
  process.stdout.write(`sample image written to ${dir}\n`);
}
