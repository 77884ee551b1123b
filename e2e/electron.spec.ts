import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { MediaType } from '../shared/mediaTypes';
import { expect, InspectPage, REPO_ROOT, registryTest as test, saveScreenshot } from '../test/support/app';

/**
 * The path `require('electron')` would return, or null when the binary is absent. Resolved by hand
 * because requiring the package without its binary starts a download, and tests never touch the internet.
 */
function electronBinary(): string | null {
  const packageDir = dirname(createRequire(join(REPO_ROOT, 'package.json')).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test.describe('Inspect in the Electron shell', () => {
  test.skip(binary === null, 'Electron binary not installed (it cannot be downloaded on this machine)');

  let app: ElectronApplication;
  test.beforeEach(async () => {
    app = await electron.launch({
      executablePath: binary!,
      args: [REPO_ROOT],
      cwd: REPO_ROOT,
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
    });
  });
  test.afterEach(async () => {
    await app?.close();
  });

  test('the preload bridge carries the same inspect flow: schema 2, then 404 for OCI without its Accept', async ({
    sampleRegistry,
  }, testInfo) => {
    const lens = new InspectPage(await app.firstWindow());
    expect(await lens.page.evaluate(() => typeof (globalThis as { lens?: unknown }).lens)).toBe('object');

    await lens.inspect(sampleRegistry.reference('schema2'), { accept: [MediaType.dockerSchema2], viaEnter: true });
    const pane = await lens.served();
    await expect(pane.getByText('200 OK', { exact: true })).toBeVisible();
    await expect(lens.responseHeader('Docker-Content-Digest')).toHaveText(sampleRegistry.samples.schema2.digest);
    await expect(lens.digestRow('Computed')).toContainText(sampleRegistry.samples.schema2.digest);
    await expect(lens.body).toContainText('"schemaVersion": 2');
    await saveScreenshot(lens.page, testInfo, 'electron-inspect-schema2');

    await lens.inspect(sampleRegistry.reference('oci'), {
      accept: [MediaType.dockerSchema1Signed, MediaType.dockerSchema1, MediaType.dockerSchema2, MediaType.dockerList],
    });
    await expect(lens.asServed.getByText('404 Not Found', { exact: true })).toBeVisible();
    await expect(lens.asServed.getByRole('cell', { name: 'MANIFEST_UNKNOWN', exact: true })).toBeVisible();
  });
});
