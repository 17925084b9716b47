import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention, backupsDir, createBackup, listBackups, verifyBackup } from '../../electron/backup/service';
import { FENGHUANG, makeApp } from '../helpers/app';

let t: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.cleanup());

describe('backups', () => {
  it('makes a consistent online copy with the photos, while the database is open in WAL mode', async () => {
    t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '备份测试院', type: '其他', status: '运营' }, t.actor);
    mkdirSync(join(t.dir, 'photos', 'x'), { recursive: true });
    writeFileSync(join(t.dir, 'photos', 'x', 'a.png'), 'png');
    const b = await createBackup(t.app.store.sqlite, t.dir, 'manual', new Date(2026, 10, 22, 9, 30, 0));
    expect(b.reason).toBe('手动备份');
    const copy = new Database(join(backupsDir(t.dir), b.name, 'ledger.sqlite'), { readonly: true });
    expect(copy.prepare('SELECT name FROM facilities').all()).toEqual([{ name: '备份测试院' }]);
    copy.close();
    expect(existsSync(join(backupsDir(t.dir), b.name, 'photos', 'x', 'a.png'))).toBe(true);
    expect(verifyBackup(t.dir, b.name)).toMatchObject({ ok: true });
    expect(listBackups(t.dir).map((x) => x.name)).toEqual([b.name]);
  });

  it('detects a damaged backup', async () => {
    const b = await createBackup(t.app.store.sqlite, t.dir, 'manual');
    const file = join(backupsDir(t.dir), b.name, 'ledger.sqlite');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    bytes.fill(0x41, 4096, 8192); // clobber a page
    writeFileSync(file, bytes);
    expect(verifyBackup(t.dir, b.name).ok).toBe(false);
  });

  it('keeps the last 10 and one per day for 30 days', async () => {
    const base = new Date(2026, 9, 1, 8, 0, 0);
    const p = (n: number) => String(n).padStart(2, '0');
    for (let day = 0; day < 40; day++)
      for (let k = 0; k < 2; k++) {
        const w = new Date(base.getTime() + day * 86400_000 + k * 3600_000);
        const dir = join(backupsDir(t.dir), `${w.getFullYear()}${p(w.getMonth() + 1)}${p(w.getDate())}-${p(w.getHours())}0000-000-daily`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'ledger.sqlite'), 'x');
      }
    const now = new Date(base.getTime() + 40 * 86400_000);
    applyRetention(t.dir, now);
    const left = listBackups(t.dir);
    const days = new Set(left.map((b) => b.name.slice(0, 8)));
    expect(left.length).toBeGreaterThanOrEqual(10);
    expect(days.size).toBeGreaterThanOrEqual(29); // about one a day for the last 30 days
    expect(left.some((b) => b.name.startsWith('20261001'))).toBe(false); // 40 days old: gone
  });
});
