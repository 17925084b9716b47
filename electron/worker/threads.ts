import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
/** Run from source (tsx: `npm run web`, the tests) the threads load their .ts files through tsx too. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The thread entries: source file beside this one, and the bundle electron-vite writes beside main.js. */
const ENTRIES = { store: { source: 'host.ts', bundle: 'worker.js' }, dataCheck: { source: 'dataCheck.ts', bundle: 'data-check.js' } };

export type ThreadName = keyof typeof ENTRIES;

/**
 * Starts one of our worker threads. `bundleDir` picks the built bundle explicitly (the bench measures the
 * start of the real program: out/main/worker.js, not tsx compiling the sources).
 */
export function startThread(name: ThreadName, options: WorkerOptions, bundleDir?: string): Worker {
  // Not the parent's flags: process-wide ones (--inspect, --trace-gc…) would refuse to start a thread.
  if (bundleDir || !FROM_SOURCE) return new Worker(join(bundleDir ?? here, ENTRIES[name].bundle), { ...options, execArgv: [] });
  return new Worker(join(here, ENTRIES[name].source), { ...options, execArgv: ['--import', 'tsx'] });
}
