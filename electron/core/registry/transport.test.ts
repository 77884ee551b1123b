import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../../../shared/exchange';
import { LensError } from '../errors';
import { Transport } from './transport';

const servers: Server[] = [];
const transports: Transport[] = [];

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transport(options: ConstructorParameters<typeof Transport>[0] = {}): Transport {
  const t = new Transport(options);
  transports.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function failure(promise: Promise<unknown>): Promise<LensError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LensError);
  return error as LensError;
}

describe('Transport', () => {
  it('sends exactly the headers asked for: no Accept when none is given, no Accept-Encoding', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const host = await serve((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    const t = transport();
    await t.send({ purpose: 'other', method: 'GET', url: `http://${host}/a` });
    await t.send({ purpose: 'other', method: 'GET', url: `http://${host}/b`, headers: [['accept', 'x/y, z/w;q=0.5']] });
    expect(seen[0]).not.toHaveProperty('accept');
    expect(seen[0]).not.toHaveProperty('accept-encoding');
    expect(seen[0]!['user-agent']).toMatch(/^manifest-lens\//);
    expect(seen[1]!.accept).toBe('x/y, z/w;q=0.5');
  });

  it('captures the exchange with the secret redacted and the body as base64', async () => {
    const host = await serve((_req, res) => {
      res.setHeader('docker-content-digest', 'sha256:abc');
      res.end('{"a":1}');
    });
    const captured: CapturedExchange[] = [];
    const response = await transport().send(
      { purpose: 'manifest', method: 'GET', url: `http://${host}/m`, headers: [['authorization', 'Bearer planted-9c1e']] },
      (e) => captured.push(e),
    );
    expect(response.body.toString()).toBe('{"a":1}');
    expect(captured).toHaveLength(1);
    const [exchange] = captured;
    expect(exchange).toMatchObject({ method: 'GET', status: 200, statusText: 'OK', bodySize: 7, purpose: 'manifest' });
    expect(Buffer.from(exchange!.bodyBase64, 'base64').toString()).toBe('{"a":1}');
    expect(exchange!.responseHeaders).toContainEqual(['docker-content-digest', 'sha256:abc']);
    expect(JSON.stringify(exchange)).not.toContain('planted-9c1e');
    expect(exchange!.requestHeaders).toContainEqual(['authorization', 'Bearer <redacted>']);
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    const big = Buffer.alloc(5000, 'x');
    const host = await serve((req, res) => {
      if (req.url === '/chunked') {
        res.write(big);
        res.end(big);
      } else res.end(big);
    });
    const t = transport();
    for (const path of ['/declared', '/chunked']) {
      const e = await failure(t.send({ purpose: 'manifest', method: 'GET', url: `http://${host}${path}`, maxBodyBytes: 4096 }));
      expect(e.code).toBe('MANIFEST_TOO_LARGE');
      expect(e.message).toContain('4096 bytes');
    }
  });

  it('follows redirects only when asked, and never carries Authorization to another host', async () => {
    const storageSeen: IncomingMessage['headers'][] = [];
    const storage = await serve((req, res) => {
      storageSeen.push(req.headers);
      res.end('blob');
    });
    const registrySeen: IncomingMessage['headers'][] = [];
    const registry = await serve((req, res) => {
      registrySeen.push(req.headers);
      if (req.url === '/start') res.writeHead(307, { location: '/same-host' }).end();
      else if (req.url === '/same-host') res.writeHead(302, { location: `http://${storage.replace('127.0.0.1', 'localhost')}/blob` }).end();
      else res.end('unexpected');
    });
    const t = transport();
    const headers: Array<[string, string]> = [['authorization', 'Bearer secret-for-registry']];
    const noFollow = await t.send({ purpose: 'manifest', method: 'GET', url: `http://${registry}/start`, headers });
    expect(noFollow.status).toBe(307);
    const hops: CapturedExchange[] = [];
    const followed = await t.send(
      { purpose: 'blob', method: 'GET', url: `http://${registry}/start`, headers, followRedirects: true },
      (e) => hops.push(e),
    );
    expect(followed.body.toString()).toBe('blob');
    expect(hops.map((h) => h.status)).toEqual([307, 302, 200]);
    expect(registrySeen.every((h) => h.authorization === 'Bearer secret-for-registry')).toBe(true);
    expect(storageSeen).toHaveLength(1);
    expect(storageSeen[0]).not.toHaveProperty('authorization');
  });

  it('stops after five redirects', async () => {
    const host = await serve((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const e = await failure(transport().send({ purpose: 'blob', method: 'GET', url: `http://${host}/`, followRedirects: true }));
    expect(e.code).toBe('REGISTRY_ERROR');
  });

  it('times out with a TIMEOUT error', async () => {
    const host = await serve(() => undefined); // never answers
    const e = await failure(transport({ timeoutMs: 300 }).send({ purpose: 'other', method: 'GET', url: `http://${host}/` }));
    expect(e.code).toBe('TIMEOUT');
  });

  it('is cancelled by its AbortSignal with CANCELLED', async () => {
    const host = await serve(() => undefined);
    const controller = new AbortController();
    const pending = transport().send({ purpose: 'other', method: 'GET', url: `http://${host}/`, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failure(pending)).code).toBe('CANCELLED');
  });

  it('explains a refused connection in one sentence', async () => {
    const host = await serve((_req, res) => res.end());
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const e = await failure(transport().send({ purpose: 'other', method: 'GET', url: `http://${host}/` }));
    expect(e.code).toBe('REGISTRY_UNREACHABLE');
    expect(e.message).toBe(`${host} refused the connection: is a registry listening there?`);
  });

  it('explains a name that does not resolve', async () => {
    const e = await failure(transport().send({ purpose: 'other', method: 'GET', url: 'http://registry.invalid/v2/' }));
    expect(e.code).toBe('REGISTRY_UNREACHABLE');
    expect(e.message).toContain('Cannot resolve registry.invalid');
  });

  it('sends non-loopback requests through the configured proxy, and loopback ones directly', async () => {
    const proxied: string[] = [];
    const proxy = await serve((req, res) => {
      proxied.push(req.url ?? '');
      res.end('via proxy');
    });
    const direct = await serve((_req, res) => res.end('direct'));
    const t = transport({ proxy: { httpProxy: `http://${proxy}`, httpsProxy: `http://${proxy}` } });
    const viaProxy = await t.send({ purpose: 'other', method: 'GET', url: 'http://registry.example.test/v2/' });
    expect(viaProxy.body.toString()).toBe('via proxy');
    expect(proxied).toEqual(['http://registry.example.test/v2/']);
    const loopback = await t.send({ purpose: 'other', method: 'GET', url: `http://${direct}/v2/` });
    expect(loopback.body.toString()).toBe('direct');
    expect(proxied).toHaveLength(1);
  });

  it('honours NO_PROXY', async () => {
    const proxy = await serve((_req, res) => res.end('via proxy'));
    const t = transport({ proxy: { httpProxy: `http://${proxy}`, noProxy: 'registry.invalid' } });
    const e = await failure(t.send({ purpose: 'other', method: 'GET', url: 'http://registry.invalid/v2/' }));
    expect(e.code).toBe('REGISTRY_UNREACHABLE');
  });

  it('reports an unreadable CA file as bad input', () => {
    expect(() => new Transport({ caFile: '/nonexistent/ca.pem' })).toThrow(LensError);
  });
});
