import { createServer, type Socket } from 'node:net';
import { MediaType } from '../shared/mediaTypes';
import { expect, saveScreenshot, sessionHeaders, test } from '../test/support/app';

const ALL_BUT_OCI = [MediaType.dockerSchema1Signed, MediaType.dockerSchema1, MediaType.dockerSchema2, MediaType.dockerList];

test.describe('Inspect in the browser mode', () => {
  test('a schema 2 image by tag shows status, content type, digest, headers and body', async ({ lens, sampleRegistry }, testInfo) => {
    const { digest } = sampleRegistry.samples.schema2;
    await lens.inspect(sampleRegistry.reference('schema2'), { accept: [MediaType.dockerSchema2], viaEnter: true });

    const pane = await lens.served();
    await expect(pane.getByText('200 OK', { exact: true })).toBeVisible();
    await expect(pane).toContainText(MediaType.dockerSchema2);
    await expect(pane).toContainText(digest);
    await expect(lens.digestRow('Computed')).toContainText(digest);
    await expect(lens.digestRow('Docker-Content-Digest')).toContainText(digest);
    await expect(pane.getByText('Digests agree')).toBeVisible();
    await expect(lens.responseHeader('Docker-Content-Digest')).toHaveText(digest);
    await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.dockerSchema2);
    await expect(pane.getByRole('cell', { name: MediaType.dockerSchema2, exact: true }).first()).toBeVisible();
    // The body is in Monaco, as served.
    await expect(lens.body.locator('.monaco-editor')).toBeVisible();
    await expect(lens.body).toContainText('"schemaVersion": 2');
    await expect(lens.body).toContainText(`"mediaType": "${MediaType.dockerSchema2}"`);
    await expect(lens.exchanges.getByRole('row', { name: /GET .*\/v2\/lens\/sample\/manifests\/schema2 200/ })).toBeVisible();
    await saveScreenshot(lens.page, testInfo, 'inspect-schema2');
  });

  test('an OCI image with the OCI Accept is served as OCI with its digest', async ({ lens, sampleRegistry }) => {
    const { digest } = sampleRegistry.samples.oci;
    await lens.inspect(sampleRegistry.reference('oci'), { accept: [MediaType.ociManifest, MediaType.ociIndex] });
    const pane = await lens.served();
    await expect(pane.getByText('200 OK', { exact: true })).toBeVisible();
    await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.ociManifest);
    await expect(lens.digestRow('Docker-Content-Digest')).toContainText(digest);
    await expect(lens.body).toContainText(`"mediaType": "${MediaType.ociManifest}"`);
  });

  test('an OCI image without the OCI Accept shows 404 MANIFEST_UNKNOWN', async ({ lens, sampleRegistry }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('oci'), { accept: ALL_BUT_OCI });
    const pane = await lens.served();
    await expect(pane.getByText('404 Not Found', { exact: true })).toBeVisible();
    const errors = pane.getByRole('table', { name: 'Registry errors' });
    await expect(errors.getByRole('cell', { name: 'MANIFEST_UNKNOWN', exact: true })).toBeVisible();
    await expect(pane.getByRole('region', { name: 'Registry error' })).toContainText('HTTP 404');
    // Asked with every type, the registry has it: the pane says so, with the repository's tags.
    const why = pane.getByRole('region', { name: 'Why not found' });
    await expect(why).toContainText(`It exists as ${MediaType.ociManifest}`);
    await expect(why).toContainText(/Tags in .*lens\/sample/);
    for (const tag of ['schema2', 'oci', 'list', 'index']) await expect(why.getByText(tag, { exact: true })).toBeVisible();
    await saveScreenshot(lens.page, testInfo, 'inspect-oci-without-oci-accept');
  });

  test('no Accept header on a schema 2 image shows the signed schema 1 the registry makes', async ({ lens, sampleRegistry }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('schema2'), { noAccept: true });
    const pane = await lens.served();
    await expect(pane.getByText('200 OK', { exact: true })).toBeVisible();
    await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.dockerSchema1Signed);
    await expect(pane).toContainText('no Accept header');
    await expect(lens.body).toContainText('"signatures"');
    await expect(lens.body).toContainText('"fsLayers"');
    // The schema 1 digest covers the payload without signatures, and the registry says the same.
    const served = await lens.responseHeader('Docker-Content-Digest').textContent();
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(served).not.toBe(sampleRegistry.samples.schema2.digest);
    await expect(lens.digestRow('Computed')).toContainText(served!);
    await expect(pane.getByText('Digests agree')).toBeVisible();
    await saveScreenshot(lens.page, testInfo, 'inspect-no-accept-schema1');
  });

  test('HEAD shows status and headers only', async ({ lens, sampleRegistry }) => {
    const { digest } = sampleRegistry.samples.schema2;
    await lens.inspect(sampleRegistry.reference('schema2'), { accept: [MediaType.dockerSchema2], head: true });
    const pane = await lens.served();
    await expect(pane.getByText('200 OK', { exact: true })).toBeVisible();
    await expect(pane.getByText('HEAD', { exact: true })).toBeVisible();
    await expect(lens.responseHeader('Docker-Content-Digest')).toHaveText(digest);
    await expect(pane).toContainText('the registry sends status and headers only');
    // The size is the registry's Content-Length (the bytes it stored), not the empty body of a HEAD.
    const announced = (
      await fetch(`${sampleRegistry.registry.url}/v2/lens/sample/manifests/schema2`, {
        method: 'HEAD',
        headers: { accept: MediaType.dockerSchema2 },
      })
    ).headers.get('content-length');
    expect(Number(announced)).toBe(sampleRegistry.samples.schema2.bytes.length);
    await expect(pane.getByRole('definition').filter({ hasText: 'Content-Length' })).toContainText(`${announced} B`);
    await expect(lens.body).toHaveCount(0);
    await expect(lens.exchanges.getByRole('row', { name: /HEAD .*\/manifests\/schema2 200/ })).toBeVisible();
  });

  test('a reference by digest is checked against the digest asked for', async ({ lens, sampleRegistry }) => {
    const { digest } = sampleRegistry.samples.index;
    await lens.inspect(`${sampleRegistry.registry.host}/lens/sample@${digest}`, { accept: [MediaType.ociIndex] });
    await lens.served();
    await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.ociIndex);
    await expect(lens.digestRow('Requested')).toContainText(digest);
    await expect(lens.digestRow('Computed')).toContainText(digest);
    await expect(lens.asServed.getByText('Digests agree')).toBeVisible();
  });

  test('a custom Accept value is sent in addition to the checked types', async ({ lens, sampleRegistry }) => {
    await lens.inspect(sampleRegistry.reference('list'), { accept: [], custom: MediaType.dockerList });
    await lens.served();
    await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.dockerList);
    await expect(lens.digestRow('Docker-Content-Digest')).toContainText(sampleRegistry.samples.list.digest);
    await lens.asServed.getByText(/^Request headers/).click();
    const sent = lens.asServed.getByRole('table', { name: 'Request headers' }).getByRole('row', { name: /^accept /i });
    await expect(sent).toContainText(MediaType.dockerList);
  });

  test("a malformed reference shows the core's error as one sentence", async ({ lens, page, lensServerUrl }, testInfo) => {
    const input = 'Not a Valid//Reference';
    // What the core itself says, asked through the same session: the UI must show exactly that.
    const answer = await page.request.post(new URL('/api/inspect', page.url()).href, {
      headers: sessionHeaders(lensServerUrl),
      data: { reference: input, accept: [] },
    });
    const envelope = (await answer.json()) as { ok: boolean; error?: { code: string; message: string } };
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.code).toBe('REFERENCE_INVALID');

    await lens.inspect(input);
    await expect(lens.alert.locator('.sentence')).toHaveText(envelope.error!.message);
    await expect(lens.alert).toContainText('Error code: REFERENCE_INVALID');
    await expect(lens.alert).not.toContainText(/\n\s*at /);
    await expect(lens.asServed).toHaveCount(0);
    await saveScreenshot(lens.page, testInfo, 'inspect-malformed-reference');
  });
});

test.describe('Cancellation', () => {
  /** A "registry" that accepts connections and never answers, recording when the client hangs up. */
  async function silentRegistry() {
    const sockets: Socket[] = [];
    let closed = 0;
    const server = createServer((socket) => {
      sockets.push(socket);
      // Read (and drop) the request: a paused socket never sees the client's FIN, so would never close.
      socket.resume();
      socket.on('close', () => (closed += 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    return {
      host: `127.0.0.1:${port}`,
      opened: () => sockets.length,
      closed: () => closed,
      stop: () => {
        sockets.forEach((s) => s.destroy());
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  test('Cancel stops a request that hangs, in the UI and on the wire', async ({ lens }) => {
    const silent = await silentRegistry();
    try {
      await lens.inspect(`${silent.host}/lens/hang:latest`);
      await expect(lens.page.getByRole('status')).toContainText('Inspecting');
      await expect.poll(silent.opened).toBeGreaterThan(0);
      await lens.page.getByRole('button', { name: 'Cancel' }).click();
      await expect(lens.page.getByRole('status')).toHaveText('Inspection cancelled.');
      await expect(lens.page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
      // The core dropped the connection, not just the UI its answer.
      await expect.poll(silent.closed).toBe(silent.opened());
    } finally {
      await silent.stop();
    }
  });

  test('a new inspect cancels the one still running', async ({ lens, sampleRegistry }) => {
    const silent = await silentRegistry();
    try {
      await lens.inspect(`${silent.host}/lens/hang:latest`);
      await expect.poll(silent.opened).toBeGreaterThan(0);
      await lens.inspect(sampleRegistry.reference('schema2'), { accept: [MediaType.dockerSchema2] });
      await expect((await lens.served()).getByText('200 OK', { exact: true })).toBeVisible();
      await expect.poll(silent.closed).toBe(silent.opened());
    } finally {
      await silent.stop();
    }
  });
});
