/**
 * A loopback server that answers the read-only v2 calls an audit makes, for any number of repositories
 * and tags generated on the fly (nothing is stored, so 100,000 tags cost it nothing): /v2/_catalog and
 * tags/list paginated through Link rel="next" as distribution does, and HEAD/GET of a manifest by tag or
 * digest, every tag serving the same small schema 2 document. `intercept` may answer a request itself
 * (a 429, Docker Hub's rate-limit headers); every request's arrival is recorded.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MediaType } from '../../shared/mediaTypes';

export interface SyntheticOptions {
  repositories: number;
  tagsPerRepository: number;
  /** Entries per catalog and tags/list page. */
  pageSize: number;
  /** Answers the request itself when it returns true. */
  intercept?: (req: IncomingMessage, res: ServerResponse, index: number) => boolean;
  /** Headers added to every manifest answer. */
  manifestHeaders?: Record<string, string>;
  /** Answer HEAD without Docker-Content-Digest, as some registries and proxies do. */
  headWithoutDigest?: boolean;
}

export interface Arrival {
  method: string;
  path: string;
  at: number;
}

export interface SyntheticRegistry {
  host: string;
  /** Every request, in order of arrival; not kept when `record` is false (the memory bench). */
  arrivals: Arrival[];
  close(): Promise<void>;
}

const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: { mediaType: MediaType.dockerConfig, size: 2, digest: `sha256:${'4'.repeat(64)}` },
    layers: [],
  }),
);
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

/** The digest every synthetic tag serves. */
export const SYNTHETIC_DIGEST = DIGEST;

const repoName = (i: number) => `synthetic/r${String(i).padStart(6, '0')}`;
const tagName = (i: number) => `t${String(i).padStart(7, '0')}`;

/** The page after `last` of names 0..count-1, and the Link to the next one. */
function page(count: number, name: (i: number) => string, last: string | null, n: number, path: string) {
  let start = 0;
  if (last !== null) {
    // Names are zero-padded, so their order is their index order: find the first after `last`.
    while (start < count && name(start) <= last) start++;
  }
  const names: string[] = [];
  for (let i = start; i < Math.min(count, start + n); i++) names.push(name(i));
  const more = start + n < count;
  const link = more ? `<${path}?n=${n}&last=${encodeURIComponent(names[names.length - 1]!)}>; rel="next"` : null;
  return { names, link };
}

export async function startSyntheticRegistry(options: SyntheticOptions, record = true): Promise<SyntheticRegistry> {
  const arrivals: Arrival[] = [];
  let index = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (record) arrivals.push({ method: req.method ?? '', path: url.pathname, at: Date.now() });
    if (options.intercept?.(req, res, index++)) return;
    const json = (body: unknown, link: string | null) => {
      const bytes = Buffer.from(JSON.stringify(body));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length, ...(link ? { link } : {}) });
      res.end(bytes);
    };
    const n = Math.min(Number(url.searchParams.get('n') ?? options.pageSize) || options.pageSize, options.pageSize);
    const last = url.searchParams.get('last');
    if (url.pathname === '/v2/') return json({}, null);
    if (url.pathname === '/v2/_catalog') {
      const p = page(options.repositories, repoName, last, n, '/v2/_catalog');
      return json({ repositories: p.names }, p.link);
    }
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (tags) {
      const p = page(options.tagsPerRepository, tagName, last, n, url.pathname);
      return json({ name: tags[1], tags: p.names }, p.link);
    }
    if (/^\/v2\/.+\/manifests\/[^/]+$/.test(url.pathname)) {
      const digest = req.method === 'HEAD' && options.headWithoutDigest ? {} : { 'docker-content-digest': DIGEST };
      res.writeHead(200, {
        'content-type': MediaType.dockerSchema2,
        'content-length': MANIFEST.length,
        ...digest,
        ...options.manifestHeaders,
      });
      return res.end(req.method === 'HEAD' ? undefined : MANIFEST);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
