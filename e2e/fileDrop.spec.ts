/**
 * A manifest file dropped onto the browser mode's window opens as an offline source, in every format,
 * from its bytes (a page never learns a path); bad bytes and files over the limit get their typed error
 * and leave what was on screen as it was. The digests are docker-registry's own.
 */
import type { JSHandle } from '@playwright/test';
import { MediaType } from '../shared/mediaTypes';
import { expect, test, type InspectPage } from '../test/support/app';

/** The page's DataTransfer, as far as this spec uses it (the Node program it compiles in has no DOM types). */
type PageDataTransfer = new () => { items: { add(file: File): void } };

/** Drops one file, made in the page from `content` (or `size` zero bytes), onto the window. */
async function dropFile(lens: InspectPage, name: string, file: { content: string } | { size: number }): Promise<void> {
  const transfer: JSHandle<unknown> = await lens.page.evaluateHandle(
    ({ name, file }) => {
      const data = new (globalThis as unknown as { DataTransfer: PageDataTransfer }).DataTransfer();
      const body = 'content' in file ? file.content : new Uint8Array(file.size);
      data.items.add(new File([body], name, { type: 'application/json' }));
      return data;
    },
    { name, file },
  );
  await lens.page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await lens.page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

test('a dropped manifest file opens in every format, with the digest the registry gives it', async ({ lens, sampleRegistry }) => {
  const { registry, samples } = sampleRegistry;
  const response = await fetch(`${registry.url}/v2/lens/sample/manifests/list`, { headers: { accept: MediaType.dockerList } });
  const listText = await response.text();
  expect(response.headers.get('docker-content-digest')).toBe(samples.list.digest);

  await dropFile(lens, 'list.json', { content: listText });
  const source = lens.page.getByRole('region', { name: 'Offline source' });
  await expect(source).toContainText('manifest file');
  const served = source.getByRole('region', { name: 'As served', exact: true });
  await expect(served).toContainText(samples.list.digest);
  await expect(source.getByRole('region', { name: 'OCI image index', exact: true })).toContainText(/sha256:[0-9a-f]{64}/);
});

test('bad bytes get the typed error, and the inspection on screen stays', async ({ lens, sampleRegistry }) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await dropFile(lens, 'broken.json', { content: '{"schemaVersion": 2, "mediaType": ' });
  const dropped = lens.page.getByRole('group', { name: 'Dropped file' });
  await expect(dropped.getByRole('alert')).toContainText('Error code: INPUT_INVALID');
  await expect(lens.page.getByRole('region', { name: 'Offline source' })).toHaveCount(0);
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('schema2'));
  await expect(lens.digestRow('Computed')).toContainText(sampleRegistry.samples.schema2.digest);
  await dropped.getByRole('button', { name: 'Dismiss' }).click();
  await expect(dropped).toHaveCount(0);
});

test('a file over 4 MiB is refused in the page with its size, and never sent', async ({ lens }) => {
  const sent: string[] = [];
  lens.page.on('request', (request) => {
    if (request.url().includes('/api/openDroppedManifest')) sent.push(request.url());
  });
  await dropFile(lens, 'huge.json', { size: 4 * 1024 * 1024 + 1 });
  await expect(lens.page.getByRole('group', { name: 'Dropped file' }).getByRole('alert')).toContainText(
    'huge.json is 4,194,305 bytes; a dropped manifest file may be at most 4 MiB (4,194,304 bytes).',
  );
  expect(sent).toEqual([]);
});

test('a manifest file just under the limit travels whole', async ({ lens }) => {
  // JSON the core parses: an index padded with an annotation to just under 4 MiB.
  const head = `{"schemaVersion":2,"mediaType":"${MediaType.ociIndex}","manifests":[],"annotations":{"pad":"`;
  const tail = '"}}';
  const content = head + 'x'.repeat(4 * 1024 * 1024 - head.length - tail.length) + tail;
  await dropFile(lens, 'padded.json', { content });
  const source = lens.page.getByRole('region', { name: 'Offline source' });
  await expect(source).toContainText('manifest file');
  await expect(source.getByRole('region', { name: 'As served', exact: true })).toContainText('4,194,304 B');
});
