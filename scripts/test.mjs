// `npm test`: type checks, lint, formatting, build, unit + integration tests (vitest), end-to-end tests
// (Playwright in Debian chromium), then one closing line with the counts of both runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['typecheck (node, electron, renderer)', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['format (prettier --check)', 'npm', ['run', '--silent', 'format:check']],
  ['build', 'npm', ['run', '--silent', 'build']],
  [
    'unit and integration tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  ],
  ['end-to-end tests', 'npx', ['playwright', 'test']],
];

mkdirSync('test-results', { recursive: true });
// Counts come from this run only.
for (const report of ['test-results/vitest.json', 'test-results/playwright.json']) rmSync(report, { force: true });
let failedStep = null;
for (const [label, command, args] of steps) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    failedStep = label;
    break;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += v.numFailedTests ?? 0;
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  counts.passed += p.stats?.expected ?? 0;
  counts.failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  counts.skipped += p.stats?.skipped ?? 0;
}
if (failedStep) process.stdout.write(`\nFAILED at: ${failedStep}\n`);
process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(failedStep ? 1 : 0);
