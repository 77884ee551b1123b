/**
 * `manifest-lens convert` of a manifest file whose body names no mediaType (regclient's rawDockerSchema2
 * with the field removed). Recognised by its Docker config type, as containers/image's GuessMIMEType does,
 * it converts as a schema 2: neither refused as an OCI artifact nor passed through unchanged.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaType } from '../../shared/mediaTypes';
import { schema2ToOci } from '../../electron/core/convert/schema2ToOci';
import { cli } from '../support/cli';
import { readVector } from '../support/vectors';
import { findComponent, missingMessage } from '../support/components';
import { gzipLayer, sha256Digest } from '../support/blobs';
import { imageConfig, schema2Manifest } from '../support/images';
import { pushBlob } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';

describe('convert of a schema 2 manifest file without mediaType', () => {
  const typed = readVector('regclient/schema2-annotations.json');
  let dir: string;
  let untyped: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-untyped-'));
    const { mediaType: _dropped, ...body } = JSON.parse(Buffer.from(typed).toString('utf8')) as Record<string, unknown>;
    untyped = join(dir, 'manifest.json');
    await writeFile(untyped, JSON.stringify(body));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--to oci writes the OCI manifest the typed schema 2 converts to', async () => {
    const output = join(dir, 'oci.json');
    const result = await cli('convert', untyped, '--to', 'oci', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(MediaType.dockerSchema2);
    const written = await readFile(output);
    expect(new Uint8Array(written)).toEqual(schema2ToOci(typed).bytes);
    expect(written.equals(await readFile(untyped))).toBe(false);
  });

  it('--to v2s2 is not refused as an OCI artifact', async () => {
    const result = await cli('convert', untyped, '--to', 'v2s2', '--output', join(dir, 'v2s2.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('artifact');
  });
});

// On CI a missing registry throws here instead of skipping.
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping the push of an untyped schema 2: ${missingMessage('docker-registry')}`);

describe.skipIf(!registryBinary)('convert --to v2s2 of a schema 2 without mediaType, pushed to docker-registry', () => {
  let registry: RunningRegistry;
  let dir: string;
  const layer = gzipLayer([{ kind: 'file', path: 'a.txt', content: 'a' }]);
  const config = imageConfig({ architecture: 'amd64', os: 'linux', history: [{ created_by: 'ADD a.txt /' }], diffIDs: [layer.diffID] });
  const { mediaType: _dropped, ...body } = JSON.parse(Buffer.from(schema2Manifest(config, [layer]).bytes).toString('utf8')) as Record<
    string,
    unknown
  >;
  const untyped = Buffer.from(JSON.stringify(body));

  beforeAll(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'lens-untyped-push-'));
    for (const blob of [config, layer]) await pushBlob(registry.url, 'lens/untyped', blob);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const put = (bytes: Uint8Array, tag: string) =>
    fetch(`${registry.url}/v2/lens/untyped/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'Content-Type': MediaType.dockerSchema2 },
      body: bytes,
    });

  it('distribution refuses the untyped body as schema 2; the conversion names the mediaType, and that push is taken', async () => {
    const refused = await put(untyped, 'as-is');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('MANIFEST_INVALID');

    const file = join(dir, 'untyped.json');
    const output = join(dir, 'typed.json');
    await writeFile(file, untyped);
    const result = await cli('convert', file, '--to', 'v2s2', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`changed: mediaType: The manifest names its media type`);
    expect(result.stderr).toContain(`from (none) to ${MediaType.dockerSchema2}.`);
    const typed = await readFile(output);
    expect(JSON.parse(typed.toString('utf8'))).toEqual({ schemaVersion: 2, mediaType: MediaType.dockerSchema2, ...body });
    const taken = await put(typed, 'typed');
    expect(taken.status, await taken.text()).toBe(201);
    expect(taken.headers.get('docker-content-digest')).toBe(sha256Digest(typed));
  });
});
