import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import { downgradeToSchema1, EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR, schema1Payload, type DowngradeInput } from './downgradeToSchema1';
import { sha256Digest } from '../digest';
import { canonicalPayload, verifyPrettyJws } from './prettyJws';
import { readVector } from '../../../test/support/vectors';
import { expectRefused } from '../../../test/support/lensError';

const vector = (name: string) => readVector(`containers-image/${name}`);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const layerDigest = (n: number) => `sha256:${sha256Hex(`layer ${n}`)}`;

interface Schema1Doc {
  schemaVersion: number;
  name: string;
  tag: string;
  architecture: string;
  fsLayers: Array<{ blobSum: string }>;
  history: Array<{ v1Compatibility: string }>;
}

/** A schema 2 image whose config is exactly `configText`, with `layerCount` made-up layers. */
function image(configText: string, layerCount: number, manifestExtra: Record<string, unknown> = {}): DowngradeInput {
  const config = bytesOf(configText);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: { mediaType: MediaType.dockerConfig, size: config.length, digest: sha256Digest(config) },
    layers: Array.from({ length: layerCount }, (_, i) => ({ mediaType: MediaType.dockerLayerGzip, size: 100 + i, digest: layerDigest(i) })),
    ...manifestExtra,
  };
  return { manifest: bytesOf(JSON.stringify(manifest)), config, repository: 'team/app', tag: 'v1' };
}

/** A config text with the given history and one diff ID per non-empty entry. */
function config(history: unknown[], extra = ''): string {
  const layers = history.filter((h) => !(h as { empty_layer?: boolean }).empty_layer).length;
  const diffIds = Array.from({ length: layers }, (_, i) => `"sha256:${sha256Hex(`diff ${i}`)}"`).join(',');
  return `{"architecture":"amd64","os":"linux"${extra},"rootfs":{"type":"layers","diff_ids":[${diffIds}]},"history":${JSON.stringify(history)}}`;
}

const layersIn = (history: unknown[]) => history.filter((h) => !(h as { empty_layer?: boolean }).empty_layer).length;
const build = (history: unknown[], extra = '') => image(config(history, extra), layersIn(history));
const doc = (input: DowngradeInput): Schema1Doc => JSON.parse(text(schema1Payload(input).payload));

describe('against the containers/image vectors', () => {
  it("rebuilds Docker Hub's schema 1 of the httpd image: every entry and blob, and the canonical digest the README gives", () => {
    const served = JSON.parse(text(vector('schema2-to-schema1-by-docker.json'))) as Schema1Doc;
    const { payload } = schema1Payload({
      manifest: vector('schema2.json'),
      config: vector('schema2-config.json'),
      repository: served.name,
      tag: served.tag,
    });
    const ours = JSON.parse(text(payload)) as Schema1Doc;
    expect(ours.history).toEqual(served.history);
    expect(ours.fsLayers).toEqual(served.fsLayers);
    expect(sha256Digest(payload)).toBe('sha256:20cd01fc86c993d8bdd299874c04f32c19631a264d3bdac7c0d1211c20e74bc0');
  });

  it("matches containers/image's v1 entries for an OCI image and reports what OCI had that schema 1 cannot hold", () => {
    const expected = JSON.parse(text(vector('oci1-to-schema1.json'))) as Schema1Doc;
    const result = schema1Payload({
      manifest: vector('oci1.json'),
      config: vector('oci1-config.json'),
      repository: expected.name,
      tag: expected.tag,
    });
    const ours = JSON.parse(text(result.payload)) as Schema1Doc;
    expect(ours.history).toEqual(expected.history);
    expect(ours.fsLayers).toEqual(expected.fsLayers);
    const lost = result.notes.filter((n) => n.kind === 'lost').map((n) => n.field);
    expect(lost).toEqual(expect.arrayContaining(['config.annotations', 'layers[2].urls', 'layers[3].annotations', 'rootfs.diff_ids']));
  });
});

describe('the document distribution writes', () => {
  const history = [
    { created: '2020-01-01T00:00:00Z', created_by: 'ADD base', author: 'A <a@example.com>', comment: 'first' },
    { created: '2020-01-02T00:00:00.500000Z', created_by: 'ENV X=1 && Y=<2>', empty_layer: true },
    { created: '2020-01-03T10:00:00+02:00', created_by: 'RUN make' },
    { created: '2020-01-04T00:00:00Z', created_by: 'CMD ["sh"]', comment: 'last', empty_layer: true },
  ];
  const input = build(
    history,
    ',"x":1.50,"big":12345678901234567890,"s":"\\u00e9\\/<b>","id":"overwritten","Zed":null,"config":{ "Env" : ["A=1"] }',
  );
  const schema1 = doc(input);

  it('has the fields in order, with name, tag and architecture', () => {
    expect(Object.keys(schema1)).toEqual(['schemaVersion', 'name', 'tag', 'architecture', 'fsLayers', 'history']);
    expect(schema1).toMatchObject({ schemaVersion: 1, name: 'team/app', tag: 'v1', architecture: 'amd64' });
  });

  it('is three-space indented Go JSON ending in "\\n}"', () => {
    const payload = text(schema1Payload(input).payload);
    expect(
      payload.startsWith(
        '{\n   "schemaVersion": 1,\n   "name": "team/app",\n   "tag": "v1",\n   "architecture": "amd64",\n   "fsLayers": [\n      {\n         "blobSum": ',
      ),
    ).toBe(true);
    expect(payload.endsWith('"\n      }\n   ]\n}')).toBe(true);
    expect(payload).not.toMatch(/[<>&]/);
  });

  it('lists one blob per history entry, newest first, empty layers as the gzipped empty tar', () => {
    expect(schema1.fsLayers.map((l) => l.blobSum)).toEqual([EMPTY_TAR_DIGEST, layerDigest(1), EMPTY_TAR_DIGEST, layerDigest(0)]);
    expect(sha256Digest(GZIPPED_EMPTY_TAR)).toBe(EMPTY_TAR_DIGEST);
  });

  it('chains v1 IDs: sha256 of blob hex, space, parent; the newest also hashes the config bytes', () => {
    const entries = schema1.history.map((h) => JSON.parse(h.v1Compatibility) as { id: string; parent?: string });
    const blobs = schema1.fsLayers.map((l) => l.blobSum.slice('sha256:'.length));
    for (let i = entries.length - 1; i >= 1; i--) {
      const parent = entries[i + 1]?.id ?? '';
      expect(entries[i]!.id).toBe(sha256Hex(`${blobs[i]} ${parent}`));
      expect(entries[i]!.parent).toBe(parent || undefined);
    }
    expect(entries[0]!.id).toBe(sha256Hex(Buffer.concat([Buffer.from(`${blobs[0]} ${entries[1]!.id} `), input.config])));
    expect(entries[0]!.parent).toBe(entries[1]!.id);
  });

  it("writes older entries as distribution's struct: id, parent, comment, created, container_config, author, throwaway", () => {
    expect(schema1.history[3]!.v1Compatibility).toBe(
      `{"id":"${sha256Hex(`${layerDigest(0).slice(7)} `)}","comment":"first","created":"2020-01-01T00:00:00Z","container_config":{"Cmd":["ADD base"]},"author":"A \\u003ca@example.com\\u003e"}`,
    );
    const second = schema1.history[2]!.v1Compatibility;
    expect(second).toMatch(
      /^\{"id":"[a-f0-9]{64}","parent":"[a-f0-9]{64}","created":"2020-01-02T00:00:00.5Z","container_config":\{"Cmd":\["ENV X=1 \\u0026\\u0026 Y=\\u003c2\\u003e"\]\},"throwaway":true\}$/,
    );
    expect(schema1.history[1]!.v1Compatibility).toContain('"created":"2020-01-03T10:00:00+02:00"');
  });

  it('writes the newest entry as the config without rootfs and history, plus id/parent/throwaway, keys sorted, values as written', () => {
    const top = schema1.history[0]!.v1Compatibility;
    expect(top).toMatch(
      /^\{"Zed":null,"architecture":"amd64","big":12345678901234567890,"config":\{"Env":\["A=1"\]\},"id":"[a-f0-9]{64}","os":"linux","parent":"[a-f0-9]{64}","s":"\\u00e9\\\/\\u003cb\\u003e","throwaway":true,"x":1.50\}$/,
    );
    expect(top).not.toContain('overwritten');
  });

  it('reports what schema 1 loses or changes', () => {
    const notes = schema1Payload(input).notes;
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'changed',
          field: 'history[1].created',
          message: expect.stringContaining('2020-01-02T00:00:00.5Z'),
        }),
        expect.objectContaining({ kind: 'changed', field: 'history[*].empty_layer', message: expect.stringContaining(EMPTY_TAR_DIGEST) }),
        expect.objectContaining({ kind: 'lost', field: 'history[3]', message: expect.stringContaining('created_by, comment') }),
        expect.objectContaining({ kind: 'lost', field: 'rootfs.diff_ids' }),
      ]),
    );
    expect(notes.some((n) => n.field === 'history[0].created')).toBe(false);
  });
});

describe('reading the config as Go does', () => {
  it('writes the zero time for a missing or null created', () => {
    const schema1 = doc(build([{ created_by: 'a' }, { created: null, created_by: 'b' }, { created_by: 'top' }]));
    expect(JSON.parse(schema1.history[1]!.v1Compatibility).created).toBe('0001-01-01T00:00:00Z');
    expect(JSON.parse(schema1.history[2]!.v1Compatibility).created).toBe('0001-01-01T00:00:00Z');
  });

  it('matches keys case-insensitively and keeps the last duplicate of a plain field', () => {
    const schema1 = doc(build([{ Created_By: 'first', created_by: 'second', AUTHOR: 'me' }, { created_by: 'top' }]));
    const older = JSON.parse(schema1.history[1]!.v1Compatibility);
    expect(older.container_config.Cmd).toEqual(['second']);
    expect(older.author).toBe('me');
  });

  it('uses a "History" key as the history, yet keeps it in the newest entry (distribution deletes only "history")', () => {
    const cfg = '{"architecture":"arm64","rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"History":[{"created_by":"only"}]}';
    const schema1 = doc(image(cfg, 1));
    expect(schema1.history).toHaveLength(1);
    expect(schema1.history[0]!.v1Compatibility).toMatch(
      /^\{"History":\[\{"created_by":"only"\}\],"architecture":"arm64","id":"[a-f0-9]{64}"\}$/,
    );
  });

  it('merges a repeated history key into the slice the first one left, as Go does (stale elements within capacity included)', () => {
    const cfg =
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa","sha256:bb"]},' +
      '"history":[{"created_by":"a1","author":"A1"},{"created_by":"b1","author":"B1","comment":"C1"},{"created_by":"c1","comment":"CC"}],' +
      '"history":[{"created_by":"d"}],' +
      '"history":[{"created_by":"e"},{"created_by":"f","empty_layer":true},{"created_by":"g"}]}';
    const entries = doc(image(cfg, 2)).history.map((h) => JSON.parse(h.v1Compatibility));
    expect(entries[2]).toMatchObject({ container_config: { Cmd: ['e'] }, author: 'A1' });
    expect(entries[1]).toMatchObject({ container_config: { Cmd: ['f'] }, author: 'B1', comment: 'C1', throwaway: true });
    expect(entries[0]).not.toHaveProperty('author');
  });

  it('keeps elements a shorter repeat left beyond its length, up to the capacity Go had grown to', () => {
    const cfg =
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa","sha256:bb","sha256:cc"]},' +
      '"history":[{"author":"x0"},{"author":"x1"},{"author":"x2"},{"author":"x3"},{"author":"x4","empty_layer":true}],' +
      '"history":[{"empty_layer":true},{"empty_layer":true}],"history":[{},{},{},{},{},{"created_by":"six"}]}';
    const authors = doc(image(cfg, 3)).history.map((h) => JSON.parse(h.v1Compatibility).author);
    expect(authors).toEqual([undefined, 'x4', 'x3', 'x2', 'x1', 'x0']);
  });

  it('derives the first parent from a Windows base layer', () => {
    const cfg =
      '{"architecture":"amd64","rootfs":{"type":"layers+base","base_layer":"C:\\\\base","diff_ids":["sha256:aa","sha256:bb"]},"history":[{"created_by":"a"},{"created_by":"b"}]}';
    const older = JSON.parse(doc(image(cfg, 2)).history[1]!.v1Compatibility);
    expect(older.parent).toBe(createHash('sha384').update('C:\\base').digest('hex').slice(0, 64));
  });

  it('leaves out layers no history entry covers, and says so', () => {
    const cfg =
      '{"architecture":"amd64","rootfs":{"type":"layers","diff_ids":["sha256:aa","sha256:bb","sha256:cc"]},"history":[{"created_by":"a"},{"created_by":"b"}]}';
    const result = schema1Payload(image(cfg, 3));
    expect(JSON.parse(text(result.payload)).fsLayers).toEqual([{ blobSum: layerDigest(1) }, { blobSum: layerDigest(0) }]);
    expect(result.notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'lost', field: 'layers[2]' })]));
  });

  it.each([
    ['an empty history', '{"rootfs":{"type":"layers","diff_ids":[]},"history":[]}', 0, 'CONVERSION_REFUSED'],
    ['no history', '{"rootfs":{"type":"layers","diff_ids":[]}}', 0, 'CONVERSION_REFUSED'],
    ['a null config', 'null', 0, 'CONVERSION_REFUSED'],
    [
      'diff IDs and layers that differ in number',
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{}]}',
      2,
      'CONVERSION_REFUSED',
    ],
    [
      'more non-empty history entries than layers',
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{},{}]}',
      1,
      'CONVERSION_REFUSED',
    ],
    ['no rootfs', '{"history":[{}]}', 0, 'CONVERSION_REFUSED'],
    [
      'a second, empty history key',
      '{"rootfs":{"type":"layers","diff_ids":[]},"history":[{"empty_layer":true}],"HISTORY":[]}',
      0,
      'CONVERSION_REFUSED',
    ],
    [
      'a rootfs reset to null',
      '{"rootfs":{"type":"layers","diff_ids":[]},"rootfs":null,"history":[{"empty_layer":true}]}',
      0,
      'CONVERSION_REFUSED',
    ],
    [
      'an author that is a number',
      '{"rootfs":{"type":"layers","diff_ids":[]},"history":[{"empty_layer":true,"author":5}]}',
      0,
      'INPUT_INVALID',
    ],
    ['empty_layer as a string', '{"rootfs":{"type":"layers","diff_ids":[]},"history":[{"empty_layer":"yes"}]}', 0, 'INPUT_INVALID'],
    ['a numeric created', '{"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{"created":5},{}]}', 1, 'INPUT_INVALID'],
    [
      'an impossible date',
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{"created":"2020-02-30T00:00:00Z"},{}]}',
      1,
      'INPUT_INVALID',
    ],
    [
      'an escaped created',
      '{"rootfs":{"type":"layers","diff_ids":["sha256:aa"]},"history":[{"created":"\\u0032020-01-01T00:00:00Z"},{}]}',
      1,
      'INPUT_INVALID',
    ],
    ['history that is not a list', '{"rootfs":{"type":"layers","diff_ids":[]},"history":{}}', 0, 'INPUT_INVALID'],
    ['a history entry that is a list', '{"rootfs":{"type":"layers","diff_ids":[]},"history":[[]]}', 0, 'INPUT_INVALID'],
    [
      'a numeric architecture',
      '{"architecture":64,"rootfs":{"type":"layers","diff_ids":[]},"history":[{"empty_layer":true}]}',
      0,
      'INPUT_INVALID',
    ],
    ['diff IDs that are numbers', '{"rootfs":{"type":"layers","diff_ids":[1]},"history":[{}]}', 1, 'INPUT_INVALID'],
    ['a config that is a list', '[]', 0, 'INPUT_INVALID'],
    ['a config that is not JSON', '{', 0, 'INPUT_INVALID'],
  ])('refuses a config with %s (%s)', (_name, cfg, layers, code) => {
    expectRefused(() => schema1Payload(image(cfg, layers)), code);
  });
});

describe('inputs refused before any conversion', () => {
  const ok = build([{ created_by: 'a' }]);

  it('refuses config bytes that are not the config the manifest names', () => {
    expectRefused(() => schema1Payload({ ...ok, config: bytesOf(`${text(ok.config)} `) }), 'DIGEST_MISMATCH');
  });

  it.each(['', '-dash', '.dot', 'a'.repeat(129), 'v1:x', 'a/b'])('refuses the tag %j', (tag) => {
    expectRefused(() => schema1Payload({ ...ok, tag }), 'INPUT_INVALID');
  });

  it('refuses a manifest list: a platform must be chosen first', () => {
    const list = { schemaVersion: 2, mediaType: MediaType.dockerList, manifests: [] };
    expectRefused(() => schema1Payload({ ...ok, manifest: bytesOf(JSON.stringify(list)) }), 'INPUT_INVALID');
  });

  it('refuses a layer digest distribution would reject', () => {
    const manifest = JSON.parse(text(ok.manifest));
    manifest.layers[0].digest = `sha512:${'ab'.repeat(32)}`;
    expectRefused(() => schema1Payload({ ...ok, manifest: bytesOf(JSON.stringify(manifest)) }), 'INPUT_INVALID');
  });

  const oci = (layerType: string, configType: string = MediaType.ociConfig) => {
    const manifest = JSON.parse(text(ok.manifest));
    manifest.mediaType = MediaType.ociManifest;
    manifest.config.mediaType = configType;
    manifest.layers[0].mediaType = layerType;
    manifest.annotations = { 'org.example': 'x' };
    return { ...ok, manifest: bytesOf(JSON.stringify(manifest)) };
  };

  it('converts an OCI image and reports its annotations as lost', () => {
    const result = schema1Payload(oci(MediaType.ociLayerGzip));
    expect(text(result.payload)).toBe(text(schema1Payload(ok).payload));
    expect(result.notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'lost', field: 'annotations' })]));
  });

  it.each([MediaType.ociLayerZstd, 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted'])('refuses an OCI layer of type %s', (type) => {
    expectRefused(() => schema1Payload(oci(type)), 'CONVERSION_REFUSED');
  });

  it('refuses an OCI artifact', () => {
    expectRefused(() => schema1Payload(oci(MediaType.ociLayerGzip, 'application/vnd.example.thing+json')), 'CONVERSION_REFUSED');
  });
});

describe('signed and unsigned results', () => {
  const input = build([{ created_by: 'a' }, { created_by: 'b', empty_layer: true }]);

  it('signs by default: v1+prettyjws that verifies, whose payload is the unsigned document and whose digest is the payload digest', async () => {
    const signed = await downgradeToSchema1(input);
    const unsigned = await downgradeToSchema1(input, { signed: false });
    expect(signed.mediaType).toBe(MediaType.dockerSchema1Signed);
    expect(unsigned.mediaType).toBe(MediaType.dockerSchema1);
    expect(canonicalPayload(signed.bytes)).toEqual(unsigned.bytes);
    expect(signed.digest).toBe(sha256Digest(unsigned.bytes));
    expect(unsigned.digest).toBe(signed.digest);
    expect((await verifyPrettyJws(signed.bytes)).verified).toBe(true);
    expect(signed.notes).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'signatures', message: expect.stringContaining('ephemeral') })]),
    );
  });

  it('produces the same payload every time', () => {
    expect(schema1Payload(input).payload).toEqual(schema1Payload(input).payload);
  });
});

describe('robustness', () => {
  it('throws nothing but LensError for any config', () => {
    const historyEntry = fc.record(
      {
        created: fc.oneof(fc.constant('2020-01-01T00:00:00Z'), fc.string(), fc.integer(), fc.constant(null)),
        created_by: fc.oneof(fc.string(), fc.integer()),
        empty_layer: fc.oneof(fc.boolean(), fc.string()),
      },
      { requiredKeys: [] },
    );
    const cfg = fc.oneof(
      fc.json(),
      fc
        .tuple(fc.array(historyEntry, { maxLength: 5 }), fc.jsonValue())
        .map(([history, extra]) => config(history, `,"extra":${JSON.stringify(extra)}`)),
    );
    fc.assert(
      fc.property(cfg, fc.nat(6), (configText, layers) => {
        try {
          schema1Payload(image(configText, layers));
        } catch (e) {
          expect(e).toBeInstanceOf(LensError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
