import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportSummary } from '../shared/export';
import { MediaType } from '../shared/mediaTypes';
import { expect, exportingTest as test, REPO_ROOT, saveScreenshot } from '../test/support/app';

async function sampleIndexDigest(): Promise<string> {
  const index = JSON.parse(await readFile(join(REPO_ROOT, 'resources', 'sample', 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string }>;
  };
  return index.manifests[0]!.digest;
}

test.describe('offline sources, exports and push in the browser mode', () => {
  test('"Open sample" shows the bundled image in every format, offline', async ({ lens }, testInfo) => {
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    const view = lens.page.getByRole('region', { name: 'Offline source' });
    await expect(view).toBeVisible();
    await expect(view.getByRole('region', { name: 'As served' })).toContainText(await sampleIndexDigest());
    await expect(view.getByRole('region', { name: 'As served' })).toContainText(MediaType.ociIndex);
    for (const title of [
      'Docker v2 schema 1 (signed)',
      'Docker v2 schema 1 (unsigned)',
      'Docker v2 schema 2',
      'OCI image manifest',
      'Docker manifest list',
      'OCI image index',
    ]) {
      await expect(view.getByRole('region', { name: title }), title).toContainText(/sha256:[0-9a-f]{64}/);
    }
    await expect(view.getByRole('region', { name: 'Docker v2 schema 2' })).toContainText('linux/amd64 entry of the list');
    await saveScreenshot(lens.page, testInfo, 'open-sample');
    await view.getByRole('button', { name: 'Close' }).click();
    await expect(view).toBeHidden();
  });

  test('"Export all formats" writes one file per format and summary.json', async ({ lens, exportDir }) => {
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    const view = lens.page.getByRole('region', { name: 'Offline source' });
    await view.getByRole('button', { name: 'Export all formats' }).click();
    const status = view.getByRole('status').filter({ hasText: /^Saved 7 files to / });
    await expect(status).toBeVisible();
    const dir = (await status.textContent())!.replace(/^Saved 7 files to /, '').replace(/\.$/, '');
    expect(dir.startsWith(exportDir)).toBe(true);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ExportSummary;
    expect(summary.served.digest).toBe(await sampleIndexDigest());
    expect((await readdir(dir)).length).toBe(7);
  });

  test('one pane exports its exact bytes', async ({ lens, exportDir }) => {
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    const pane = lens.page.getByRole('region', { name: 'OCI image manifest' });
    await pane.getByRole('button', { name: 'Export OCI image manifest' }).click();
    const status = pane.getByRole('status');
    await expect(status).toContainText(`Saved to ${exportDir}`);
    const path = (await status.textContent())!.replace(/^Saved to /, '').replace(/\.$/, '');
    expect(path).toMatch(/sample_latest\.oci\.[0-9a-f]{12}\.json$/);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ mediaType: MediaType.ociManifest });
  });

  test('a layer is saved from the Image view, streamed to the export folder, its digest checked', async ({
    lens,
    sampleRegistry,
    exportDir,
  }) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await lens.page.getByRole('tab', { name: 'Image', exact: true }).click();
    const layers = lens.page.getByRole('table', { name: 'Layers' });
    const first = layers.getByRole('row').nth(1);
    const digest = (await first.getByRole('cell').nth(1).textContent())!.match(/sha256:[0-9a-f]{64}/)![0];
    await first.getByRole('button', { name: `Save blob ${digest}` }).click();
    const status = first.getByRole('status');
    await expect(status).toContainText(`Saved to ${exportDir}`);
    const path = (await status.textContent())!.replace(/^Saved to /, '').replace(/, .*$/, '');
    // The judge: the registry's own blob, byte for byte.
    const blob = Buffer.from(await (await fetch(`${sampleRegistry.registry.url}/v2/lens/sample/blobs/${digest}`)).arrayBuffer());
    expect((await readFile(path)).equals(blob)).toBe(true);
    expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(digest);
  });

  test('a support bundle of the sample is saved', async ({ lens, exportDir }) => {
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    await lens.page.getByRole('button', { name: 'Save support bundle' }).click();
    await expect(lens.page.getByRole('status').filter({ hasText: `Support bundle saved to ${exportDir}` })).toBeVisible();
  });

  test('an inspected reference has the same export actions under its format panes', async ({ lens, sampleRegistry, exportDir }) => {
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await lens.page.getByRole('button', { name: 'Export all formats' }).click();
    await expect(lens.page.getByRole('status').filter({ hasText: `Saved 7 files to ${exportDir}` })).toBeVisible();
    const pane = await lens.showPane('Docker v2 schema 2');
    await pane.getByRole('button', { name: 'Export Docker v2 schema 2' }).click();
    const status = pane.getByRole('status').filter({ hasText: 'Saved to' });
    await expect(status).toBeVisible();
    const path = (await status.textContent())!.replace(/^Saved to /, '').replace(/\.$/, '');
    expect((await readFile(path)).equals(sampleRegistry.samples.schema2.bytes)).toBe(true);
  });

  test('push to the registry, then confirm before overwriting the tag', async ({ lens, sampleRegistry }, testInfo) => {
    const destination = `${sampleRegistry.registry.host}/pushed/from-ui:${testInfo.workerIndex}-${Date.now()}`;
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    const view = lens.page.getByRole('region', { name: 'Offline source' });
    await view.getByRole('button', { name: 'Push…' }).click();
    const form = view.getByRole('form', { name: 'Push' });
    await form.getByRole('textbox', { name: 'Destination' }).fill(destination);
    await form.getByRole('combobox', { name: 'As' }).selectOption({ label: 'Docker v2 schema 2' });
    await form.getByRole('button', { name: 'Push', exact: true }).click();
    await expect(form.getByRole('status').filter({ hasText: `Pushed ${destination} as v2s2` })).toBeVisible();
    const served = await fetch(
      `${sampleRegistry.registry.url}/v2/${destination.split('/').slice(1).join('/').replace(':', '/manifests/')}`,
      {
        headers: { accept: MediaType.dockerSchema2 },
      },
    );
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe(MediaType.dockerSchema2);

    await form.getByRole('button', { name: 'Push', exact: true }).click();
    await expect(form.getByRole('alert')).toContainText('exists');
    await saveScreenshot(lens.page, testInfo, 'push-confirm-overwrite');
    await form.getByRole('button', { name: `Overwrite ${destination}` }).click();
    await expect(form.getByRole('status').filter({ hasText: `Pushed ${destination} as v2s2` })).toBeVisible();
  });
});
