/**
 * The Auth panel in the browser mode, against docker-registry with token auth and the jose token
 * server: the verdict, the decoded claims, the scopes asked beside the scopes granted, and credentials
 * entered in the page that work and never come back into it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { basicAuth, plantSecret, tempHome, type TempHome } from '../test/support/authServers';
import { pageTest as base, startLensServer } from '../test/support/app';
import { findComponent, missingMessage, type ComponentName } from '../test/support/components';
import { sampleImage } from '../test/support/images';
import { pushBlob, pushManifest } from '../test/support/push';
import { startRegistry, type RunningRegistry } from '../test/support/registry';
import { startTokenServer, type RunningTokenServer } from '../test/support/tokenServer';

const REPO = 'lens/auth-ui';
const password = plantSecret('ui-alice-password');

interface AuthWorld {
  tokens: RunningTokenServer;
  registry: RunningRegistry;
  reference: string;
}

const NEEDED: ComponentName[] = ['docker-registry', 'chromium'];

const test = base.extend<{ requireComponents: void; home: TempHome; lens: (home: TempHome) => Promise<Page> }, { world: AuthWorld }>({
  // Automatic and test-scoped, so a missing program skips (or, on CI, fails in findComponent) first.
  requireComponents: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      for (const name of NEEDED) base.skip(findComponent(name) === undefined, missingMessage(name));
      await use();
    },
    { auto: true },
  ],

  world: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'lens-auth-e2e-'));
      const tokens = await startTokenServer({ dir, users: { alice: { password, grants: { [REPO]: ['pull'] } } } });
      const registry = await startRegistry({ auth: tokens.registryAuth() });
      try {
        const headers = {
          authorization: `Bearer ${await tokens.mint('fixture', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}`,
        };
        const image = sampleImage('auth-ui', { architecture: 'amd64', os: 'linux' }, 'docker');
        for (const blob of image.blobs) await pushBlob(registry.url, REPO, blob, headers);
        await pushManifest(registry.url, REPO, 'v1', image.manifest.bytes, image.manifest.mediaType, headers);
        await use({ tokens, registry, reference: `${registry.host}/${REPO}:v1` });
      } finally {
        await registry.stop();
        await tokens.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  home: async ({}, use) => {
    const home = await tempHome();
    await use(home);
    await home.remove();
  },

  lens: async ({ page, world }, use) => {
    const servers: Array<{ stop(): Promise<void> }> = [];
    await use(async (home) => {
      const server = await withEnvironment({ ...home.env, NODE_EXTRA_CA_CERTS: world.tokens.certFile }, startLensServer);
      servers.push(server);
      await page.goto(server.url);
      await page.getByRole('textbox', { name: 'Image reference' }).fill(world.reference);
      await page.getByRole('button', { name: 'Inspect', exact: true }).click();
      return page;
    });
    for (const server of servers) await server.stop();
  },
});

/**
 * Starts `manifest-lens serve` the way a user would configure it: through the environment (a temp
 * HOME and DOCKER_CONFIG, the token server's certificate as an extra CA). The server inherits this
 * process's environment, so it is set for the start and put back right after.
 */
async function withEnvironment<T>(env: Record<string, string | undefined>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(env);
  try {
    return await start();
  } finally {
    apply(saved);
  }
}

/** The planted password, and what a Basic header would carry, must never be in the page. */
async function expectNoSecret(page: Page): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(password);
  expect(html).not.toContain(basicAuth('alice', password).slice(6));
}

test('the Auth panel shows the credential source, the decoded claims and the scopes asked vs granted', async ({ world, home, lens }) => {
  await home.dockerConfig({ auths: { [world.registry.host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } });
  const page = await lens(home);
  const auth = page.getByRole('region', { name: 'Auth' });
  await expect(auth.getByText('Authenticated', { exact: true })).toBeVisible();
  await expect(auth).toContainText(/alice from .*config\.json auths\["127\.0\.0\.1:\d+"\]/);

  const claims = auth.getByRole('table', { name: 'Token claims' });
  await expect(claims.getByRole('row', { name: /^iss lens-token-server$/ })).toBeVisible();
  await expect(claims.getByRole('row', { name: /^sub alice$/ })).toBeVisible();
  await expect(claims.getByRole('row', { name: /^aud lens-registry$/ })).toBeVisible();
  await expect(claims.getByRole('row', { name: `access repository:${REPO}:pull` })).toBeVisible();
  await expect(claims.getByRole('row', { name: `header kid ${world.tokens.keyId}` })).toBeVisible();
  await expect(claims.getByRole('row', { name: /^exp \d{4}-\d\d-\d\dT/ })).toBeVisible();

  const scopes = auth.getByRole('table', { name: 'Scopes asked and granted' });
  await expect(scopes.getByRole('row', { name: `Asked repository:${REPO}:pull` })).toBeVisible();
  await expect(scopes.getByRole('row', { name: `Granted repository:${REPO}:pull` })).toBeVisible();
  await expectNoSecret(page);
});

test('without credentials the panel explains the failure; credentials typed into it work and never come back', async ({
  world,
  home,
  lens,
}) => {
  const page = await lens(home);
  const auth = page.getByRole('region', { name: 'Auth' });
  await expect(auth.getByText('Authentication failed (insufficient-scope)')).toBeVisible();
  await expect(auth).toContainText('no credentials were found');
  // One banner, at the top, in view: no pane repeats the refusal.
  const box = (await auth.boundingBox())!;
  expect(box.y).toBeLessThan(page.viewportSize()!.height);
  expect(box.y).toBeGreaterThanOrEqual(0);
  await expect(page.getByRole('region', { name: 'Auth' })).toHaveCount(1);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Docker v2 schema 1 (signed)' })).toHaveCount(0);
  await expect(
    auth.getByRole('table', { name: 'Scopes asked and granted' }).getByRole('row', { name: `Missing repository:${REPO}:pull` }),
  ).toBeVisible();

  const form = auth.getByRole('form', { name: `Credentials for ${world.registry.host}` });
  await form.getByRole('textbox', { name: 'Username' }).fill('alice');
  await form.getByLabel('Password or token').fill(password);
  await expect(form.getByRole('checkbox', { name: 'Remember (encrypted by the OS keychain)' })).toBeDisabled();
  await form.getByRole('button', { name: 'Use and inspect again' }).click();

  await expect(auth.getByText('Authenticated', { exact: true })).toBeVisible();
  await expect(auth).toContainText('alice from this session (entered, not saved)');
  await expect(form.getByLabel('Password or token')).toHaveValue('');
  await expectNoSecret(page);
  expect(world.tokens.requests.at(-1)).toMatchObject({ user: 'alice', status: 200 });
});
