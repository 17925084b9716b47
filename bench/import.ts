import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import { createBackupSync } from '../electron/backup/service';
import { ImportService } from '../electron/import/service';
import { setup } from '../electron/system/service';

/**
 * `npm run bench` (import part): a 20,000-row household ledger (xlsx) through preview and commit, beside
 * raw prepared statements writing the same rows in one transaction on a fresh database of the same
 * schema. Two baselines: the record rows alone, and the record rows plus the same audit and change-log
 * rows the app writes (what "the same data" means for an app that must keep history and sync).
 */
const N = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);

async function freshApp() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
  const app = new LedgerApp({ dataDir: dir });
  const user = await setup(app, {
    office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
    admin: { username: 'admin', displayName: '王管理', password: 'Admin12345' },
  });
  return { dir, app, actor: { userId: user.id, userName: user.displayName, role: user.role } };
}

function rss() {
  return process.memoryUsage().rss / 1e6;
}

async function main() {
  // Built in a process of its own (ExcelJS holds the whole workbook while writing it, and a thread's memory
  // stays in this process's RSS): the peak below is the import's, not the generator's.
  const ledgerDir = mkdtempSync(join(tmpdir(), 'ledger-bench-file-'));
  const ledgerFile = join(ledgerDir, 'ledger.xlsx');
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'importLedger.ts'), String(N), ledgerFile], {
    stdio: 'inherit',
  });
  const file = readFileSync(ledgerFile);
  rmSync(ledgerDir, { recursive: true, force: true });
  console.log(`ledger: ${N} rows, ${(file.length / 1e6).toFixed(1)} MB xlsx`);

  const a = await freshApp();
  const svc = new ImportService(a.app);
  const rss0 = rss();
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const t0 = performance.now();
  const p = await svc.preview({ kind: 'households', fileName: 'big.xlsx', dataBase64: file.toString('base64') }, a.actor);
  const t1 = performance.now();
  const s = await svc.commit({ previewId: p.previewId, mode: 'all' }, a.actor);
  const t2 = performance.now();
  clearInterval(sampler);
  if (s.created !== N) throw new Error(`expected ${N} created, got ${s.created}`);
  const tb = performance.now();
  createBackupSync(a.app.store.sqlite, a.dir, 'manual');
  const backupMs = performance.now() - tb;

  // The same rows, written by hand on a fresh database of the same schema.
  const sql = a.app.store.sqlite;
  const households = sql.prepare('SELECT * FROM households').all() as Record<string, unknown>[];
  const audit = sql.prepare("SELECT * FROM audit_log WHERE entity = 'households'").all() as Record<string, unknown>[];
  const changes = sql.prepare("SELECT * FROM change_log WHERE entity = 'households'").all() as Record<string, unknown>[];
  const insertAll = (db: typeof sql, table: string, list: Record<string, unknown>[], skip: string[]) => {
    const cols = Object.keys(list[0]).filter((c) => !skip.includes(c));
    // Generated columns (idCardLast4 …) cannot be inserted: leave out what SQLite computes itself.
    const generated = new Set(
      (db.prepare(`SELECT name FROM pragma_table_xinfo('${table}') WHERE hidden IN (2, 3)`).all() as { name: string }[]).map((r) => r.name),
    );
    const use = cols.filter((c) => !generated.has(c));
    const st = db.prepare(`INSERT INTO ${table} (${use.join(',')}) VALUES (${use.map(() => '?').join(',')})`);
    for (const r of list) st.run(...use.map((c) => r[c]));
  };
  const baseline = async (withLogs: boolean) => {
    const b = await freshApp();
    const db = b.app.store.sqlite;
    const t = performance.now();
    db.transaction(() => {
      insertAll(db, 'households', households, []);
      if (withLogs) {
        insertAll(db, 'audit_log', audit, ['id']);
        insertAll(db, 'change_log', changes, ['seq']);
      }
    })();
    const ms = performance.now() - t;
    b.app.close();
    rmSync(b.dir, { recursive: true, force: true });
    return ms;
  };
  const rawRows = await baseline(false);
  const rawWithLogs = await baseline(true);
  const commitMs = t2 - t1;
  const result = {
    rows: N,
    preview_ms: Math.round(t1 - t0),
    commit_ms: Math.round(commitMs),
    backup_of_imported_db_ms: Math.round(backupMs),
    raw_rows_only_ms: Math.round(rawRows),
    raw_rows_audit_changelog_ms: Math.round(rawWithLogs),
    ratio_commit_vs_raw_rows: +(commitMs / rawRows).toFixed(1),
    ratio_commit_vs_raw_with_logs: +(commitMs / rawWithLogs).toFixed(1),
    audit_rows: audit.length,
    change_rows: changes.length,
    peak_rss_mb: Math.round(peak),
    rss_growth_mb: Math.round(peak - rss0),
  };
  console.table([result]);
  a.app.close();
  rmSync(a.dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
