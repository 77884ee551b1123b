/**
 * The fingerprint's request budget holds whatever the registry does: a loopback registry that answers
 * every request 503 (Retry-After: 0) twice before answering it makes the transport try each one three
 * times, and the fingerprint must still stop at 16 requests, the server's own count.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { MediaType } from '../../shared/mediaTypes';

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('the fingerprint request budget', () => {
  let server: Server;
  const tries = new Map<string, number>();
  let total = 0;
  const methods = new Set<string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      total++;
      methods.add(req.method ?? '');
      const key = `${req.method} ${req.url} ${req.headers.accept ?? ''}`;
      const seen = (tries.get(key) ?? 0) + 1;
      tries.set(key, seen);
      if (seen <= 2) return res.writeHead(503, { 'Retry-After': '0' }).end();
      if (req.url === '/v2/') return res.writeHead(200, { 'Docker-Distribution-API-Version': 'registry/2.0' }).end();
      if (req.url?.includes('/manifests/'))
        return res.writeHead(200, { 'Content-Type': MediaType.dockerSchema2, 'Docker-Content-Digest': DIGEST }).end();
      return res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops at 16 requests to a registry that has every request tried three times, and says so', async () => {
    const { port } = server.address() as AddressInfo;
    const run = await cli('fingerprint', `127.0.0.1:${port}/team/app:1`);
    expect(run.code, run.stderr).toBe(0);
    expect(total).toBe(16);
    expect([...methods]).toEqual(['HEAD']);
    expect(run.stdout).toContain('Requests to the registry: 16 HEAD, 0 GET.');
    expect(run.stdout).toContain('the 16 requests were spent before the plan was');
  });
});
