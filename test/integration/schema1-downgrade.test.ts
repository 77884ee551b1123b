/**
 * Our schema 2 → schema 1 downgrade against the program that defines it: CNCF distribution 2.8
 * (docker-registry). Each image is pushed as schema 2 and fetched by tag with no Accept header; the
 * registry's canonical payload must equal ours byte for byte, and where the registry cannot convert
 * we must refuse too. Then our signed output is pushed to a registry with schema 1 enabled, which
 * verifies signatures on push: it must be accepted, and a tampered copy refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobOf, gzipLayer, type Blob, type Layer } from '../support/blobs';
import { findComponent, missingMessage } from '../support/components';
import { schema2Manifest } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { MediaType } from '../../shared/mediaTypes';
import { downgradeToSchema1, GZIPPED_EMPTY_TAR, schema1Payload } from '../../electron/core/convert/downgradeToSchema1';
import { canonicalPayload, loadSigningKey, verifyPrettyJws } from '../../electron/core/convert/prettyJws';
import { requestManifest } from '../support/registryHttp';
import { expectRefused } from '../support/lensError';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping schema 1 downgrade integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/downgrade';
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

type History = Array<Record<string, unknown>>;

interface ImageCase {
  name: string;
  /** The config's history: objects (written with JSON.stringify) or raw JSON text, for escapes as written. */
  history: History | string;
  /** Layers in the manifest; by default one per history entry that is not an empty layer. */
  layers?: number;
  architecture?: string;
  variant?: string;
  /** Raw JSON members appended to the config's top level (each starting with a comma). */
  extra?: string;
  /** Raw JSON members appended to rootfs. */
  rootfsExtra?: string;
  /** The key the history is stored under (Go matches struct fields case-insensitively). */
  historyKey?: string;
}

const nonEmpty = (history: History | string) =>
  (typeof history === 'string' ? (JSON.parse(history) as History) : history).filter((h) => h.empty_layer !== true).length;

/** 127 layers with 23 empty entries among them: what the benchmark calls a big image. */
function bigHistory(): History {
  const history: History = [];
  for (let i = 0; i < 150; i++) {
    const empty = i % 6 === 5 && i < 149 && history.filter((h) => h.empty_layer).length < 23;
    history.push({
      created: `2023-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:0${i % 10}.${i}00Z`,
      created_by: `RUN step ${i} && echo <${i}>`,
      ...(empty ? { empty_layer: true } : {}),
    });
  }
  return history;
}

const CONVERTIBLE: ImageCase[] = [
  {
    name: 'empty layers first, consecutive and last; author, comment and awkward created_by',
    history: [
      { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop)  ARG first', empty_layer: true },
      { created: '2024-01-01T00:00:01.120+05:30', created_by: 'COPY a & b <c> /', author: 'Ops <ops@example.com>', comment: 'layer & one' },
      { created_by: 'ENV A=1', empty_layer: true },
      { created: '2024-01-02T03:04:05.000000001Z', created_by: 'ENV B=2', empty_layer: true },
      { created: '2024-01-03T00:00:00-07:00', created_by: 'RUN echo "a & b" > /c < /d 😀 é 中文 \u2028 \u2029 \t\n\b\f\u0001\u007f \\ /' },
      { created: '2024-01-04T00:00:00Z', created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true, comment: 'last', author: 'me' },
    ],
  },
  {
    name: 'escapes in history as written: \\u003c, \\/, a lone surrogate, \\u00e9',
    history:
      '[{"created_by":"a \\u003c b \\/ c \\ud800 d \\u00e9 \\uD83D\\uDE00","author":"\\u0026"},{"created_by":"top \\u2028","empty_layer":true}]',
  },
  {
    name: 'times with and without fractions and offsets, missing and null',
    history: [
      '2020-01-02T03:04:05Z',
      '2020-01-02T03:04:05.000Z',
      '2020-01-02T03:04:05.120000Z',
      '2020-01-02T03:04:05.123456789123Z',
      '2020-01-02T03:04:05,5Z',
      '2020-01-02T03:04:05+00:00',
      '2020-01-02T03:04:05-00:00',
      '2020-01-02T03:04:05.5+02:00',
      '2020-01-02T3:04:05Z',
      '2020-01-02T03:04:05+01:60',
      '2000-02-29T23:59:59.999999999-12:00',
      '0001-01-01T00:00:00Z',
      null,
      undefined,
    ].map((created, i) => ({
      ...(created === undefined ? {} : { created }),
      created_by: `step ${i}`,
      ...(i % 3 === 1 ? { empty_layer: true } : {}),
    })),
  },
  {
    name: 'config values kept as written in the newest entry: 1.50, 12345678901234567890, \\u00e9, duplicates, Go key order',
    history: [{ created: '2024-01-01T00:00:00Z', created_by: 'ADD x /' }],
    extra:
      ',"config":{ "Labels" : {"name":"caf\\u00e9", "path":"a\\/b"} , "Env":["X=<1>&"] },"created":"2024-01-04T00:00:00.000Z","author":"A <a@b>"' +
      ',"price":1.50,"big":12345678901234567890,"exp":-1.0E+2,"id":"stale","parent":"stale","throwaway":false' +
      ',"a\\u0062c":1,"\\uffff":2,"😀":3,"Zed":null,"<k>":"&","dup":1,"dup":2,"empty":{},"arr":[ ],"nested":[{"deep":[1,2,{"x":"\\u2028"}]}]',
  },
  { name: '127 layers and 23 empty entries', history: bigHistory() },
  {
    name: 'arm64 v8',
    architecture: 'arm64',
    variant: 'v8',
    history: [
      { created: '2024-02-02T02:02:02Z', created_by: 'ADD arm /' },
      { created: '2024-02-02T02:02:03Z', created_by: 'CMD x', empty_layer: true },
    ],
  },
  { name: 'history under a "History" key', historyKey: 'History', history: [{ created_by: 'one' }, { created_by: 'two' }] },
  { name: 'a Windows base layer', rootfsExtra: ',"base_layer":"C:\\\\base"', history: [{ created_by: 'a' }, { created_by: 'b' }] },
  { name: 'more layers than history entries', layers: 3, history: [{ created_by: 'a' }, { created_by: 'b' }] },
  { name: 'a single empty-layer entry and no layers', history: [{ created_by: 'nothing', empty_layer: true }] },
  {
    name: 'repeated history and rootfs keys, which Go merges into what the first left',
    layers: 3,
    // The raw text runs on past the history value and into two more keys; rootfsExtra opens a second rootfs.
    history:
      '[{"author":"x0","created":"2020-01-01T00:00:00Z"},{"author":"x1"},{"author":"x2"},{"author":"x3"},{"author":"x4","empty_layer":true}],' +
      '"history":[{"empty_layer":true},{"empty_layer":true,"created":null}],"History":[{},null,{},{},{},{"created_by":"six"}]',
    rootfsExtra: '},"rootfs":{"base_layer":"C:\\\\merged"',
  },
];

/** Images distribution cannot write as schema 1: it answers 400 MANIFEST_INVALID, and we refuse. */
const REFUSED: Array<ImageCase & { code: string }> = [
  { name: 'an empty history', history: [], code: 'CONVERSION_REFUSED' },
  {
    name: 'more non-empty history entries than layers',
    layers: 1,
    history: [{ created_by: 'a' }, { created_by: 'b' }],
    code: 'CONVERSION_REFUSED',
  },
  { name: 'an impossible date', history: [{ created: '2021-02-29T00:00:00Z' }], code: 'INPUT_INVALID' },
  { name: 'a numeric author', history: [{ created_by: 'a', author: 42 }], code: 'INPUT_INVALID' },
];

interface BuiltImage {
  tag: string;
  config: Blob;
  layers: Layer[];
  manifest: Blob;
}

function build(c: ImageCase, index: number): BuiltImage {
  const count = c.layers ?? nonEmpty(c.history);
  const layers = Array.from({ length: count }, (_, i) =>
    gzipLayer([{ kind: 'file', path: `case${index}/layer${i}.txt`, content: `${c.name} ${i}` }]),
  );
  const history = typeof c.history === 'string' ? c.history : JSON.stringify(c.history);
  const configText =
    `{"architecture":${JSON.stringify(c.architecture ?? 'amd64')}${c.variant ? `,"variant":${JSON.stringify(c.variant)}` : ''},"os":"linux"${c.extra ?? ''}` +
    `,"rootfs":{"type":"layers","diff_ids":${JSON.stringify(layers.map((l) => l.diffID))}${c.rootfsExtra ?? ''}},${JSON.stringify(c.historyKey ?? 'history')}:${history}}`;
  const config = blobOf(configText, MediaType.dockerConfig);
  return { tag: `case${index}`, config, layers, manifest: schema2Manifest(config, layers) };
}

async function push(registry: RunningRegistry, image: BuiltImage): Promise<void> {
  for (const blob of [image.config, ...image.layers]) await pushBlob(registry.url, REPO, blob);
  await pushManifest(registry.url, REPO, image.tag, image.manifest.bytes, image.manifest.mediaType);
}

const inputOf = (image: BuiltImage) => ({ manifest: image.manifest.bytes, config: image.config.bytes, repository: REPO, tag: image.tag });

describe.skipIf(!registryBinary)('schema 2 → schema 1 compared with docker-registry', () => {
  let registry: RunningRegistry;
  const converted = CONVERTIBLE.map(build);
  const refused = REFUSED.map((c, i) => build(c, 100 + i));

  beforeAll(async () => {
    registry = await startRegistry();
    for (const image of [...converted, ...refused]) await push(registry, image);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  CONVERTIBLE.forEach((c, i) => {
    it(`${c.name}: our payload is the registry's, byte for byte`, async () => {
      const image = converted[i]!;
      const served = await requestManifest(registry.url, REPO, image.tag, []);
      expect(served.status, text(served.body)).toBe(200);
      expect(served.contentType).toBe(MediaType.dockerSchema1Signed);

      const ours = await downgradeToSchema1(inputOf(image), { signed: false });
      expect(text(canonicalPayload(served.body))).toBe(text(ours.bytes));
      expect(ours.digest).toBe(served.digest);

      // The registry's own signature verifies with our verifier, under the key ID it names.
      const report = await verifyPrettyJws(served.body);
      expect(report.verified).toBe(true);
      expect(report.signatures[0]!.keyId).toBe(JSON.parse(text(served.body)).signatures[0].header.jwk.kid);
    });
  });

  REFUSED.forEach((c, i) => {
    it(`${c.name}: the registry answers MANIFEST_INVALID and we refuse with ${c.code}`, async () => {
      const image = refused[i]!;
      const served = await requestManifest(registry.url, REPO, image.tag, []);
      expect(served.status).toBe(400);
      expect(served.errorCode).toBe('MANIFEST_INVALID');
      expectRefused(() => schema1Payload(inputOf(image)), c.code);
    });
  });

  it('a config without rootfs: the registry drops the connection (its handler panics) and we refuse', async () => {
    const config = blobOf('{"architecture":"amd64","os":"linux","history":[{"created_by":"a"}]}', MediaType.dockerConfig);
    const image: BuiltImage = { tag: 'no-rootfs', config, layers: [], manifest: schema2Manifest(config, []) };
    await push(registry, image);
    await expect(requestManifest(registry.url, REPO, image.tag, [])).rejects.toThrow();
    expect(() => schema1Payload(inputOf(image))).toThrow(expect.objectContaining({ code: 'CONVERSION_REFUSED' }));
  });
});

describe.skipIf(!registryBinary)('our signed schema 1 pushed to docker-registry with schema 1 enabled', () => {
  let registry: RunningRegistry;
  const emptyTar = blobOf(GZIPPED_EMPTY_TAR, MediaType.dockerLayerGzip);
  const images = [0, 1, 3, 4, 5].map((i) => build(CONVERTIBLE[i]!, i));

  beforeAll(async () => {
    registry = await startRegistry({ schema1: true });
    for (const image of images) for (const blob of [emptyTar, ...image.layers]) await pushBlob(registry.url, REPO, blob);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  async function put(tag: string, bytes: Uint8Array, mediaType: string) {
    const res = await fetch(`${registry.url}/v2/${REPO}/manifests/${tag}`, {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': mediaType },
    });
    const body = await res.text();
    const errorCode = res.status >= 400 ? ((JSON.parse(body) as { errors?: Array<{ code: string }> }).errors?.[0]?.code ?? null) : null;
    return { status: res.status, digest: res.headers.get('docker-content-digest'), errorCode };
  }

  images.forEach((image) => {
    it(`${image.tag}: accepted (201) under our digest, and served back with our payload`, async () => {
      const ours = await downgradeToSchema1(inputOf(image));
      const answer = await put(image.tag, ours.bytes, ours.mediaType);
      expect(answer).toMatchObject({ status: 201, digest: ours.digest });
      const served = await requestManifest(registry.url, REPO, ours.digest, [MediaType.dockerSchema1Signed]);
      expect(served.digest).toBe(ours.digest);
      expect(text(canonicalPayload(served.body))).toBe(text(canonicalPayload(ours.bytes)));
    });
  });

  it('accepts a manifest signed with a key the user gives', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    const key = loadSigningKey(pem);
    const ours = await downgradeToSchema1(inputOf(images[0]!), { key });
    expect(JSON.parse(text(ours.bytes)).signatures[0].header.jwk.kid).toBe(key.keyId);
    expect(await put('given-key', ours.bytes, ours.mediaType)).toMatchObject({ status: 201, digest: ours.digest });
  });

  it('refuses a copy whose payload was changed after signing (MANIFEST_UNVERIFIED)', async () => {
    const ours = await downgradeToSchema1(inputOf(images[0]!));
    const tampered = text(ours.bytes).replace('COPY a \\\\u0026 b', 'COPY x \\\\u0026 b');
    expect(tampered).not.toBe(text(ours.bytes));
    expect(await put('tampered-payload', Buffer.from(tampered), ours.mediaType)).toMatchObject({
      status: 400,
      errorCode: 'MANIFEST_UNVERIFIED',
    });
  });

  it('refuses a copy whose signature was changed (MANIFEST_UNVERIFIED)', async () => {
    const ours = await downgradeToSchema1(inputOf(images[0]!));
    const tampered = text(ours.bytes).replace(/"signature": "(.)/, (_m, first: string) => `"signature": "${first === 'A' ? 'B' : 'A'}`);
    expect(await put('tampered-signature', Buffer.from(tampered), ours.mediaType)).toMatchObject({
      status: 400,
      errorCode: 'MANIFEST_UNVERIFIED',
    });
  });
});
