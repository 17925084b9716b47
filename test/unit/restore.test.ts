import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { restoreBackup, type RestoreStep } from '../../electron/backup/restore';
import { backupsDir, createBackup, listBackups } from '../../electron/backup/service';
import { dispatch } from '../../electron/api/dispatch';
import { createUser } from '../../electron/system/users';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';

let t: Awaited<ReturnType<typeof makeApp>>;
// A stopped wall clock: HLCs then advance by their counter alone, so a clock restored from the backup's
// older state would visibly issue timestamps below ones already issued.
beforeEach(async () => {
  t = await makeApp({ now: () => Date.UTC(2026, 10, 20, 2, 0, 0) });
});
afterEach(() => t.cleanup());

const names = () =>
  t.app.store.sqlite.prepare('SELECT name FROM facilities WHERE deletedAt IS NULL ORDER BY name').pluck().all() as string[];
const addFacility = (name: string) =>
  t.app.records.create('facilities', { townshipCode: FENGHUANG, name, type: '其他', status: '运营' }, t.actor);
const photo = (rel: string, body: string) => {
  mkdirSync(join(t.dir, 'photos', rel, '..'), { recursive: true });
  writeFileSync(join(t.dir, 'photos', rel), body);
};

async function backupWithOneFacility() {
  addFacility('甲敬老院');
  photo('h1/before.jpg', 'old photo');
  const b = await createBackup(t.app.store.sqlite, t.dir, 'manual', new Date(2026, 10, 1, 9, 0, 0));
  addFacility('乙敬老院');
  photo('h1/before.jpg', 'new photo');
  photo('h2/after.jpg', 'added later');
  return b;
}

describe('restore from a backup', () => {
  it('puts the backup’s records and photos in place, audits it in the restored data, and can be undone', async () => {
    const b = await backupWithOneFacility();
    const hlcBefore = t.app.store.sqlite.prepare("SELECT value FROM meta WHERE key = 'hlc'").pluck().get() as string;

    const r = await restoreBackup(t.app, t.actor, b.name);
    expect(r.restored.name).toBe(b.name);
    expect(r.undo.reason).toBe('恢复备份前');
    expect(names()).toEqual(['甲敬老院']);
    expect(readFileSync(join(t.dir, 'photos', 'h1', 'before.jpg'), 'utf8')).toBe('old photo');
    expect(existsSync(join(t.dir, 'photos', 'h2'))).toBe(false);
    // No temporary or set-aside files are left beside the data.
    expect(readdirSync(t.dir).filter((f) => /restoring|before-restore/.test(f))).toEqual([]);
    const audit = t.app.store.sqlite
      .prepare("SELECT userName, oldValue, newValue, note FROM audit_log WHERE action = 'backup-restore'")
      .all() as { userName: string; oldValue: string; newValue: string; note: string }[];
    expect(audit).toEqual([expect.objectContaining({ userName: '王管理', oldValue: r.undo.name, newValue: b.name })]);
    expect(audit[0].note).toContain('撤销');

    // The app keeps working on the restored file, and its clock never goes back below what it issued before
    // (a package already sent must not be outranked by an older HLC).
    addFacility('丙敬老院');
    const hlcAfter = t.app.store.sqlite.prepare("SELECT hlc FROM facilities WHERE name = '丙敬老院'").pluck().get() as string;
    expect(hlcAfter > hlcBefore, `${hlcAfter} > ${hlcBefore}`).toBe(true);

    // Restoring the "恢复备份前" backup brings back what was there.
    await restoreBackup(t.app, t.actor, r.undo.name);
    expect(names()).toEqual(['乙敬老院', '甲敬老院']);
    expect(readFileSync(join(t.dir, 'photos', 'h2', 'after.jpg'), 'utf8')).toBe('added later');
  });

  it.each<RestoreStep>(['copied', 'closed', 'database', 'photos', 'reopened'])(
    'a failure at “%s” leaves the current data as it was and the app working',
    async (step) => {
      const b = await backupWithOneFacility();
      const before = dumpDb(t.app);
      const err = await restoreBackup(t.app, t.actor, b.name, {
        onStep: (s) => {
          if (s === step) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(/恢复备份没有完成:磁盘空间不足。当前数据保持原样/);
      expect(dumpDb(t.app)).toBe(before);
      expect(readFileSync(join(t.dir, 'photos', 'h1', 'before.jpg'), 'utf8')).toBe('new photo');
      expect(readFileSync(join(t.dir, 'photos', 'h2', 'after.jpg'), 'utf8')).toBe('added later');
      expect(readdirSync(t.dir).filter((f) => /restoring|before-restore/.test(f))).toEqual([]);
      addFacility('丁敬老院');
      expect(names()).toContain('丁敬老院');
    },
  );

  it('refuses a damaged backup and one written by a newer program, touching nothing', async () => {
    const b = await backupWithOneFacility();
    const file = join(backupsDir(t.dir), b.name, 'ledger.sqlite');
    const good = readFileSync(file);
    const before = dumpDb(t.app);

    const damaged = Buffer.from(good);
    damaged.fill(0x41, 4096, 8192);
    writeFileSync(file, damaged);
    await expect(restoreBackup(t.app, t.actor, b.name)).rejects.toThrow(/不能用这个备份恢复.*当前数据没有任何改动/);

    writeFileSync(file, good);
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (name, appliedAt, appVersion) VALUES (?, ?, ?)').run(
      '0999_future',
      '2027-01-01T00:00:00Z',
      '9.0.0',
    );
    db.close();
    await expect(restoreBackup(t.app, t.actor, b.name)).rejects.toMatchObject({ code: 'DB_NEWER' });

    await expect(restoreBackup(t.app, t.actor, '../../etc')).rejects.toBeInstanceOf(AppError);
    expect(dumpDb(t.app)).toBe(before);
    expect(listBackups(t.dir).some((x) => x.reason === '恢复备份前')).toBe(false);
  });

  it('through the contract: only an admin may restore, and a second restore while one runs is refused', async () => {
    const b = await backupWithOneFacility();
    const u = await createUser(t.app, t.actor, { username: 'clerk1', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
    const clerk = {
      app: t.app,
      session: { user: { id: u.id, username: u.username, displayName: u.displayName, role: 'clerk' as const }, lastActive: t.app.now() },
    };
    const res = await dispatch(clerk, 'backups.restore', { name: b.name });
    expect(res).toMatchObject({ ok: false });
    expect(names()).toEqual(['乙敬老院', '甲敬老院']);

    const [first, second] = await Promise.all([
      dispatch(t.ctx, 'backups.restore', { name: b.name }),
      dispatch(t.ctx, 'backups.restore', { name: b.name }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(JSON.stringify([first, second])).toContain('正在恢复备份');
    expect(names()).toEqual(['甲敬老院']);
  });
});
