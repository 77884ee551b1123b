import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Paths are anchored to this file so the build works from any working directory (npm scripts, scripts/build.mjs).
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  // Relative asset URLs: the same build is served from app:// in Electron and from / in the browser mode.
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    // Monaco alone is several MB; it lives in its own lazily loaded chunk, so only warn for far larger files.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: {
    // shared/ sits outside the Vite root.
    fs: { allow: [`${here}/..`] },
  },
});
