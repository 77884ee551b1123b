/**
 * Every view at the smallest and a large window, light and dark: each must fit its width (no horizontal
 * page scroll) and is saved as a screenshot under test-results/e2e/screenshots/ for review.
 */
import { expect, SAMPLE_REPOSITORY, saveScreenshot, test } from '../test/support/app';
import { p256KeyPair } from '../test/support/supplyChain';
import { pushSignedAttestedIndex } from '../test/support/supplyChainImages';

const SIZES = [
  [1024, 700],
  [1920, 1080],
] as const;
const VIEWS = ['Formats', 'Diff', 'Negotiation', 'Image', 'Repository', 'Request log', 'Registry', 'Supply chain'] as const;

// The Supply chain view is shown with an image that has one: a two-platform index with BuildKit
// attestations, the index and linux/amd64 signed, verified with the key given.
const key = p256KeyPair();
test.beforeAll(async ({ sampleRegistry }) => {
  await pushSignedAttestedIndex(sampleRegistry.registry, 'lens/supply', 'v1', key);
});

for (const scheme of ['light', 'dark'] as const) {
  for (const [width, height] of SIZES) {
    test(`every view fits ${width}×${height} in the ${scheme} theme`, async ({ lens, sampleRegistry }, testInfo) => {
      test.setTimeout(120_000);
      await lens.page.emulateMedia({ colorScheme: scheme });
      await lens.page.setViewportSize({ width, height });
      // Opened at this size, as a window of this size opens the app (the Accept sidebar folds below 1280 px).
      await lens.page.reload();
      await lens.inspect(sampleRegistry.reference('list'));
      await lens.served();
      // The theme follows the system's: the editors are Monaco's dark theme exactly when the system is dark.
      const editor = lens.page.locator('.pane-strip .monaco-editor').first();
      if (scheme === 'dark') await expect(editor).toHaveClass(/\bvs-dark\b/);
      else await expect(editor).not.toHaveClass(/\bvs-dark\b/);
      const views = lens.page.getByRole('tablist', { name: 'Views' });
      for (const view of VIEWS) {
        await views.getByRole('tab', { name: view, exact: true }).click();
        if (view === 'Supply chain') {
          await lens.inspect(`${sampleRegistry.registry.host}/lens/supply:v1`);
          await lens.page
            .getByLabel('Add public key files (PEM)')
            .setInputFiles({ name: 'cosign.pub', mimeType: 'application/x-pem-file', buffer: Buffer.from(key.publicPem) });
          const signatures = lens.page.getByRole('tree', { name: 'Supply chain' }).getByRole('treeitem', { name: 'cosign signature' });
          await expect(signatures).toHaveCount(2);
          for (const signature of await signatures.all())
            await expect(signature).toHaveAccessibleDescription(/verified: payload signed by cosign\.pub/);
        }
        await expect(lens.page.getByRole('tabpanel')).toBeVisible();
        await expect(lens.page.getByRole('tabpanel').getByText(/^Loading the .* view…$/)).toHaveCount(0);
        await lens.page.waitForLoadState('networkidle');
        const overflow = await lens.page
          .locator('html, .results, .pane-strip')
          .evaluateAll((elements) =>
            elements.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
          );
        expect(overflow, view).toEqual([]);
        await saveScreenshot(lens.page, testInfo, `${view.toLowerCase().replace(' ', '-')}-${width}x${height}-${scheme}`);
      }
    });
  }
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the Audit view fits 1024×700 in the ${scheme} theme`, async ({ lens, sampleRegistry }, testInfo) => {
    await lens.page.emulateMedia({ colorScheme: scheme });
    await lens.page.setViewportSize({ width: 1024, height: 700 });
    await lens.page.getByRole('navigation', { name: 'Mode' }).getByRole('link', { name: 'Audit' }).click();
    // The worker's registry holds what other tests pushed too: the sample repository's tags are the judge.
    const { tags } = (await (await fetch(`${sampleRegistry.registry.url}/v2/${SAMPLE_REPOSITORY}/tags/list`)).json()) as { tags: string[] };
    await lens.page.getByRole('textbox', { name: 'Registry' }).fill(sampleRegistry.registry.host);
    await lens.page.getByRole('textbox', { name: 'Repository prefix' }).fill(SAMPLE_REPOSITORY);
    await lens.page.getByRole('button', { name: 'Start' }).click();
    await expect(lens.page.getByRole('status').filter({ hasText: /^Audited / })).toBeVisible();
    await expect(lens.page.getByRole('table', { name: 'Audit results' }).getByRole('row')).toHaveCount(1 + tags.length);
    const overflow = await lens.page
      .locator('html, .results')
      .evaluateAll((elements) =>
        elements.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
      );
    expect(overflow).toEqual([]);
    await saveScreenshot(lens.page, testInfo, `audit-${scheme}`);
  });
}
