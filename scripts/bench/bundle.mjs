// Bundles TypeScript bench entries (name → source file) for plain node into `outdir`, as .mjs files, so
// no loader runs beside what is measured.
import { build } from 'esbuild';

export function bundleForNode(entryPoints, outdir) {
  return build({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
