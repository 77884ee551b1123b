import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/** The UI benchmark (scripts/bench-ui.mjs): one worker, so no other test competes for the two cores. */
export default defineConfig({
  ...base,
  testDir: '.',
  globalSetup: '../../e2e/globalSetup.ts',
  testMatch: 'ui.bench.ts',
  outputDir: '../../test-results/bench-ui',
  workers: 1,
  timeout: 300_000,
  reporter: [['list']],
  // No tracing or screenshots: they snapshot the page on every action, in the middle of what is timed.
  use: { ...base.use, trace: 'off', screenshot: 'off' },
});
