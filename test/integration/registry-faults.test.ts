/**
 * A registry that misbehaves the way real ones and the proxies in front of them do: rate limits,
 * passing outages, manifests that answer with a redirect, token realms with credentials written into
 * them. Loopback servers written here stand in for it, since docker-registry does none of this; the
 * judge of each answer is the HTTP it sends (RFC 9110 for Retry-After and redirects).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectResult } from '../../shared/api';
import type { NegotiateResult } from '../../shared/conversion';
import { MediaType } from '../../shared/mediaTypes';
import { runCli } from '../../electron/cli/cli';
import { createCore, type Core } from '../../electron/core/handlers';
import { sha256Digest } from '../../electron/core/digest';
import { toHar } from '../../electron/core/export/har';

const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerSchema2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: sha256Digest(Buffer.from('{}')) },
    layers: [],
  }),
);

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const stops: Array<() => void> = [];
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
  for (const stop of stops.splice(0)) stop();
});

/** A loopback "registry": /v2/ answers 200, every manifest request goes to `manifest`. */
async function fakeRegistry(manifest: Handler): Promise<{ host: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    if (req.url === '/v2/') res.end('{}');
    else manifest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function serveManifest(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': MediaType.dockerSchema2, 'docker-content-digest': sha256Digest(MANIFEST) });
  res.end(MANIFEST);
}

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

function core(): Core {
  const c = createCore({ mode: 'browser' });
  cores.push(c);
  return c;
}

async function inspect(reference: string): Promise<InspectResult> {
  const envelope = await core().dispatch('inspect', { reference, accept: [MediaType.dockerSchema2] });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as InspectResult;
}

describe('retries of a manifest request', () => {
  it('waits out a 429 with Retry-After: 1 and inspects what the second try serves; both tries are exchanges', async () => {
    let tries = 0;
    const { host } = await fakeRegistry((_req, res) => {
      if (tries++ === 0) res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"errors":[]}');
      else serveManifest(res);
    });
    const started = Date.now();
    const result = await inspect(`${host}/team/app:v1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.response.status).toBe(200);
    expect(result.digestCheck.verdict).toBe('match');
    const manifestTries = result.exchanges.filter((e) => e.url.endsWith('/manifests/v1'));
    expect(manifestTries.map((e) => e.status)).toEqual([429, 200]);
    const har = toHar(result.exchanges, { name: 'test', version: '0' });
    expect(har.log.entries.filter((e) => e.request.url.endsWith('/manifests/v1')).map((e) => e.response.status)).toEqual([429, 200]);
  });

  it('fails after three 503s with exit 1 and one line that says so', async () => {
    const { host, requests } = await fakeRegistry((_req, res) => res.writeHead(503).end());
    const { code, stdout, stderr } = await cli('inspect', `${host}/team/app:v1`);
    expect(requests.filter((r) => r.url === '/v2/team/app/manifests/v1')).toHaveLength(3);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `manifest-lens: ${host} answered 3 tries of GET /v2/team/app/manifests/v1 with 503 Service Unavailable. The registry, or a proxy in front of it, is failing or overloaded: try again later.`,
    );
  });
});

describe('a manifest request that does not end in 2xx', () => {
  it('exits 1 for a 302, printing what was served', async () => {
    const { host } = await fakeRegistry((_req, res) => res.writeHead(302, { location: 'https://cdn.example/manifest' }).end());
    const { code, stdout, stderr } = await cli('inspect', `${host}/team/app:v1`);
    expect(code).toBe(1);
    expect(stdout).toContain('Status: 302 Found');
    expect(stdout).toContain('location: https://cdn.example/manifest');
    expect(stderr).toBe('manifest-lens: registry answered 302 Found (Location: https://cdn.example/manifest) instead of the manifest');
  });

  it('exits 1 for a redirect without a Location, and 0 for a 200', async () => {
    const { host } = await fakeRegistry((req, res) => {
      if (req.url?.endsWith('/nowhere')) res.writeHead(308).end();
      else serveManifest(res);
    });
    const redirect = await cli('inspect', `${host}/team/app:nowhere`, '--json');
    expect(redirect.code).toBe(1);
    expect((JSON.parse(redirect.stdout) as InspectResult).response.status).toBe(308);
    expect(redirect.stderr).toBe('manifest-lens: registry answered 308 Permanent Redirect');
    expect((await cli('inspect', `${host}/team/app:v1`)).code).toBe(0);
  });
});

describe('credentials a registry writes into its token realm', () => {
  const user = 'realm-user-4e1c';
  const password = 'realm-pass-9b7d';

  /** A token server on loopback; `refuse` makes it answer 401 to everyone. */
  async function tokenServer(refuse: boolean): Promise<string> {
    const server = createServer((_req, res) => {
      if (refuse) res.writeHead(401).end('{"details":"no"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"issued-token-5a2f"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => server.close());
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function challengingRegistry(realm: string) {
    return fakeRegistry((req, res) => {
      if (req.headers.authorization === 'Bearer issued-token-5a2f') return serveManifest(res);
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="fake",scope="repository:team/app:pull"` }).end();
    });
  }

  it('are kept out of the captured WWW-Authenticate, the auth trace and the HAR', async () => {
    const tokens = await tokenServer(false);
    const { host } = await challengingRegistry(`http://${user}:${password}@${tokens}/token`);
    const result = await inspect(`${host}/team/app:v1`);
    expect(result.response.status).toBe(200);
    const challenge = result.exchanges.find((e) => e.status === 401)!;
    expect(challenge.responseHeaders).toContainEqual([
      'www-authenticate',
      `Bearer realm="http://<redacted>@${tokens}/token",service="fake",scope="repository:team/app:pull"`,
    ]);
    expect(result.auth!.challenges[0]!.params.realm).toBe(`http://${tokens}/token`);
    const har = JSON.stringify(toHar(result.exchanges, { name: 'test', version: '0' }));
    for (const text of [JSON.stringify(result), har]) {
      expect(text).not.toContain(user);
      expect(text).not.toContain(password);
    }
  });

  it('are kept out of error messages and the auth verdict', async () => {
    const tokens = await tokenServer(true);
    const { host } = await challengingRegistry(`http://${user}:${password}@${tokens}/token`);
    const failed = await cli('inspect', `${host}/team/app:v1`, '--auth-trace', '--json', '--verbose');
    expect(failed.code).toBe(1);
    const unparsable = await challengingRegistry(`http://${user}:${password}@[not-a-host/token`);
    const refused = await cli('inspect', `${unparsable.host}/team/app:v1`, '--auth-trace', '--verbose');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("The registry's token realm is not a URL: http://<redacted>@[not-a-host/token");
    for (const text of [failed.stdout, failed.stderr, refused.stdout, refused.stderr]) {
      expect(text).not.toContain(user);
      expect(text).not.toContain(password);
    }
  });
});

describe('a registry slow to give its first answer', () => {
  it('a call waiting for another call’s first answer can still be cancelled, and the first one completes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const registry = await fakeRegistry((_req, res) => void held.then(() => serveManifest(res)));
    const lens = core();
    const args = (tag: string, requestId: string) => ({
      reference: `${registry.host}/team/app:${tag}`,
      accept: [],
      method: 'GET',
      requestId,
    });
    const first = lens.dispatch('inspect', args('first', 'first'));
    await expect.poll(() => registry.requests.length).toBe(1);
    const second = lens.dispatch('inspect', args('second', 'second'));
    await lens.dispatch('cancel', { requestId: 'second' });
    expect(await second).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // It waited for the first answer (which says whether the registry wants authentication), asking nothing.
    expect(registry.requests).toHaveLength(1);
    release();
    expect(await first).toMatchObject({ ok: true, value: { response: { status: 200 } } });
  });
});

describe('a registry that refuses one of several concurrent requests', () => {
  it('negotiate asks a row answered 400 once more on its own and shows that answer', async () => {
    let refused = 0;
    const registry = await fakeRegistry((req, res) => {
      if (req.url?.includes('/blobs/')) return void res.end('{}');
      if (req.method === 'HEAD' && req.headers.accept === MediaType.dockerSchema2 && refused++ === 0) {
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end();
      }
      serveManifest(res);
    });
    const envelope = await core().dispatch('negotiate', {
      reference: `${registry.host}/team/app:1`,
      acceptSets: [MediaType.dockerSchema2],
    });
    if (!envelope.ok) throw new Error(envelope.error.message);
    const { rows } = envelope.value as NegotiateResult;
    expect(rows.map((r) => r.registry.status)).toEqual([200]);
    const rowRequests = registry.requests.filter((r) => r.method === 'HEAD' && r.headers.accept === MediaType.dockerSchema2);
    expect(rowRequests).toHaveLength(2);
  });
});
