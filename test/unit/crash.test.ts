import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { exportOfficeCard, exportPackage, registerOffice } from '../../electron/sync/service';
import { setup } from '../../electron/system/service';
import { listBackups } from '../../electron/backup/service';
import { ledgerXlsx } from '../helpers/ledgers';
import { startStore } from '../helpers/store';

/**
 * Crash safety: a child process is killed with SIGKILL at a random moment during an operation, many times;
 * afterwards the database passes integrity_check and each operation is either wholly there or wholly absent.
 * CRASH_RUNS sets the number of kills per operation (the test default keeps CI short).
 */
const RUNS = Number(process.env.CRASH_RUNS ?? 8);
const WORKER = resolve(import.meta.dirname, '../helpers/crashWorker.ts');
const actor = { userId: 'a', userName: 'a', role: 'admin' as const };
let base: string;
let districtTemplate: string;
let townTemplate: string;
let pkgFile: string;
let pkgFacilities: number;
let ledgerFile: string;
const LEDGER_ROWS = 3000;

function killAt(mode: string, dir: string, arg: string, delayMs: number): Promise<string> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, mode, dir, arg], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', () => res(out));
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'crash-'));
  districtTemplate = join(base, 'district');
  townTemplate = join(base, 'town');
  const d = new LedgerApp({ dataDir: districtTemplate });
  const t = new LedgerApp({ dataDir: townTemplate });
  await setup(d, {
    office: { level: 'district', divisionCode: '420704000000', name: '区' },
    admin: { username: 'admin', displayName: 'a', password: 'Admin12345' },
  });
  await setup(t, {
    office: { level: 'township', divisionCode: '420704001000', name: '镇' },
    admin: { username: 'admin', displayName: 'a', password: 'Admin12345' },
  });
  registerOffice(d, actor, exportOfficeCard(t).bytes);
  registerOffice(t, actor, exportOfficeCard(d).bytes);
  pkgFacilities = 1500;
  t.run.tx(() => {
    for (let i = 0; i < pkgFacilities; i++)
      t.records.create('facilities', { townshipCode: '420704001000', name: `院${i}`, type: '其他', status: '运营', bedsTotal: 10 }, actor);
  });
  pkgFile = join(base, 'pkg.ecsync');
  writeFileSync(pkgFile, exportPackage(t, actor, d.requireOffice().id).bytes);
  d.close();
  t.close();
  ledgerFile = join(base, 'ledger.xlsx');
  const rows = Array.from({ length: LEDGER_ROWS }, (_, i) => [i + 1, `台账院${i}`, '凤凰街道', '敬老院', 20, 5, '2019-05-06', '运营']);
  writeFileSync(
    ledgerFile,
    await ledgerXlsx({
      title: '养老机构台账',
      header: [['序号', '机构名称', '乡镇(街道)', '机构类型', '床位总数', '护理型床位', '成立日期', '运营状态']],
      rows,
    }),
  );
}, 120_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

function integrity(dir: string): string {
  const db = new Database(join(dir, 'ledger.sqlite'));
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

describe('SIGKILL at random moments', () => {
  it('during a sync import: nothing or the whole package, integrity ok', async () => {
    const seen = { none: 0, all: 0 };
    for (let i = 0; i < RUNS; i++) {
      const dir = join(base, `imp${i}`);
      cpSync(districtTemplate, dir, { recursive: true });
      await killAt('import', dir, pkgFile, Math.floor(Math.random() * 4000));
      expect(integrity(dir)).toBe('ok');
      const app = new LedgerApp({ dataDir: dir });
      const n = app.records.list('facilities', {}).total;
      const inbox = (app.store.sqlite.prepare('SELECT count(*) AS n FROM sync_inbox').get() as { n: number }).n;
      app.close();
      expect([0, pkgFacilities]).toContain(n);
      expect(inbox).toBe(n ? 1 : 0);
      seen[n ? 'all' : 'none']++;
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`crash/import: ${RUNS} kills, ${seen.all} whole, ${seen.none} absent, 0 partial`);
  }, 300_000);

  it('during ordinary writes: every 10-record operation whole or absent', async () => {
    for (let i = 0; i < RUNS; i++) {
      const dir = join(base, `w${i}`);
      cpSync(townTemplate, dir, { recursive: true });
      await killAt('writes', dir, '', 200 + Math.floor(Math.random() * 800));
      expect(integrity(dir)).toBe('ok');
      const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
      const partial = db
        .prepare("SELECT remark, count(*) AS n FROM facilities WHERE remark LIKE 'op%' GROUP BY remark HAVING n != 10")
        .all();
      const audit = db
        .prepare(
          "SELECT count(*) AS n FROM facilities f WHERE f.remark LIKE 'op%' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.recordId = f.id)",
        )
        .get() as { n: number };
      db.close();
      expect(partial).toEqual([]);
      expect(audit.n).toBe(0); // no record without its audit rows
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('during an Excel ledger import: all of its rows or none, with the audit', async () => {
    const seen = { all: 0, none: 0 };
    for (let i = 0; i < RUNS; i++) {
      const dir = join(base, `l${i}`);
      cpSync(townTemplate, dir, { recursive: true });
      // The kill lands anywhere from the preview to after the commit.
      await killAt('ledger', dir, ledgerFile, Math.floor(Math.random() * 4000));
      expect(integrity(dir)).toBe('ok');
      const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
      const n = (db.prepare("SELECT count(*) AS n FROM facilities WHERE name LIKE '台账院%'").get() as { n: number }).n;
      const audited = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import'").get() as { n: number }).n;
      db.close();
      expect([0, LEDGER_ROWS]).toContain(n);
      expect(audited).toBe(n ? 1 : 0);
      if (n) seen.all++;
      else seen.none++;
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`crash/ledger import: ${RUNS} kills, ${seen.all} whole, ${seen.none} absent, 0 partial`);
  }, 600_000);

  it('during a file save (PDF to a USB stick): the file is an earlier or later version, whole, never torn', async () => {
    let whole = 0;
    for (let i = 0; i < RUNS; i++) {
      const dir = join(base, `f${i}`);
      const { readFileSync, statSync } = await import('node:fs');
      cpSync(townTemplate, dir, { recursive: true });
      const target = join(dir, '检查表.pdf');
      await killAt('file', dir, target, 50 + Math.floor(Math.random() * 800));
      if (existsSync(target)) {
        const bytes = readFileSync(target);
        expect(statSync(target).size).toBe(8 * 1024 * 1024);
        expect(bytes.every((b) => b === bytes[0])).toBe(true);
        whole++;
      }
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`crash/file save: ${RUNS} kills, ${whole} whole files, ${RUNS - whole} not yet written, 0 torn`);
  }, 300_000);

  it('during backups: a backup folder is complete or not listed; the database is intact; no .part after the next start', async () => {
    let partsLeft = 0;
    for (let i = 0; i < RUNS; i++) {
      const dir = join(base, `b${i}`);
      cpSync(townTemplate, dir, { recursive: true });
      await killAt('backup', dir, '', 100 + Math.floor(Math.random() * 600));
      expect(integrity(dir)).toBe('ok');
      const bdir = join(dir, 'backups');
      for (const name of existsSync(bdir) ? readdirSync(bdir).filter((n) => !n.endsWith('.part')) : [])
        expect(integrity(join(bdir, name)), name).toBe('ok');
      // The next start (the store worker, as the program starts it) leaves no half backup behind.
      const parts = existsSync(bdir) ? readdirSync(bdir).filter((n) => n.endsWith('.part')) : [];
      partsLeft += parts.length;
      const store = await startStore(dir);
      await store.close();
      expect(readdirSync(bdir).filter((n) => n.endsWith('.part'))).toEqual([]);
      for (const name of listBackups(dir)) expect(integrity(join(bdir, name.name)), name.name).toBe('ok');
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`crash/backup: ${RUNS} kills, ${partsLeft} half backups (.part) left by a kill, none after the next start`);
  }, 300_000);
});
