/**
 * Inspect against a real CNCF distribution 2.8 registry: what it serves for each Accept set, checked
 * against the registry's own Docker-Content-Digest and the digests the fixtures computed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import type { InspectResult } from '../../shared/api';
import { MediaType, MANIFEST_MEDIA_TYPES } from '../../shared/mediaTypes';
import { createCore, type Core } from '../../electron/core/handlers';
import { runCli } from '../../electron/cli/cli';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping registry integration tests: ${missingMessage('docker-registry')}`);

describe.skipIf(!registryBinary)('inspect against docker-registry', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;
  let core: Core;

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, 'lens/sample');
    core = createCore({ mode: 'browser' });
  });

  afterAll(async () => {
    await core?.close();
    await registry?.stop();
  });

  const inspect = async (tag: string, accept: string[], method: 'GET' | 'HEAD' = 'GET') => {
    const envelope = await core.dispatch('inspect', { reference: `${registry.host}/lens/sample:${tag}`, accept, method });
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as InspectResult;
  };

  it('serves schema 2 to a client that accepts it, with a matching digest', async () => {
    const result = await inspect('schema2', [MediaType.dockerSchema2]);
    expect(result.response.status).toBe(200);
    expect(result.contentType).toBe(MediaType.dockerSchema2);
    expect(result.digestCheck).toMatchObject({ verdict: 'match', header: samples.schema2.digest, computed: samples.schema2.digest });
    expect(Buffer.from(result.response.bodyBase64, 'base64').equals(samples.schema2.bytes)).toBe(true);
  });

  it('downgrades schema 2 to signed schema 1 when no Accept header is sent, and its digest checks out', async () => {
    const result = await inspect('schema2', []);
    expect(result.response.requestHeaders.some(([name]) => name.toLowerCase() === 'accept')).toBe(false);
    expect(result.contentType).toBe(MediaType.dockerSchema1Signed);
    expect(result.digestCheck.verdict).toBe('match');
    expect(result.digestCheck.computedFrom).toBe('schema1-payload');
    expect(result.digestCheck.header).not.toBe(samples.schema2.digest);
  });

  it('serves an OCI manifest only to a client that accepts OCI', async () => {
    const ok = await inspect('oci', [MediaType.ociManifest]);
    expect(ok.contentType).toBe(MediaType.ociManifest);
    expect(ok.digestCheck).toMatchObject({ verdict: 'match', header: samples.oci.digest });

    const refused = await inspect('oci', [MediaType.dockerSchema2]);
    expect(refused.response.status).toBe(404);
    expect(refused.registryErrors?.[0]?.code).toBe('MANIFEST_UNKNOWN');
    expect(refused.registryErrors?.[0]?.message).toMatch(/OCI/);
  });

  it('serves the manifest list and OCI index with all types accepted', async () => {
    const list = await inspect('list', [...MANIFEST_MEDIA_TYPES]);
    expect(list.contentType).toBe(MediaType.dockerList);
    expect(list.digestCheck).toMatchObject({ verdict: 'match', header: samples.list.digest });
    const index = await inspect('index', [...MANIFEST_MEDIA_TYPES]);
    expect(index.contentType).toBe(MediaType.ociIndex);
    expect(index.digestCheck).toMatchObject({ verdict: 'match', header: samples.index.digest });
  });

  it('checks the digest asked for in a by-digest reference', async () => {
    const envelope = await core.dispatch('inspect', {
      reference: `${registry.host}/lens/sample@${samples.schema2.digest}`,
      accept: [MediaType.dockerSchema2],
    });
    expect(envelope.ok && envelope.value).toMatchObject({ digestCheck: { verdict: 'match', requested: samples.schema2.digest } });
  });

  it('answers HEAD with status and headers only', async () => {
    const result = await inspect('schema2', [MediaType.dockerSchema2], 'HEAD');
    expect(result.response).toMatchObject({ method: 'HEAD', status: 200, bodySize: 0 });
    expect(result.digestCheck.header).toBe(samples.schema2.digest);
  });

  it('reports an unknown tag as the registry error it is', async () => {
    const result = await inspect('no-such-tag', [MediaType.dockerSchema2]);
    expect(result.response.status).toBe(404);
    expect(result.registryErrors?.[0]?.code).toBe('MANIFEST_UNKNOWN');
  });

  it('works through the built manifest-lens command, as npx runs it', async () => {
    // npm test builds before it runs vitest; a developer running this file alone gets a build here.
    if (!existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    const stdout = execFileSync(process.execPath, ['bin/manifest-lens.js', 'inspect', `${registry.host}/lens/sample:list`, '--json'], {
      encoding: 'utf8',
    });
    const json = JSON.parse(stdout) as InspectResult;
    expect(json.contentType).toBe(MediaType.dockerList);
    expect(json.digestCheck).toMatchObject({ verdict: 'match', header: samples.list.digest });
  });

  describe('the CLI', () => {
    const run = async (...argv: string[]) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runCli(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
      return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
    };

    it('inspect --json reports the registry digest with a passing check for each format', async () => {
      const cases: Array<[string, string[], string, keyof SampleImages | null]> = [
        ['schema2', [], MediaType.dockerSchema2, 'schema2'],
        ['oci', ['--accept', MediaType.ociManifest], MediaType.ociManifest, 'oci'],
        ['list', [], MediaType.dockerList, 'list'],
        ['schema2', ['--no-accept'], MediaType.dockerSchema1Signed, null],
      ];
      for (const [tag, flags, contentType, sample] of cases) {
        const { code, stdout } = await run('inspect', `${registry.host}/lens/sample:${tag}`, ...flags, '--json');
        expect(code).toBe(0);
        const json = JSON.parse(stdout) as InspectResult & { bodyText: string };
        expect(json.contentType).toBe(contentType);
        expect(json.digestCheck.verdict).toBe('match');
        if (sample) expect(json.digestCheck.header).toBe(samples[sample].digest);
        expect(JSON.parse(json.bodyText).schemaVersion).toBeGreaterThan(0);
      }
    });

    it('gives one line and exit 1 for a registry error', async () => {
      const { code, stderr } = await run('inspect', `${registry.host}/lens/sample:oci`, '--accept', MediaType.dockerSchema2);
      expect(code).toBe(1);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toContain('404 Not Found: MANIFEST_UNKNOWN');
    });

    it('gives one line and exit 2 for a malformed reference', async () => {
      const { code, stderr } = await run('inspect', 'Not A Reference');
      expect(code).toBe(2);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^manifest-lens: .*invalid reference format/);
    });

    it('gives one line and exit 1 for an unreachable registry', async () => {
      const { code, stderr } = await run('inspect', '127.0.0.1:9/lens/sample:schema2');
      expect(code).toBe(1);
      expect(stderr).toBe('manifest-lens: 127.0.0.1:9 refused the connection: is a registry listening there?');
    });

    it('gives one line and exit 1 for a manifest over 4 MiB', async () => {
      // distribution refuses to store such a manifest (PUT answers "request body too large"), so only a
      // misbehaving server can send one: a loopback server stands in for it here.
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': MediaType.dockerSchema2 });
        res.end(Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const { code, stderr } = await run('inspect', `${host}/big/image:latest`);
        expect(code).toBe(1);
        expect(stderr).toBe(`manifest-lens: The response from ${host} is larger than the 4 MiB limit.`);
      } finally {
        server.close();
      }
    });

    it('gives one line and exit 2 for bad usage', async () => {
      const { code, stderr } = await run('inspect', 'a', 'b');
      expect(code).toBe(2);
      expect(stderr).toMatch(/^manifest-lens: Expected exactly one source/);
      expect((await run('inspect', 'a', '--bogus')).code).toBe(2);
    });
  });
});
