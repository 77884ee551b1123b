/**
 * A signed schema 1 image in a registry started with compatibility.schema1.enabled (distribution 2.8 stores
 * a pushed schema 1 only then, after checking its signature): our downgrade of a pushed schema 2 sample.
 */
import { downgradeToSchema1, EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR } from '../../electron/core/convert/downgradeToSchema1';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { pushBlob } from './push';
import { fetchBlob } from './registryHttp';

/** Pushes the schema 1 form of `schema2` (already in `repo`) under `tag`; returns its digest (that of its payload). */
export async function pushSchema1(registryUrl: string, repo: string, schema2: Uint8Array, tag: string): Promise<string> {
  const parsed = parseManifest(schema2);
  if (parsed.kind !== 'schema2') throw new Error('pushSchema1 needs a schema 2 manifest');
  const config = await fetchBlob(registryUrl, repo, parsed.manifest.config.digest);
  const schema1 = await downgradeToSchema1({ manifest: schema2, config, repository: repo, tag });
  // Its throwaway entries name the gzipped empty tar, which the repository must hold.
  await pushBlob(registryUrl, repo, { digest: EMPTY_TAR_DIGEST, bytes: Buffer.from(GZIPPED_EMPTY_TAR) });
  // Not the fixture's pushManifest: a schema 1 digest is that of its payload, not of the bytes pushed.
  const put = await fetch(`${registryUrl}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    body: schema1.bytes,
    headers: { 'Content-Type': schema1.mediaType },
  });
  if (put.status !== 201) throw new Error(`PUT schema 1 ${tag}: ${put.status} ${await put.text()}`);
  if (put.headers.get('docker-content-digest') !== schema1.digest) throw new Error('the registry stored schema 1 under another digest');
  return schema1.digest;
}
