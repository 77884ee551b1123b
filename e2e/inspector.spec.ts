/**
 * The inspector's views in the browser mode against docker-registry: every format side by side with the
 * registry's digests, diffs between panes and between tags, the Accept negotiation matrix beside the
 * registry's own answers, the image around the manifest (platforms, config, layers), the repository's
 * tags and the request log, and the keyboard.
 */
import { request as httpRequest } from 'node:http';
import { GZIPPED_EMPTY_TAR } from '../electron/core/convert/downgradeToSchema1';
import { MediaType } from '../shared/mediaTypes';
import { expect, saveScreenshot, test, type InspectPage } from '../test/support/app';
import { blobOf } from '../test/support/blobs';
import { sampleImage } from '../test/support/images';
import { pushBlob, pushManifest } from '../test/support/push';
import { startRegistry } from '../test/support/registry';

/** What the registry itself answers, asked without the app: the oracle for digests and negotiation. */
function registryAnswer(
  url: string,
  accept: string,
  method: 'GET' | 'HEAD' = 'HEAD',
): Promise<{ status: number; contentType: string | null; digest: string | null; contentLength: number | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: accept === '' ? {} : { accept } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? null,
          digest: (res.headers['docker-content-digest'] as string | undefined) ?? null,
          contentLength: res.headers['content-length'] === undefined ? null : Number(res.headers['content-length']),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pane = (lens: InspectPage, title: string) => lens.page.getByRole('region', { name: title, exact: true });
const view = (lens: InspectPage, name: string) => lens.page.getByRole('tab', { name, exact: true }).click();

test.describe('Format panes', () => {
  test("every format of a schema 2 image side by side, with the registry's digests", async ({ lens, sampleRegistry }, testInfo) => {
    const ref = sampleRegistry.reference('schema2');
    await lens.inspect(ref);
    await lens.served();
    // The defaults: "As served" beside the image's two other formats; the stored one is a click away.
    await expect(lens.page.locator('.pane-strip .pane')).toHaveCount(3);
    await expect(pane(lens, 'Docker v2 schema 2')).toHaveCount(0);
    const s2 = await lens.showPane('Docker v2 schema 2');
    await expect(s2).toContainText(sampleRegistry.samples.schema2.digest);
    await expect(s2).toContainText('Nothing lost or changed.');

    // The signed schema 1 pane's digest is the one the registry itself gives its downgrade.
    const downgrade = await registryAnswer(`${sampleRegistry.registry.url}/v2/lens/sample/manifests/schema2`, '', 'GET');
    expect(downgrade.contentType).toBe(MediaType.dockerSchema1Signed);
    const s1 = pane(lens, 'Docker v2 schema 1 (signed)');
    await expect(s1).toContainText(downgrade.digest!);
    await expect(s1.getByRole('list', { name: /Conversion notes/ })).toContainText('ephemeral key');

    const oci = pane(lens, 'OCI image manifest');
    await expect(oci).toContainText(/sha256:[0-9a-f]{64}/);
    await expect(oci.getByRole('list', { name: /Conversion notes/ })).toContainText('mapped to their OCI equivalents');
    await saveScreenshot(lens.page, testInfo, 'formats-schema2');

    // The user picks the panes; the choice survives a reload.
    await lens.page.getByRole('checkbox', { name: 'OCI image manifest', exact: true }).uncheck();
    await lens.page.getByRole('checkbox', { name: 'Docker manifest list', exact: true }).check();
    await expect(oci).toHaveCount(0);
    await expect(pane(lens, 'Docker manifest list')).toContainText(MediaType.dockerList);
    await lens.page.reload();
    await lens.inspect(ref);
    await expect(pane(lens, 'Docker manifest list')).toBeVisible();
    await expect(pane(lens, 'OCI image manifest')).toHaveCount(0);
  });

  test('panes resize with the keyboard on the splitter between them', async ({ lens, sampleRegistry }) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    const splitter = lens.page.getByRole('separator', { name: 'Resize As served and Docker v2 schema 1 (signed)' });
    const before = await lens.asServed.boundingBox();
    await splitter.focus();
    for (let i = 0; i < 4; i++) await splitter.press('ArrowRight');
    await expect.poll(async () => (await lens.asServed.boundingBox())!.width).toBeGreaterThan(before!.width + 40);
    await expect(splitter).toHaveAttribute('aria-valuenow', '70');
  });
});

test.describe('Diff', () => {
  test('two panes of one image: schema 2 against OCI shows the media types that change', async ({ lens, sampleRegistry }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await view(lens, 'Diff');
    const left = lens.page.getByRole('form', { name: 'Left side' });
    const right = lens.page.getByRole('form', { name: 'Right side' });
    await left.getByRole('combobox', { name: 'Left' }).selectOption({ label: 'Docker v2 schema 2' });
    await right.getByRole('combobox', { name: 'Right' }).selectOption({ label: 'OCI image manifest' });
    // Each side says what it is; keys are sorted by default, since formats order their fields differently.
    const labels = lens.page.locator('.diff-side-label');
    await expect(labels.nth(0)).toContainText(
      `Docker v2 schema 2 of ${sampleRegistry.reference('schema2')} ${sampleRegistry.samples.schema2.digest}`,
    );
    await expect(labels.nth(1)).toContainText(`OCI image manifest of ${sampleRegistry.reference('schema2')} sha256:`);
    await expect(lens.page.getByRole('checkbox', { name: 'Sort keys' })).toBeChecked();
    const changes = lens.page.getByRole('region', { name: 'Changes' });
    await expect(changes).toContainText(`− "mediaType": "${MediaType.dockerSchema2}",`);
    await expect(changes).toContainText(`+ "mediaType": "${MediaType.ociManifest}",`);
    await expect(changes).toContainText(`+ "mediaType": "${MediaType.ociConfig}",`);
    await expect(lens.page.locator('.monaco-diff-editor')).toBeVisible();
    await saveScreenshot(lens.page, testInfo, 'diff-schema2-vs-oci');

    // Inline instead of side by side, and back.
    await lens.page.getByRole('checkbox', { name: 'Inline' }).check();
    await expect(lens.page.locator('.monaco-diff-editor.side-by-side')).toHaveCount(0);
    await lens.page.getByRole('checkbox', { name: 'Inline' }).uncheck();
    await expect(lens.page.locator('.monaco-diff-editor.side-by-side')).toBeVisible();
  });

  test('expanding v1Compatibility diffs schema 1 history field by field', async ({ lens, sampleRegistry }) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await view(lens, 'Diff');
    await lens.page.getByRole('combobox', { name: 'Left' }).selectOption({ label: 'Docker v2 schema 1 (signed)' });
    await lens.page.getByRole('combobox', { name: 'Right' }).selectOption({ label: 'Docker v2 schema 1 (unsigned)' });
    const changes = lens.page.getByRole('region', { name: 'Changes' });
    // Signed and unsigned differ by the signatures only, whatever the option.
    await expect(changes).toContainText('"signatures": [');
    await lens.page.getByRole('checkbox', { name: 'Expand v1Compatibility' }).uncheck();
    await expect(changes).toContainText('"signatures": [');
    await expect(changes).not.toContainText('"container_config"');

    // Against another tag's schema 1, the expanded history differs in its fields, not as one long string.
    await lens.page.getByRole('checkbox', { name: 'Expand v1Compatibility' }).check();
    const right = lens.page.getByRole('form', { name: 'Right side' });
    await right.getByRole('combobox', { name: 'Right' }).selectOption({ label: 'Docker v2 schema 1 (signed)' });
    await right.getByRole('textbox', { name: 'Right: compare with…' }).fill(sampleRegistry.reference('oci'));
    await right.getByRole('button', { name: 'Compare' }).click();
    await expect(changes).toContainText('"tag": "oci"');
    await expect(changes).toContainText('+ "LENS_SAMPLE=oci"');
    await lens.page.getByRole('checkbox', { name: 'Expand v1Compatibility' }).uncheck();
    await expect(changes).not.toContainText('+ "LENS_SAMPLE=oci"');
    await expect(changes).toContainText('+ "v1Compatibility": "{');
  });

  test("comparing two tags from the repository's tag list", async ({ lens, sampleRegistry }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await view(lens, 'Repository');
    const tags = lens.page.getByRole('table', { name: 'Tags' });
    for (const tag of ['schema2', 'oci', 'list', 'index'])
      await expect(tags.getByRole('rowheader', { name: tag, exact: true })).toBeVisible();
    await tags.getByRole('button', { name: 'Compare with oci' }).click();
    await expect(lens.page.getByRole('tab', { name: 'Diff' })).toHaveAttribute('aria-selected', 'true');
    const changes = lens.page.getByRole('region', { name: 'Changes' });
    await expect(changes).toContainText(`+ "mediaType": "${MediaType.ociManifest}",`);
    await expect(changes).toContainText(`− "mediaType": "${MediaType.dockerSchema2}",`);
    await saveScreenshot(lens.page, testInfo, 'diff-two-tags');
  });
});

test.describe('Accept negotiation', () => {
  test("each client Accept set: the registry's answer beside distribution 2.8's, matching the registry asked directly", async ({
    lens,
    sampleRegistry,
  }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    // Thirteen Accept sets, each asked of the registry and simulated: slower than one inspection.
    test.slow();
    await view(lens, 'Negotiation');
    const table = lens.page.getByRole('table', { name: 'Accept negotiation' });
    await expect(lens.page.getByText('Every answer matches distribution 2.8.')).toBeVisible({ timeout: 45_000 });
    const url = `${sampleRegistry.registry.url}/v2/lens/sample/manifests/schema2`;
    const cases: Array<[string, string]> = [
      ['no Accept header', ''],
      [
        'containerd 2 (and docker with the containerd image store)',
        `${MediaType.dockerSchema2}, ${MediaType.dockerList}, ${MediaType.ociManifest}, ${MediaType.ociIndex}, */*`,
      ],
      [`only ${MediaType.ociManifest}`, MediaType.ociManifest],
    ];
    for (const [label, accept] of cases) {
      const expected = await registryAnswer(url, accept, 'HEAD');
      const row = table.getByRole('row').filter({ has: lens.page.getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(label)}`) }) });
      const cells = row.getByRole('cell');
      await expect(cells.nth(0)).toHaveText(String(expected.status));
      if (expected.contentType) await expect(cells.nth(1)).toContainText(expected.contentType.split(';')[0]!);
      await expect(cells.nth(2)).toHaveText(expected.digest ?? '—');
      // distribution 2.8 simulated: the same answer.
      await expect(cells.nth(5)).toHaveText(String(expected.status));
      await expect(cells.nth(7)).toHaveText(expected.digest ?? '—');
    }
    // Each row stays on one line: no cell wraps (a row's reason is whole on hover or expanded below it).
    const wrapped = await table.locator('tbody tr:has(th) > *').evaluateAll((cells) =>
      cells.flatMap((cell) => {
        const style = (
          globalThis as unknown as { getComputedStyle(e: unknown): Record<'paddingTop' | 'paddingBottom' | 'fontSize', string> }
        ).getComputedStyle(cell);
        const content = cell.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return content > 2.2 * parseFloat(style.fontSize) ? [cell.textContent] : [];
      }),
    );
    expect(wrapped).toEqual([]);
    await saveScreenshot(lens.page, testInfo, 'negotiation-schema2');

    // A custom set becomes a row of its own.
    await lens.page.getByRole('textbox', { name: 'Custom Accept set' }).fill(`${MediaType.dockerList};q=0.5`);
    await lens.page.getByRole('button', { name: 'Add row' }).click();
    const custom = table.getByRole('row').filter({ has: lens.page.getByRole('rowheader', { name: /^custom/ }) });
    const expected = await registryAnswer(url, `${MediaType.dockerList};q=0.5`, 'HEAD');
    await expect(custom.getByRole('cell').nth(0)).toHaveText(String(expected.status));
    await expect(custom.getByRole('cell').nth(2)).toHaveText(expected.digest!);
  });
  test("HEAD rows show distribution 2.8's simulated size: the registry's own Content-Length, refusals included", async ({
    lens,
    sampleRegistry,
  }) => {
    const cases: Array<[tag: string, label: string, accept: string]> = [
      ['schema2', 'no Accept header', ''],
      ['schema2', `only ${MediaType.ociManifest}`, MediaType.ociManifest],
      ['oci', 'no Accept header', ''],
      ['list', 'no Accept header', ''],
    ];
    for (const tag of new Set(cases.map(([t]) => t))) {
      await lens.inspect(sampleRegistry.reference(tag));
      await lens.served();
      await view(lens, 'Negotiation');
      const table = lens.page.getByRole('table', { name: 'Accept negotiation' });
      await expect(table).toBeVisible({ timeout: 45_000 });
      for (const [, label, accept] of cases.filter(([t]) => t === tag)) {
        const expected = await registryAnswer(`${sampleRegistry.registry.url}/v2/lens/sample/manifests/${tag}`, accept, 'HEAD');
        expect(expected.contentLength, `${tag} ${label}`).not.toBeNull();
        const row = table
          .getByRole('row')
          .filter({ has: lens.page.getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(label)}`) }) });
        const size = `${expected.contentLength!.toLocaleString('en-US')} B`;
        await expect(row.getByRole('cell').nth(3), `${tag} ${label}: the registry`).toHaveText(size);
        await expect(row.getByRole('cell').nth(8), `${tag} ${label}: distribution 2.8 simulated`).toHaveText(size);
      }
      await view(lens, 'Formats');
    }
  });
});

test.describe('The image around the manifest', () => {
  test("a list's platforms: open one child, then switch to the other", async ({ lens, sampleRegistry }, testInfo) => {
    const { list } = sampleRegistry.samples;
    await lens.inspect(sampleRegistry.reference('list'));
    await lens.served();
    await view(lens, 'Image');
    const platforms = lens.page.getByRole('table', { name: 'Platforms' });
    await expect(platforms.getByRole('row')).toHaveCount(3);
    await saveScreenshot(lens.page, testInfo, 'image-list-platforms');

    const arm = list.children.find((c) => c.platform === 'linux/arm64/v8')!;
    await lens.page.getByRole('combobox', { name: 'Platform' }).selectOption(arm.digest);
    await lens.page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(lens.reference).toHaveValue(`${sampleRegistry.registry.host}/lens/sample@${arm.digest}`);
    const config = lens.page.getByRole('region', { name: 'Config' });
    await expect(config).toContainText('linux/arm64/v8');
    await expect(lens.page.getByRole('table', { name: 'Layers' }).getByRole('row')).toHaveCount(4);
    await expect(lens.page.getByRole('table', { name: 'History' })).toContainText('empty layer');
    await expect(lens.page.getByRole('table', { name: 'Labels' })).toContainText('lens sample list');
    await expect(lens.page.getByRole('table', { name: 'Environment' })).toContainText('LENS_SAMPLE');
    await saveScreenshot(lens.page, testInfo, 'image-arm64-child');

    // The list stays at hand: switch to the other platform.
    const amd = list.children.find((c) => c.platform === 'linux/amd64')!;
    await lens.page.getByRole('button', { name: `Open linux/amd64 ${amd.digest}` }).click();
    await expect(lens.reference).toHaveValue(`${sampleRegistry.registry.host}/lens/sample@${amd.digest}`);
    await expect(lens.page.getByRole('region', { name: 'Config' })).toContainText('linux/amd64');
    await view(lens, 'Formats');
    await expect(lens.digestRow('Computed')).toContainText(amd.digest);
  });
});

test.describe('Request log', () => {
  test('lists every exchange of the session and copies one as curl without secrets', async ({ lens, sampleRegistry }, testInfo) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await expect(await lens.showPane('Docker v2 schema 2')).toContainText(sampleRegistry.samples.schema2.digest);
    await view(lens, 'Request log');
    const log = lens.page.getByRole('table', { name: 'Request log' });
    await expect(log.getByRole('row', { name: /inspect GET .*\/v2\/lens\/sample\/manifests\/schema2 200/ })).toBeVisible();
    await expect(log.getByRole('row', { name: /image GET .*\/v2\/lens\/sample\/blobs\/sha256:/ })).toBeVisible();
    await expect(log.getByRole('row', { name: /convert GET/ }).first()).toBeVisible();
    // Grouped by the action that caused them, the newest first: opening this view, then the Inspect.
    const groups = log.locator('tr.log-group');
    await expect(groups.first()).toContainText(`Inspect ${sampleRegistry.reference('schema2')}`);
    const manifestRow = log.getByRole('row', { name: /inspect GET .*\/v2\/lens\/sample\/manifests\/schema2 200/ });
    await expect(manifestRow.getByRole('cell').nth(3).locator('[title]')).toHaveAttribute(
      'title',
      /application\/vnd\.docker\.distribution\.manifest\.v2\+json/,
    );
    await expect(manifestRow.getByRole('cell').nth(3)).toContainText('Docker v2 schema 2');

    await log
      .getByRole('button', { name: /^Open exchange \d+: GET .*manifests\/schema2$/ })
      .first()
      .click();
    const curl = lens.page.getByLabel('curl command');
    await expect(curl).toContainText(`curl -sS -i -H 'user-agent: manifest-lens/0.1' -H 'accept: ${MediaType.dockerSchema1Signed}`);
    await expect(curl).toContainText(`'${sampleRegistry.registry.url}/v2/lens/sample/manifests/schema2'`);
    await lens.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await lens.page.getByRole('button', { name: 'Copy as curl' }).click();
    await expect(lens.page.getByRole('button', { name: 'Copy as curl' })).toHaveText('Copied');
    expect(await lens.page.evaluate<string>('navigator.clipboard.readText()')).toBe(await curl.textContent());
    await saveScreenshot(lens.page, testInfo, 'request-log');

    // A filter that hides the open row closes its detail too.
    const detail = lens.page.getByRole('region', { name: /^Exchange \d+$/ });
    await expect(detail).toBeVisible();
    await lens.page.getByRole('textbox', { name: 'Filter' }).fill('/blobs/');
    await expect(log.getByRole('row', { name: /manifests\/schema2/ })).toHaveCount(0);
    await expect(detail).toHaveCount(0);
  });
});

test.describe('Keyboard and desktop conventions', () => {
  test('shortcuts focus the reference, switch views, cycle the theme; recent references come back', async ({ lens, sampleRegistry }) => {
    const ref = sampleRegistry.reference('schema2');
    await lens.inspect(ref);
    await lens.served();
    await lens.page.getByRole('tab', { name: 'Formats' }).focus();
    await lens.page.keyboard.press('/');
    await expect(lens.reference).toBeFocused();
    await lens.page.keyboard.press('Alt+3');
    await expect(lens.page.getByRole('tab', { name: 'Negotiation' })).toHaveAttribute('aria-selected', 'true');
    await lens.page.keyboard.press('Control+d');
    await expect(lens.page.getByRole('tab', { name: 'Diff' })).toHaveAttribute('aria-selected', 'true');
    // Arrow keys move between tabs.
    await lens.page.getByRole('tab', { name: 'Diff' }).focus();
    await lens.page.keyboard.press('ArrowLeft');
    await expect(lens.page.getByRole('tab', { name: 'Formats' })).toHaveAttribute('aria-selected', 'true');

    const html = lens.page.locator('html');
    await lens.page.keyboard.press('Control+Shift+L');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await lens.page.keyboard.press('Control+Shift+L');
    await expect(html).toHaveAttribute('data-theme', 'light');

    await lens.page.keyboard.press('?');
    await expect(lens.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await lens.page.keyboard.press('Escape');
    await expect(lens.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

    await lens.page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await lens.page.getByRole('combobox', { name: 'Recent references' }).selectOption(ref);
    await expect(lens.reference).toHaveValue(ref);
    await lens.page.keyboard.press('Control+Enter');
    await expect((await lens.served()).getByText('200 OK', { exact: true })).toBeVisible();
  });
});

test.describe('A stored schema 1 image', () => {
  test('its schema 2 and OCI panes say they need layer diffIDs, with the size, and compute them when asked', async ({ lens }, testInfo) => {
    // Only a registry with schema 1 enabled stores one; its own downgrade verifies on the way back in.
    const registry = await startRegistry({ schema1: true });
    try {
      const image = sampleImage('legacy', { architecture: 'amd64', os: 'linux' }, 'docker');
      for (const blob of [...image.blobs, blobOf(GZIPPED_EMPTY_TAR, MediaType.dockerLayerGzip)])
        await pushBlob(registry.url, 'lens/legacy', blob);
      await pushManifest(registry.url, 'lens/legacy', 'modern', image.manifest.bytes, image.manifest.mediaType);
      const schema1 = new Uint8Array(await (await fetch(`${registry.url}/v2/lens/legacy/manifests/modern`)).arrayBuffer());
      const put = await fetch(`${registry.url}/v2/lens/legacy/manifests/old`, {
        method: 'PUT',
        body: schema1,
        headers: { 'content-type': MediaType.dockerSchema1Signed },
      });
      expect(put.status).toBe(201);
      const layerBytes = image.blobs.slice(1).reduce((n, b) => n + b.size, 0);

      await lens.inspect(`${registry.host}/lens/legacy:old`);
      await expect(lens.responseHeader('Content-Type')).toHaveText(MediaType.dockerSchema1Signed);
      // The key ID the registry wrote when it signed its downgrade.
      const { signatures } = JSON.parse(Buffer.from(schema1).toString('utf8')) as {
        signatures: Array<{ header: { jwk: { kid: string } } }>;
      };
      await expect((await lens.served()).getByRole('note', { name: 'Schema 1 signature' })).toHaveText(
        `Signature: verified with libtrust key ID ${signatures[0]!.header.jwk.kid}`,
      );
      const s2 = pane(lens, 'Docker v2 schema 2');
      await expect(s2).toContainText(`Needs layer diffIDs: every layer is streamed and hashed (2 layers, ${layerBytes} B)`);
      await expect(pane(lens, 'OCI image manifest')).toContainText('Needs layer diffIDs');
      await saveScreenshot(lens.page, testInfo, 'formats-schema1-needs-diffids');

      await s2.getByRole('button', { name: 'Compute layer diffIDs for Docker v2 schema 2' }).click();
      await expect(s2).toContainText(/Digest\s*sha256:[0-9a-f]{64}/);
      await expect(s2).toContainText('with a new config sha256:');
      // The OCI pane still waits: each rescue streams the layers only when asked.
      await expect(pane(lens, 'OCI image manifest')).toContainText('Needs layer diffIDs');
    } finally {
      await registry.stop();
    }
  });
});
