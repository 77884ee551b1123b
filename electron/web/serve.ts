/**
 * Browser mode: the built renderer and the handler table over HTTP on 127.0.0.1 only.
 *
 * Every API call must carry a random per-launch token in the X-Lens-Session header. The printed URL
 * carries it once in its query; the page keeps it for its own origin (renderer/src/api/session.ts) and
 * sends it itself. It is never a cookie: cookies are not isolated by port, so every other server on
 * 127.0.0.1 that the same browser visits would receive one. A header is sent only by script this origin
 * runs, and a cross-origin page cannot add it without a CORS preflight, which this server never grants.
 * The renderer's files hold no secret and are served without the token. The Host header is checked on
 * every request, which defeats DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from '../core/securityHeaders';
import { createCore, type CoreOptions } from '../core/handlers';
import { contentTypeOf, fileInside } from '../core/staticFiles';
import { findAbove } from '../core/installPaths';
import { SESSION_HEADER } from '../../shared/session';
import { base64Length, DROPPED_MANIFEST_LIMIT } from '../../shared/export';

// The largest call is a dropped manifest file: its base64 text, and room for the rest of the JSON.
const MAX_API_BODY = base64Length(DROPPED_MANIFEST_LIMIT) + 64 * 1024;

export interface ServeOptions {
  port: number;
  core: CoreOptions;
  /** The built renderer; found next to the bundle or under dist/ by default. */
  staticDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Resolves when the server has stopped (close(), SIGINT or SIGTERM). */
  closed: Promise<void>;
}

/** The built renderer: dist/renderer beside the bundle, or under the repository root from source. */
export function defaultRendererDir(): string {
  const index = findAbove(import.meta.url, [join('renderer', 'index.html'), join('dist', 'renderer', 'index.html')]);
  return index ? dirname(index) : join(dirname(fileURLToPath(import.meta.url)), 'renderer');
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const core = createCore(options.core);
  const staticDir = options.staticDir ?? defaultRendererDir();
  const token = randomBytes(32).toString('base64url');
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://127.0.0.1:${port}`;
    if (!allowedHost(req.headers.host, port)) return send(res, 421, 'text/plain; charset=utf-8', 'Wrong host');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) {
      if (!sameSecret(req.headers[SESSION_HEADER], token)) return unauthorized(res);
      return api(req, res, url.pathname.slice('/api/'.length), origin);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    return serveStatic(res, staticDir, url.pathname, req.method === 'HEAD');
  };

  const api = async (req: IncomingMessage, res: ServerResponse, name: string, origin: string) => {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST');
    // Same-origin only, besides the token: a page on another origin that somehow held it still fails here.
    if (req.headers.origin !== undefined && req.headers.origin !== origin)
      return send(res, 403, 'text/plain; charset=utf-8', 'Cross-origin request refused');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return send(res, 415, 'text/plain; charset=utf-8', 'Send application/json');
    const raw = await readBody(req, MAX_API_BODY);
    let args: unknown;
    try {
      args = raw === null ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      args = undefined;
    }
    const envelope =
      raw === null
        ? { ok: false as const, error: { code: 'USAGE' as const, message: 'Request body too large.' } }
        : args === undefined
          ? { ok: false as const, error: { code: 'USAGE' as const, message: 'Request body is not JSON.' } }
          : await core.dispatch(name, args);
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(envelope), { 'cache-control': 'no-store' });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
      .then(() => core.close())
      .then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        markClosed();
      });
    return closing;
  };
  // A signal handler's return value is ignored; `closed` reports the end.
  const onSignal = () => void close();
  // `on`, not `once`: a second signal while closing (a terminal's Ctrl-C reaches the launcher and this
  // process, and the launcher forwards it too) must not fall through to the default and kill mid-close.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, close, closed };
}

function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Compares in constant time for a value of the token's length; a missing header never matches. */
function sameSecret(offered: string | string[] | undefined, token: string): boolean {
  if (typeof offered !== 'string') return false;
  const x = Buffer.from(offered);
  const y = Buffer.from(token);
  return x.length === y.length && timingSafeEqual(x, y);
}

function unauthorized(res: ServerResponse): void {
  send(res, 401, 'text/plain; charset=utf-8', "Open the URL that `manifest-lens serve` printed (it carries this session's token).");
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

/** The body up to `limit` bytes; null when it is larger. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function serveStatic(res: ServerResponse, root: string, pathname: string, headOnly: boolean): Promise<void> {
  const file = fileInside(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    const hint = pathname === '/' ? 'The renderer is not built: run `npm run build`.' : 'Not found';
    return send(res, 404, 'text/plain; charset=utf-8', hint);
  }
  const cache = file.includes(`${sep}assets${sep}`) ? 'max-age=31536000, immutable' : 'no-cache';
  send(res, 200, contentTypeOf(file), headOnly ? '' : await readFile(file), { 'cache-control': cache });
}
