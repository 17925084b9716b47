import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { METHODS } from './shared/api/contract';

// Main is ESM (package.json "type": "module"); the preload must be one bundled CJS file because a
// sandboxed preload cannot require() anything from node_modules. The store worker and the background data
// check are entries of their own beside main.js (electron/worker/threads.ts starts them by these names);
// shared chunks sit in the same folder, so a path computed from any chunk finds them.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          main: resolve(import.meta.dirname, 'electron/main.ts'),
          worker: resolve(import.meta.dirname, 'electron/worker/host.ts'),
          'data-check': resolve(import.meta.dirname, 'electron/worker/dataCheck.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    // The contract's method names, baked in so the sandboxed preload needs neither zod nor node_modules.
    define: { __LEDGER_METHODS__: JSON.stringify(METHODS) },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
