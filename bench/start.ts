import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StoreClient } from '../electron/worker/client';
import { bundleDir } from './worker';

/**
 * Start to usable on an existing data folder (a city-scale seed: `npm run seed -- --scale city --out DIR`),
 * the way the program starts: the built store worker (out/main/worker.js, `npm run build` first) opens the
 * database, then the first screen's calls. "Usable" is the answer to system.status (the login page shows);
 * login and dashboard.get follow (the home page). Each figure is the minimum of `runs` starts.
 *   npx tsx bench/start.ts DIR            after a clean shutdown (no check on the start path)
 *   npx tsx bench/start.ts DIR --unclean  after a crash (the running marker is there: quick_check first)
 */
export async function measureStart(dir: string, runs: number, unclean = false): Promise<Record<string, number>> {
  const bundle = bundleDir();
  if (!bundle) throw new Error('缺少 out/main/worker.js:先运行 npm run build');
  const best: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    if (unclean) writeFileSync(join(dir, 'ledger.running'), '{}');
    else rmSync(join(dir, 'ledger.running'), { force: true });
    const t0 = performance.now();
    const store = await StoreClient.start({ dataDir: dir, backups: false, bundleDir: bundle, dataCheckDelayMs: 0 });
    const t1 = performance.now();
    const status = await store.call('bench', 'system.status', {});
    const t2 = performance.now();
    const checked = new Promise<number>((r) => store.once('data-check', () => r(performance.now())));
    const login = await store.call('bench', 'session.login', { username: 'admin', password: 'Admin12345' });
    const t3 = performance.now();
    const home = await store.call('bench', 'dashboard.get', {});
    const t4 = performance.now();
    if (!status.ok || !login.ok || !home.ok) throw new Error(JSON.stringify([status, login, home]).slice(0, 500));
    const checkDone = unclean ? t1 : await checked;
    const run = {
      'worker ready': t1 - t0,
      'open inside the worker': store.openMs,
      'usable (system.status answered)': t2 - t0,
      'login answered': t3 - t0,
      'home page data (dashboard.get)': t4 - t0,
      'background check done': checkDone - t0,
    };
    for (const [k, v] of Object.entries(run)) best[k] = Math.min(best[k] ?? Infinity, v);
    console.log(
      `  start ${i + 1}: ${Object.entries(run)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join(', ')}`,
    );
    await store.close();
  }
  return best;
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const dir = resolve(process.argv[2] ?? '.tmp/seed-city');
  const unclean = process.argv.includes('--unclean');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (!existsSync(join(dir, 'ledger.sqlite'))) throw new Error(`${dir} 中没有数据库:先运行 npm run seed -- --scale city --out ${dir}`);
  const best = await measureStart(dir, runs, unclean);
  console.log(`start on ${dir}${unclean ? ' after an unclean shutdown' : ''}, min of ${runs}:`);
  for (const [k, v] of Object.entries(best)) console.log(`  ${k.padEnd(34)} ${Math.round(v)} ms`);
}
