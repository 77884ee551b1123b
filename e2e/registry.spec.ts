/**
 * Which registry this is, in the browser mode against docker-registry 2.8: the Registry view's
 * fingerprint (asked only once its tab is opened, HEAD requests only, as the registry's access log
 * counts them), its evidence and the behaviours on which the likely candidates part; and the
 * negotiation matrix's profiles: the picker, a column each, the reason of every row, and the rows where
 * the registry departs from a profile, picked without asking the registry again.
 */
import { request as httpRequest } from 'node:http';
import { accessCounter, type ServedRequest } from '../test/support/accessLog';
import { expect, saveScreenshot, test, type InspectPage } from '../test/support/app';
import { MediaType } from '../shared/mediaTypes';

const { dockerSchema1Signed: S1, dockerSchema2: S2 } = MediaType;

/** The registry's own answer, asked without the app: status and the headers the views show. */
function head(url: string, accept = ''): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'HEAD', headers: accept === '' ? {} : { accept } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tab = (lens: InspectPage, name: string) => lens.page.getByRole('tab', { name, exact: true }).click();
const referrersHeads = (requests: readonly ServedRequest[]) => requests.filter((r) => r.path.includes('/referrers/'));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe('Registry view', () => {
  test('the fingerprint, its evidence and where the candidates differ, asked only when the tab opens', async ({
    lens,
    sampleRegistry,
  }, testInfo) => {
    const { registry } = sampleRegistry;
    // The registry asked directly, before the app's requests are counted: what /v2/ says, and what a tag serves without Accept.
    const ping = await head(`${registry.url}/v2/`);
    const direct = await head(`${registry.url}/v2/lens/sample/manifests/schema2`);
    expect(direct.headers['content-type']).toBe(S1);
    const counter = accessCounter(registry);
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await lens.page.waitForLoadState('networkidle');
    expect(referrersHeads(await counter.take())).toEqual([]);

    await tab(lens, 'Registry');
    await expect(lens.page.getByRole('status').filter({ hasText: 'Most like CNCF distribution 2.8' })).toBeVisible({ timeout: 30_000 });
    const fingerprinted = await counter.take();
    expect(fingerprinted.every((r) => r.method === 'HEAD')).toBe(true);
    expect(fingerprinted.length).toBeGreaterThan(0);
    expect(fingerprinted.length).toBeLessThanOrEqual(16);
    expect(referrersHeads(fingerprinted)).toHaveLength(1);
    await expect(lens.page.getByText(`Requests to the registry: ${fingerprinted.length} HEAD, 0 GET.`)).toBeVisible();

    const ranking = lens.page.getByRole('table', { name: 'Profile ranking' });
    const first = ranking.getByRole('row').nth(1);
    await expect(first.getByRole('rowheader')).toHaveText('CNCF distribution 2.8');
    const [agree, total] = [await first.getByRole('cell').nth(0).textContent(), await first.getByRole('cell').nth(1).textContent()];
    expect(agree).toBe(total);

    // The evidence says what /v2/ answered, as the registry answers it when asked directly.
    const evidence = lens.page.getByRole('table', { name: 'Evidence' });
    const apiVersion = evidence
      .getByRole('row')
      .filter({ has: lens.page.getByRole('rowheader', { name: /^HEAD \/v2\/: Docker-Distribution-API-Version/ }) });
    await expect(apiVersion.getByRole('cell').nth(0)).toHaveText(
      `${ping.status}, ${String(ping.headers['docker-distribution-api-version'])}`,
    );
    await expect(apiVersion.getByRole('cell').nth(1)).toContainText('CNCF distribution 2.8');

    // The candidates' table: distribution 2.8's column says what the registry itself does by tag without an Accept header.
    const differences = lens.page.getByRole('table', { name: 'Profile differences' });
    await expect(differences.getByRole('columnheader').nth(1)).toHaveText('CNCF distribution 2.8');
    const noAccept = differences
      .getByRole('row')
      .filter({ has: lens.page.getByRole('rowheader', { name: 'GET by tag of the schema 2 manifest, no Accept header', exact: true }) });
    await expect(noAccept.getByRole('cell').nth(0)).toHaveText(`200 ${S1} (converted)`);
    await expect(noAccept.getByRole('cell').nth(0)).toHaveAttribute(
      'title',
      /^Source: distribution\/distribution registry\/handlers\/manifests\.go at v2\.8\.2$/,
    );
    await saveScreenshot(lens.page, testInfo, 'registry-fingerprint');

    // The negotiation matrix's default profiles reuse this fingerprint: it is not asked again.
    await tab(lens, 'Negotiation');
    await expect(lens.page.getByText('Every answer matches distribution 2.8.')).toBeVisible({ timeout: 45_000 });
    const matrix = await counter.take();
    expect(referrersHeads(matrix)).toEqual([]);
    expect(matrix.filter((r) => r.path === '/v2/')).toEqual([]);
  });
});

test.describe('Negotiation profiles', () => {
  test('a column per picked profile, the reason of every row, and rows that depart stand out; picking asks nothing', async ({
    lens,
    sampleRegistry,
  }, testInfo) => {
    test.slow();
    await lens.inspect(sampleRegistry.reference('schema2'));
    await lens.served();
    await tab(lens, 'Negotiation');
    await expect(lens.page.getByText('Every answer matches distribution 2.8.')).toBeVisible({ timeout: 45_000 });
    const picker = lens.page.getByRole('group', { name: 'Compare with profiles' });
    // The default: distribution 2.8, which the fingerprint names itself.
    await expect(picker.getByRole('checkbox', { name: 'CNCF distribution 2.8', exact: true })).toBeChecked();
    await expect(picker.getByRole('checkbox', { name: 'CNCF distribution 3', exact: true })).not.toBeChecked();
    await expect(picker.getByText('fingerprinted')).toHaveCount(1);

    const table = lens.page.getByRole('table', { name: 'Accept negotiation' });
    await expect(table.getByRole('columnheader', { name: 'CNCF distribution 2.8 profile' })).toBeVisible();
    const row = (label: string) =>
      table.getByRole('row').filter({ has: lens.page.getByRole('rowheader', { name: new RegExp(`^${escape(label)}`) }) });
    const noAccept = row('no Accept header');
    // The registry asked directly: it rewrites into schema 1, and the sentence says why.
    expect((await head(`${sampleRegistry.registry.url}/v2/lens/sample/manifests/schema2`)).headers['content-type']).toBe(S1);
    const why = `asked by tag: Accept lacks ${S2}: the manifest is rewritten into signed schema 1; CNCF distribution 2.8 would also answer 200 ${S1} (converted)`;
    await expect(noAccept.getByRole('cell').nth(10)).toHaveText('200 Docker v2 schema 1 (signed) (converted)');
    await expect(noAccept.locator('.why-text')).toHaveText(why);
    await expect(noAccept.locator('.why-text')).toHaveAttribute('title', why);
    const expand = noAccept.getByRole('button', { name: 'whole reason' });
    await expand.click();
    await expect(noAccept.getByRole('button', { name: 'one line' })).toHaveAttribute('aria-expanded', 'true');
    await expect(noAccept).not.toHaveClass(/departs/);

    // Picking distribution 3 adds its column from the answers at hand: no request reaches the registry.
    const counter = accessCounter(sampleRegistry.registry);
    await picker.getByRole('checkbox', { name: 'CNCF distribution 3', exact: true }).check();
    await expect(table.getByRole('columnheader', { name: 'CNCF distribution 3 profile' })).toBeVisible();
    // distribution 3 serves schema 2 as stored where 2.8 rewrote: that row departs from it.
    await expect(noAccept).toHaveClass(/departs/);
    const dist3 = noAccept.getByRole('cell').nth(11);
    await expect(dist3).toHaveText('200 Docker v2 schema 2 (as stored)departs');
    await expect(dist3).toHaveClass(/differs/);
    await expect(noAccept.locator('.why-text')).toContainText(
      'CNCF distribution 3 would answer 200 application/vnd.docker.distribution.manifest.v2+json (as stored) instead',
    );
    // A client that accepts schema 2 gets it as stored from both.
    const docker = row('docker 27');
    await expect(docker).not.toHaveClass(/departs/);
    await expect(docker.getByRole('cell').nth(11)).toHaveText('200 Docker v2 schema 2 (as stored)');
    await expect(lens.page.getByText(/\d+ of \d+ depart from the CNCF distribution 3 profile\./)).toBeVisible();
    await saveScreenshot(lens.page, testInfo, 'negotiation-profiles');

    await picker.getByRole('checkbox', { name: 'CNCF distribution 2.8', exact: true }).uncheck();
    await expect(table.getByRole('columnheader', { name: 'CNCF distribution 2.8 profile' })).toHaveCount(0);
    await expect(noAccept.getByRole('cell').nth(10)).toHaveText('200 Docker v2 schema 2 (as stored)departs');
    expect(await counter.take()).toEqual([]);
  });
});
