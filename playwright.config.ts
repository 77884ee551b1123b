import { defineConfig } from '@playwright/test';

/** End-to-end tests: the browser mode in Debian's chromium, and the Electron shell where its binary exists. */
export default defineConfig({
  testDir: 'e2e',
  // Never test a stale build: rebuild dist/ when a source is newer.
  globalSetup: './e2e/globalSetup.ts',
  // A subfolder: Playwright empties its outputDir on start, and test-results/ also holds vitest.json.
  outputDir: 'test-results/e2e',
  // Each worker runs its own docker-registry and browser-mode server; two fit a 2-core machine.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // list prints a summary line; the JSON file feeds the closing line of scripts/test.mjs.
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless=new',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
