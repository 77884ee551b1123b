/**
 * A loopback HTTP proxy in front of a registry that counts how many blob GETs are in flight at once. Each
 * blob GET is held `holdMs` before it is forwarded, so that requests a client makes together overlap
 * here whatever the machine's speed, and requests it makes one after another never do.
 * The Host header is passed through, so the URLs the registry builds (upload locations) name the proxy.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  host: string;
  /** The most blob GETs that were in flight together. */
  maxBlobGets(): number;
  close(): Promise<void>;
}

/** Passes one request to `target` as it came (method, path, headers, body) and its answer back. */
export function forwardTo(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

export async function startCountingProxy(targetUrl: string, holdMs: number): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  let inFlight = 0;
  let most = 0;
  const server = createServer((req, res) => {
    const blobGet = req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '');
    if (blobGet) {
      inFlight++;
      most = Math.max(most, inFlight);
      res.on('close', () => inFlight--);
    }
    const forward = () => forwardTo(target, req, res);
    if (blobGet) setTimeout(forward, holdMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxBlobGets: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
