/**
 * Exports through the handler table against docker-registry: every exported file's digest matches its
 * name and what the registry itself computes when the file is stored in it (or, for schema 1, the
 * registry's own downgrade); summary.json describes them; an interrupted export leaves no partial file;
 * one format saves where the shell says, with a rescued config beside it; the bundled sample opens offline.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import type { ExportAllResult, ExportFormatResult, ExportSummary, OpenedSource, PushResult } from '../../shared/export';
import { FORMATS, MediaType } from '../../shared/mediaTypes';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';
import { exportAllFormats, SUMMARY_FILE } from '../../electron/core/export/exportFolder';
import type { ExportDestinations } from '../../electron/core/export/destinations';
import { shortDigest } from '../../electron/core/export/fileNames';
import { createCore, type Core } from '../../electron/core/handlers';
import { clientsOver } from '../support/clients';
import { sha256Digest } from '../../electron/core/digest';
import { Transport } from '../../electron/core/registry/transport';
import { openSource } from '../../electron/core/sources/openSource';
import { requestManifest } from '../support/registryHttp';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping export tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/sample';

/** The digest a registry stores a manifest file under: signed schema 1 by its payload. */
function fileDigest(bytes: Buffer, mediaType: string): string {
  return mediaType === MediaType.dockerSchema1Signed ? sha256Digest(canonicalPayload(bytes)) : sha256Digest(bytes);
}

async function call<T>(core: Core, name: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

/** The shell's answers, as the CLI gives them: always this folder. */
function into(dir: string): ExportDestinations {
  return { saveFile: async (name) => join(dir, name), chooseFolder: async (name) => join(dir, name) };
}

describe.skipIf(!registryBinary)('exports against docker-registry', () => {
  let registry: RunningRegistry;
  let legacy: RunningRegistry;
  let samples: SampleImages;
  let work: string;
  let core: Core;

  beforeAll(async () => {
    [registry, legacy] = await Promise.all([startRegistry(), startRegistry({ schema1: true })]);
    samples = await pushSampleImages(registry.url, REPO);
    work = await mkdtemp(join(tmpdir(), 'lens-export-'));
    core = createCore({ mode: 'browser', destinations: into(work) });
  });
  afterAll(async () => {
    await core?.close();
    await Promise.all([registry?.stop(), legacy?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('export all formats of a schema 2 image: each file named by its digest, and the registry agrees', async () => {
    const result = await call<ExportAllResult>(core, 'exportAll', { source: `${registry.host}/${REPO}:schema2` });
    const summary = JSON.parse(await readFile(join(result.dir, SUMMARY_FILE), 'utf8')) as ExportSummary;
    expect(summary).toEqual(result.summary);
    expect(summary.source).toEqual({
      input: `${registry.host}/${REPO}:schema2`,
      kind: 'registry',
      registry: registry.host,
      repository: REPO,
      tag: 'schema2',
    });
    expect(summary.served).toEqual({
      mediaType: MediaType.dockerSchema2,
      digest: samples.schema2.digest,
      size: samples.schema2.bytes.length,
      // Schema 2 carries no signature to give a verdict on.
      signature: null,
    });
    expect(summary.formats.map((f) => [f.format, f.ok])).toEqual(FORMATS.map((f) => [f.id, true]));
    expect((await readdir(result.dir)).sort()).toEqual([...result.files].sort());
    expect(result.files.at(-1)).toBe(SUMMARY_FILE);

    // The registry's own schema 1 downgrade, asked the way an old docker asks (by tag, no Accept).
    const downgraded = await requestManifest(registry.url, REPO, 'schema2', []);
    expect(downgraded.contentType).toBe(MediaType.dockerSchema1Signed);
    for (const entry of summary.formats) {
      if (!entry.ok) continue;
      const bytes = await readFile(join(result.dir, entry.manifest.file));
      const digest = fileDigest(bytes, entry.manifest.mediaType);
      expect(digest, entry.format).toBe(entry.manifest.digest);
      expect(entry.manifest.file, entry.format).toContain(`.${entry.format}.${shortDigest(digest)}.json`);
      expect(bytes.length).toBe(entry.manifest.size);
      if (entry.format === 'v2s1' || entry.format === 'v2s1-unsigned') {
        expect(digest, entry.format).toBe(downgraded.digest);
        continue;
      }
      // Stored in the registry, the file gets the digest its name carries.
      const put = await fetch(`${registry.url}/v2/${REPO}/manifests/exported-${entry.format}`, {
        method: 'PUT',
        headers: { 'content-type': entry.manifest.mediaType },
        body: bytes,
      });
      expect(put.status, `${entry.format}: ${await put.text()}`).toBe(201);
      expect(put.headers.get('docker-content-digest'), entry.format).toBe(digest);
    }
    const v2s2 = summary.formats.find((f) => f.format === 'v2s2');
    expect(v2s2?.ok && v2s2.manifest.digest).toBe(samples.schema2.digest);
  });

  it('an index exports its linux/amd64 child for the image formats, and says so', async () => {
    const result = await call<ExportAllResult>(core, 'exportAll', { source: `${registry.host}/${REPO}:index` });
    const amd64 = samples.index.children.find((c) => c.platform === 'linux/amd64')!;
    const oci = result.summary.formats.find((f) => f.format === 'oci');
    const index = result.summary.formats.find((f) => f.format === 'oci-index');
    expect(oci?.ok && oci.manifest.digest).toBe(amd64.digest);
    expect(oci?.ok && oci.child?.platform).toBe('linux/amd64');
    expect(index?.ok && index.manifest.digest).toBe(samples.index.digest);
    expect(oci?.ok && oci.notes.some((n) => n.field === 'manifests[0]')).toBe(true);
  });

  it('an export interrupted half-way leaves complete files only, and no summary', async () => {
    const transport = new Transport();
    try {
      const source = await openSource(`${registry.host}/${REPO}:oci`, { clientFor: clientsOver(transport) });
      const controller = new AbortController();
      const dir = join(work, 'interrupted');
      const written: string[] = [];
      const run = exportAllFormats(source, dir, {
        signal: controller.signal,
        onFile: (file) => {
          written.push(file);
          if (written.length === 2) controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      const left = await readdir(dir);
      expect(left.sort()).toEqual([...written].sort());
      expect(left).not.toContain(SUMMARY_FILE);
      expect(left.filter((f) => f.endsWith('.partial'))).toEqual([]);
      for (const file of left) {
        const bytes = await readFile(join(dir, file));
        const signed = file.includes('.v2s1.');
        expect(file).toContain(shortDigest(signed ? sha256Digest(canonicalPayload(bytes)) : sha256Digest(bytes)));
      }
    } finally {
      await transport.close();
    }
  });

  it('one format is saved where the shell says; a schema 1 rescue saves its new config beside it', async () => {
    const pushed = await call<PushResult>(core, 'push', {
      source: `${registry.host}/${REPO}:schema2`,
      destination: `${legacy.host}/old/app:1`,
      format: 'v2s1',
    });
    expect(pushed.outcome).toBe('pushed');
    const saved = await call<ExportFormatResult>(core, 'exportFormat', { source: `${legacy.host}/old/app:1`, format: 'v2s2' });
    expect(saved.manifest.path.startsWith(work)).toBe(true);
    expect(saved.config).not.toBeNull();
    const manifest = JSON.parse(await readFile(saved.manifest.path, 'utf8')) as { config: { digest: string } };
    expect(manifest.config.digest).toBe(saved.config!.digest);
    expect(sha256Digest(await readFile(saved.config!.path))).toBe(saved.config!.digest);
    expect(sha256Digest(await readFile(saved.manifest.path))).toBe(saved.manifest.digest);
  });

  it('the bytes a pane shows are saved exactly (a signed schema 1 is not signed again), and only a manifest of that format', async () => {
    const shown = await call<OpenedSource>(core, 'openSource', { source: `${registry.host}/${REPO}:schema2` });
    const v2s1 = shown.formats.find((f) => f.format === 'v2s1');
    if (!v2s1?.ok) throw new Error('no v2s1');
    const saved = await call<ExportFormatResult>(core, 'exportFormat', {
      source: `${registry.host}/${REPO}:schema2`,
      format: 'v2s1',
      document: { bytesBase64: v2s1.manifest.bytesBase64 },
    });
    expect((await readFile(saved.manifest.path)).toString('base64')).toBe(v2s1.manifest.bytesBase64);
    expect(saved.manifest.digest).toBe(v2s1.manifest.digest);
    const v2s2 = shown.formats.find((f) => f.format === 'v2s2');
    if (!v2s2?.ok) throw new Error('no v2s2');
    const wrongFormat = await core.dispatch('exportFormat', {
      source: `${registry.host}/${REPO}:schema2`,
      format: 'oci',
      document: { bytesBase64: v2s2.manifest.bytesBase64 },
    });
    expect(wrongFormat).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
    const wrongConfig = await core.dispatch('exportFormat', {
      source: `${registry.host}/${REPO}:schema2`,
      format: 'v2s2',
      document: { bytesBase64: v2s2.manifest.bytesBase64, configBase64: Buffer.from('{}').toString('base64') },
    });
    expect(wrongConfig).toMatchObject({
      ok: false,
      error: { code: 'INPUT_INVALID', message: 'The config to save is not the one the manifest names.' },
    });
  });

  it('a cancelled save dialog writes nothing and says CANCELLED', async () => {
    const cancelling = createCore({ mode: 'electron', destinations: { saveFile: async () => null, chooseFolder: async () => null } });
    try {
      const before = await readdir(work);
      const envelope = await cancelling.dispatch('exportFormat', { source: `${registry.host}/${REPO}:oci`, format: 'oci' });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await readdir(work)).toEqual(before);
    } finally {
      await cancelling.close();
    }
  });
});

describe('the sample image that ships with the app', () => {
  it('opens offline in every format, from its OCI layout', async () => {
    const core = createCore({ mode: 'browser' });
    try {
      const opened = await call<OpenedSource>(core, 'openSample', {});
      const index = JSON.parse(await readFile(join('resources', 'sample', 'index.json'), 'utf8')) as {
        manifests: Array<{ digest: string }>;
      };
      expect(opened.source).toMatchObject({ kind: 'oci-layout', registry: null, repository: 'sample', tag: 'latest' });
      expect(opened.served).toMatchObject({ mediaType: MediaType.ociIndex, digest: index.manifests[0]!.digest });
      expect(opened.formats.map((f) => [f.format, f.ok])).toEqual(FORMATS.map((f) => [f.id, true]));
      const arm = await call<OpenedSource>(core, 'openSample', { platform: 'linux/arm64/v8' });
      const child = (o: OpenedSource) => {
        const oci = o.formats.find((f) => f.format === 'oci');
        return oci?.ok ? { platform: oci.child?.platform, digest: oci.manifest.digest } : null;
      };
      expect(child(opened)?.platform).toBe('linux/amd64');
      expect(child(arm)?.platform).toBe('linux/arm64/v8');
      expect(child(arm)?.digest).not.toBe(child(opened)?.digest);
    } finally {
      await core.close();
    }
  });
});
