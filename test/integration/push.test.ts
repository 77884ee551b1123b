/**
 * Pushing converted images to real registries (docker-registry, CNCF distribution 2.8): schema 2 down to
 * signed schema 1 on a registry with schema 1 enabled (which verifies the signature on upload), the
 * schema 1 rescued back to schema 2 and read with docker's Accept header, cross-repository mounts, lists
 * with their children, offline sources, the overwrite guard, and skopeo copying what was pushed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { imageConfig, pushSampleImages, schema2Manifest, type SampleImages } from '../support/images';
import { gzipLayer } from '../support/blobs';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { acceptHeaderValue, CLIENT_ACCEPT_SETS } from '../../shared/acceptSets';
import type { PushProgress, PushResult } from '../../shared/export';
import { MediaType, type FormatId } from '../../shared/mediaTypes';
import { EMPTY_TAR_DIGEST } from '../../electron/core/convert/downgradeToSchema1';
import { parseImageConfig, parseManifest } from '../../electron/core/convert/manifestTypes';
import { canonicalPayload, verifyPrettyJws } from '../../electron/core/convert/prettyJws';
import { pushImage } from '../../electron/core/export/push';
import type { RegistryClient } from '../../electron/core/registry/client';
import { sha256Digest } from '../../electron/core/digest';
import { parseReference, type Reference } from '../../electron/core/registry/reference';
import { clientsOver } from '../support/clients';
import { Transport } from '../../electron/core/registry/transport';
import { openSource } from '../../electron/core/sources/openSource';
import { requestManifest } from '../support/registryHttp';
import { rejection } from '../support/lensError';

const registryBinary = findComponent('docker-registry');
const skopeoBinary = findComponent('skopeo');
if (!registryBinary) console.warn(`skipping push tests: ${missingMessage('docker-registry')}`);
if (!skopeoBinary) console.warn(`skipping the skopeo checks of pushed images: ${missingMessage('skopeo')}`);

const run = promisify(execFile);
const REPO = 'lens/sample';
const DOCKER_ACCEPT = acceptHeaderValue(CLIENT_ACCEPT_SETS.find((s) => s.id === 'docker-27')!);

describe.skipIf(!registryBinary)('push against docker-registry', () => {
  let modern: RunningRegistry;
  let legacy: RunningRegistry;
  let samples: SampleImages;
  let transport: Transport;
  let work: string;
  let clientFor: (reference: Reference) => RegistryClient;

  async function push(
    source: string,
    destination: string,
    format: FormatId,
    extra: { force?: boolean; onProgress?: (p: PushProgress) => void } = {},
  ): Promise<PushResult> {
    const dest = parseReference(destination);
    return pushImage(await openSource(source, { clientFor }), clientFor(dest), { destination: dest, format, ...extra });
  }

  async function blobStatus(registry: RunningRegistry, repo: string, digest: string): Promise<number> {
    return (await fetch(`${registry.url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' })).status;
  }

  beforeAll(async () => {
    [modern, legacy] = await Promise.all([startRegistry(), startRegistry({ schema1: true })]);
    samples = await pushSampleImages(modern.url, REPO);
    transport = new Transport();
    clientFor = clientsOver(transport);
    work = await mkdtemp(join(tmpdir(), 'lens-push-'));
  });
  afterAll(async () => {
    await transport?.close();
    await Promise.all([modern?.stop(), legacy?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('schema 2 → signed schema 1 on a schema1-enabled registry: blobs copied, signature accepted, read back', async () => {
    const progress: PushProgress[] = [];
    const result = await push(`${modern.host}/${REPO}:schema2`, `${legacy.host}/legacy/app:v1`, 'v2s1', {
      onProgress: (p) => progress.push(p),
    });
    if (result.outcome !== 'pushed') throw new Error(result.outcome);
    expect(result.mediaType).toBe(MediaType.dockerSchema1Signed);
    // Two layers copied across registries and the gzipped empty tar for the empty CMD entry.
    expect(result.blobs.map((b) => b.how)).toEqual(['copied', 'copied', 'copied']);
    expect(result.blobs.map((b) => b.digest)).toContain(EMPTY_TAR_DIGEST);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.some((p) => p.phase === 'blobs' && p.blobsTotal === 3)).toBe(true);

    const served = await requestManifest(legacy.url, 'legacy/app', 'v1', [MediaType.dockerSchema1Signed]);
    expect(served).toMatchObject({ status: 200, contentType: MediaType.dockerSchema1Signed, digest: result.digest });
    expect(sha256Digest(canonicalPayload(served.body))).toBe(result.digest);
    const doc = JSON.parse(Buffer.from(served.body).toString()) as { name: string; tag: string };
    expect(doc).toMatchObject({ name: 'legacy/app', tag: 'v1' });
    expect((await verifyPrettyJws(served.body)).verified).toBe(true);
    for (const blob of result.blobs) expect(await blobStatus(legacy, 'legacy/app', blob.digest), blob.digest).toBe(200);
  });

  it('schema 1 → schema 2 rescue: the new config uploaded, read back with docker’s Accept, diff_ids restored', async () => {
    // The schema 1 pushed above is the source; the rescue goes to the modern registry.
    const result = await push(`${legacy.host}/legacy/app:v1`, `${modern.host}/rescued/app:v2`, 'v2s2');
    if (result.outcome !== 'pushed') throw new Error(result.outcome);
    const served = await requestManifest(modern.url, 'rescued/app', 'v2', [DOCKER_ACCEPT]);
    expect(served).toMatchObject({ status: 200, contentType: MediaType.dockerSchema2, digest: result.digest });
    const manifest = parseManifest(served.body);
    if (manifest.kind !== 'schema2') throw new Error(manifest.kind);
    const config = await fetch(`${modern.url}/v2/rescued/app/blobs/${manifest.manifest.config.digest}`);
    expect(config.status).toBe(200);
    const original = parseManifest(samples.schema2.bytes);
    if (original.kind !== 'schema2') throw new Error(original.kind);
    const originalConfig = await (await fetch(`${modern.url}/v2/${REPO}/blobs/${original.manifest.config.digest}`)).arrayBuffer();
    expect(parseImageConfig(new Uint8Array(await config.arrayBuffer())).rootfs.diff_ids).toEqual(
      parseImageConfig(new Uint8Array(originalConfig)).rootfs.diff_ids,
    );
    expect(manifest.manifest.layers.map((l) => l.digest)).toEqual(original.manifest.layers.map((l) => l.digest));
    expect(result.blobs.filter((b) => b.how === 'copied').map((b) => b.digest)).toContain(manifest.manifest.config.digest);
  });

  it.skipIf(!skopeoBinary)('skopeo copies the pushed schema 1 and the rescued schema 2', async () => {
    for (const ref of [`${legacy.host}/legacy/app:v1`, `${modern.host}/rescued/app:v2`]) {
      const dir = join(work, ref.replace(/[^a-z0-9]+/gi, '_'));
      await run(skopeoBinary!, ['copy', '--src-tls-verify=false', `docker://${ref}`, `dir:${dir}`]);
    }
  });

  it('within one registry, blobs are mounted from the source repository', async () => {
    const result = await push(`${modern.host}/${REPO}:oci`, `${modern.host}/team/copy:oci`, 'v2s2');
    if (result.outcome !== 'pushed') throw new Error(result.outcome);
    expect(result.blobs.map((b) => b.how)).toEqual(['mounted', 'mounted', 'mounted']);
    const served = await requestManifest(modern.url, 'team/copy', 'oci', [MediaType.dockerSchema2]);
    expect(served).toMatchObject({ status: 200, digest: result.digest, contentType: MediaType.dockerSchema2 });
  });

  it('an existing tag is not overwritten without consent, and is with it', async () => {
    const before = await requestManifest(modern.url, 'team/copy', 'oci', [MediaType.dockerSchema2]);
    const refused = await push(`${modern.host}/${REPO}:oci`, `${modern.host}/team/copy:oci`, 'oci');
    expect(refused).toEqual({
      outcome: 'exists',
      destination: `${modern.host}/team/copy:oci`,
      existing: { digest: before.digest, mediaType: MediaType.dockerSchema2 },
    });
    expect((await requestManifest(modern.url, 'team/copy', 'oci', [MediaType.dockerSchema2])).digest).toBe(before.digest);

    const forced = await push(`${modern.host}/${REPO}:oci`, `${modern.host}/team/copy:oci`, 'oci', { force: true });
    if (forced.outcome !== 'pushed') throw new Error(forced.outcome);
    expect(forced.replaced).toBe(before.digest);
    expect(forced.digest).toBe(samples.oci.digest);
    expect(forced.blobs.every((b) => b.how === 'present')).toBe(true);
    expect((await requestManifest(modern.url, 'team/copy', 'oci', [MediaType.ociManifest])).digest).toBe(samples.oci.digest);
  });

  it('a registry without schema 1 refuses it, and the error says how to enable it', async () => {
    await expect(push(`${modern.host}/${REPO}:schema2`, `${modern.host}/legacy/refused:v1`, 'v2s1')).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringContaining('compatibility.schema1.enabled'),
    });
  });

  it('an unsigned schema 1 refused by a schema1-enabled registry: the error says distribution needs it signed', async () => {
    const refused = await rejection(push(`${modern.host}/${REPO}:schema2`, `${legacy.host}/legacy/unsigned:v1`, 'v2s1-unsigned'));
    expect(refused.code).toBe('REGISTRY_ERROR');
    expect(refused.message).toContain('400 Bad Request: MANIFEST_INVALID');
    expect(refused.message).toContain('only when it is signed');
    expect(refused.message).not.toContain('may not accept schema 1');
    // The registry's own log gives the reason the hint names.
    expect(legacy.logs()).toContain('err.detail="missing signature key"');
  });

  it('a foreign layer pushed as schema 1: the error says that blob lives only at its URL', async () => {
    // A Windows-style image: its base layer is foreign (only at its URL, never pushed to a registry).
    const foreign = gzipLayer([{ kind: 'file', path: 'Files/base.txt', content: 'base' }], MediaType.dockerForeignLayerGzip);
    const own = gzipLayer([{ kind: 'file', path: 'Files/app.txt', content: 'app' }]);
    const url = 'https://mcr.example.invalid/windows/base.tar.gz';
    const config = imageConfig({
      architecture: 'amd64',
      os: 'windows',
      history: [{ created_by: 'base' }, { created_by: 'COPY app.txt /' }],
      diffIDs: [foreign.diffID, own.diffID],
    });
    const manifest = schema2Manifest(config, [foreign, own]);
    const doc = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as { layers: Array<Record<string, unknown>> };
    doc.layers[0] = { ...doc.layers[0], urls: [url] };
    const bytes = Buffer.from(JSON.stringify(doc));
    // distribution takes a foreign layer without its blob (clients fetch it from the URL), once its config
    // allows URLs in manifests (without validation.manifests.urls.allow it refuses them).
    const windows = await startRegistry({ extraConfig: { validation: { manifests: { urls: { allow: ['^https://'] } } } } });
    try {
      for (const blob of [config, own]) await pushBlob(windows.url, 'lens/foreign', blob);
      await pushManifest(windows.url, 'lens/foreign', 'v1', bytes, MediaType.dockerSchema2);

      const refused = await rejection(push(`${windows.host}/lens/foreign:v1`, `${legacy.host}/legacy/foreign:v1`, 'v2s1'));
      expect(refused.message).toContain(foreign.digest);
      expect(refused.message).toContain(`lives only at its URL (${url})`);
      expect(refused.message).toContain('--to v2s2');
      expect(await blobStatus(windows, 'lens/foreign', foreign.digest)).toBe(404);
      // The same image as schema 2 keeps the URL, and the push needs no copy of that blob.
      const kept = await push(`${windows.host}/lens/foreign:v1`, `${windows.host}/lens/foreign-copy:v1`, 'v2s2');
      if (kept.outcome !== 'pushed') throw new Error(kept.outcome);
      expect(kept.blobs.map((b) => b.digest)).not.toContain(foreign.digest);
    } finally {
      await windows.stop();
    }
  });

  it('an OCI index goes to another registry with its children pushed first by digest', async () => {
    const result = await push(`${modern.host}/${REPO}:index`, `${legacy.host}/multi/app:1`, 'oci-index');
    if (result.outcome !== 'pushed') throw new Error(result.outcome);
    expect(result.digest).toBe(samples.index.digest);
    for (const child of samples.index.children) {
      expect((await requestManifest(legacy.url, 'multi/app', child.digest, [MediaType.ociManifest])).status, child.platform).toBe(200);
    }
    // The base layer is shared by the platforms' images but copied once.
    expect(new Set(result.blobs.map((b) => b.digest)).size).toBe(result.blobs.length);
  });

  it.skipIf(!skopeoBinary)('an offline source (a docker archive written by skopeo) pushes as schema 2', async () => {
    const archive = join(work, 'schema2.tar');
    await run(skopeoBinary!, [
      'copy',
      '--src-tls-verify=false',
      `docker://${modern.host}/${REPO}:schema2`,
      `docker-archive:${archive}:${REPO}:schema2`,
    ]);
    const result = await push(`docker-archive:${archive}`, `${legacy.host}/from/archive:1`, 'v2s2');
    if (result.outcome !== 'pushed') throw new Error(result.outcome);
    expect(result.blobs.map((b) => b.how)).toEqual(['copied', 'copied', 'copied']);
    await run(skopeoBinary!, [
      'copy',
      '--src-tls-verify=false',
      `docker://${legacy.host}/from/archive:1`,
      `dir:${join(work, 'from-archive')}`,
    ]);
  });
});
