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
