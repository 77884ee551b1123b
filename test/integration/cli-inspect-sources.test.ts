/**
 * `manifest-lens inspect` of offline sources, `negotiate`'s refusal of them, and `convert` of a manifest
 * file with its config. skopeo writes the OCI layouts and docker archives from a real docker-registry;
 * the expected digests are skopeo's own index.json descriptors, or the sha256 of the stored bytes
 * computed here with node:crypto. The registry's own schema 1 downgrade judges the file's conversion.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { findComponents } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { fetchBlob, requestManifest } from '../support/registryHttp';
import { startRegistry, type RunningRegistry } from '../support/registry';
import type { InspectResult } from '../../shared/api';
import { MediaType } from '../../shared/mediaTypes';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';

const { 'docker-registry': registryBinary, skopeo: skopeoBinary } = findComponents(['docker-registry', 'skopeo'], 'offline inspect tests');

const run = promisify(execFile);
const REPO = 'lens/inspect';
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

interface LayoutEntry {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

async function indexEntries(dir: string): Promise<LayoutEntry[]> {
  return (JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: LayoutEntry[] }).manifests;
}

const blobFile = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));

/** `inspect --json` parsed, with the exit code and stderr beside it. */
async function inspectJson(source: string) {
  const result = await cli('inspect', source, '--json');
  return { ...result, json: JSON.parse(result.stdout) as InspectResult & { bodyText: string } };
}

describe.skipIf(!registryBinary || !skopeoBinary)('manifest-lens inspect of offline sources written by skopeo', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;
  let work: string;
  const copy = (tag: string, destination: string) =>
    run(skopeoBinary!, ['copy', '--src-tls-verify=false', `docker://${registry.host}/${REPO}:${tag}`, destination]);

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, REPO);
    work = await mkdtemp(join(tmpdir(), 'lens-inspect-sources-'));
    await copy('oci', `oci:${join(work, 'single')}`);
    await copy('oci', `oci:${join(work, 'tagged')}:oci`);
    await copy('schema2', `oci:${join(work, 'tagged')}:schema2`);
    await copy('schema2', `docker-archive:${join(work, 'schema2.tar')}:${REPO}:schema2`);
  });
  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('oci:DIR shows the stored manifest checked against its index.json descriptor, text and --json', async () => {
    const dir = join(work, 'single');
    const [entry] = await indexEntries(dir);
    const stored = await readFile(blobFile(dir, entry!.digest));
    // skopeo copies an OCI image unchanged, so the layout holds the registry's bytes.
    expect(entry!.digest).toBe(samples.oci.digest);

    const text = await cli('inspect', `oci:${dir}`);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Source: OCI layout oci:${dir}`);
    expect(text.stdout).toContain(`Descriptor (index.json): ${MediaType.ociManifest}, ${entry!.size} bytes, ${entry!.digest}`);
    expect(text.stdout).toContain(`Media type: ${MediaType.ociManifest}`);
    expect(text.stdout).toContain('Digest check: match');
    expect(text.stdout).toContain(`  computed (bytes): ${sha256(stored)}`);
    expect(text.stdout).toContain(`  index.json descriptor:      ${entry!.digest}`);
    expect(text.stdout.endsWith(stored.toString('utf8'))).toBe(true);

    const { code, json } = await inspectJson(`oci:${dir}`);
    expect(code).toBe(0);
    expect(json.source).toEqual({
      kind: 'oci-layout',
      descriptor: { mediaType: entry!.mediaType, digest: entry!.digest, size: entry!.size },
    });
    expect(json.exchanges).toEqual([]);
    expect(json.accept).toEqual([]);
    expect(json.contentType).toBe(MediaType.ociManifest);
    expect(json.digestCheck).toMatchObject({ verdict: 'match', computed: sha256(stored), requested: entry!.digest, problems: [] });
    expect(json.response.bodySize).toBe(stored.length);
    expect(json.bodyText).toBe(stored.toString('utf8'));
    // The same shape as a registry inspection: every field of it is present.
    const registryInspect = await inspectJson(`${registry.host}/${REPO}:oci`);
    for (const key of Object.keys(registryInspect.json)) if (key !== 'auth') expect(json).toHaveProperty(key);
  });

  it('oci:DIR:TAG picks the entry skopeo annotated with that tag', async () => {
    const dir = join(work, 'tagged');
    const entry = (await indexEntries(dir)).find((e) => e.annotations?.['org.opencontainers.image.ref.name'] === 'schema2')!;
    const stored = await readFile(blobFile(dir, entry.digest));
    const { code, json } = await inspectJson(`oci:${dir}:schema2`);
    expect(code).toBe(0);
    expect(json.source?.descriptor?.digest).toBe(entry.digest);
    expect(json.reference.tag).toBe('schema2');
    expect(json.digestCheck).toMatchObject({ verdict: 'match', computed: sha256(stored), requested: entry.digest });
    expect(json.bodyText).toBe(stored.toString('utf8'));
  });

  it('a layout whose manifest blob no longer matches its index.json descriptor: the digest check says mismatch', async () => {
    const dir = join(work, 'tampered');
    await cp(join(work, 'single'), dir, { recursive: true });
    const [entry] = await indexEntries(dir);
    const path = blobFile(dir, entry!.digest);
    const altered = Buffer.from(JSON.stringify(JSON.parse(await readFile(path, 'utf8')), null, 2));
    await writeFile(path, altered);

    const text = await cli('inspect', `oci:${dir}`);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Digest check: mismatch');
    expect(text.stdout).toContain(
      `! The index.json descriptor's digest ${entry!.digest} does not match the digest of the bytes received (${sha256(altered)}).`,
    );
    expect(text.stdout).toContain(`! The index.json descriptor's size ${entry!.size} does not match the ${altered.length} bytes stored.`);
    expect(text.stderr).toContain('digest mismatch');
    const { json } = await inspectJson(`oci:${dir}`);
    expect(json.digestCheck).toMatchObject({ verdict: 'mismatch', computed: sha256(altered), requested: entry!.digest });
    expect(json.bodyText).toBe(altered.toString('utf8'));
  });

  it('docker-archive:FILE shows the schema 2 manifest written from the archive, its digest computed', async () => {
    const archive = `docker-archive:${join(work, 'schema2.tar')}`;
    const text = await cli('inspect', archive);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Source: docker archive ${archive}`);
    expect(text.stdout).toContain(`Media type: ${MediaType.dockerSchema2}`);
    expect(text.stdout).toContain('Digest check: computed (nothing stored to check against)');

    const { json } = await inspectJson(archive);
    const body = Buffer.from(json.bodyText);
    expect(json.source).toEqual({ kind: 'docker-archive', descriptor: null });
    expect(json.digestCheck).toMatchObject({ verdict: 'unverifiable', computed: sha256(body), requested: null, problems: [] });
    expect(text.stdout).toContain(`  computed (bytes): ${sha256(body)}`);
    // The manifest names the archive's config, which has the digest the registry image's config has.
    const manifest = JSON.parse(json.bodyText) as { config: { digest: string } };
    const pushed = JSON.parse(samples.schema2.bytes.toString('utf8')) as { config: { digest: string } };
    expect(manifest.config.digest).toBe(pushed.config.digest);
    const selected = await inspectJson(`${archive}:@0`);
    expect(selected.json.digestCheck.computed).toBe(sha256(body));
  });

  it('a manifest file shows its bytes and their computed digest, text and --json', async () => {
    const file = join(work, 'schema2.json');
    await writeFile(file, samples.schema2.bytes);
    const text = await cli('inspect', file);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Source: manifest file ${file}`);
    expect(text.stdout).toContain(`Media type: ${MediaType.dockerSchema2}`);
    expect(text.stdout).toContain(`  computed (bytes): ${sha256(samples.schema2.bytes)}`);
    const { json } = await inspectJson(file);
    expect(json.source).toEqual({ kind: 'manifest-file', descriptor: null });
    expect(json.digestCheck).toMatchObject({ verdict: 'unverifiable', computed: samples.schema2.digest });
    expect(json.bodyText).toBe(samples.schema2.bytes.toString('utf8'));
  });

  it('docker://REF is inspected at the registry', async () => {
    const { code, json } = await inspectJson(`docker://${registry.host}/${REPO}:schema2`);
    expect(code).toBe(0);
    expect(json.source).toBeUndefined();
    expect(json.digestCheck).toMatchObject({ verdict: 'match', computed: samples.schema2.digest });
  });

  it('negotiate refuses an offline source with one line (exit 2)', async () => {
    const result = await cli('negotiate', `oci:${join(work, 'single')}`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`manifest-lens: negotiate asks a registry; oci:${join(work, 'single')} is an offline source.`);
  });

  it('inspect --head and --platform, which shape a registry answer, are refused for an offline source (exit 2)', async () => {
    const layout = `oci:${join(work, 'single')}`;
    for (const flags of [['--head'], ['--platform', 'linux/amd64']]) {
      const result = await cli('inspect', layout, ...flags);
      expect([result.code, result.stderr]).toEqual([2, `manifest-lens: ${flags[0]} asks a registry; ${layout} is an offline source.`]);
    }
  });

  it('convert takes a manifest file with --config: v2s1-unsigned is the registry downgrade of the same image', async () => {
    const file = join(work, 'convert.json');
    const config = join(work, 'config.json');
    await writeFile(file, samples.schema2.bytes);
    const pushed = JSON.parse(samples.schema2.bytes.toString('utf8')) as { config: { digest: string } };
    await writeFile(config, await fetchBlob(registry.url, REPO, pushed.config.digest));
    const output = join(work, 'v2s1.json');

    const without = await cli('convert', file, '--to', 'v2s1-unsigned', '--output', output);
    expect([without.code, without.stderr]).toEqual([2, expect.stringContaining('--config FILE')]);

    const result = await cli('convert', file, '--config', config, '--to', 'v2s1-unsigned', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    const theirs = await requestManifest(registry.url, REPO, 'schema2', []);
    expect(theirs.contentType).toBe(MediaType.dockerSchema1Signed);
    const ours = JSON.parse(await readFile(output, 'utf8')) as Record<string, unknown>;
    const expected = JSON.parse(Buffer.from(canonicalPayload(theirs.body)).toString('utf8')) as Record<string, unknown>;
    // The registry names the image by its repository and tag; a manifest file has neither.
    for (const key of ['fsLayers', 'history', 'architecture', 'schemaVersion']) expect(ours[key], key).toEqual(expected[key]);
  });
});
