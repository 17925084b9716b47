import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportPreview, ImportSummary } from '../shared/import/contract';
import { LedgerApp } from '../electron/app';
import { setup } from '../electron/system/service';
import { longestStall, ok, setUp } from '../test/helpers/store';
import { bundleDir } from './worker';

/**
 * The import figures, in a process of its own (bench.ts starts it) so its peak RSS is the import's alone:
 * a household ledger of N rows (xlsx, written by a process of its own as if read from the clerk's disk: a
 * thread's memory would stay in this process's RSS) through
 * import.preview and import.commit in the store worker, timed and watched from the serving process (stall,
 * RSS of the whole process, worker included). Then the baseline in the same run: raw prepared statements
 * writing the same rows, audit and change-log rows included, in one transaction on a fresh database of the
 * same schema. Prints one line `BENCH_JSON {…}` for bench.ts; run alone it prints a table.
 *   npx tsx bench/import.ts [rows]
 */
const N = Number(process.argv[2] ?? process.env.BENCH_IMPORT_ROWS ?? 20_000);
const S = 'bench:import';

async function main() {
  const ledgerDir = mkdtempSync(join(tmpdir(), 'ledger-bench-file-'));
  const ledgerFile = join(ledgerDir, 'ledger.xlsx');
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'importLedger.ts'), String(N), ledgerFile], {
    stdio: 'inherit',
  });
  const ledger = readFileSync(ledgerFile).toString('base64');
  rmSync(ledgerDir, { recursive: true, force: true });
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
  const { StoreClient } = await import('../electron/worker/client');
  const store = await StoreClient.start({ dataDir: dir, backups: false, dataCheckDelayMs: 60_000, bundleDir: bundleDir() });
  await setUp(store, S);
  const mb = () => process.memoryUsage().rss / 1e6;
  let peak = mb();
  const sampler = setInterval(() => {
    peak = Math.max(peak, mb());
  }, 20);
  let previewMs = 0;
  const t0 = performance.now();
  const {
    value: summary,
    stallMs,
    busyMs,
  } = await longestStall(async () => {
    const p = await ok<ImportPreview>(store, S, 'import.preview', { kind: 'households', fileName: '改造户台账.xlsx', dataBase64: ledger });
    previewMs = performance.now() - t0;
    if (p.counts.create !== N) throw new Error(`preview: expected ${N} new rows, got ${JSON.stringify(p.counts)}`);
    return ok<ImportSummary>(store, S, 'import.commit', { previewId: p.previewId, mode: 'all', jobId: 'bench-import-commit' });
  });
  const totalMs = performance.now() - t0;
  clearInterval(sampler);
  if (summary.created !== N) throw new Error(`commit: expected ${N} created, got ${summary.created}`);
  await store.close();

  // The same rows, written by hand on a fresh database of the same schema.
  const written = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  const households = written.prepare('SELECT * FROM households').all() as Record<string, unknown>[];
  const audit = written.prepare("SELECT * FROM audit_log WHERE entity LIKE 'household%'").all() as Record<string, unknown>[];
  const changes = written.prepare("SELECT * FROM change_log WHERE entity LIKE 'household%'").all() as Record<string, unknown>[];
  written.close();
  const rawDir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-raw-'));
  const raw = new LedgerApp({ dataDir: rawDir });
  await setup(raw, {
    office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
    admin: { username: 'admin', displayName: '王管理', password: 'Admin12345' },
  });
  const db = raw.store.sqlite;
  const insertAll = (table: string, rows: Record<string, unknown>[], skip: string[]) => {
    if (!rows.length) return;
    // Generated columns (idCardLast4 …) cannot be inserted: leave out what SQLite computes itself.
    const generated = new Set(
      db.prepare(`SELECT name FROM pragma_table_xinfo('${table}') WHERE hidden IN (2, 3)`).pluck().all() as string[],
    );
    const cols = Object.keys(rows[0]).filter((c) => !skip.includes(c) && !generated.has(c));
    const st = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
    for (const r of rows) st.run(...cols.map((c) => r[c]));
  };
  const tr = performance.now();
  db.transaction(() => {
    insertAll('households', households, []);
    insertAll('audit_log', audit, ['id']);
    insertAll('change_log', changes, ['seq']);
  })();
  const rawMs = performance.now() - tr;
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(rawDir, { recursive: true, force: true });

  const commitMs = totalMs - previewMs;
  const result = {
    rows: N,
    previewMs,
    commitMs,
    totalMs,
    rawMs,
    ratioRaw: commitMs / rawMs,
    peakMb: peak,
    stallMs,
    busyMs,
    auditRows: audit.length,
    changeRows: changes.length,
  };
  console.table([Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Math.round(v * 100) / 100]))]);
  console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
