// Builds everything `npm start`, the CLI and the tests need, without the Electron binary:
// the main-process bundles with esbuild and the renderer with Vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';

// Always a production build: test runners set NODE_ENV=test (vitest) and Vite would then bundle React's
// development runtime (550 KiB instead of 326 KiB) into a build the tests and benchmarks measure.
process.env.NODE_ENV = 'production';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'electron/cli/cli.ts' },
    outdir: 'dist',
    format: 'esm',
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({ ...common, entryPoints: { main: 'electron/shell/main.ts' }, outfile: 'dist/main.cjs', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: { preload: 'electron/shell/preload.ts' },
    outfile: 'dist/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
