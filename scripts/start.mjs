// `npm start`: the desktop app where Electron's binary is installed, the browser mode otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Electron's package resolves its binary on first use, downloading it when missing. Ask in a child
 * process so that a failed download (no internet) prints its one-line outcome, not its stack.
 */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const binary = electronBinary();
const [command, args] = binary ? [binary, ['.']] : [process.execPath, ['bin/manifest-lens.js', 'serve', ...process.argv.slice(2)]];
if (!binary) {
  process.stderr.write(
    'Electron binary not installed and it could not be downloaded (that needs internet access);\n' +
      'starting the browser mode instead. Open this URL:\n',
  );
}
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
