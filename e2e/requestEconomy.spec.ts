/**
 * What an Inspect in the browser mode costs the registry, counted by docker-registry's own access log:
 * the inspection by tag, then every default pane and the image details asked by the digest it answered,
 * which the core's session cache serves. Each test has a session of its own (its own `serve`), so the
 * cold count does not depend on what other tests fetched.
 */
import type { Page } from '@playwright/test';
import { accessCounter, describeRequests } from '../test/support/accessLog';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, InspectPage, SAMPLE_REPOSITORY, startLensServer, test } from '../test/support/app';
import { pushSampleImages } from '../test/support/images';
import { startRegistry, type RunningRegistry } from '../test/support/registry';
import { startTokenServer } from '../test/support/tokenServer';

/** Inspects with the default Accept set and waits until every default pane shows its document. */
async function inspectAndSettle(page: Page, reference: string, panes: readonly string[]): Promise<void> {
  const lens = new InspectPage(page);
  await lens.inspect(reference);
  await expect(page.locator('main.results')).toHaveAttribute('aria-busy', 'false');
  for (const name of panes) await expect(page.getByRole('region', { name, exact: true }).locator('.short-digest')).toContainText('sha256:');
  await page.waitForLoadState('networkidle');
}

async function coldThenWarm(
  page: Page,
  registry: RunningRegistry,
  reference: string,
  panes: readonly string[],
  cold: string[],
  serveArgs: readonly string[] = [],
) {
  const server = await startLensServer(serveArgs);
  try {
    await page.goto(server.url);
    const counter = accessCounter(registry);
    await inspectAndSettle(page, reference, panes);
    expect(describeRequests(await counter.take())).toEqual(cold);
    await inspectAndSettle(page, reference, panes);
    expect(describeRequests(await counter.take())).toEqual(['GET manifest 200']);
    // What the cache answered is in the request log, marked so.
    await page.getByRole('tab', { name: 'Request log', exact: true }).click();
    await expect(page.getByRole('cell', { name: 'from cache', exact: true }).first()).toBeVisible();
    // The session's count per registry agrees with the registry's own log (a 401 is a GET sent too).
    const gets = cold.filter((r) => r.startsWith('GET')).length + 1;
    await expect(page.getByRole('status', { name: 'Requests per registry' })).toContainText(`${registry.host}: ${gets} GET, 0 HEAD`);
  } finally {
    await server.stop();
  }
}

const WORKLOADS = [
  {
    title: 'a schema 2 image by tag: manifest and config cold, the manifest alone warm',
    tag: 'schema2',
    // The default panes beside "As served" (the stored format itself is one click away).
    panes: ['Docker v2 schema 1 (signed)', 'OCI image manifest'],
    cold: ['GET manifest 200', 'GET blob 200'],
  },
  {
    title: 'a manifest list by tag: the list and its amd64 child cold, the list alone warm',
    tag: 'list',
    panes: ['OCI image index', 'Docker v2 schema 2'],
    cold: ['GET manifest 200', 'GET manifest 200'],
  },
];

test.describe('request economy of the browser mode', () => {
  for (const { title, tag, panes, cold } of WORKLOADS) {
    test(title, async ({ page, sampleRegistry }) => {
      await coldThenWarm(page, sampleRegistry.registry, sampleRegistry.reference(tag), panes, cold);
    });
  }

  test('with token auth: one challenge and one token beside the manifest and config cold, the manifest alone warm', async ({ page }) => {
    const dir = await mkdtemp(join(tmpdir(), 'lens-e2e-economy-'));
    const tokens = await startTokenServer({ dir, anonymous: { [SAMPLE_REPOSITORY]: ['pull'] } });
    const registry = await startRegistry({ auth: tokens.registryAuth() });
    try {
      const access = [{ type: 'repository', name: SAMPLE_REPOSITORY, actions: ['pull', 'push'] }];
      await pushSampleImages(registry.url, SAMPLE_REPOSITORY, { authorization: `Bearer ${await tokens.mint('fixture', access)}` });
      const image = WORKLOADS[0]!;
      await coldThenWarm(
        page,
        registry,
        `${registry.host}/${SAMPLE_REPOSITORY}:${image.tag}`,
        image.panes,
        ['GET manifest 401', ...image.cold],
        ['--ca-file', tokens.certFile],
      );
      expect(tokens.requests).toHaveLength(1);
    } finally {
      await Promise.all([registry.stop(), tokens.stop()]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
