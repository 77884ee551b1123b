/**
 * The readers of files on disk: tar archives (docker save) and OCI image layouts. Each case writes its
 * input to a temp dir, so these run fewer cases than the in-memory parsers.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { MediaType } from '../../shared/mediaTypes';
import { sha256Digest } from '../../electron/core/digest';
import { openOciLayout } from '../../electron/core/sources/ociLayout';
import { indexTarFile } from '../../electron/core/sources/tarReader';
import { readVector } from '../support/vectors';
import { fuzzRun, mutated } from './fuzz';

const property = fuzzRun('files');
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lens-fuzz-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** One tar header block with the given fields and a correct (or deliberately wrong) checksum. */
function header(f: { name: string; size: string; flag: string; link: string; magic: string; prefix: string; badSum: boolean }): Buffer {
  const block = Buffer.alloc(512);
  block.write(f.name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write(f.size, 124, 12, 'latin1');
  block.write(f.flag, 156, 1, 'latin1');
  block.write(f.link, 157, 100, 'utf8');
  block.write(f.magic, 257, 8, 'latin1');
  block.write(f.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  const sum = block.reduce((a, b) => a + b, 0) + (f.badSum ? 1 : 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

const tarEntry = fc.record({
  name: fc.oneof(fc.constantFrom('manifest.json', 'repositories', 'a/b.json', './x', '../up', '/abs', ''), fc.string({ maxLength: 120 })),
  size: fc.oneof(
    fc.nat({ max: 2000 }).map((s) => s.toString(8).padStart(11, '0')),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', '77777777777'),
  ),
  flag: fc.constantFrom('0', '\0', '1', '2', '5', '7', 'x', 'g', 'L', 'K', 'S', '?'),
  link: fc.oneof(fc.constantFrom('manifest.json', 'a', '../a', ''), fc.string({ maxLength: 20 })),
  magic: fc.constantFrom('ustar\x0000', 'ustar  \0', ''),
  prefix: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })),
  badSum: fc.boolean(),
  content: fc.oneof(
    fc.uint8Array({ maxLength: 1500 }),
    fc.constantFrom('30 path=long/name/of/entry.json\n', '5 x=\n', '99999 a=b\n').map((s) => Buffer.from(s)),
  ),
});

const tarBytes = fc.tuple(fc.array(tarEntry, { maxLength: 6 }), fc.boolean(), fc.nat({ max: 600 })).map(([entries, end, cut]) => {
  const parts = entries.flatMap((e) => [header(e), Buffer.from(e.content), Buffer.alloc((512 - (e.content.length % 512)) % 512)]);
  const whole = Buffer.concat([...parts, end ? Buffer.alloc(1024) : Buffer.alloc(0)]);
  return cut > 0 && cut < whole.length ? whole.subarray(0, whole.length - cut) : whole;
});

const manifest = readVector('containers-image/oci1.json');
const realDigest = sha256Digest(manifest);
const layout = fc.record({
  ociLayout: fc.oneof(
    fc.constant('{"imageLayoutVersion":"1.0.0"}'),
    fc.constantFrom('{"imageLayoutVersion":2}', '{}', '[]', 'x', ''),
    fc.json(),
  ),
  index: fc.oneof(
    fc
      .record({
        digest: fc.oneof(
          fc.constant(realDigest),
          fc.constantFrom('sha256:../../etc', 'sha256:', 'md5:abc', `sha256:${'0'.repeat(64)}`),
          fc.string(),
        ),
        mediaType: fc.constantFrom(MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerSchema2, 'text/plain'),
        tag: fc.option(fc.constantFrom('1.0', 'latest', 'docker.io/a/b:c', ':', '@'), { nil: undefined }),
        twice: fc.boolean(),
      })
      .map((d) => {
        const entry = {
          mediaType: d.mediaType,
          digest: d.digest,
          size: manifest.length,
          ...(d.tag ? { annotations: { 'org.opencontainers.image.ref.name': d.tag } } : {}),
        };
        return JSON.stringify({ schemaVersion: 2, manifests: d.twice ? [entry, entry] : [entry] });
      }),
    fc.json(),
  ),
  blob: fc.oneof(fc.constant(manifest), mutated(manifest)),
  tag: fc.option(fc.constantFrom('1.0', 'latest', 'nope'), { nil: null }),
});

describe('fuzzed file readers return a value or a LensError, within the bound per case', () => {
  it('indexTarFile, then find and read every entry', () =>
    property(tarBytes, 400, async (bytes) => {
      const file = join(dir, `case-${n++}.tar`);
      await writeFile(file, bytes);
      try {
        const index = await indexTarFile(file);
        for (const name of index.names()) {
          const entry = index.find(name);
          if (entry) await index.read(entry, 4096);
        }
      } finally {
        await rm(file, { force: true });
      }
    }));

  it('openOciLayout, then the manifest it points at', () =>
    property(layout, 250, async (l) => {
      const root = join(dir, `layout-${n++}`);
      await mkdir(join(root, 'blobs', 'sha256'), { recursive: true });
      await writeFile(join(root, 'oci-layout'), l.ociLayout);
      await writeFile(join(root, 'index.json'), l.index);
      await writeFile(join(root, 'blobs', 'sha256', realDigest.slice('sha256:'.length)), l.blob);
      try {
        const source = await openOciLayout(root, l.tag, `oci:${root}`);
        await source.manifest();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }));
});
