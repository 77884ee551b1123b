/**
 * Moving around like a browser: Back and Forward walk inspections and views, a reload reopens the view,
 * Recent holds answered references only and reopens them, and nothing of one image lingers on the next.
 */
import type { Page } from '@playwright/test';
import { expect, test, type InspectPage } from '../test/support/app';

const tab = (lens: InspectPage, name: string) => lens.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });

async function expectView(lens: InspectPage, name: string): Promise<void> {
  await expect(tab(lens, name)).toHaveAttribute('aria-selected', 'true');
}

function resultsScrollTop(page: Page): Promise<number> {
  return page.locator('main.results').evaluate((element) => element.scrollTop);
}

test('a digest reference is written repo@sha256:… in every view', async ({ lens, sampleRegistry }) => {
  const { registry, samples } = sampleRegistry;
  await lens.inspect(`${registry.host}/lens/sample@${samples.schema2.digest}`);
  await lens.served();
  const views = lens.page.getByRole('tablist', { name: 'Views' });
  for (const tab of ['Formats', 'Diff', 'Negotiation', 'Image', 'Repository', 'Request log']) {
    await views.getByRole('tab', { name: tab }).click();
    await expect(lens.page.getByRole('tabpanel')).toBeVisible();
    await lens.page.waitForLoadState('networkidle');
    const text = await lens.page.locator('body').innerText();
    expect(text, tab).not.toContain(`lens/sample:${samples.schema2.digest}`);
    expect(text, tab).not.toMatch(/lens\/sample:sha256:/);
  }
});

test('Back and Forward walk list → child → its Image view, and never leave the app', async ({ lens, sampleRegistry }) => {
  const { registry, samples } = sampleRegistry;
  const amd = samples.list.children.find((c) => c.platform === 'linux/amd64')!;
  await lens.inspect(sampleRegistry.reference('list'));
  await lens.served();
  await tab(lens, 'Image').click();
  await lens.page.getByRole('button', { name: `Open linux/amd64 ${amd.digest}` }).click();
  const child = `${registry.host}/lens/sample@${amd.digest}`;
  await expect(lens.reference).toHaveValue(child);
  await expect(lens.page.getByRole('region', { name: 'Config' })).toContainText('linux/amd64');

  await lens.page.goBack();
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('list'));
  await expectView(lens, 'Image');
  await expect(lens.page.getByRole('table', { name: 'Platforms' })).toBeVisible();
  await lens.page.goBack();
  await expectView(lens, 'Formats');
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('list'));
  await lens.page.goForward();
  await lens.page.goForward();
  await expect(lens.reference).toHaveValue(child);
  await expectView(lens, 'Image');
  // Back past the first inspection is the app's own page as it was first opened, not a page before it.
  for (let i = 0; i < 3; i++) await lens.page.goBack();
  await expect(lens.reference).toBeVisible();
  expect(new URL(lens.page.url()).pathname).toBe('/');
});

test('a reload reopens the reference and the view', async ({ lens, sampleRegistry }) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await tab(lens, 'Image').click();
  await expect(lens.page.getByRole('region', { name: 'Config' })).toBeVisible();
  await lens.page.reload();
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('schema2'));
  await expectView(lens, 'Image');
  await expect(lens.page.getByRole('region', { name: 'Config' })).toContainText('linux/amd64');
});

test('the panes chosen are part of the URL: a reload, and the same URL in a browser with nothing saved, show them', async ({
  lens,
  sampleRegistry,
  lensServerUrl,
  browser,
}) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  const picker = (page: Page) => page.getByRole('group', { name: 'Panes' });
  const shown = async (page: Page) => {
    await expect(page.getByRole('region', { name: 'OCI image index', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'OCI image manifest', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Docker v2 schema 1 (signed)', exact: true })).toHaveCount(0);
    await expect(picker(page).getByRole('checkbox', { name: 'OCI image index', exact: true })).toBeChecked();
  };
  await picker(lens.page).getByRole('checkbox', { name: 'OCI image index', exact: true }).check();
  await picker(lens.page).getByRole('checkbox', { name: 'Docker v2 schema 1 (signed)', exact: true }).uncheck();
  await shown(lens.page);
  const hash = new URL(lens.page.url()).hash;
  expect(new URLSearchParams(hash.slice(1)).get('show')).toBe('oci-index');
  expect(new URLSearchParams(hash.slice(1)).get('hide')).toBe('v2s1');

  await lens.page.reload();
  await shown(lens.page);

  // Another browser profile: no local storage, only the link (the session token is in the printed URL).
  const elsewhere = await browser.newContext();
  try {
    const page = await elsewhere.newPage();
    await page.goto(`${lensServerUrl}${hash}`);
    await expect(page.getByRole('textbox', { name: 'Image reference' })).toHaveValue(sampleRegistry.reference('schema2'));
    await shown(page);
  } finally {
    await elsewhere.close();
  }
});

test('Recent holds only answered references, and picking one inspects it', async ({ lens, sampleRegistry }) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await lens.inspect(sampleRegistry.reference('no-such-tag'));
  await expect(lens.asServed).toContainText('404');
  await lens.inspect('Not A Reference');
  await expect(lens.alert.first()).toBeVisible();
  await lens.inspect('127.0.0.1:1/nobody/listens:here');
  await expect(lens.alert.first()).toContainText(/127\.0\.0\.1:1/);
  const recent = lens.page.getByRole('combobox', { name: 'Recent references' });
  await expect(recent.getByRole('option')).toHaveText(['Recent', sampleRegistry.reference('schema2')]);

  await recent.selectOption(sampleRegistry.reference('schema2'));
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('schema2'));
  await expect(lens.digestRow('Computed')).toContainText(sampleRegistry.samples.schema2.digest);
});

test('a "compare with" of one image is gone after another is inspected', async ({ lens, sampleRegistry }) => {
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await tab(lens, 'Repository').click();
  await lens.page.getByRole('button', { name: 'Compare with oci', exact: true }).click();
  await expectView(lens, 'Diff');
  const right = lens.page.getByRole('form', { name: 'Right side' });
  await expect(right.getByRole('textbox')).toHaveValue(/:oci$/);
  await lens.inspect(sampleRegistry.reference('list'));
  await expect(lens.page.getByRole('region', { name: 'Changes' })).toBeVisible();
  await expect(right.getByRole('textbox')).not.toHaveValue(/:oci$/);
});

test('each view keeps its own scroll position', async ({ lens, sampleRegistry }) => {
  await lens.page.setViewportSize({ width: 1024, height: 600 });
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await tab(lens, 'Image').click();
  await expect(lens.page.getByRole('region', { name: 'Config' })).toBeVisible();
  await lens.page.locator('main.results').evaluate((element) => element.scrollTo({ top: 400 }));
  await expect.poll(() => resultsScrollTop(lens.page)).toBeGreaterThan(0);
  const imageTop = await resultsScrollTop(lens.page);
  await tab(lens, 'Request log').click();
  expect(await resultsScrollTop(lens.page)).toBe(0);
  await tab(lens, 'Image').click();
  expect(await resultsScrollTop(lens.page)).toBe(imageTop);
});
