import { describe, expect, it } from 'vitest';
import { imageConfig, sampleImage, schema2Manifest } from '../../../test/support/images';
import { MediaType } from '../../../shared/mediaTypes';
import { schema1Payload } from '../convert/downgradeToSchema1';
import { parseManifestOf } from '../convert/manifestTypes';
import { imageFromConfig, imageFromSchema1, platformEntries } from './imageViews';

const amd64 = { architecture: 'amd64', os: 'linux' };

describe('imageFromSchema1', () => {
  it('reads the same history, runtime settings and layers as the schema 2 image it was written from', () => {
    const image = sampleImage('s1', amd64, 'docker');
    const [config] = image.blobs;
    const { payload } = schema1Payload({ manifest: image.manifest.bytes, config: config!.bytes, repository: 'lens/s1', tag: 'v1' });
    const fromSchema2 = imageFromConfig(parseManifestOf(image.manifest.bytes, 'schema2', 'schema 2').manifest, config!.bytes);
    const fromSchema1 = imageFromSchema1(parseManifestOf(payload, 'schema1', 'schema 1').manifest);

    expect(fromSchema1.layers.map((l) => l.digest)).toEqual(fromSchema2.layers.map((l) => l.digest));
    expect(fromSchema1.layers.every((l) => l.size === null && l.diffId === null)).toBe(true);
    const steps = (h: typeof fromSchema1.config.history) => h.map((s) => [s.emptyLayer, s.layerIndex, s.createdBy, s.comment]);
    // The newest entry is the config itself: its command is the config's container_config.Cmd (absent
    // here), not the created_by of the last history step, which schema 1 has nowhere to keep.
    expect(steps(fromSchema1.config.history.slice(0, -1))).toEqual(steps(fromSchema2.config.history.slice(0, -1)));
    expect(fromSchema1.config.history.at(-1)).toMatchObject({ emptyLayer: true, layerIndex: null, createdBy: null });
    const runtime = ({ env, cmd, workingDir, labels, architecture, os }: typeof fromSchema1.config) => ({
      env,
      cmd,
      workingDir,
      labels,
      architecture,
      os,
    });
    expect(runtime(fromSchema1.config)).toEqual(runtime(fromSchema2.config));
    expect(fromSchema1.config.digest).toBeNull();
    expect(fromSchema1.notes[0]).toContain('no layer sizes');
  });
});

describe('imageFromConfig', () => {
  it('keeps readable fields when others have odd types, and says when history and layers disagree', () => {
    const layer = { mediaType: MediaType.dockerLayerGzip, digest: `sha256:${'a'.repeat(64)}`, size: 10, bytes: Buffer.alloc(0) };
    const config = imageConfig({
      ...amd64,
      diffIDs: [`sha256:${'b'.repeat(64)}`],
      config: { Env: null, Cmd: 'not-an-array', Entrypoint: ['/init'], User: 'app', ExposedPorts: { '80/tcp': {} }, Labels: { a: 'b' } },
      // Two layer-making steps for one layer.
      history: [{ created_by: 'one' }, { created_by: 'two' }],
    });
    const manifest = parseManifestOf(schema2Manifest(config, [layer]).bytes, 'schema2', 'schema 2').manifest;
    const view = imageFromConfig(manifest, config.bytes);
    expect(view.config).toMatchObject({
      env: [],
      cmd: null,
      entrypoint: ['/init'],
      user: 'app',
      exposedPorts: ['80/tcp'],
      labels: { a: 'b' },
    });
    expect(view.config.history.map((h) => h.layerIndex)).toEqual([0, null]);
    expect(view.notes.join(' ')).toContain('2 layer-making steps but the manifest has 1 layers');
    expect(view.layers[0]).toMatchObject({ size: 10, diffId: `sha256:${'b'.repeat(64)}` });
  });
});

describe('platformEntries', () => {
  it('marks BuildKit attestations and entries without a platform', () => {
    const d = (annotations?: Record<string, string>, platform?: object) => ({
      mediaType: MediaType.ociManifest,
      digest: `sha256:${'c'.repeat(64)}`,
      size: 1,
      annotations,
      platform,
    });
    const manifests = [
      d(undefined, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
      d({ 'vnd.docker.reference.type': 'attestation-manifest' }, { os: 'unknown', architecture: 'unknown' }),
      d(),
    ];
    const index = parseManifestOf(
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests })),
      'ociIndex',
      'OCI index',
    ).manifest;
    expect(platformEntries(index).map((p) => [p.os, p.architecture, p.variant, p.attestation])).toEqual([
      ['linux', 'arm64', 'v8', false],
      ['unknown', 'unknown', null, true],
      [null, null, null, false],
    ]);
  });
});
