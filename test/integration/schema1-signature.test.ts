/**
 * Every read of a schema 1 manifest checks its signature and says what it found. The judge is CNCF
 * distribution 2.8 (docker-registry) with schema 1 enabled and a signing key of the test's choosing: it
 * signs its own downgrade with that key, writing the libtrust key ID it computes into the jwk header.
 * distribution refuses a tampered schema 1 on push (MANIFEST_UNVERIFIED), so the tampered copy and the
 * unsigned one are read as manifest files.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { GZIPPED_EMPTY_TAR } from '../../electron/core/convert/downgradeToSchema1';
import { keyIdOf } from '../../electron/core/convert/libtrust';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';
import type { InspectResult } from '../../shared/api';
import type { ExportSummary } from '../../shared/export';
import { MediaType } from '../../shared/mediaTypes';
import { blobOf } from '../support/blobs';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';

// On CI a missing registry throws here instead of skipping.
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping schema 1 signature tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/signed';

describe.skipIf(!registryBinary)('schema 1 signatures, checked on every read', () => {
  let registry: RunningRegistry;
  let dir: string;
  let keyId: string;
  /** The registry's signed downgrade of the sample image, as it served it. */
  let signed: Uint8Array;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-signature-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(dir, 'registry-key.pem');
    await writeFile(keyFile, privateKey.export({ type: 'sec1', format: 'pem' }));
    keyId = keyIdOf(privateKey);
    registry = await startRegistry({ schema1: true, extraConfig: { compatibility: { schema1: { signingkeyfile: keyFile } } } });
    const image = sampleImage('signed', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of [...image.blobs, blobOf(GZIPPED_EMPTY_TAR, MediaType.dockerLayerGzip)]) await pushBlob(registry.url, REPO, blob);
    await pushManifest(registry.url, REPO, 'modern', image.manifest.bytes, image.manifest.mediaType);
    // Asked by tag without the schema 2 type, distribution downgrades and signs with its key.
    signed = new Uint8Array(await (await fetch(`${registry.url}/v2/${REPO}/manifests/modern`)).arrayBuffer());
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the registry signs with the configured key, whose key ID it writes as we compute it', () => {
    const doc = JSON.parse(Buffer.from(signed).toString('utf8')) as { signatures: Array<{ header: { jwk: { kid: string } } }> };
    expect(doc.signatures.map((s) => s.header.jwk.kid)).toEqual([keyId]);
  });

  it("inspect reports the served schema 1 verified with the registry's key ID, in text and --json", async () => {
    const reference = `${registry.host}/${REPO}:modern`;
    const text = await cli('inspect', reference, '--accept', MediaType.dockerSchema1Signed);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Signature: verified with libtrust key ID ${keyId}`);
    const json = await cli('inspect', reference, '--accept', MediaType.dockerSchema1Signed, '--json');
    expect((JSON.parse(json.stdout) as InspectResult).signature).toEqual({ status: 'verified', keyIds: [keyId] });
    // Schema 2 as served has no signature to speak of.
    const modern = await cli('inspect', reference, '--json');
    expect((JSON.parse(modern.stdout) as InspectResult).signature).toBeNull();
  });

  it('convert and export of a stored signed schema 1 report the verdict on the source', async () => {
    const put = await fetch(`${registry.url}/v2/${REPO}/manifests/old`, {
      method: 'PUT',
      body: signed,
      headers: { 'content-type': MediaType.dockerSchema1Signed },
    });
    expect(put.status).toBe(201);
    const converted = await cli('convert', `${registry.host}/${REPO}:old`, '--to', 'v2s1-unsigned');
    expect(converted.code).toBe(0);
    expect(converted.stderr).toContain(`source signature: verified with libtrust key ID ${keyId}`);
    expect(converted.stderr).not.toContain('unverified');

    const out = join(dir, 'export-old');
    const exported = await cli('export', `${registry.host}/${REPO}:old`, '--dir', out);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`source signature: verified with libtrust key ID ${keyId}`);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExportSummary;
    expect(summary.served.signature).toEqual({ status: 'verified', keyIds: [keyId] });

    const pushed = await cli('push', `${registry.host}/${REPO}:old`, `${registry.host}/${REPO}:old-as-v2s2`, '--to', 'v2s2');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain(`source signature: verified with libtrust key ID ${keyId}`);
  });

  it('a tampered signed schema 1 is converted, but its notes and stderr say the signature does not verify', async () => {
    const text = Buffer.from(signed).toString('utf8');
    const tampered = text.replace('"architecture": "amd64"', '"architecture": "arm64"');
    expect(tampered).not.toBe(text);
    // The registry is the judge of "does not verify": it refuses the tampered copy.
    const put = await fetch(`${registry.url}/v2/${REPO}/manifests/tampered`, {
      method: 'PUT',
      body: tampered,
      headers: { 'content-type': MediaType.dockerSchema1Signed },
    });
    expect(put.status).toBe(400);
    expect(await put.text()).toContain('MANIFEST_UNVERIFIED');

    const file = join(dir, 'tampered.json');
    await writeFile(file, tampered);
    const converted = await cli('convert', file, '--to', 'v2s1-unsigned');
    expect(converted.code).toBe(0);
    expect(converted.stderr).toMatch(
      new RegExp(`source signature: does not verify: the signature by key ${keyId}: signature verification failed`),
    );
    expect(converted.stderr).toContain("unverified: signatures: The source's schema 1 signature does not verify");

    const out = join(dir, 'export-tampered');
    expect((await cli('export', file, '--dir', out)).code).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ExportSummary;
    expect(summary.served.signature).toMatchObject({ status: 'does-not-verify', keyIds: [keyId] });
    for (const format of summary.formats.filter((f) => f.ok)) expect(format.notes.map((n) => n.kind)).toContain('unverified');
  });

  it('an unsigned schema 1 manifest file is reported unsigned', async () => {
    const file = join(dir, 'unsigned.json');
    await writeFile(file, canonicalPayload(signed));
    const converted = await cli('convert', file, '--to', 'v2s1-unsigned');
    expect(converted.code).toBe(0);
    expect(converted.stderr).toContain('source signature: unsigned');
    expect(converted.stderr).not.toContain('unverified');
  });
});
