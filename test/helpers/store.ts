import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Envelope } from '../../shared/api/errors';
import { LedgerApp } from '../../electron/app';
import { createBackup, type BackupInfo } from '../../electron/backup/service';
import { setup } from '../../electron/system/service';
import { StoreClient, type StoreClientOptions } from '../../electron/worker/client';
import { HOUSEHOLD_LEDGER_HEADER, idCardFor, ledgerXlsx, type Row } from './ledgers';

/** The store worker on a data folder, the way the bridges start it (no backups, no delay before the check). */
export function startStore(dataDir: string, opts: Partial<StoreClientOptions> = {}): Promise<StoreClient> {
  return StoreClient.start({ dataDir, backups: false, dataCheckDelayMs: 0, ...opts });
}

/** A call that must succeed: its value, or the failure as an exception naming the method. */
export async function ok<T = unknown>(store: StoreClient, session: string, method: string, input: unknown = {}): Promise<T> {
  const r = (await store.call(session, method, input)) as Envelope<T>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** First start through the store: a township office and its admin; `session` is logged in afterwards. */
export function setUp(store: StoreClient, session: string) {
  return ok(store, session, 'system.setup', {
    office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
    admin: { username: 'admin', displayName: '王管理', password: 'Admin12345' },
  });
}

/**
 * A household (改造户) ledger of `n` valid rows as clerks keep it (√ marks, 元 amounts as text), base64: the
 * import benchmark's 20,000-row ledger. `offset` numbers the people on, so a second ledger adds new ones.
 */
export async function householdLedger(n: number, offset = 0): Promise<string> {
  const header = HOUSEHOLD_LEDGER_HEADER;
  const rows: Row[] = Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return [
      i + 1,
      `老人${i + 1}`,
      idCardFor(`19${40 + (i % 20)}-0${(i % 9) + 1}-1${i % 10}`, i % 1000, String(420704 + Math.floor(i / 1000))),
      `139${String(i).padStart(8, '0')}`,
      '东湖社区',
      '分散供养特困',
      i % 2 ? '√' : '',
      i % 3 ? '' : '√',
      2024,
      '5,000.00元',
      4000,
      '1000',
    ];
  });
  return (await ledgerXlsx({ title: '适老化改造对象台账', header, rows, textColumns: [2] })).toString('base64');
}

/**
 * The same ledger, built on a thread of its own: building a 20,000-row workbook leaves a hundred MB of
 * garbage, and collecting it later in this thread would stall it while a stall is being measured. (The
 * program's serving process never builds one: the file comes from the clerk's disk.)
 */
export async function householdLedgerOffThread(rows: number, offset = 0): Promise<string> {
  const w = new Worker(join(import.meta.dirname, 'ledgerThread.ts'), { workerData: { rows, offset }, execArgv: ['--import', 'tsx'] });
  try {
    const [b64] = (await once(w, 'message')) as [string];
    return b64;
  } finally {
    await w.terminate();
  }
}

/**
 * The database as bytes after folding the WAL in, and a hash per table, read on a connection of our own:
 * "nothing written" means both are unchanged.
 */
export function snapshot(dataDir: string): { file: string; tables: Record<string, string> } {
  const path = join(dataDir, 'ledger.sqlite');
  const db = new Database(path);
  try {
    const [ckpt] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (ckpt.busy) throw new Error('checkpoint busy: another connection is reading or writing');
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const tables = Object.fromEntries(
      names.map((t) => [
        t,
        createHash('sha256')
          .update(JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()))
          .digest('hex'),
      ]),
    );
    return { file: createHash('sha256').update(readFileSync(path)).digest('hex'), tables };
  } finally {
    db.close();
  }
}

/**
 * How long this process's event loop was held up while `work` runs: what the clerk would feel in the window
 * served from here.
 * - `stallMs`: the longest delay perf_hooks.monitorEventLoopDelay saw (10 ms resolution), the bench's
 *   `ui.stallMs`. On a shared machine it also counts the moments the OS gave this thread no CPU at all.
 * - `busyMs`: the most CPU this thread itself spent within one of those delays (process.threadCpuUsage per
 *   10 ms sample): what this process did (its code and its garbage collector), which the code can be held to.
 */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number; busyMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  let busyMs = 0;
  let last = performance.now();
  let cpu = process.threadCpuUsage();
  const sample = () => {
    const now = performance.now();
    const used = process.threadCpuUsage(cpu);
    busyMs = Math.max(busyMs, Math.min(now - last, (used.user + used.system) / 1000));
    last = now;
    cpu = process.threadCpuUsage();
  };
  const sampler = setInterval(sample, 10);
  h.enable();
  try {
    const value = await work();
    // The delay monitor too records a block only when its next timer fires: let it, then sample the last stretch.
    await new Promise((r) => setTimeout(r, 20));
    sample();
    return { value, stallMs: h.max / 1e6, busyMs };
  } finally {
    h.disable();
    clearInterval(sampler);
  }
}

/**
 * A set-up office in `data` whose file is damaged near its end (pages of a filler table), with a good backup
 * made before: the damage is found only by reading the whole file, as a bad disk sector would be. The
 * filler's statistics are taken first, so opening the file (PRAGMA optimize) does not read those pages.
 */
export async function damagedOffice(data: string): Promise<{ data: string; good: BackupInfo; bytes: Buffer }> {
  const app = new LedgerApp({ dataDir: data });
  await setup(app, {
    office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
    admin: { username: 'admin', displayName: '王管理', password: 'Admin12345' },
  });
  const good = await createBackup(app.store.sqlite, data, 'manual');
  app.store.sqlite.exec(
    'CREATE TABLE filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(400)) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) SELECT i FROM c); ANALYZE;',
  );
  app.close();
  const file = join(data, 'ledger.sqlite');
  const bytes = readFileSync(file);
  bytes.fill(0x5a, bytes.length - 200_000, bytes.length - 150_000);
  writeFileSync(file, bytes);
  return { data, good, bytes };
}
