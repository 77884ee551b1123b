/**
 * The Supply chain view in the browser mode against docker-registry 2.8 (no referrers API, so cosign's
 * tags and the referrers tag are what is found): the tree of a BuildKit-attested two-platform index
 * whose index and linux/amd64 are signed following cosign's signature spec and linux/arm64 is not; the
 * verdicts with the right key, another key and none; a keyless bundle made by @sigstore/sign against a
 * local Fulcio and Rekor (@sigstore/mock) checked against its trusted root; the coverage table; and
 * that nothing is asked of the registry before the tab is opened, as its access log counts.
 */
import type { Locator } from '@playwright/test';
import { accessCounter, type ServedRequest } from '../test/support/accessLog';
import { expect, saveScreenshot, test, type InspectPage } from '../test/support/app';
import { blobOf } from '../test/support/blobs';
import { sampleImage } from '../test/support/images';
import { startSigstore, type OidcIdentity } from '../test/support/sigstore';
import { inTotoStatement, p256KeyPair } from '../test/support/supplyChain';
import { AMD64, attachByReferrersTag, pushImage, pushSignedAttestedIndex, type AttestedIndex } from '../test/support/supplyChainImages';

const key = p256KeyPair();
const other = p256KeyPair();
const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const WORKFLOW: OidcIdentity = {
  subject: 'https://github.com/lens/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
};

let app: AttestedIndex;
let keyless = '';
let keylessRoot = '';

test.beforeAll(async ({ sampleRegistry }) => {
  const { registry } = sampleRegistry;
  app = await pushSignedAttestedIndex(registry, 'lens/supply', 'v1', key);
  // A keyless attestation as GitHub's attest action attaches it: a sigstore bundle by the referrers tag.
  const sigstore = await startSigstore();
  try {
    const image = sampleImage('supply-keyless', AMD64, 'oci');
    keyless = await pushImage(registry, 'lens/supply-keyless', image, 'v1');
    const statement = inTotoStatement(keyless, 'https://slsa.dev/provenance/v1', {
      buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1', externalParameters: {} },
      runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
    });
    const bundle = await sigstore.signDsse(statement, 'application/vnd.in-toto+json', WORKFLOW);
    await attachByReferrersTag(registry, 'lens/supply-keyless', image.manifest, BUNDLE_V03, blobOf(JSON.stringify(bundle), BUNDLE_V03));
    keylessRoot = JSON.stringify(sigstore.trustedRoot);
  } finally {
    await sigstore.close();
  }
});

const tab = (lens: InspectPage, name: string) => lens.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });
const supplyChainRequests = (requests: readonly ServedRequest[]) => requests.filter((r) => /\/referrers\/|sha256-/.test(r.path));
/** An item's own row: a click in the middle of an open item would land on one of its children. */
const row = (item: Locator) => item.locator(':scope > .tree-row');
const pem = (name: string, text: string) => ({ name, mimeType: 'application/x-pem-file', buffer: Buffer.from(text) });

/** The tree as an outline: one "level name — description" line per item on screen. */
async function outline(tree: Locator): Promise<string[]> {
  return tree.getByRole('treeitem').evaluateAll((items) =>
    items.map((item) => {
      const text = (part: string) => (item.querySelector(`:scope > .tree-row > .${part}`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return `${item.getAttribute('aria-level')} ${text('tree-label')} — ${text('tree-detail')}`;
    }),
  );
}

/** A coverage row's cells after its subject: digest, signed, verified, attested. */
const coverageRow = (lens: InspectPage, subject: string) =>
  lens.page
    .getByRole('table', { name: 'Supply chain coverage' })
    .getByRole('row')
    .filter({ has: lens.page.getByRole('rowheader', { name: subject, exact: true }) })
    .getByRole('cell');

test.describe('Supply chain view', () => {
  test('a signed two-platform index with BuildKit attestations: the tree, the verdicts by key, the coverage; asked only once the tab opens', async ({
    lens,
    sampleRegistry,
  }) => {
    const { registry } = sampleRegistry;
    const [index, amd64, arm64] = [app.index.digest, app.amd64.manifest.digest, app.arm64.manifest.digest];
    const counter = accessCounter(registry);
    await lens.inspect(`${registry.host}/lens/supply:v1`);
    await lens.served();
    await tab(lens, 'Image').click();
    await expect(lens.page.getByRole('table', { name: 'Platforms' })).toBeVisible();
    await lens.page.waitForLoadState('networkidle');
    expect(supplyChainRequests(await counter.take())).toEqual([]);

    await tab(lens, 'Supply chain').click();
    const tree = lens.page.getByRole('tree', { name: 'Supply chain' });
    await expect(tree.getByRole('treeitem', { name: 'linux/arm64 image' })).toBeVisible();
    // Discovery by HEAD: the referrers tag and cosign's three tags for each of the three digests.
    const asked = await counter.take();
    expect(asked.filter((r) => r.method === 'HEAD')).toHaveLength(12);
    expect(asked.filter((r) => r.method === 'GET' && r.path.includes('/referrers/'))).toHaveLength(3);
    // The index's manifest is the one the inspection read: it is not asked again.
    expect(asked.filter((r) => r.path.endsWith('/manifests/v1') || r.path.endsWith(`/manifests/${index}`))).toEqual([]);

    const notChecked = '○ not checked (no key given)';
    const signed = (digest: string) => `claimed digest: ${digest} · identity: ${registry.host}/lens/supply`;
    const buildkit = (digest: string) =>
      `3 BuildKit attestation manifest — attestation in-toto via an index entry ○ not checked (unsigned statement; its subjects name ${digest})`;
    const slsa =
      /^4 SLSA provenance v0\.2 — attestation in-toto via an index entry ○ not checked .*builder: https:\/\/github\.com\/docker\/buildx/;
    const spdx = (platform: string) =>
      new RegExp(
        `^4 SPDX SBOM \\(SPDX-2\\.3\\) attestation — sbom in-toto via an index entry .*document: lens/supply ${platform} · packages: 3`,
        'i',
      );
    expect(await outline(tree)).toEqual([
      `1 image index — ${index}`,
      `2 cosign signature — signature cosign via a cosign tag ${notChecked} ${signed(index)}`,
      `2 linux/amd64 image — ${amd64}`,
      `3 cosign signature — signature cosign via a cosign tag ${notChecked} ${signed(amd64)}`,
      buildkit(amd64),
      expect.stringMatching(slsa),
      expect.stringMatching(spdx('linux/amd64')),
      `2 linux/arm64 image — ${arm64}`,
      buildkit(arm64),
      expect.stringMatching(slsa),
      expect.stringMatching(spdx('linux/arm64')),
    ]);
    // Each statement once: a BuildKit attestation manifest is the provenance and the SBOM it carries.
    await expect(lens.page.getByRole('region', { name: 'Signatures, attestations and SBOMs' })).toContainText(
      '2 signatures, 2 attestations, 2 SBOMs',
    );

    await expect(coverageRow(lens, 'index')).toHaveText([index, 'yes', 'no', 'no']);
    await expect(coverageRow(lens, 'linux/amd64')).toHaveText([amd64, 'yes', 'no', 'yes']);
    await expect(coverageRow(lens, 'linux/arm64')).toHaveText([arm64, 'no', 'no', 'yes']);
    const gaps = lens.page.getByRole('list', { name: 'Gaps' }).getByRole('listitem');
    await expect(gaps).toHaveText([
      'The index is signed, but no signature of it is verified.',
      'The index is not attested.',
      'linux/amd64 is signed, but no signature of it is verified.',
      'linux/arm64 is not signed.',
    ]);

    // The right key: both signatures verify, and the gaps left are the real ones.
    const keys = lens.page.getByLabel('Add public key files (PEM)');
    await keys.setInputFiles(pem('cosign.pub', key.publicPem));
    const indexSignature = tree.getByRole('treeitem', { name: 'cosign signature' }).first();
    await expect(indexSignature).toHaveAccessibleDescription(/verified: payload signed by cosign\.pub/);
    await expect(coverageRow(lens, 'index')).toHaveText([index, 'yes', 'yes', 'no']);
    await expect(coverageRow(lens, 'linux/amd64')).toHaveText([amd64, 'yes', 'yes', 'yes']);
    await expect(gaps).toHaveText(['The index is not attested.', 'linux/arm64 is not signed.']);
    await expect(lens.page.getByRole('list', { name: 'Keys given' })).toHaveText(/cosign\.pub/);

    // Another key: the signature does not verify, and says why.
    await lens.page.getByRole('button', { name: 'Remove key cosign.pub' }).click();
    await keys.setInputFiles(pem('other.pub', other.publicPem));
    await expect(indexSignature).toHaveAccessibleDescription(/does not verify: the payload is signed by none of the 1 key\(s\) given/);
    await expect(coverageRow(lens, 'index')).toHaveText([index, 'yes', 'no', 'no']);

    // Back to no key: the first answer comes from the page's cache, and the registry is asked nothing.
    await counter.take();
    await lens.page.getByRole('button', { name: 'Remove key other.pub' }).click();
    await expect(indexSignature).toHaveAccessibleDescription(new RegExp(`not checked \\(no key given\\)`));
    // And so does coming back to the tab.
    await tab(lens, 'Formats').click();
    await tab(lens, 'Supply chain').click();
    await expect(indexSignature).toBeVisible();
    await lens.page.waitForLoadState('networkidle');
    expect(await counter.take()).toEqual([]);
  });

  test('a private key is refused in the page and never sent', async ({ lens, sampleRegistry }) => {
    const posted: string[] = [];
    lens.page.on('request', (request) => posted.push(request.postData() ?? ''));
    await lens.inspect(`${sampleRegistry.registry.host}/lens/supply:v1`);
    await lens.served();
    await tab(lens, 'Supply chain').click();
    await expect(lens.page.getByRole('tree', { name: 'Supply chain' })).toBeVisible();
    const privatePem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await lens.page.getByLabel('Add public key files (PEM)').setInputFiles(pem('cosign.key', privatePem));
    await expect(lens.page.getByRole('region', { name: 'Supply chain' }).getByRole('alert')).toHaveText(
      'cosign.key is a private key, and was not sent. Give its public key (cosign.pub for cosign).',
    );
    await expect(lens.page.getByText('No key given.')).toBeVisible();
    expect(posted.filter((body) => body.includes('PRIVATE KEY'))).toEqual([]);
  });

  test('the tree as a WAI-ARIA tree: arrows, Home, End and Enter; a node’s documents open read-only', async ({ lens, sampleRegistry }) => {
    await lens.inspect(`${sampleRegistry.registry.host}/lens/supply:v1`);
    await lens.served();
    await tab(lens, 'Supply chain').click();
    const tree = lens.page.getByRole('tree', { name: 'Supply chain' });
    const root = tree.getByRole('treeitem', { name: 'image index' });
    await expect(root).toHaveAttribute('aria-selected', 'true');
    await expect(root).toHaveAttribute('aria-expanded', 'true');
    await root.focus();
    await lens.page.keyboard.press('ArrowDown');
    const signature = tree.getByRole('treeitem', { name: 'cosign signature' }).first();
    await expect(signature).toBeFocused();
    await expect(signature).toHaveAttribute('aria-selected', 'true');
    const details = lens.page.getByRole('region', { name: 'Selected item' });
    await expect(details.getByRole('heading', { name: 'cosign signature' })).toBeVisible();
    await expect(details.getByRole('button', { name: /^Open manifest sha256:[0-9a-f]{64}$/ })).toBeVisible();
    // Its manifest, then its layer's simple-signing payload, which names the index.
    const documents = details.getByRole('group', { name: 'Documents' });
    await expect(documents.getByRole('button', { name: 'manifest', pressed: true })).toBeVisible();
    await documents.getByRole('button', { name: 'simple-signing payload' }).click();
    await expect(details.locator('.editor-frame')).toContainText('"docker-manifest-digest"');
    await expect(details.locator('.editor-frame')).toContainText(app.index.digest.slice(0, 30));

    // A platform: Enter closes and opens it, Right enters it, Left comes back.
    await signature.focus();
    await lens.page.keyboard.press('ArrowDown');
    const amd64 = tree.getByRole('treeitem', { name: 'linux/amd64 image' });
    await expect(amd64).toBeFocused();
    await lens.page.keyboard.press('Enter');
    await expect(amd64).toHaveAttribute('aria-expanded', 'false');
    await expect(amd64.getByRole('treeitem')).toHaveCount(0);
    await lens.page.keyboard.press('Enter');
    await expect(amd64).toHaveAttribute('aria-expanded', 'true');
    await lens.page.keyboard.press('ArrowRight');
    await expect(amd64.getByRole('treeitem', { name: 'cosign signature' })).toBeFocused();
    await lens.page.keyboard.press('ArrowLeft');
    await expect(amd64).toBeFocused();
    await lens.page.keyboard.press('End');
    await expect(tree.getByRole('treeitem').last()).toBeFocused();
    await lens.page.keyboard.press('ArrowUp');
    await expect(tree.getByRole('treeitem').nth(-2)).toBeFocused();
    await lens.page.keyboard.press('Home');
    await expect(root).toBeFocused();
    await lens.page.keyboard.press('ArrowLeft');
    await expect(root).toHaveAttribute('aria-expanded', 'false');
    await expect(tree.getByRole('treeitem')).toHaveCount(1);
    await lens.page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('aria-expanded', 'true');

    // A platform's digest opens it, with its list at hand, as the other views' digest links do.
    await row(tree.getByRole('treeitem', { name: 'linux/arm64 image' })).click();
    await details.getByRole('button', { name: `Open manifest ${app.arm64.manifest.digest}` }).click();
    await expect(lens.reference).toHaveValue(`${sampleRegistry.registry.host}/lens/supply@${app.arm64.manifest.digest}`);
  });

  test('a keyless bundle: not checked without a trusted root, verified with one, refused by another identity', async ({
    lens,
    sampleRegistry,
  }) => {
    await lens.inspect(`${sampleRegistry.registry.host}/lens/supply-keyless:v1`);
    await lens.served();
    await tab(lens, 'Supply chain').click();
    const tree = lens.page.getByRole('tree', { name: 'Supply chain' });
    const bundle = tree.getByRole('treeitem', { name: 'sigstore bundle v0.3 (SLSA provenance v1)' });
    await expect(bundle).toHaveAccessibleDescription(
      /^attestation sigstore-bundle via the referrers tag not checked \(no trust root given\)/,
    );

    await lens.page.getByLabel('Trusted root (trusted_root.json)').setInputFiles({
      name: 'trusted_root.json',
      mimeType: 'application/json',
      buffer: Buffer.from(keylessRoot),
    });
    await expect(bundle).toHaveAccessibleDescription(
      new RegExp(`verified: signed by ${escape(WORKFLOW.subject)} \\(issuer ${escape(WORKFLOW.issuer)}\\), logged in Rekor at index \\d+`),
    );
    await expect(coverageRow(lens, 'image')).toHaveText([keyless, 'no', 'no', 'yes']);

    await lens.page
      .getByRole('textbox', { name: 'Certificate identity' })
      .fill('https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main');
    await lens.page.getByRole('button', { name: 'Apply policy' }).click();
    await expect(bundle).toHaveAccessibleDescription(/does not verify: /);
  });
});

test('fits 1024×700 with the deepest node and its document open: no horizontal page scroll', async ({ lens, sampleRegistry }, testInfo) => {
  await lens.page.setViewportSize({ width: 1024, height: 700 });
  await lens.page.reload();
  await lens.inspect(`${sampleRegistry.registry.host}/lens/supply:v1`);
  await lens.served();
  await tab(lens, 'Supply chain').click();
  const tree = lens.page.getByRole('tree', { name: 'Supply chain' });
  await lens.page.getByLabel('Add public key files (PEM)').setInputFiles(pem('cosign.pub', key.publicPem));
  await expect(tree.getByRole('treeitem', { name: 'cosign signature' }).first()).toHaveAccessibleDescription(/verified: payload/);
  await tree.getByRole('treeitem', { name: 'SLSA provenance v0.2' }).first().click();
  await expect(lens.page.getByRole('region', { name: 'Selected item' }).locator('.editor-frame')).toContainText('buildx');
  const overflow = await lens.page
    .locator('html, .results, .supply-view')
    .evaluateAll((elements) =>
      elements.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`),
    );
  expect(overflow).toEqual([]);
  await saveScreenshot(lens.page, testInfo, 'supply-chain-provenance-1024x700');
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
