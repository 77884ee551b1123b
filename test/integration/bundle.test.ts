/**
 * Support bundles and pushes behind token authentication (docker-registry auth.token, the jose token
 * server), with credentials planted in docker's config.json: the bundle holds every format, the
 * negotiation table, a HAR 1.2 request log (checked against the HAR 1.2 structure), the auth trace,
 * equivalent commands and a Markdown summary, and not one byte of a password or token. Push scope is
 * asked for only by a push.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findComponent, missingMessage } from '../support/components';
import { sampleImage } from '../support/images';
import { pushBlob, pushManifest } from '../support/push';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { startTokenServer, type RunningTokenServer } from '../support/tokenServer';
import type { RegistryLedger } from '../../shared/ledger';
import type { SupplyChainResult } from '../../shared/supplyChain';
import type { NegotiateResult } from '../../shared/conversion';
import type { BundleResult, ExportSummary, PushResult } from '../../shared/export';
import { FORMATS } from '../../shared/mediaTypes';
import { createCore, type Core } from '../../electron/core/handlers';
import { sha256Digest } from '../../electron/core/digest';
import { canonicalPayload } from '../../electron/core/convert/prettyJws';
import { indexTarFile } from '../../electron/core/sources/tarReader';
import { basicAuth, LeakCheck, plantSecret, tempHome, type TempHome } from '../support/authServers';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping bundle tests: ${missingMessage('docker-registry')}`);

const REPO = 'team/app';
const run = promisify(execFile);

// ---- HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), every required field and type ----
const comment = z.string().optional();
const NameValue = z.object({ name: z.string(), value: z.string(), comment }).strict();
const Cookie = z
  .object({
    name: z.string(),
    value: z.string(),
    path: z.string().optional(),
    domain: z.string().optional(),
    expires: z.string().optional(),
    httpOnly: z.boolean().optional(),
    secure: z.boolean().optional(),
    comment,
  })
  .strict();
const Timing = z.number().min(-1);
const HarEntry = z
  .object({
    pageref: z.string().optional(),
    startedDateTime: z.iso.datetime({ offset: true }),
    time: z.number().min(0),
    request: z
      .object({
        method: z.string().min(1),
        url: z.url(),
        httpVersion: z.string().min(1),
        cookies: z.array(Cookie),
        headers: z.array(NameValue),
        queryString: z.array(NameValue),
        postData: z
          .object({ mimeType: z.string(), params: z.array(z.unknown()).optional(), text: z.string().optional(), comment })
          .optional(),
        headersSize: z.number().int(),
        bodySize: z.number().int(),
        comment,
      })
      .strict(),
    response: z
      .object({
        status: z.number().int(),
        statusText: z.string(),
        httpVersion: z.string().min(1),
        cookies: z.array(Cookie),
        headers: z.array(NameValue),
        content: z
          .object({
            size: z.number().int(),
            compression: z.number().int().optional(),
            mimeType: z.string(),
            text: z.string().optional(),
            encoding: z.string().optional(),
            comment,
          })
          .strict(),
        redirectURL: z.string(),
        headersSize: z.number().int(),
        bodySize: z.number().int(),
        comment,
      })
      .strict(),
    cache: z.object({ beforeRequest: z.unknown().optional(), afterRequest: z.unknown().optional(), comment }).strict(),
    timings: z
      .object({
        blocked: Timing.optional(),
        dns: Timing.optional(),
        connect: Timing.optional(),
        send: z.number().min(0),
        wait: z.number().min(0),
        receive: z.number().min(0),
        ssl: Timing.optional(),
        comment,
      })
      .strict(),
    serverIPAddress: z.string().optional(),
    connection: z.string().optional(),
    comment,
  })
  .strict()
  // HAR: time is the sum of the timings that apply (those not -1).
  .refine(
    (e) =>
      e.time ===
      Object.entries(e.timings)
        .filter(([k, v]) => k !== 'comment' && k !== 'ssl' && typeof v === 'number' && v !== -1)
        .reduce((a, [, v]) => a + (v as number), 0),
    'time is not the sum of the timings',
  );
const Har = z
  .object({
    log: z
      .object({
        version: z.literal('1.2'),
        creator: z.object({ name: z.string(), version: z.string(), comment }).strict(),
        browser: z.object({ name: z.string(), version: z.string(), comment }).strict().optional(),
        pages: z.array(z.unknown()).optional(),
        entries: z.array(HarEntry),
        comment,
      })
      .strict(),
  })
  .strict();

/** The bundle's files, read with our own tar reader from the decompressed archive. */
async function unpack(path: string, work: string): Promise<{ raw: Buffer; files: Map<string, Buffer> }> {
  const raw = gunzipSync(await readFile(path));
  const tarPath = join(work, 'bundle.tar');
  await writeFile(tarPath, raw);
  const index = await indexTarFile(tarPath);
  const files = new Map<string, Buffer>();
  for (const name of index.names()) files.set(name.slice(name.indexOf('/') + 1), await index.read(index.require(name, name), 4 << 20));
  return { raw, files };
}

describe.skipIf(!registryBinary)('support bundle and push behind token auth', () => {
  let dir: string;
  let tokens: RunningTokenServer;
  let registry: RunningRegistry;
  let home: TempHome;
  let core: Core;
  const password = plantSecret('bundle-password');
  const leaks = new LeakCheck(() => [password, basicAuth('alice', password).slice('Basic '.length), ...tokens.issued]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-bundle-'));
    tokens = await startTokenServer({
      dir,
      users: { alice: { password, grants: { [REPO]: ['pull', 'push'], 'team/copy': ['pull', 'push'] } } },
    });
    registry = await startRegistry({
      auth: tokens.registryAuth(),
      extraConfig: { storage: { filesystem: { rootdirectory: join(dir, 'storage') } } },
    });
    const fixture = {
      authorization: `Bearer ${await tokens.mint('fixture', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}`,
    };
    const image = sampleImage('bundle', { architecture: 'amd64', os: 'linux' }, 'docker');
    for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, fixture);
    await pushManifest(registry.url, REPO, 'v1', image.manifest.bytes, image.manifest.mediaType, fixture);
    home = await tempHome();
    // The credential planted where docker keeps it.
    await home.dockerConfig({ auths: { [registry.host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } });
    core = createCore({
      mode: 'browser',
      caFile: tokens.certFile,
      credentialEnvironment: { env: home.env, home: home.env.HOME! },
      destinations: { saveFile: async (name) => join(dir, name), chooseFolder: async (name) => join(dir, name) },
    });
  });
  afterAll(async () => {
    await core?.close();
    await registry?.stop();
    await tokens?.stop();
    await home?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (leaks.checks > 0) console.info(`bundle: ${leaks.summary()}`);
  });

  it('holds every format, the negotiation table, HAR 1.2, the auth trace, commands and a summary, and no secret', async () => {
    const tokenRequestsBefore = tokens.requests.length;
    const envelope = await core.dispatch('bundle', { source: `${registry.host}/${REPO}:v1` });
    leaks.clean('bundle envelope', envelope);
    if (!envelope.ok) throw new Error(envelope.error.message);
    const result = envelope.value as BundleResult;
    expect(result.path).toBe(join(dir, `${result.entries[0]!.split('/')[0]}.tar.gz`));
    const { raw, files } = await unpack(result.path, dir);
    leaks.clean('bundle archive (decompressed)', raw.toString('latin1'));
    leaks.clean('bundle archive (compressed)', (await readFile(result.path)).toString('latin1'));

    const names = [...files.keys()];
    for (const expected of [
      'README.md',
      'summary.json',
      'negotiation.json',
      'requests.har',
      'request-ledger.json',
      'auth-trace.json',
      'auth-trace.txt',
      'commands.sh',
      'supply-chain.json',
    ])
      expect(names).toContain(expected);
    const summary = JSON.parse(files.get('summary.json')!.toString()) as ExportSummary;
    expect(summary.formats.filter((f) => f.ok).map((f) => f.format)).toEqual(FORMATS.map((f) => f.id));
    for (const f of summary.formats) {
      if (!f.ok) continue;
      const bytes = files.get(`formats/${f.manifest.file}`)!;
      expect(f.format === 'v2s1' ? sha256Digest(canonicalPayload(bytes)) : sha256Digest(bytes), f.format).toBe(f.manifest.digest);
    }

    const har = Har.parse(JSON.parse(files.get('requests.har')!.toString()));
    expect(har.log.entries.length).toBeGreaterThan(3);
    const headerValues = har.log.entries.flatMap((e) =>
      e.request.headers.filter((h) => h.name.toLowerCase() === 'authorization').map((h) => h.value),
    );
    // The credentials were sent (as Bearer tokens, and Basic to the token server), and only their scheme kept.
    expect(headerValues.length).toBeGreaterThan(0);
    expect(new Set(headerValues)).toEqual(new Set(['Bearer <redacted>', 'Basic <redacted>']));
    expect(har.log.entries.some((e) => e.comment === 'token' && e.response.content.text === undefined)).toBe(true);

    // The supply-chain tree of the image (unsigned here), and its discovery requests in the request log.
    const supplyChain = JSON.parse(files.get('supply-chain.json')!.toString()) as SupplyChainResult;
    expect(Object.keys(supplyChain)).toEqual(['subject', 'nodes', 'coverage', 'notes', 'tree']);
    expect(supplyChain.subject.digest).toBe(summary.served.digest);
    expect(supplyChain.coverage).toEqual([
      { digest: summary.served.digest, platform: null, signed: false, verified: false, attested: false },
    ]);
    expect(har.log.entries.some((e) => e.request.url.endsWith(`/referrers/${summary.served.digest}`))).toBe(true);

    const negotiation = JSON.parse(files.get('negotiation.json')!.toString()) as NegotiateResult;
    expect(negotiation.rows.length).toBeGreaterThan(5);
    const ledger = JSON.parse(files.get('request-ledger.json')!.toString()) as RegistryLedger[];
    expect(ledger.map((l) => l.registry)).toEqual([registry.host]);
    expect(ledger[0]!.tokenRequests).toBeGreaterThan(0);
    expect(ledger[0]!.heads).toBeGreaterThanOrEqual(negotiation.rows.length);
    expect(negotiation.rows.every((r) => r.registry.status === 200)).toBe(true);
    const readme = files.get('README.md')!.toString();
    expect(readme).toContain(`# Manifest Lens support bundle: ${registry.host}/${REPO}:v1`);
    expect(readme).toContain('| Docker v2 schema 1 (signed) |');
    expect(readme).toMatch(/Verdict: \*\*authenticated\*\*/);
    const commands = files.get('commands.sh')!.toString();
    for (const tool of ['curl', 'skopeo', 'crane', 'regctl', 'oras']) expect(commands).toContain(`# --- ${tool} ---`);
    expect(commands).toContain('"Authorization: Bearer $TOKEN"');
    expect(commands).toContain(`TOKEN=$(curl -sS -u "$REGISTRY_USER" 'https://127.0.0.1:`);
    // The curl lines work as written: a token from the realm, then the manifest with it.
    const lines = commands.split('\n');
    const script = [
      lines.find((l) => l.startsWith('TOKEN=$(curl'))!,
      lines.find((l) => l.startsWith('curl -sS -D - -H') && l.includes('v2+json'))!,
    ].join('\n');
    const { stdout } = await run('sh', ['-ec', script], {
      env: { PATH: process.env.PATH, REGISTRY_USER: `alice:${password}`, CURL_CA_BUNDLE: tokens.certFile },
    });
    expect(stdout).toMatch(/^HTTP\/1\.1 200/);
    expect(stdout.toLowerCase()).toContain(`docker-content-digest: ${summary.served.digest}`);
    expect(JSON.parse(files.get('auth-trace.json')!.toString())).toMatchObject({
      credential: { source: 'docker-config', username: 'alice' },
    });

    // Reading asks for pull only.
    const asked = tokens.requests.slice(tokenRequestsBefore).flatMap((r) => r.scopes);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((s) => s.endsWith(':pull'))).toBe(true);
  });

  it('a push asks for push scope on the destination, and only there', async () => {
    const before = tokens.requests.length;
    const envelope = await core.dispatch('push', {
      source: `${registry.host}/${REPO}:v1`,
      destination: `${registry.host}/team/copy:oci`,
      format: 'oci',
    });
    leaks.clean('push envelope', envelope);
    if (!envelope.ok) throw new Error(envelope.error.message);
    expect((envelope.value as PushResult).outcome).toBe('pushed');
    const asked = tokens.requests.slice(before).flatMap((r) => r.scopes);
    expect(asked).toContain('repository:team/copy:pull,push');
    // The source repository is only read (a mount asks pull on it beside push on the destination).
    expect(asked.filter((s) => s.includes('push')).every((s) => s.startsWith('repository:team/copy:'))).toBe(true);
  });

  it('an offline source bundles without a registry: no negotiation, no auth trace, skopeo/regctl/oras commands', async () => {
    const envelope = await core.dispatch('bundle', { source: 'oci:resources/sample' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    const { files } = await unpack((envelope.value as BundleResult).path, dir);
    expect(files.has('negotiation.json')).toBe(false);
    expect(files.has('auth-trace.json')).toBe(false);
    expect(JSON.parse(files.get('supply-chain.json')!.toString())).toMatchObject({ nodes: [], tree: { kind: 'index' } });
    expect(files.get('README.md')!.toString()).toContain('an offline source has no registry to ask');
    Har.parse(JSON.parse(files.get('requests.har')!.toString()));
    const commands = files.get('commands.sh')!.toString();
    expect(commands).toContain('oras manifest fetch --oci-layout resources/sample');
    const skopeo = findComponent('skopeo');
    if (skopeo) {
      const { stdout } = await run('sh', ['-ec', commands.split('\n').find((l) => l.startsWith('skopeo inspect --raw'))!]);
      expect(sha256Digest(Buffer.from(stdout))).toBe((JSON.parse(files.get('summary.json')!.toString()) as ExportSummary).served.digest);
    }
  });
});
