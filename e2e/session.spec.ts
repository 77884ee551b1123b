/**
 * The browser mode's session belongs to its own page. Chromium sends cookies to every port of
 * 127.0.0.1, so a session cookie would reach any other local server the same browser visits. These
 * tests open the app, then a second loopback server that records every request it receives and whose
 * page tries to call the app's API itself.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from '@playwright/test';
import { SESSION_HEADER } from '../shared/session';
import { rawHttp } from '../test/support/rawHttp';
import { expect, test } from '../test/support/app';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** What the other page tries against the app, reported in window.attempts and the document title. */
function attackPage(appOrigin: string): string {
  const api = `${appOrigin}/api/appInfo`;
  return `<!doctype html><title>other</title>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="${api}" enctype="text/plain" target="sink"><input name='{"x":"' value='"}'></form>
<script>
(async () => {
  const attempts = {};
  const attempt = async (name, init) => {
    try {
      const answer = await fetch(${JSON.stringify(api)}, { method: 'POST', credentials: 'include', body: '{}', ...init });
      attempts[name] = { type: answer.type, status: answer.status, body: answer.type === 'opaque' ? '' : await answer.text() };
    } catch (e) {
      attempts[name] = { error: String(e) };
    }
  };
  await attempt('json', { headers: { 'content-type': 'application/json' } });
  await attempt('guessedHeader', { headers: { 'content-type': 'application/json', ${JSON.stringify(SESSION_HEADER)}: 'guess' } });
  await attempt('noCors', { mode: 'no-cors', headers: { 'content-type': 'text/plain' } });
  window.attempts = attempts;
  document.getElementById('form').submit();
})();
</script>`;
}

/** A loopback HTTP server that keeps every request's method, URL and headers and serves the attack page. */
async function startRecorder(appOrigin: string): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage(appOrigin));
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** POST /api/appInfo on the app with the given headers (the app's own Host and a JSON body), raw. */
function callApp(appPort: number, headers: Record<string, string>) {
  return rawHttp(appPort, '/api/appInfo', {
    method: 'POST',
    headers: { ...headers, host: `127.0.0.1:${appPort}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

/** A recorded request's headers as a replayable set: joined values, minus what belongs to its own connection. */
function replayable(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['host', 'origin', 'content-length', 'content-type', 'connection'].includes(name)) continue;
    kept[name] = Array.isArray(value) ? value.join('; ') : value;
  }
  return kept;
}

test.describe('the browser-mode session', () => {
  test('another server on 127.0.0.1 receives nothing that opens the API, and its page cannot call it', async ({
    lens,
    lensServerUrl,
    context,
  }) => {
    const app = new URL(lensServerUrl);
    const token = app.searchParams.get('token')!;
    const appPort = Number(app.port);
    // The app has made its first call (appInfo fills the title bar) and dropped the token from the address bar.
    await expect(lens.page.getByText('browser mode')).toBeVisible();
    expect(lens.page.url()).toBe(`${app.origin}/`);

    const recorder = await startRecorder(app.origin);
    try {
      const other = await context.newPage();
      const fromOther: Response[] = [];
      other.on('response', (response) => void (response.url().startsWith(`${app.origin}/`) && fromOther.push(response)));
      const formAnswer = other.waitForResponse((r) => r.url() === `${app.origin}/api/appInfo` && r.request().resourceType() === 'document');
      await other.goto(recorder.url);
      await other.waitForFunction('window.attempts !== undefined');
      const attempts =
        await other.evaluate<Record<string, { type?: string; status?: number; error?: string; body?: string }>>('window.attempts');

      // The recorder saw the page load (and whatever else the browser sent it), never the token or a cookie.
      expect(recorder.requests.length).toBeGreaterThan(0);
      for (const request of recorder.requests) {
        expect(request.headers.cookie, `${request.method} ${request.url}`).toBeUndefined();
        expect(JSON.stringify(request)).not.toContain(token);
      }
      // Replayed against the app, none of what the recorder received opens the API; the same replay
      // with the page's session header does, so a leaked credential would have shown here.
      for (const request of recorder.requests) {
        const headers = replayable(request.headers);
        expect((await callApp(appPort, headers)).status, `replay of ${request.method} ${request.url}`).toBe(401);
        expect((await callApp(appPort, { ...headers, [SESSION_HEADER]: token })).status).toBe(200);
      }

      // The other page's own calls all fail in the browser: the preflighted ones get no CORS grant, the
      // no-cors one is blocked by the app's Cross-Origin-Resource-Policy. What reached the app (the simple
      // request and the form post; Chromium reports only the form's answer) it refused itself.
      for (const name of ['json', 'guessedHeader', 'noCors']) {
        expect(attempts[name], name).toEqual({ error: expect.stringContaining('Failed to fetch') as unknown });
      }
      expect((await formAnswer).status()).toBe(401);
      for (const response of fromOther) expect([401, 403], `${response.request().method()} ${response.url()}`).toContain(response.status());
    } finally {
      await recorder.close();
    }
  });

  test('sets no cookie at all, and a reload keeps the session with a clean address bar', async ({ lens, lensServerUrl, context }) => {
    const app = new URL(lensServerUrl);
    const responses: Response[] = [];
    lens.page.on('response', (response) => void responses.push(response));
    await lens.page.reload();
    // After the reload the page has only what it kept for itself, and its calls still succeed.
    expect(lens.page.url()).toBe(`${app.origin}/`);
    await expect(lens.page.getByText('browser mode')).toBeVisible();
    expect(responses.some((r) => r.url() === `${app.origin}/api/appInfo` && r.status() === 200)).toBe(true);

    const setCookies = await Promise.all(responses.map(async (r) => ({ url: r.url(), setCookie: await r.headerValue('set-cookie') })));
    expect(setCookies.filter((r) => r.setCookie !== null)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await lens.page.evaluate<string>('document.cookie')).toBe('');
  });
});
