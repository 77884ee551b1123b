/**
 * Every vendored real manifest (containers/image's manifest fixtures and internal testdata, regclient's
 * test literals, go-containerregistry's OCI layouts, the image-spec's examples) converted to every
 * format, through the same core the CLI calls. Each either converts to a document of the target format
 * or is refused with a typed error, and every line written about it names only what exists: each digest
 * and media type a refusal or note names is in the input or the output.
 *
 * The outcome of each pair is fixed below, by what decides it outside this code: the other project's
 * own verdict on the file (containers/image rejects the malformed and the ambiguous ones in its tests),
 * the format specifications (schema 2 has no zstd or encrypted layers; a Docker list holds images with
 * a platform), and what a manifest file cannot hold (layers, children, a config not given).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, MediaType, type FormatId } from '../../shared/mediaTypes';
import { parseManifest } from '../../electron/core/convert/manifestTypes';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';
import { sha256Digest } from '../../electron/core/digest';
import { LensError } from '../../electron/core/errors';
import { convertImage } from '../../electron/core/operations/convertImage';
import { openSource } from '../../electron/core/sources/openSource';
import { cli } from '../support/cli';
import { readVector } from '../support/vectors';

const VECTORS = fileURLToPath(new URL('../vectors/', import.meta.url));

type Outcome = 'ok' | 'INPUT_INVALID' | 'CONVERSION_REFUSED';
type Expected = Record<FormatId, Outcome>;

const IN = 'INPUT_INVALID';
const NO = 'CONVERSION_REFUSED';
const each = (o: Outcome): Expected => ({ v2s1: o, 'v2s1-unsigned': o, v2s2: o, oci: o, 'docker-list': o, 'oci-index': o });

/** Rejected by containers/image too (its own tests expect an error), or not a manifest of any format we know. */
const malformed = each(IN);
/** Every format: the source holds the config, layers and children a conversion reads. */
const complete = each('ok');
/** A schema 1 file: re-signed or unsigned as it is; an upgrade needs its layers, which a file has not; schema 1 states no platform for a list. */
const schema1File: Expected = { v2s1: 'ok', 'v2s1-unsigned': 'ok', v2s2: IN, oci: IN, 'docker-list': NO, 'oci-index': NO };
/** An image file without its config: schema 1 and a list entry need the config, which was not given. */
const imageFile = (over: Partial<Expected> = {}): Expected => ({ ...each(IN), v2s2: 'ok', oci: 'ok', ...over });
/** An OCI artifact: not an image for schema 1, Docker schema 2 or a Docker list (refused); an OCI manifest and index hold it. */
const artifactFile: Expected = { ...each(NO), oci: 'ok', 'oci-index': 'ok' };
/** A list file: an image format needs a child, which is not in the file; the list formats convert it. */
const listFile = (over: Partial<Expected> = {}): Expected => ({ ...each(IN), 'docker-list': 'ok', 'oci-index': 'ok', ...over });
/** A list without a linux/amd64 entry gives no image by default (distribution picks the same way). */
const noDefaultPlatform: Partial<Expected> = { v2s1: NO, 'v2s1-unsigned': NO, v2s2: NO, oci: NO };

interface Fixture {
  /** A vector path, or `oci:` + a layout under test/vectors with its tag. */
  source: string;
  /** The config file given with a manifest file. */
  config?: string;
  expected: Expected;
}

const CI_FIX = 'containers-image/manifest-fixtures/';
const CI_INT = 'containers-image/internal-manifest-testdata/';
const CI_IMG = 'containers-image/internal-image-fixtures/';

/** Fixtures that share an expectation, each given as its source. */
const all = (expected: Expected, ...sources: string[]): Fixture[] => sources.map((source) => ({ source, expected }));

const FIXTURES: Fixture[] = [
  // Rejected by containers/image's own tests (non-json; schemaVersion 99999; signatures a number;
  // config.digest "" in the two artifacts; config.size -1, its placeholder for an unknown size in an
  // expected output). regclient's ambiguous documents (a manifest with manifests, an index with config and
  // layers) are what containers/image's ValidateUnambiguousManifestFormat rejects;
  // application/vnd.oci.artifact.manifest.v1+json was withdrawn before image-spec 1.1. In
  // go-containerregistry's layout, tag 2's descriptor types a manifest application/vnd.oci.descriptor.v1+json.
  ...all(
    malformed,
    `${CI_FIX}non-json.manifest.json`,
    `${CI_FIX}unknown-version.manifest.json`,
    `${CI_FIX}v2s1-invalid-signatures.manifest.json`,
    `${CI_FIX}ociv1.artifact.json`,
    `${CI_FIX}ociv1nomime.artifact.json`,
    'containers-image/schema1-to-schema2.json',
    'regclient/ambiguous-oci.json',
    'regclient/oci-image.json',
    'regclient/oci-index.json',
    'regclient/oci-artifact-manifest.json',
    'oci:go-containerregistry/test_index:2',
  ),
  ...all(
    imageFile(),
    `${CI_FIX}ociv1.manifest.json`,
    `${CI_FIX}ociv1nomime.manifest.json`,
    `${CI_FIX}ociv1.uncompressed.manifest.json`,
    `${CI_FIX}ociv1.nondistributable.manifest.json`,
    `${CI_FIX}ociv1.nondistributable.gzip.manifest.json`,
    `${CI_FIX}v2s2.manifest.json`,
    `${CI_FIX}v2s2nomime.manifest.json`,
    `${CI_FIX}v2s2.everything.json`,
    `${CI_FIX}v2s2.uncompressed.manifest.json`,
    `${CI_FIX}v2s2.nondistributable.manifest.json`,
    `${CI_FIX}v2s2.nondistributable.gzip.manifest.json`,
    `${CI_IMG}schema2-all-media-types.json`,
    'regclient/oci-image-untyped.json',
    'regclient/schema2-annotations.json',
    'image-spec/manifest-example.json',
  ),
  // zstd and encrypted layers, which neither Docker schema 2 nor schema 1 clients can read.
  ...all(
    imageFile({ v2s1: NO, 'v2s1-unsigned': NO, v2s2: NO }),
    `${CI_FIX}ociv1.nondistributable.zstd.manifest.json`,
    `${CI_FIX}ociv1.zstd.manifest.json`,
    `${CI_FIX}ociv1.encrypted.manifest.json`,
    `${CI_IMG}oci1.encrypted.json`,
  ),
  // Layer types with no Docker twin.
  ...all(imageFile({ v2s2: NO }), `${CI_FIX}ociv1.invalid.mediatype.manifest.json`, `${CI_IMG}oci1-invalid-media-type.json`),
  // A Docker layer type OCI has no twin for (application/vnd.docker.image.rootfs.diff.tar.zstd).
  ...all(imageFile({ oci: NO }), `${CI_IMG}schema2-invalid-media-type.json`),
  ...all(
    artifactFile,
    `${CI_FIX}ociv1.everything.json`,
    'containers-image/oci1-artifact.json',
    'image-spec/artifact-minimal.json',
    'image-spec/artifact-without-config.json',
    'image-spec/artifact-with-config.json',
  ),
  ...all(
    listFile(),
    `${CI_FIX}ociv1.image.index.json`,
    `${CI_FIX}ociv1nomime.image.index.json`,
    `${CI_FIX}v2list.manifest.json`,
    `${CI_INT}oci1.index.zstd-selection.json`,
    `${CI_INT}oci1.index.zstd-selection2.json`,
    `${CI_INT}oci1index.json`,
    `${CI_INT}ocilist-variants.json`,
    `${CI_INT}schema2list.json`,
    `${CI_INT}schema2list-variants.json`,
    'regclient/oci-index-untyped.json',
    'regclient/schema2-list.json',
  ),
  ...all(listFile(noDefaultPlatform), `${CI_INT}oci1.index.everything.json`, `${CI_INT}v2list.everything.json`),
  ...all(
    schema1File,
    `${CI_FIX}v2s1-unsigned.manifest.json`,
    'containers-image/schema1.json',
    'containers-image/v2s1-signed-verifies.json',
    'containers-image/v2s1-signed-stale-signature.json',
    'regclient/hub-debian-6-schema1-signed.json',
  ),
  // Its one layer is throwaway: the upgrade streams no layer, so a file is enough.
  ...all({ ...schema1File, v2s2: 'ok', oci: 'ok' }, `${CI_FIX}v2s1.everything.json`),
  // Its name was edited after Docker Hub signed it (containers/image's README of the vector: formatLength
  // 10895, the document 10900 bytes), so the signed cut is no JSON document and there is no unsigned form.
  ...all({ ...schema1File, 'v2s1-unsigned': IN }, 'containers-image/schema2-to-schema1-by-docker.json'),
  // Sources that hold the config, layers and children: go-containerregistry's layouts, and files with their config.
  ...all(complete, 'oci:go-containerregistry/test_index:1', 'oci:go-containerregistry/test_index_one_image'),
  { source: 'containers-image/schema2.json', config: 'containers-image/schema2-config.json', expected: complete },
  { source: 'containers-image/oci1.json', config: 'containers-image/oci1-config.json', expected: complete },
  { source: `${CI_IMG}oci1-extra-config-fields.json`, config: `${CI_IMG}oci1-config-extra-fields.json`, expected: complete },
  // Its zstd layer: schema 2 has no zstd type, and schema 1 clients read only gzip or plain tar.
  {
    source: `${CI_IMG}oci1-all-media-types.json`,
    config: `${CI_IMG}oci1-all-media-types-config.json`,
    expected: { ...complete, v2s1: NO, 'v2s1-unsigned': NO, v2s2: NO },
  },
  // go-containerregistry's tags 3 and 4: an index and an untyped list whose entries name no platform.
  ...all({ ...each(NO), 'oci-index': 'ok' }, 'oci:go-containerregistry/test_index:3', 'oci:go-containerregistry/test_index:4'),
];

const sourceArg = (f: Fixture) => (f.source.startsWith('oci:') ? `oci:${VECTORS}${f.source.slice(4)}` : join(VECTORS, f.source));

/** The input's bytes as text with the digests they are known by: the manifest file (and config), or every file of the layout. */
async function inputText(f: Fixture): Promise<string> {
  if (!f.source.startsWith('oci:')) {
    const files = [f.source, f.config].flatMap((p) => (p ? [readVector(p)] : []));
    return files.flatMap((b) => [Buffer.from(b).toString('latin1'), sha256Digest(b)]).join('\n');
  }
  const layout = join(VECTORS, f.source.slice(4).split(':')[0]!);
  const index = await readFile(join(layout, 'index.json'), 'latin1');
  const blobs = await readdir(join(layout, 'blobs', 'sha256'));
  const texts = await Promise.all(blobs.map((b) => readFile(join(layout, 'blobs', 'sha256', b), 'latin1')));
  return [index, ...blobs.map((b) => `sha256:${b}`), ...texts].join('\n');
}

const DIGEST = /sha256:[0-9a-f]{64}/g;
const MEDIA_TYPE = /application\/[A-Za-z0-9.+-]+/g;

/** Digests and media types `line` names that are neither in the input nor in `output`. */
function unknownNames(line: string, input: string, output: string): string[] {
  const known = (name: string) => input.includes(name) || output.includes(name) || Object.values(MediaType).includes(name as never);
  return [...(line.match(DIGEST) ?? []), ...(line.match(MEDIA_TYPE) ?? []).map((t) => t.replace(/[.,;:)]+$/, ''))].filter((n) => !known(n));
}

async function convert(f: Fixture, to: FormatId) {
  const source = await openSource(sourceArg(f), {
    clientFor: () => {
      throw new Error('no registry in this test');
    },
    configFile: f.config ? join(VECTORS, f.config) : null,
  });
  try {
    return await convertImage(source, { to });
  } finally {
    await source.close();
  }
}

describe('every vendored manifest × every format', () => {
  const targets = FORMATS.map((f) => f.id);
  const cases = FIXTURES.flatMap((f) => targets.map((to) => [f.source, to, f] as const));

  it.each(cases)('%s → %s', async (_name, to, fixture) => {
    const input = await inputText(fixture);
    let outcome: Outcome;
    try {
      const result = await convert(fixture, to);
      outcome = 'ok';
      const format = FORMATS.find((f) => f.id === to)!;
      expect(result.mediaType).toBe(format.mediaType);
      const parsed = parseManifest(result.bytes, result.mediaType);
      expect(parsed.mediaType).toBe(format.mediaType);
      // distribution stores a Docker schema 2 or list only when its body names the type (400 MANIFEST_INVALID otherwise).
      if (to === 'v2s2' || to === 'docker-list') expect((parsed.manifest as { mediaType?: string }).mediaType).toBe(format.mediaType);
      const signed = result.mediaType === MediaType.dockerSchema1Signed;
      expect(result.digest).toBe(sha256Digest(signed ? canonicalPayload(result.bytes) : result.bytes));
      const output =
        Buffer.from(result.bytes).toString('latin1') + (result.config ? Buffer.from(result.config.bytes).toString('latin1') : '');
      for (const n of result.notes) {
        expect(n.message.trim().length, n.field).toBeGreaterThan(0);
        expect(unknownNames(n.message, input, output), n.message).toEqual([]);
      }
    } catch (e) {
      if (!(e instanceof LensError)) throw e;
      outcome = e.code as Outcome;
      expect(e.message).not.toContain('\n');
      expect(e.message).toMatch(/[.)]$/);
      expect(e.message).not.toMatch(/undefined|\[object|NaN/);
      expect(unknownNames(e.message, input, ''), e.message).toEqual([]);
    }
    expect(outcome).toBe(fixture.expected[to]);
  });
});

describe('golden results where another implementation wrote the answer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-sweep-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const json = (b: Uint8Array | Buffer) => JSON.parse(Buffer.from(b).toString('utf8')) as Record<string, unknown>;
  const manifestFile = (path: string, config?: string) => ({ source: path, config, expected: complete });

  it("containers/image's OCI → schema 2 of its oci1.json: the manifest its oci1-to-schema2.json holds", async () => {
    const out = await convert(manifestFile('containers-image/oci1.json', 'containers-image/oci1-config.json'), 'v2s2');
    expect(json(out.bytes)).toEqual(json(readVector('containers-image/oci1-to-schema2.json')));
  });

  it('--oci-config normalized through the CLI: the manifest and config containers/image wrote for its schema2.json', async () => {
    const output = join(dir, 'oci.json');
    const configOutput = join(dir, 'oci-config.json');
    const normalized = ['--to', 'oci', '--oci-config', 'normalized', '--config', join(VECTORS, 'containers-image/schema2-config.json')];
    const run = await cli(
      'convert',
      join(VECTORS, 'containers-image/schema2.json'),
      ...normalized,
      '--output',
      output,
      '--config-output',
      configOutput,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(json(await readFile(output))).toEqual(json(readVector('containers-image/schema2-to-oci1.json')));
    expect(json(await readFile(configOutput))).toEqual(json(readVector('containers-image/schema2-to-oci1-config.json')));
  });

  it("non-distributable layers map as containers/image maps them: OCI's to Docker's foreign types and back", async () => {
    const toDocker = json((await convert(manifestFile(`${CI_FIX}ociv1.nondistributable.gzip.manifest.json`), 'v2s2')).bytes);
    expect((toDocker.layers as Array<{ mediaType: string }>)[0]!.mediaType).toBe(MediaType.dockerForeignLayerGzip);
    const toOci = json((await convert(manifestFile(`${CI_FIX}v2s2.nondistributable.gzip.manifest.json`), 'oci')).bytes);
    expect((toOci.layers as Array<{ mediaType: string }>)[0]!.mediaType).toBe(
      'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    );
  });

  it("a Docker list as an OCI index keeps every entry's digest, size and platform (the image-spec's index entry)", async () => {
    const source = `${CI_INT}schema2list.json`;
    const index = json((await convert(manifestFile(source), 'oci-index')).bytes);
    const list = json(readVector(source));
    const entries = (doc: Record<string, unknown>) =>
      (doc.manifests as Array<Record<string, unknown>>).map(({ digest, size, platform }) => ({ digest, size, platform }));
    expect(entries(index)).toEqual(entries(list));
  });

  it('a sample of refusals through the CLI: exit 2 for bad input, 3 for an impossible conversion, one line each', async () => {
    const samples: Array<[string, FormatId, number]> = [
      [`${CI_FIX}non-json.manifest.json`, 'oci', 2],
      ['regclient/ambiguous-oci.json', 'v2s2', 2],
      [`${CI_FIX}ociv1.zstd.manifest.json`, 'v2s2', 3],
      [`${CI_FIX}ociv1.encrypted.manifest.json`, 'v2s2', 3],
      ['image-spec/artifact-minimal.json', 'docker-list', 3],
      ['containers-image/schema1.json', 'oci-index', 3],
    ];
    for (const [path, to, code] of samples) {
      const run = await cli('convert', join(VECTORS, path), '--to', to, '--output', join(dir, 'refused.json'));
      let message = '';
      try {
        await convert(manifestFile(path), to);
      } catch (e) {
        message = e instanceof LensError ? e.message : String(e);
      }
      expect([path, to, run.code]).toEqual([path, to, code]);
      expect(run.stderr).toBe(`manifest-lens: ${message}`);
    }
    await expect(readFile(join(dir, 'refused.json'))).rejects.toThrow(/ENOENT/);
  });
});
