import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../../../shared/exchange';
import { selfSignedCert } from '../../../test/support/selfSignedCert';
import { LensError } from '../errors';
import { Transport } from './transport';

const servers: Array<Server | NetServer> = [];
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
    if ('closeAllConnections' in s) s.closeAllConnections();
    s.close();
  }
});

/** A TCP server that writes `answer` as soon as a request arrives (or resets the connection when null). */
async function rawServer(answer: (request: string) => string | Buffer | null): Promise<string> {
  const server = createNetServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (chunk: Buffer) => {
      const bytes = answer(chunk.toString('latin1'));
      if (bytes === null) socket.resetAndDestroy();
      else socket.end(bytes);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const certDir = mkdtempSync(join(tmpdir(), 'lens-transport-'));
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

/**
 * HTTPS and plain HTTP on one port, told apart by the first byte (22 opens every TLS handshake), so a
 * redirect can change the scheme and nothing else: the same URL.host on both sides.
 */
async function dualProtocolServer(listener: (scheme: 'https' | 'http', req: IncomingMessage, res: Parameters<RequestListener>[1]) => void) {
  const cert = selfSignedCert('127.0.0.1');
  const caFile = join(certDir, `ca-${Date.now()}-${Math.random()}.pem`);
  writeFileSync(caFile, cert.certPem);
  const https = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => listener('https', req, res));
  const http = createServer((req, res) => listener('http', req, res));
  const front = createNetServer((socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 22 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  servers.push(front, https, http);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${(front.address() as AddressInfo).port}`, caFile };
}

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

  it('refuses to follow an authorized request from HTTPS to HTTP on the same host and port, and follows it without credentials', async () => {
    const seen: Array<{ scheme: string; url: string | undefined; authorization: string | undefined }> = [];
    const { host, caFile } = await dualProtocolServer((scheme, req, res) => {
      seen.push({ scheme, url: req.url, authorization: req.headers.authorization });
      if (scheme === 'https') res.writeHead(302, { location: `http://${host}/plain` }).end();
      else res.end('plain');
    });
    const t = transport({ caFile });
    const hops: CapturedExchange[] = [];
    const authorized = { purpose: 'blob', method: 'GET', url: `https://${host}/start`, followRedirects: true } as const;
    const e = await failure(t.send({ ...authorized, headers: [['authorization', 'Bearer kept-off-the-wire-5d2']] }, (x) => hops.push(x)));
    expect(e.code).toBe('REGISTRY_ERROR');
    expect(e.message).toBe(
      `${host} redirected an authorized request from HTTPS to plain HTTP (http://${host}); refusing to follow it, so that neither the credentials nor the answer travel unencrypted.`,
    );
    expect(hops.map((h) => h.status)).toEqual([302]);
    expect(seen).toEqual([{ scheme: 'https', url: '/start', authorization: 'Bearer kept-off-the-wire-5d2' }]);

    const anonymous = await t.send(authorized);
    expect(anonymous.body.toString()).toBe('plain');
    expect(seen.slice(1).map((s) => s.scheme)).toEqual(['https', 'http']);
  });

  it('drops Authorization when a redirect changes only the scheme, HTTP to HTTPS on the same host and port', async () => {
    const seen: Array<{ scheme: string; authorization: string | undefined }> = [];
    const { host, caFile } = await dualProtocolServer((scheme, req, res) => {
      seen.push({ scheme, authorization: req.headers.authorization });
      if (scheme === 'http') res.writeHead(307, { location: `https://${host}/secure` }).end();
      else res.end('secure');
    });
    const response = await transport({ caFile }).send({
      purpose: 'blob',
      method: 'GET',
      url: `http://${host}/start`,
      headers: [['authorization', 'Bearer for-the-http-origin-only']],
      followRedirects: true,
    });
    expect(response.body.toString()).toBe('secure');
    expect(seen).toEqual([
      { scheme: 'http', authorization: 'Bearer for-the-http-origin-only' },
      { scheme: 'https', authorization: undefined },
    ]);
  });

  it('drops Authorization when a redirect changes only the port, on the same host and scheme', async () => {
    const otherSeen: Array<string | undefined> = [];
    const other = await serve((req, res) => {
      otherSeen.push(req.headers.authorization);
      res.end('other port');
    });
    const seen: Array<string | undefined> = [];
    const registry = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(307, { location: `http://${other}/blob` }).end();
    });
    expect(registry.split(':')[0]).toBe(other.split(':')[0]);
    const response = await transport().send({
      purpose: 'blob',
      method: 'GET',
      url: `http://${registry}/start`,
      headers: [['authorization', 'Bearer for-this-port-only']],
      followRedirects: true,
    });
    expect(response.body.toString()).toBe('other port');
    expect(seen).toEqual(['Bearer for-this-port-only']);
    expect(otherSeen).toEqual([undefined]);
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

  it('names what broke when the registry answered, instead of "Cannot reach"', async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['an SSH banner', 'SSH-2.0-OpenSSH_9.2\r\n', /^The registry at \S+ answered with something that is not HTTP\.$/],
      [
        'a TLS alert',
        Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x32]),
        /^The registry at \S+ answered with something that is not HTTP\.$/,
      ],
      [
        '20 KiB of headers',
        `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 2\r\n\r\nok`,
        /^The registry at \S+ sent headers larger than 16 KiB\.$/,
      ],
      [
        'a chunk size that is not hex',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
        /^The registry at \S+ sent a malformed chunked body\.$/,
      ],
      [
        'a body cut short',
        'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc',
        /^The registry at \S+ closed the connection before the whole body arrived\.$/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      const host = await rawServer(() => bytes);
      const e = await failure(transport().send({ purpose: 'manifest', method: 'GET', url: `http://${host}/v2/` }));
      expect({ what, code: e.code, message: e.message }).toEqual({ what, code: 'PROTOCOL_ERROR', message: expect.stringMatching(message) });
      expect(e.message).toContain(host);
    }
  });

  describe('retries', () => {
    const quick = { retry: { baseDelayMs: 10 } };

    it('tries a GET again after 429 with Retry-After: 1, honouring the wait, each try its own exchange', async () => {
      const arrivals: number[] = [];
      const host = await serve((_req, res) => {
        arrivals.push(Date.now());
        if (arrivals.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
        else res.end('served');
      });
      const hops: CapturedExchange[] = [];
      const response = await transport().send({ purpose: 'manifest', method: 'GET', url: `http://${host}/m` }, (e) => hops.push(e));
      expect(response.body.toString()).toBe('served');
      expect(hops.map((h) => h.status)).toEqual([429, 200]);
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
    });

    it('honours Retry-After as an HTTP date', async () => {
      let count = 0;
      const host = await serve((_req, res) => {
        if (count++ === 0) res.writeHead(503, { 'retry-after': new Date(Date.now() + 1000).toUTCString() }).end();
        else res.end('back');
      });
      const response = await transport().send({ purpose: 'manifest', method: 'HEAD', url: `http://${host}/m` });
      expect(response.status).toBe(200);
      expect(count).toBe(2);
    });

    it('gives up after three tries of 503 with a message that says so', async () => {
      let count = 0;
      const host = await serve((_req, res) => {
        count++;
        res.writeHead(503).end();
      });
      const hops: CapturedExchange[] = [];
      const e = await failure(
        transport(quick).send({ purpose: 'manifest', method: 'GET', url: `http://${host}/v2/a/manifests/b` }, (x) => hops.push(x)),
      );
      expect(count).toBe(3);
      expect(hops.map((h) => h.status)).toEqual([503, 503, 503]);
      expect(e.code).toBe('REGISTRY_ERROR');
      expect(e.message).toBe(
        `${host} answered 3 tries of GET /v2/a/manifests/b with 503 Service Unavailable. The registry, or a proxy in front of it, is failing or overloaded: try again later.`,
      );
    });

    it('does not wait longer than the cap: the error names the wait asked for', async () => {
      let count = 0;
      const host = await serve((_req, res) => {
        count++;
        res.writeHead(429, { 'retry-after': '3600' }).end();
      });
      const e = await failure(transport().send({ purpose: 'manifest', method: 'GET', url: `http://${host}/m` }));
      expect(count).toBe(1);
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.message).toBe(
        `${host} asks to wait 3600 s (Retry-After) before GET /m is tried again, beyond the 10 s this client waits; it answered 429 Too Many Requests. It limits how often a client may ask: try again later.`,
      );
    });

    it('says a Docker Hub 429 is the pull limit and shows its rate-limit headers', async () => {
      const host = await serve((_req, res) => {
        res.writeHead(429, {
          'content-type': 'application/json',
          'ratelimit-limit': '100;w=21600',
          'ratelimit-remaining': '0;w=21600',
          'docker-ratelimit-source': '192.0.2.7',
        });
        res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }));
      });
      const e = await failure(
        transport({ retry: { baseDelayMs: 10 } }).send({ purpose: 'manifest', method: 'GET', url: `http://${host}/m` }),
      );
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.message).toContain(
        `${host} answered 3 tries of GET /m with 429 Too Many Requests: TOOMANYREQUESTS You have reached your pull rate limit.`,
      );
      expect(e.message).toContain(
        'This is the pull rate limit (ratelimit-limit: 100;w=21600, ratelimit-remaining: 0;w=21600, docker-ratelimit-source: 192.0.2.7)',
      );
    });

    it('never tries a PUT, POST, PATCH or DELETE again', async () => {
      const methods: string[] = [];
      const host = await serve((req, res) => {
        methods.push(req.method ?? '');
        res.writeHead(503).end();
      });
      const t = transport(quick);
      for (const method of ['PUT', 'POST', 'PATCH', 'DELETE'] as const) {
        const response = await t.send({ purpose: 'manifest', method, url: `http://${host}/m`, body: '{}' });
        expect(response.status).toBe(503);
      }
      expect(methods).toEqual(['PUT', 'POST', 'PATCH', 'DELETE']);
    });

    it('tries again when the connection is reset before the answer, and records the failed try', async () => {
      let count = 0;
      const host = await rawServer(() => (count++ === 0 ? null : 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
      const hops: CapturedExchange[] = [];
      const response = await transport(quick).send({ purpose: 'manifest', method: 'GET', url: `http://${host}/m` }, (e) => hops.push(e));
      expect(response.body.toString()).toBe('ok');
      expect(hops.map((h) => [h.status, h.statusText])).toEqual([
        [0, `The connection to ${host} was closed before it answered.`],
        [200, 'OK'],
      ]);
    });

    it('gives up after three resets, and does not retry a PUT that was reset', async () => {
      let count = 0;
      const host = await rawServer(() => {
        count++;
        return null;
      });
      const t = transport(quick);
      const e = await failure(t.send({ purpose: 'manifest', method: 'GET', url: `http://${host}/m` }));
      expect(count).toBe(3);
      expect(e.code).toBe('REGISTRY_UNREACHABLE');
      expect(e.message).toBe(`The connection to ${host} was closed before it answered (3 tries).`);
      await failure(t.send({ purpose: 'manifest', method: 'PUT', url: `http://${host}/m`, body: '{}' }));
      expect(count).toBe(4);
    });
  });

  it('reports an unreadable CA file as bad input', () => {
    expect(() => new Transport({ caFile: '/nonexistent/ca.pem' })).toThrow(LensError);
  });
});
