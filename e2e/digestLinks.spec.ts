/**
 * Every digest is a way in: in the documents of the panes (a list's manifests, a config, a layer, a
 * subject) and in the tables (platforms, referrers). What each digest names comes from docker-registry
 * itself, asked without the app.
 */
import type { Locator } from '@playwright/test';
import { MediaType } from '../shared/mediaTypes';
import { expect, test, type InspectPage } from '../test/support/app';
import { blobOf } from '../test/support/blobs';
import { sampleImage } from '../test/support/images';
import { digestTag, pushArtifact, referrerArtifact, referrersTagIndex } from '../test/support/supplyChain';
import { pushManifest } from '../test/support/push';

const tab = (lens: InspectPage, name: string) => lens.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });

/** The manifest the registry stores under a reference, parsed. */
async function stored(registryUrl: string, repository: string, reference: string) {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    headers: { accept: [MediaType.dockerSchema2, MediaType.dockerList, MediaType.ociManifest, MediaType.ociIndex].join(', ') },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { config: { digest: string }; layers: Array<{ digest: string }> };
}

/**
 * The digest's text in the "As served" body. Monaco renders a line as spans; the link's own span is the
 * decoration. Its first characters are clicked: an unwrapped line may run past the pane's right edge.
 */
function bodyLink(lens: InspectPage, digest: string): Locator {
  return lens.body.locator('.digest-link', { hasText: digest.slice(0, 20) }).first();
}

/**
 * Clicks a digest link of the As served body, whose lines do not wrap, as a person would: brought into the
 * editor's text area by Monaco's own scrolling (a horizontal wheel over it), then clicked where it shows.
 * Playwright's scrolling into view would scroll Monaco's elements natively, behind Monaco's back: its
 * hit test then lands on whatever digest comes earlier in the line.
 */
async function clickBodyLink(lens: InspectPage, digest: string): Promise<void> {
  const link = bodyLink(lens, digest);
  await lens.body.scrollIntoViewIfNeeded();
  const text = (await lens.body.locator('.monaco-editor .monaco-scrollable-element').first().boundingBox())!;
  let box = (await link.boundingBox())!;
  await lens.page.mouse.move(text.x + text.width / 2, box.y + box.height / 2);
  for (let turns = 0; turns < 60 && !(box.x >= text.x && box.x + 8 <= text.x + text.width); turns++) {
    await lens.page.mouse.wheel(box.x < text.x ? -100 : 100, 0);
    box = (await link.boundingBox())!;
  }
  await lens.page.mouse.click(box.x + 4, box.y + box.height / 2);
}

test('list → child → config → Back → Back, by the digests in the documents; then a platform digest', async ({ lens, sampleRegistry }) => {
  const { registry, samples } = sampleRegistry;
  const amd = samples.list.children.find((c) => c.platform === 'linux/amd64')!;
  const child = `${registry.host}/lens/sample@${amd.digest}`;
  const childManifest = await stored(registry.url, 'lens/sample', amd.digest);

  await lens.inspect(sampleRegistry.reference('list'));
  await lens.served();
  await clickBodyLink(lens, amd.digest);
  await expect(lens.reference).toHaveValue(child);
  await expect(lens.digestRow('Computed')).toContainText(amd.digest);

  await clickBodyLink(lens, childManifest.config.digest);
  await expect(tab(lens, 'Image')).toHaveAttribute('aria-selected', 'true');
  await expect(lens.page.getByRole('region', { name: 'Config' })).toContainText(childManifest.config.digest);

  await lens.page.goBack();
  await expect(tab(lens, 'Formats')).toHaveAttribute('aria-selected', 'true');
  await expect(lens.reference).toHaveValue(child);
  await lens.page.goBack();
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('list'));
  await expect(lens.digestRow('Computed')).toContainText(samples.list.digest);

  // The digests of the Platforms table are links too.
  const arm = samples.list.children.find((c) => c.platform === 'linux/arm64/v8')!;
  await tab(lens, 'Image').click();
  await lens.page
    .getByRole('table', { name: 'Platforms' })
    .getByRole('button', { name: `Open manifest ${arm.digest}` })
    .click();
  await expect(lens.reference).toHaveValue(`${registry.host}/lens/sample@${arm.digest}`);
  await expect(lens.page.getByRole('region', { name: 'Config' })).toContainText('linux/arm64');
});

test('a layer digest shows its descriptor in the Image view with Save blob at hand', async ({ lens, sampleRegistry }) => {
  const { registry } = sampleRegistry;
  const manifest = await stored(registry.url, 'lens/sample', 'schema2');
  const layer = manifest.layers[1]!.digest;
  await lens.inspect(sampleRegistry.reference('schema2'));
  await lens.served();
  await clickBodyLink(lens, layer);
  await expect(tab(lens, 'Image')).toHaveAttribute('aria-selected', 'true');
  const row = lens.page.getByRole('table', { name: 'Layers' }).getByRole('row', { name: new RegExp(layer) });
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(row).toContainText(MediaType.dockerLayerGzip);
  await expect(row.getByRole('button', { name: `Save blob ${layer}` })).toBeFocused();
});

test('Enter opens the digest under the cursor of a document', async ({ lens, sampleRegistry }) => {
  const { registry, samples } = sampleRegistry;
  const arm = samples.list.children.find((c) => c.platform === 'linux/arm64/v8')!;
  await lens.inspect(sampleRegistry.reference('list'));
  await lens.served();
  await expect(bodyLink(lens, arm.digest)).toBeVisible();
  // The caret goes to the start of the digest's line (a click there follows nothing), then into the digest.
  await lens.body.locator('.view-line', { hasText: arm.digest.slice(0, 20) }).click({ position: { x: 2, y: 4 } });
  await lens.page.keyboard.press('End');
  for (let i = 0; i < 5; i++) await lens.page.keyboard.press('ArrowLeft');
  await expect(lens.reference).toHaveValue(sampleRegistry.reference('list'));
  await lens.page.keyboard.press('Enter');
  await expect(lens.reference).toHaveValue(`${registry.host}/lens/sample@${arm.digest}`);
});

test("a referrer row opens the referrer, and the referrer's subject opens the subject", async ({ lens, sampleRegistry }) => {
  const { registry } = sampleRegistry;
  const repository = 'lens/referred';
  const image = sampleImage('referred', { architecture: 'amd64', os: 'linux' }, 'oci');
  await pushArtifact(registry.url, repository, image, 'subject');
  const artifactType = 'application/vnd.example.sbom.v1+json';
  const sbom = referrerArtifact(artifactType, [blobOf('{"sbom":true}', 'application/json')], image.manifest);
  await pushArtifact(registry.url, repository, sbom);
  // distribution 2.8 has no referrers API: the referrers tag schema's index names the referrer.
  const tagIndex = referrersTagIndex([{ manifest: sbom.manifest, artifactType }]);
  await pushManifest(registry.url, repository, digestTag(image.manifest.digest), tagIndex.bytes, tagIndex.mediaType);

  await lens.inspect(`${registry.host}/${repository}:subject`);
  await lens.served();
  await tab(lens, 'Repository').click();
  await lens.page
    .getByRole('table', { name: 'Referrers' })
    .getByRole('button', { name: `Open manifest ${sbom.manifest.digest}` })
    .click();
  await expect(lens.reference).toHaveValue(`${registry.host}/${repository}@${sbom.manifest.digest}`);
  await tab(lens, 'Formats').click();
  await expect(lens.digestRow('Computed')).toContainText(sbom.manifest.digest);

  await clickBodyLink(lens, image.manifest.digest);
  await expect(lens.reference).toHaveValue(`${registry.host}/${repository}@${image.manifest.digest}`);
  await expect(lens.digestRow('Computed')).toContainText(image.manifest.digest);
});
