#!/usr/bin/env node
// The manifest-lens command: runs the bundle that `npm run build` writes to dist/.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('manifest-lens: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
const { main } = await import(bundle.href);
await main();
