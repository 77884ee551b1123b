// `npm start`: the desktop app where Electron's binary is installed, the browser mode otherwise.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron'); // the binary's path, once downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the package is there but its binary was never downloaded
  }
}

const binary = electronBinary();
const [command, args] = binary
  ? [binary, ['.']]
  : [process.execPath, ['bin/manifest-lens.js', 'serve', ...process.argv.slice(2)]];
if (!binary) {
  process.stderr.write('Electron binary not installed (it is downloaded on first use, which needs internet access);\n' +
    'starting the browser mode instead. Open this URL:\n');
}
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
