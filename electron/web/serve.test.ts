import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHttp as http } from '../../test/support/rawHttp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './serve';

describe('browser mode server', () => {
  let server: RunningServer;
  let staticDir: string;
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'lens-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Manifest Lens</title>');
    server = await startServer({ port: 0, core: { mode: 'browser' }, staticDir });
    token = new URL(server.url).searchParams.get('token')!;
  });

  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 to requests without the token, for pages and API alike', async () => {
    expect((await http(server.port, '/')).status).toBe(401);
    expect((await http(server.port, '/?token=wrong')).status).toBe(401);
    const api = await http(server.port, '/api/appInfo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const answer = await http(server.port, `/?token=${token}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    const page = await http(server.port, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Manifest Lens');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('runs handler-table calls over POST /api/<call>', async () => {
    const answer = await http(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { name: 'Manifest Lens', mode: 'browser' } });
  });

  it('returns typed errors for bad calls instead of failing', async () => {
    const post = (path: string, body: string) =>
      http(server.port, path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body }).then((a) =>
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
    expect((await http(server.port, '/', { headers: { cookie, host: 'evil.example:80' } })).status).toBe(421);
    const foreign = await http(server.port, '/api/appInfo', {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/nope.js']) {
      expect((await http(server.port, path, { headers: { cookie } })).status).toBe(404);
    }
  });
});
