/**
 * The Audit view in the browser mode against docker-registry 2.8 with schema 1 enabled, filled by the
 * test with schema 2, OCI manifests, lists, indexes, the registry's own signed schema 1 and enough small
 * repositories to pause mid-run: the counts and rows against what the test pushed, the type filter, a
 * pause and a resume that asks nothing again of the finished repositories (the registry's access log),
 * the rescue of one chosen schema 1 tag in place (then HEADed: schema 2), and the exported report.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { AuditRowsPage } from '../shared/audit';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../shared/mediaTypes';
import { accessCounter } from '../test/support/accessLog';
import { expect, exportingTest, saveScreenshot, sessionHeaders } from '../test/support/app';
import { fillAuditRegistry, fillManyRepositories, type ExpectedTag } from '../test/support/auditImages';
import { requestManifest } from '../test/support/registryHttp';
import { startRegistry, type RunningRegistry } from '../test/support/registry';

const MANY = 24;
const MANY_TAGS = 3;

interface AuditRegistry {
  registry: RunningRegistry;
  expected: ExpectedTag[];
  repositories: string[];
}

const test = exportingTest.extend<object, { auditRegistry: AuditRegistry }>({
  auditRegistry: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const registry = await startRegistry({ schema1: true });
      try {
        const expected = await fillAuditRegistry(registry.url);
        await fillManyRepositories(registry.url, MANY, MANY_TAGS);
        for (let r = 0; r < MANY; r++) {
          for (let t = 0; t < MANY_TAGS; t++) {
            expected.push({ repository: `many/r${String(r).padStart(3, '0')}`, tag: `t${t}`, mediaType: MediaType.dockerSchema2 });
          }
        }
        // distribution's catalog is in lexical order, and the audit walks it one repository after another.
        const repositories = [...new Set(expected.map((t) => t.repository))].sort();
        await use({ registry, expected, repositories });
      } finally {
        await registry.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

const count = (expected: readonly ExpectedTag[], mediaType: string) => expected.filter((t) => t.mediaType === mediaType).length;

/** The rows the core holds for the audit on screen (its id is in the location), asked as the page asks. */
async function coreRows(page: Page, lensServerUrl: string): Promise<AuditRowsPage> {
  const auditId = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('run');
  const response = await page.request.post(new URL('/api/auditRows', lensServerUrl).toString(), {
    headers: { ...sessionHeaders(lensServerUrl), 'content-type': 'application/json' },
    data: { auditId, limit: 500 },
  });
  const envelope = (await response.json()) as { ok: boolean; value: AuditRowsPage };
  expect(envelope.ok).toBe(true);
  return envelope.value;
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page
    .locator('html, .results')
    .evaluateAll((elements) =>
      elements.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.className || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
    );
  expect(overflow).toEqual([]);
}

test.describe('Audit view', () => {
  test('audits a registry, pauses and resumes, filters, rescues one schema 1 tag in place and exports the report', async ({
    lens,
    auditRegistry,
    lensServerUrl,
    exportDir,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { page } = lens;
    const { registry, expected, repositories } = auditRegistry;
    await page.setViewportSize({ width: 1024, height: 700 });
    const mode = page.getByRole('navigation', { name: 'Mode' });
    await mode.getByRole('link', { name: 'Audit' }).click();
    await expect(mode.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    // Nothing of Inspect is on screen in Audit.
    await expect(lens.reference).toBeHidden();

    const counter = accessCounter(registry);
    await page.getByRole('textbox', { name: 'Registry' }).fill(registry.host);
    // Slow enough that a pause lands mid-run: about 6 s for every request of the walk.
    await page.getByRole('textbox', { name: 'Max req/s' }).fill('20');
    await page.getByRole('button', { name: 'Start' }).click();
    const bar = page.getByRole('progressbar', { name: 'Audit progress' });
    await expect(bar).toHaveAttribute('aria-valuemax', String(repositories.length));
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'is paused' })).toBeVisible();
    await noHorizontalScroll(page);
    await saveScreenshot(page, testInfo, 'audit-paused');

    // What the core says is finished: whole repositories, the first of the catalog.
    const paused = await coreRows(page, lensServerUrl);
    expect(paused.complete).toBe(false);
    const finished = [...new Set(paused.rows.map((r) => r.repository))];
    expect(finished).toEqual(repositories.slice(0, finished.length));
    expect(finished.length).toBeGreaterThanOrEqual(4);
    expect(finished.length).toBeLessThan(repositories.length);
    expect(paused.total).toBe(expected.filter((t) => finished.includes(t.repository)).length);
    const firstRun = await counter.take();

    await page.getByRole('textbox', { name: 'Max req/s' }).fill('');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Audited ${registry.host}:` })).toBeVisible({ timeout: 30_000 });
    const secondRun = await counter.take();
    expect(secondRun.filter((r) => finished.some((repo) => r.path.startsWith(`/v2/${repo}/`)))).toEqual([]);
    // Repeated: the catalog page and the repository in progress at the pause, well within 10% of one audit.
    const oneAudit = expected.length + repositories.length + 1;
    expect(firstRun.length + secondRun.length - oneAudit).toBeLessThanOrEqual(oneAudit / 10);
    await expect(bar).toHaveAttribute('aria-valuenow', String(repositories.length));

    // Counts against what the test pushed.
    const results = page.getByRole('table', { name: 'Audit results' });
    await expect(page.getByRole('region', { name: 'Results' })).toContainText(`${expected.length} tags, 2 with problems`);
    const type = page.getByRole('combobox', { name: 'Type' });
    await expect(type.getByRole('option', { name: `Docker v2 schema 2 (${count(expected, MediaType.dockerSchema2)})` })).toBeAttached();
    await expect(type.getByRole('option', { name: `OCI image index (${count(expected, MediaType.ociIndex)})` })).toBeAttached();
    await type.selectOption('schema1-signed');
    await expect(results.getByRole('row')).toHaveCount(1 + 2);
    for (const tag of ['old-1.0', 'old-list']) {
      const row = results.getByRole('row').filter({ hasText: `legacy/app:${tag}` });
      await expect(row).toContainText('Docker 27+ and containerd 2.1 cannot pull this');
    }
    await type.selectOption('oci-manifest');
    await expect(results.getByRole('row')).toHaveCount(1 + count(expected, MediaType.ociManifest));
    await type.selectOption('');
    await page.getByRole('checkbox', { name: 'Problems only' }).check();
    await expect(results.getByRole('row')).toHaveCount(1 + 2);
    await noHorizontalScroll(page);
    await saveScreenshot(page, testInfo, 'audit-schema1');

    // Rescue one chosen tag in place: the confirmation names it and the format; Escape writes nothing.
    await page.getByRole('checkbox', { name: 'Select legacy/app:old-1.0' }).check();
    await page.getByRole('button', { name: 'Rescue selected (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rescue 1 image from schema 1' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('list', { name: 'Tags overwritten' }).getByRole('listitem')).toHaveText([
      `${registry.host}/legacy/app:old-1.0`,
    ]);
    await expect(dialog).toContainText('These tags will be overwritten with Docker v2 schema 2');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(d.ownerDocument.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect((await counter.take()).filter((r) => r.method !== 'HEAD' && r.method !== 'GET')).toEqual([]);

    await page.getByRole('button', { name: 'Rescue selected (1)' }).click();
    await dialog.getByRole('button', { name: 'Dry run' }).click();
    await expect(dialog.getByRole('table', { name: 'Rescue plan' }).getByRole('row').filter({ hasText: 'planned' })).toHaveCount(1);
    expect((await counter.take()).filter((r) => r.method !== 'HEAD' && r.method !== 'GET')).toEqual([]);
    await saveScreenshot(page, testInfo, 'audit-rescue-dialog');
    await dialog.getByRole('button', { name: 'Rescue 1 image' }).click();
    await expect(dialog).toBeHidden();
    const outcome = page.getByRole('table', { name: 'Rescue outcome' }).getByRole('row').filter({ hasText: 'legacy/app:old-1.0' });
    await expect(outcome).toContainText('rescued', { timeout: 30_000 });
    const served = await requestManifest(registry.url, 'legacy/app', 'old-1.0', MANIFEST_MEDIA_TYPES, 'HEAD');
    expect(served.contentType).toBe(MediaType.dockerSchema2);
    await expect(outcome).toContainText(served.digest!);
    // The row was audited again: one schema 1 tag left, and old-1.0 now serves schema 2.
    await expect(results.getByRole('row')).toHaveCount(1 + 1);
    await expect(results).toContainText('legacy/app:old-list');
    await noHorizontalScroll(page);
    await saveScreenshot(page, testInfo, 'audit-rescued');

    // The report, as the CLI's --output writes it.
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = page.getByRole('status').filter({ hasText: /^Saved \d+ rows to / });
    await expect(saved).toHaveText(new RegExp(`^Saved ${expected.length} rows to `));
    const path = (await saved.textContent())!.replace(/^Saved \d+ rows to /, '').replace(/\.$/, '');
    expect(path.startsWith(exportDir)).toBe(true);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('repository,tag,kind,mediaType,digest,status,flags');
    expect(lines).toHaveLength(1 + expected.length);
    expect(lines.find((l) => l.startsWith('legacy/app,old-1.0,'))).toContain(`,schema2,${MediaType.dockerSchema2},${served.digest},200,`);
    expect(lines.filter((l) => l.includes(',schema1-signed,'))).toHaveLength(1);

    // A row opens in Inspect; Back returns to the audit, and a reload keeps it, its rows asked again of the core.
    await page.getByRole('checkbox', { name: 'Problems only' }).uncheck();
    await results.getByRole('button', { name: 'team/web:oci', exact: true }).click();
    await expect(mode.getByRole('link', { name: 'Inspect' })).toHaveAttribute('aria-current', 'page');
    await expect(lens.reference).toHaveValue(`${registry.host}/team/web:oci`);
    await expect(lens.asServed).toContainText(MediaType.ociManifest);
    await page.goBack();
    await expect(mode.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    await expect(results).toBeVisible();
    // Inspect's shortcuts bring Inspect back first.
    await page.getByRole('heading', { name: 'Results' }).click();
    await page.keyboard.press('/');
    await expect(mode.getByRole('link', { name: 'Inspect' })).toHaveAttribute('aria-current', 'page');
    await expect(lens.reference).toBeFocused();
    await page.goBack();
    await expect(results).toBeVisible();
    await page.reload();
    await expect(mode.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('region', { name: 'Results' })).toContainText(`${expected.length} tags, 1 with problems`);
    await expect(page.getByRole('textbox', { name: 'Registry' })).toHaveValue(registry.host);
  });
});
