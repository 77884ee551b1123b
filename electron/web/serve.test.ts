import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHttp as http } from '../../test/support/rawHttp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_HEADER } from '../../shared/session';
import { startServer, type RunningServer } from './serve';

describe('browser mode server', () => {
  let server: RunningServer;
  let staticDir: string;
  let token: string;
  /** The header the page sends with every API call. */
  let session: Record<string, string>;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'lens-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Manifest Lens</title>');
    server = await startServer({ port: 0, core: { mode: 'browser' }, staticDir });
    token = new URL(server.url).searchParams.get('token')!;
    session = { [SESSION_HEADER]: token };
  });

  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 to API calls without the session header, whatever else they carry', async () => {
    const call = (headers: Record<string, string>) =>
      http(server.port, '/api/appInfo', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await call({})).status).toBe(401);
    expect((await call({ [SESSION_HEADER]: 'wrong' })).status).toBe(401);
    expect((await call({ [SESSION_HEADER]: token.slice(1) })).status).toBe(401);
    expect((await call({ [SESSION_HEADER]: `${token}x` })).status).toBe(401);
    // What the server used to accept: the token as a cookie, or in the query.
    expect((await call({ cookie: `lens_session_${server.port}=${token}` })).status).toBe(401);
    const inQuery = await http(server.port, `/api/appInfo?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(inQuery.status).toBe(401);
  });

  it('serves the page, which holds no secret, and sets no cookie', async () => {
    for (const path of ['/', `/?token=${token}`]) {
      const page = await http(server.port, path);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Manifest Lens');
      expect(page.body).not.toContain(token);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['set-cookie']).toBeUndefined();
    }
  });

  it('runs handler-table calls over POST /api/<call>', async () => {
    const answer = await http(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { name: 'Manifest Lens', mode: 'browser' } });
  });

  it('returns typed errors for bad calls instead of failing', async () => {
    const post = (path: string, body: string) =>
      http(server.port, path, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body }).then((a) =>
        JSON.parse(a.body),
      );
    expect(await post('/api/nope', '{}')).toMatchObject({ ok: false, error: { code: 'USAGE', message: 'Unknown call: nope' } });
    expect(await post('/api/inspect', '{not json')).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await post('/api/inspect', '{"reference":""}')).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await post('/api/inspect', '{"reference":"UPPER/Case","accept":[]}')).toMatchObject({
      ok: false,
      error: { code: 'REFERENCE_INVALID' },
    });
  });

  it('refuses other Host names (DNS rebinding) and foreign origins', async () => {
    expect((await http(server.port, '/', { headers: { host: 'evil.example:80' } })).status).toBe(421);
    const rebound = await http(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { ...session, host: `evil.example:${server.port}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rebound.status).toBe(421);
    const foreign = await http(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { ...session, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
  });

  it('takes only JSON bodies, so no HTML form can post a call', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await http(server.port, '/api/appInfo', { method: 'POST', headers: { ...session, 'content-type': type }, body: '{}' });
      expect(answer.status).toBe(415);
    }
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/nope.js']) {
      expect((await http(server.port, path)).status).toBe(404);
    }
  });
});
