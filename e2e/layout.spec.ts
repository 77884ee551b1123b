import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from '../test/support/app';

/**
 * The tallest content on the page: the document's or any element's scroll height. Monaco's inner layers are
 * virtual (16,777,216 px scroll spaces); an editor counts by the box it takes in its parent.
 */
function tallestContent(page: Page): Promise<number> {
  return page
    .locator('html, body *')
    .evaluateAll((elements) =>
      Math.max(...elements.filter((element) => !element.parentElement?.closest('.monaco-editor')).map((element) => element.scrollHeight)),
    );
}

test.describe('a layout that holds', () => {
  test('after "Open sample" nothing on the page keeps growing, and it stays under three viewports', async ({ lens }) => {
    await lens.page.getByRole('button', { name: 'Open sample' }).click();
    const view = lens.page.getByRole('region', { name: 'Offline source' });
    await expect(view.getByRole('region', { name: 'OCI image index' })).toContainText(/sha256:[0-9a-f]{64}/);
    // Monaco loads lazily; its editors are where a height loop would start.
    await expect(view.locator('.monaco-editor').first()).toBeVisible();
    const viewport = lens.page.viewportSize()!.height;
    const first = await tallestContent(lens.page);
    await lens.page.waitForTimeout(3_000);
    const later = await tallestContent(lens.page);
    expect(later, 'content height after 3 s').toBe(first);
    expect(later).toBeLessThan(3 * viewport);
  });
});

test('"Open…" floats below the title bar: its field and its error are whole and in the viewport', async ({ lens }) => {
  const titlebar = lens.page.getByRole('banner').first();
  const before = (await titlebar.boundingBox())!.height;
  await lens.page.getByText('Open…', { exact: true }).click();
  const field = lens.page.getByRole('textbox', { name: 'Offline source' });
  await field.fill('/nonexistent/manifest.json');
  await lens.page.getByRole('button', { name: 'Open', exact: true }).click();
  const error = lens.page.getByRole('alert');
  await expect(error).toBeVisible();
  expect((await titlebar.boundingBox())!.height).toBe(before);
  const viewport = lens.page.viewportSize()!;
  for (const box of [await field.boundingBox(), await error.boundingBox()]) {
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  }
  // Nothing clips them: the topmost element at each one's centre is the element itself or inside it.
  for (const locator of [field, error]) {
    expect(
      await locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return element.contains(element.ownerDocument.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
      }),
    ).toBe(true);
  }
});

/** Every element of the tab panels that are not shown, which the browser would still paint. */
function paintedBehindTabs(page: Page): Promise<string[]> {
  return page.locator('[role="tabpanel"][aria-hidden="true"] *').evaluateAll((elements) =>
    elements
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      })
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`),
  );
}

test('no element of a tab behind another is painted, Monaco’s diff editor included', async ({ lens, sampleRegistry }) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  const views = lens.page.getByRole('tablist', { name: 'Views' });
  await views.getByRole('tab', { name: 'Diff' }).click();
  await expect(lens.page.locator('.monaco-diff-editor')).toBeVisible();
  for (const tab of ['Image', 'Repository', 'Formats']) {
    await views.getByRole('tab', { name: tab }).click();
    await expect(views.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    expect(await paintedBehindTabs(lens.page), `painted behind ${tab}`).toEqual([]);
  }
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
  [1920, 1080],
] as const) {
  test(`at ${width}×${height} the default panes fit: a readable digest check and no horizontal scroll`, async ({
    lens,
    sampleRegistry,
  }, testInfo) => {
    await lens.page.setViewportSize({ width, height });
    await lens.page.reload();
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await expect(lens.page.getByRole('region', { name: 'OCI image manifest' })).toContainText(/sha256:/);
    const table = lens.asServed.getByRole('table', { name: 'Digest check' });
    const box = (await table.boundingBox())!;
    // Wide enough for a short digest and its label on one line each; a few rows tall.
    expect(box.width).toBeGreaterThan(280);
    expect(box.height).toBeLessThan(320);
    const overflow = await lens.page
      .locator('html, .results, .source-view, .pane-strip')
      .evaluateAll((elements) =>
        elements
          .filter((element) => element.scrollWidth > element.clientWidth)
          .map((element) => `${element.tagName}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`),
      );
    expect(overflow).toEqual([]);
    await saveScreenshot(lens.page, testInfo, `inspect-${width}x${height}`);
  });
}
