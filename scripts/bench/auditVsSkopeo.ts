/**
 * The audit beside skopeo, on a loopback docker-registry 2.8 (schema 1 enabled) filled with REPOSITORIES
 * repositories of the same few manifests under many tags: schema 2 (three tags), OCI, a manifest list, an
 * OCI index, and in every 20th repository a signed schema 1 (the registry's own downgrade, stored back).
 * The first repository is pushed; the others mount its blobs and take its manifests, cheaply.
 * Then, one after the other:
 * - `manifest-lens audit HOST --json`, the built CLI (bin/manifest-lens.js), its requests counted from the
 *   registry's access log;
 * - a bash loop: `skopeo list-tags` per repository, then `skopeo inspect --raw` per tag, one at a time
 *   (skopeo has no catalog command, so the loop is given the repository names).
 * Usage: auditVsSkopeo REPOSITORIES. Prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { staleReason } from '../../e2e/globalSetup';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { accessCounter, type ServedRequest } from '../../test/support/accessLog';
import { storeRegistrySchema1 } from '../../test/support/auditImages';
import { findComponent, missingMessage } from '../../test/support/components';
import { pushSampleImages } from '../../test/support/images';
import { pushManifest } from '../../test/support/push';
import { fetchBlob } from '../../test/support/registryHttp';
import { startRegistry } from '../../test/support/registry';

const execFileAsync = promisify(execFile);
const repositories = Number(process.argv[2] ?? 200);
const SCHEMA1_EVERY = 20;
const CLI = 'bin/manifest-lens.js';
// The figure is the built CLI's: an old build would measure old code.
const stale = staleReason(process.cwd());
if (stale !== null) throw new Error(`dist/ is not current (${stale}): run \`npm run build\` first.`);
const skopeo = findComponent('skopeo');
if (!skopeo) throw new Error(missingMessage('skopeo'));

const repoName = (i: number) => `bench/app${String(i).padStart(3, '0')}`;

/** A manifest to copy into every repository: its bytes and type, the blobs it names, the references to PUT it as. */
interface Copied {
  bytes: Uint8Array;
  mediaType: string;
  blobs: string[];
  references: string[];
}

/** What the first repository holds, children before the lists that name them. */
async function firstRepository(url: string): Promise<Copied[]> {
  const repo = repoName(0);
  const sample = await pushSampleImages(url, repo);
  const blobsOf = (bytes: Uint8Array) => {
    const parsed = parseManifest(bytes);
    if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') return [];
    return [parsed.manifest.config.digest, ...parsed.manifest.layers.map((l) => l.digest)];
  };
  const copied: Copied[] = [];
  for (const list of [sample.list, sample.index]) {
    for (const child of list.children) {
      const bytes = await fetchManifest(url, repo, child.digest, child.mediaType);
      copied.push({ bytes, mediaType: child.mediaType, blobs: blobsOf(bytes), references: [child.digest] });
    }
  }
  copied.push(
    {
      bytes: sample.schema2.bytes,
      mediaType: sample.schema2.mediaType,
      blobs: blobsOf(sample.schema2.bytes),
      references: ['schema2', 'v1.0', 'v1.1'],
    },
    { bytes: sample.oci.bytes, mediaType: sample.oci.mediaType, blobs: blobsOf(sample.oci.bytes), references: ['oci'] },
    { bytes: sample.list.bytes, mediaType: sample.list.mediaType, blobs: [], references: ['list'] },
    { bytes: sample.index.bytes, mediaType: sample.index.mediaType, blobs: [], references: ['index'] },
  );
  // The extra schema 2 tags of the first repository; the others get them below.
  for (const reference of ['v1.0', 'v1.1']) await pushManifest(url, repo, reference, sample.schema2.bytes, sample.schema2.mediaType);
  return copied;
}

async function fetchManifest(url: string, repo: string, digest: string, mediaType: string): Promise<Uint8Array> {
  const response = await fetch(`${url}/v2/${repo}/manifests/${digest}`, { headers: { accept: mediaType } });
  if (!response.ok) throw new Error(`GET ${repo}@${digest}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Cross-repository mount: the registry links the blob, nothing is uploaded. */
async function mount(url: string, repo: string, digest: string, from: string): Promise<void> {
  const response = await fetch(`${url}/v2/${repo}/blobs/uploads/?mount=${digest}&from=${from}`, { method: 'POST' });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`mount ${digest} into ${repo}: ${response.status}`);
}

async function fill(url: string): Promise<number> {
  const copied = await firstRepository(url);
  const blobs = [...new Set(copied.flatMap((c) => c.blobs))];
  let tags = copied.reduce((n, c) => n + c.references.filter((r) => !r.startsWith('sha256:')).length, 0) * repositories;
  for (let i = 1; i < repositories; i++) {
    for (const digest of blobs) await mount(url, repoName(i), digest, repoName(0));
    for (const c of copied) for (const reference of c.references) await pushManifest(url, repoName(i), reference, c.bytes, c.mediaType);
  }
  for (let i = 0; i < repositories; i += SCHEMA1_EVERY) {
    await storeRegistrySchema1(url, repoName(i), 'schema2', 'legacy');
    tags++;
  }
  // The fixture's own check that every blob is where the manifests say (a config read back).
  await fetchBlob(url, repoName(repositories - 1), blobs[0]!);
  return tags;
}

function kindOf(r: ServedRequest): string {
  if (r.path === '/v2/') return 'ping';
  if (r.path.startsWith('/v2/_catalog')) return 'catalog';
  if (/\/tags\/list/.test(r.path)) return 'tags/list';
  if (/\/manifests\//.test(r.path)) return 'manifest';
  return 'other';
}

/** Requests by "METHOD kind", e.g. "HEAD manifest": 1210. */
function tally(requests: readonly ServedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method} ${kindOf(r)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const SKOPEO_LOOP = `set -eu
skopeo=$1; host=$2; shift 2
for repo in "$@"; do
  for tag in $("$skopeo" list-tags --tls-verify=false "docker://$host/$repo" | jq -r '.Tags[]'); do
    "$skopeo" inspect --raw --tls-verify=false "docker://$host/$repo:$tag" > /dev/null
  done
done`;

const registry = await startRegistry({ schema1: true, logLimitBytes: 256 << 20 });
try {
  const fillStart = performance.now();
  const expectedTags = await fill(registry.url);
  const fillMs = performance.now() - fillStart;
  const counter = accessCounter(registry);
  await counter.take();

  const oursStart = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [CLI, 'audit', registry.host, '--json'], { maxBuffer: 64 << 20 }).catch(
    // The audit exits non-zero when it finds schema 1; its summary is still on stdout.
    (e: { stdout?: string; code?: number }) => {
      if (typeof e.stdout !== 'string' || !e.stdout.trim()) throw e;
      return { stdout: e.stdout };
    },
  );
  const oursMs = performance.now() - oursStart;
  const ours = tally(await counter.take());
  const summary = JSON.parse(stdout) as { repositories: number; tags: number; schema1: string[]; complete: boolean };
  if (summary.repositories !== repositories || summary.tags !== expectedTags || !summary.complete)
    throw new Error(
      `the audit found ${summary.repositories} repositories and ${summary.tags} tags, not ${repositories} and ${expectedTags}`,
    );

  const names = Array.from({ length: repositories }, (_, i) => repoName(i));
  const skopeoStart = performance.now();
  await execFileAsync('bash', ['-c', SKOPEO_LOOP, 'bash', skopeo, registry.host, ...names], { maxBuffer: 64 << 20 });
  const skopeoMs = performance.now() - skopeoStart;
  const theirs = tally(await counter.take());

  process.stdout.write(
    `${JSON.stringify({ repositories, tags: expectedTags, schema1: summary.schema1.length, fillMs, ours: { ms: oursMs, requests: ours }, skopeo: { ms: skopeoMs, requests: theirs, loop: SKOPEO_LOOP } })}\n`,
  );
} finally {
  await registry.stop();
}
