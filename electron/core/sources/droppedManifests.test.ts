import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64Length, DROPPED_MANIFEST_LIMIT, type ExportFormatResult, type OpenedSource } from '../../../shared/export';
import { MediaType } from '../../../shared/mediaTypes';
import { sha256Digest } from '../digest';
import { createCore, type Core } from '../handlers';

// An OCI image index as the image spec writes one; its digest is the SHA-256 of these exact bytes.
const index = Buffer.from(
  JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        {
          mediaType: MediaType.ociManifest,
          digest: `sha256:${'a'.repeat(64)}`,
          size: 400,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    },
    null,
    2,
  ),
);

describe('openDroppedManifest', () => {
  let core: Core;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'lens-dropped-'));
    core = createCore({
      mode: 'browser',
      destinations: { saveFile: async (name) => join(work, name), chooseFolder: async (name) => join(work, name) },
    });
  });
  afterAll(async () => {
    await core.close();
    await rm(work, { recursive: true, force: true });
  });

  it('opens the bytes as a manifest file, under a name the exports open again', async () => {
    const opened = await core.dispatch('openDroppedManifest', { name: 'index.json', bytesBase64: index.toString('base64') });
    expect(opened.ok).toBe(true);
    const value = (opened as { value: OpenedSource }).value;
    expect(value.served).toMatchObject({ mediaType: MediaType.ociIndex, digest: sha256Digest(index), size: index.length });
    expect(value.source).toMatchObject({ kind: 'manifest-file', input: `dropped:index.json@${sha256Digest(index)}` });

    const saved = await core.dispatch('exportFormat', { source: value.source.input, format: 'oci-index' });
    expect(saved.ok).toBe(true);
    const { manifest } = (saved as { value: ExportFormatResult }).value;
    expect(await readFile(manifest.path)).toEqual(index);
  });

  it('refuses bytes that are no manifest with INPUT_INVALID, and a name it never gave', async () => {
    const bad = await core.dispatch('openDroppedManifest', { name: 'notes.txt', bytesBase64: Buffer.from('hello').toString('base64') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
    const unknown = await core.dispatch('openSource', { source: `dropped:other.json@${sha256Digest(index)}` });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID', message: expect.stringMatching(/drop the file again/) } });
  });

  it('refuses more than the limit at the boundary, before decoding', async () => {
    const tooLong = 'A'.repeat(base64Length(DROPPED_MANIFEST_LIMIT) + 4);
    const refused = await core.dispatch('openDroppedManifest', { name: 'huge.json', bytesBase64: tooLong });
    expect(refused.ok).toBe(false);
  });
});
