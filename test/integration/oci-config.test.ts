/**
 * Schema 2 → OCI and the config, judged by skopeo 1.9.3 (containers/image) on an image in docker-registry.
 * Kept (the default), the OCI manifest references the source's config bytes, so its digest holds, and a
 * note lists the fields in it the OCI image config does not define. With `--oci-config normalized`, the
 * config written is byte for byte the one `skopeo copy --format oci` writes for the same image, and the
 * registry accepts the result.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponents } from '../support/components';
import { blobOf, gzipLayer, sha256Digest } from '../support/blobs';
import { schema2Manifest } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { cli } from '../support/cli';
import { MediaType } from '../../shared/mediaTypes';
import { readVector } from '../support/vectors';

// On CI a missing component throws here instead of skipping.
const found = findComponents(['docker-registry', 'skopeo'] as const, 'the OCI config comparison with skopeo');
const run = promisify(execFile);
const REPO = 'lens/oci-config';

const layer = gzipLayer([{ kind: 'file', path: 'one.txt', content: 'one' }]);

/**
 * A Docker config with what Go's decoder treats specially: Docker-only fields at every level, a key that
 * matches its field only case-insensitively (Author), a repeated key (the last wins), nulls in a map and
 * in the history, empty arrays, a time with trailing zeros in its fraction, and text Go escapes.
 */
const CONFIG_TEXT =
  '{"Author":"Ops <ops@example.com>","architecture":"amd64","architecture":"arm64","variant":"v8","os":"linux",' +
  '"os.features":[],"os.version":"","created":"2024-01-02T03:04:05.120000+01:00","docker_version":"24.0.7",' +
  '"container":"c0ffee","container_config":{"Hostname":"c0ffee","Cmd":["/bin/sh","-c","#(nop) CMD [\\"sh\\"]"]},' +
  '"config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"ExposedPorts":{"8080/tcp":{},"53/udp":{}},' +
  '"Env":null,"Cmd":["sh"],"Image":"sha256:0123","Volumes":{"/data":{}},"WorkingDir":"/srv","Entrypoint":[],' +
  '"OnBuild":null,"Labels":{"z":"last","a":"caf\\u00e9 & <b>","n":null},"StopSignal":"",' +
  '"Healthcheck":{"Test":["CMD","true"],"Interval":30000000000},"Memory":1024,"ArgsEscaped":true},' +
  `"rootfs":{"type":"layers","diff_ids":["${layer.diffID}"]},` +
  '"history":[{"created":"0001-01-01T00:00:00Z","created_by":"ARG x","empty_layer":true,"id":"old"},null,' +
  '{"created":"2024-01-02T03:04:05Z","created_by":"COPY one.txt /","comment":"line\\u2028sep"}],"id":"top","parent":"p"}';
const config = blobOf(CONFIG_TEXT, MediaType.dockerConfig);
const manifest = schema2Manifest(config, [layer]);

/** The fields of CONFIG_TEXT that the image-spec's config.md does not define. */
const NOT_OCI = [
  'Author',
  'docker_version',
  'container',
  'container_config',
  'id',
  'parent',
  'config.Hostname',
  'config.Domainname',
  'config.AttachStdin',
  'config.Image',
  'config.OnBuild',
  'history[0].id',
];

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}
const json = <T>(b: Uint8Array | string): T => JSON.parse(Buffer.from(b).toString('utf8')) as T;

describe.skipIf(!found['docker-registry'] || !found.skopeo)('schema 2 → OCI config, compared with skopeo copy --format oci', () => {
  let registry: RunningRegistry;
  let dir: string;
  const ref = (tag: string) => `${registry.host}/${REPO}:${tag}`;

  beforeAll(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'lens-oci-config-'));
    for (const blob of [config, layer]) await pushBlob(registry.url, REPO, blob);
    await pushManifest(registry.url, REPO, 'docker', manifest.bytes, manifest.mediaType);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The manifest and config skopeo writes into an OCI layout for the image. */
  async function skopeoOci() {
    const layout = join(dir, 'skopeo');
    await run(found.skopeo!, [
      'copy',
      '--insecure-policy',
      '--src-tls-verify=false',
      '--format',
      'oci',
      `docker://${ref('docker')}`,
      `oci:${layout}:t`,
    ]);
    const blob = (digest: string) => readFile(join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)));
    const index = json<{ manifests: Descriptor[] }>(await readFile(join(layout, 'index.json')));
    const written = json<{ config: Descriptor; layers: Descriptor[] }>(await blob(index.manifests[0]!.digest));
    return { manifest: written, config: await blob(written.config.digest) };
  }

  it('kept (the default): the config digest holds, and one note names exactly the fields OCI does not define', async () => {
    const output = join(dir, 'kept.json');
    const result = await cli('convert', ref('docker'), '--to', 'oci', '--output', output);
    expect(result.code, result.stderr).toBe(0);
    const converted = json<{ config: Descriptor }>(await readFile(output));
    expect(converted.config).toEqual({ mediaType: MediaType.ociConfig, digest: config.digest, size: config.bytes.length });
    expect(result.stderr).toContain(`keeps its bytes (${config.digest} holds)`);
    expect(result.stderr).toContain(`${NOT_OCI.length} fields (${NOT_OCI.join(', ')})`);
  });

  it('normalized: the config is byte for byte the one skopeo writes, and the registry takes the result', async () => {
    const output = join(dir, 'normalized.json');
    const configOutput = join(dir, 'normalized-config.json');
    const normalized = ['--to', 'oci', '--oci-config', 'normalized'];
    const result = await cli('convert', ref('docker'), ...normalized, '--output', output, '--config-output', configOutput);
    expect(result.code, result.stderr).toBe(0);
    const ours = await readFile(configOutput);
    const skopeo = await skopeoOci();
    expect(ours.toString('utf8')).toBe(skopeo.config.toString('utf8'));
    const converted = json<{ config: Descriptor; layers: Descriptor[] }>(await readFile(output));
    expect(converted.config).toEqual(skopeo.manifest.config);
    expect(converted.layers).toEqual(skopeo.manifest.layers);
    expect(result.stderr).toContain(`from ${config.digest} to ${sha256Digest(ours)}`);

    await pushBlob(registry.url, REPO, { digest: converted.config.digest, bytes: ours });
    const bytes = await readFile(output);
    await pushManifest(registry.url, REPO, 'normalized', bytes, MediaType.ociManifest);
  });

  it('--oci-config with another format, or an unknown mode, is bad usage (exit 2)', async () => {
    expect((await cli('convert', ref('docker'), '--to', 'v2s2', '--oci-config', 'normalized')).code).toBe(2);
    const unknown = await cli('convert', ref('docker'), '--to', 'oci', '--oci-config', 'docker');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('manifest-lens: --oci-config is one of kept, normalized.');
  });
});

describe('--oci-config normalized of a source that is OCI already', () => {
  it('converts it unchanged and says, as a refused note, that the option applies to Docker sources', async () => {
    const file = fileURLToPath(new URL('../vectors/containers-image/oci1.json', import.meta.url));
    const result = await cli('convert', file, '--to', 'oci', '--oci-config', 'normalized');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(Buffer.from(readVector('containers-image/oci1.json')).toString('utf8'));
    expect(result.stderr).toContain('refused: config: The source is an OCI manifest already');
  });
});
