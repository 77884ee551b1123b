/**
 * A registry filled the way an old one looks: schema 2, OCI, lists, indexes, an index with no
 * linux/amd64 image, and signed schema 1 that distribution 2.8 made itself (its downgrade of a schema 2
 * tag and of a list, asked for without the schema 2 types, stored back under other tags; it takes them
 * with compatibility.schema1.enabled). Returns what every tag serves, the expected answer of an audit.
 */
import { MediaType } from '../../shared/mediaTypes';
import { ociIndex, pushSampleImages, sampleImage } from './images';
import { pushBlob, pushManifest } from './push';
import { requestManifest } from './registryHttp';

export interface ExpectedTag {
  repository: string;
  tag: string;
  mediaType: string;
}

/**
 * The registry's own signed schema 1 of `repo:tag`, stored as `repo:as`; returns the digest the registry
 * gives it (of the payload without signatures, so not the sha256 of the bytes pushManifest checks).
 */
export async function storeRegistrySchema1(url: string, repo: string, tag: string, as: string): Promise<string> {
  const answer = await requestManifest(url, repo, tag, []);
  if (answer.contentType !== MediaType.dockerSchema1Signed) throw new Error(`${repo}:${tag} was served as ${answer.contentType}`);
  const put = await fetch(`${url}/v2/${repo}/manifests/${as}`, {
    method: 'PUT',
    headers: { 'content-type': MediaType.dockerSchema1Signed },
    body: answer.body,
  });
  if (put.status !== 201) throw new Error(`PUT ${repo}:${as}: ${put.status} ${await put.text()}`);
  return put.headers.get('docker-content-digest') ?? '';
}

export async function fillAuditRegistry(url: string): Promise<ExpectedTag[]> {
  const expected: ExpectedTag[] = [];
  for (const repo of ['legacy/app', 'team/web']) {
    const sample = await pushSampleImages(url, repo);
    for (const pushed of Object.values(sample)) expected.push({ repository: repo, tag: pushed.tag, mediaType: pushed.mediaType });
  }
  for (const [tag, as] of [
    ['schema2', 'old-1.0'],
    ['list', 'old-list'],
  ] as const) {
    await storeRegistrySchema1(url, 'legacy/app', tag, as);
    expected.push({ repository: 'legacy/app', tag: as, mediaType: MediaType.dockerSchema1Signed });
  }
  // An index of one arm64 image: a linux/amd64 host finds nothing to pull.
  const arm = sampleImage('arm-only', { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'oci');
  for (const blob of arm.blobs) await pushBlob(url, 'team/arm', blob);
  await pushManifest(url, 'team/arm', arm.manifest.digest, arm.manifest.bytes, arm.manifest.mediaType);
  const index = ociIndex([{ manifest: arm.manifest, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }]);
  await pushManifest(url, 'team/arm', 'edge', index.bytes, index.mediaType);
  expected.push({ repository: 'team/arm', tag: 'edge', mediaType: MediaType.ociIndex });
  return expected;
}

/** `repositories` repositories of `tags` tags each, all one small schema 2 image: many requests, little data. */
export async function fillManyRepositories(url: string, repositories: number, tags: number): Promise<void> {
  const image = sampleImage('many', { os: 'linux', architecture: 'amd64' }, 'docker');
  for (let r = 0; r < repositories; r++) {
    const repo = `many/r${String(r).padStart(3, '0')}`;
    for (const blob of image.blobs) await pushBlob(url, repo, blob);
    for (let t = 0; t < tags; t++) await pushManifest(url, repo, `t${t}`, image.manifest.bytes, image.manifest.mediaType);
  }
}
