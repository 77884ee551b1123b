/**
 * `manifest-lens convert --to docker-list|oci-index` of OCI artifacts given as manifest files (the
 * image-spec's own examples and a containers/image fixture): an OCI index lists an artifact by its
 * artifactType, as the image-spec's descriptor rule says; a Docker manifest list is refused in one line as
 * an artifact, not an image (exit 3), never with a message about a malformed image config.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaType } from '../../shared/mediaTypes';
import { cli } from '../support/cli';
import { readVector } from '../support/vectors';

const ARTIFACTS = [
  ['image-spec/artifact-with-config.json', 'application/vnd.example+type'],
  ['containers-image/oci1-artifact.json', 'application/vnd.oci.custom.artifact.config.v1+json'],
] as const;

describe('convert of an OCI artifact to a list format', () => {
  let dir: string;
  const file = (vector: string) => join(dir, vector.replace('/', '-'));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-artifact-'));
    for (const [vector] of ARTIFACTS) await writeFile(file(vector), readVector(vector));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(ARTIFACTS)('%s --to docker-list: exit 3, one line saying it is an artifact, not an image', async (vector, artifactType) => {
    const output = join(dir, 'list.json');
    const result = await cli('convert', file(vector), '--to', 'docker-list', '--output', output);
    expect(result.code).toBe(3);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`OCI artifact (${artifactType}), not an image`);
    expect(result.stderr).not.toMatch(/malformed|architecture/);
    await expect(readFile(output)).rejects.toThrow(/ENOENT/);
  });

  it.each(ARTIFACTS)('%s --to oci-index: one entry naming artifactType %s, no platform', async (vector, artifactType) => {
    const output = join(dir, 'index.json');
    const result = await cli('convert', file(vector), '--to', 'oci-index', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readVector(vector);
    const index = JSON.parse((await readFile(output)).toString('utf8')) as { manifests: unknown[] };
    expect(index.manifests).toEqual([
      {
        mediaType: MediaType.ociManifest,
        digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        size: bytes.length,
        artifactType,
      },
    ]);
  });

  it('an image whose manifest sets artifactType keeps it in its index entry, beside the platform its config states', async () => {
    // containers/image's oci1.json with an artifactType added; its config (and so its digest) is unchanged.
    const manifest = Buffer.from(
      JSON.stringify({
        ...(JSON.parse(Buffer.from(readVector('containers-image/oci1.json')).toString('utf8')) as object),
        artifactType: 'application/vnd.example.image+type',
      }),
    );
    const manifestFile = join(dir, 'typed-image.json');
    const configFile = join(dir, 'typed-image-config.json');
    await writeFile(manifestFile, manifest);
    await writeFile(configFile, readVector('containers-image/oci1-config.json'));
    const output = join(dir, 'typed-image-index.json');
    const result = await cli('convert', manifestFile, '--config', configFile, '--to', 'oci-index', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(Buffer.from(readVector('containers-image/oci1-config.json')).toString('utf8')) as {
      architecture: string;
      os: string;
    };
    const index = JSON.parse((await readFile(output)).toString('utf8')) as { manifests: Array<Record<string, unknown>> };
    expect(index.manifests[0]).toMatchObject({
      digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
      artifactType: 'application/vnd.example.image+type',
      platform: { architecture: config.architecture, os: config.os },
    });
  });
});
