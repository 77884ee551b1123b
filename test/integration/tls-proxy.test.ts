/**
 * HTTPS, an extra CA and an HTTPS proxy, against a real registry serving TLS. The registry is reached as
 * registry.lens.test (a name no resolver knows) through a CONNECT proxy on loopback, so the test also
 * proves that the proxy, not DNS, carries the request. Images are pushed over plain HTTP to a second
 * registry process that shares the TLS registry's storage.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { selfSignedCert } from '../support/selfSignedCert';
import type { InspectResult } from '../../shared/api';
import { MediaType } from '../../shared/mediaTypes';
import { createCore, type CoreOptions } from '../../electron/core/handlers';

const HOSTNAME = 'registry.lens.test';
const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping TLS integration tests: ${missingMessage('docker-registry')}`);

describe.skipIf(!registryBinary)('HTTPS registry through a proxy', () => {
  let writer: RunningRegistry;
  let tlsRegistry: RunningRegistry;
  let samples: SampleImages;
  let proxy: Server;
  let proxyUrl: string;
  const connects: string[] = [];
  let dir: string;
  let caFile: string;

  beforeAll(async () => {
    const cert = selfSignedCert(HOSTNAME, '127.0.0.1', [HOSTNAME]);
    dir = mkdtempSync(join(tmpdir(), 'lens-tls-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, cert.certPem);
    writer = await startRegistry();
    samples = await pushSampleImages(writer.url, 'lens/sample');
    tlsRegistry = await startRegistry({
      tls: { certPem: cert.certPem, keyPem: cert.keyPem },
      extraConfig: { storage: { filesystem: { rootdirectory: join(writer.dir, 'storage') } } },
    });
    // A CONNECT proxy that sends every tunnel to the TLS registry, whatever host was asked for.
    const registryPort = Number(tlsRegistry.host.split(':')[1]);
    proxy = createHttpServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket, head) => {
      connects.push(req.url ?? '');
      const upstream = connect(registryPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy?.closeAllConnections();
    proxy?.close();
    await tlsRegistry?.stop();
    await writer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const inspectWith = async (options: Partial<CoreOptions>) => {
    const core = createCore({ mode: 'browser', proxy: { httpsProxy: proxyUrl }, ...options });
    try {
      return await core.dispatch('inspect', { reference: `${HOSTNAME}/lens/sample:schema2`, accept: [MediaType.dockerSchema2] });
    } finally {
      await core.close();
    }
  };

  it('inspects over HTTPS through the proxy when the CA file is given', async () => {
    const envelope = await inspectWith({ caFile });
    expect(envelope.ok).toBe(true);
    const result = (envelope as { value: InspectResult }).value;
    expect(result.response.url).toBe(`https://${HOSTNAME}/v2/lens/sample/manifests/schema2`);
    expect(result.digestCheck).toMatchObject({ verdict: 'match', header: samples.schema2.digest });
    expect(connects).toContain(`${HOSTNAME}:443`);
  });

  it('refuses an untrusted certificate with a TLS error that names the remedy', async () => {
    const envelope = await inspectWith({});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'TLS_ERROR' } });
    expect(!envelope.ok && envelope.error.message).toMatch(/^TLS with registry\.lens\.test failed \(.+\)\..*--ca-file/);
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const before = connects.length;
    const envelope = await inspectWith({ caFile, proxy: { httpsProxy: proxyUrl, noProxy: HOSTNAME } });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNREACHABLE' } });
    expect(connects.length).toBe(before);
  });
});
