import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/errors';
import type { JobProgress } from '../../shared/system/progressContract';
import { dispatch } from '../../electron/api/dispatch';
import type { CallContext } from '../../electron/api/types';
import type { LedgerApp } from '../../electron/app';
import { backupsDir, createBackup, listBackups } from '../../electron/backup/service';
import { cancelJob, setProgressSink } from '../../electron/system/progress';
import { FENGHUANG } from '../helpers/app';
import { snapshot } from '../helpers/store';
import { makeHierarchy, type TestApp } from '../helpers/sync';

/**
 * Every long job the issue names (workbook, sync export and apply, backup, restore) reports real progress
 * through the progress channel and stops when cancelled, having written nothing: the database file is byte
 * for byte as it was (and no backup folder is left). The clerk's cancel is played by the progress sink (what
 * the store worker forwards to the serving process): it cancels the job at a report of the step named,
 * which the job only sends once it is under way.
 */
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** Runs `method` as job `jobId`, cancelling it at the first report of `atStep`; every report seen is returned. */
async function cancelAt(app: LedgerApp, ctx: CallContext, method: string, input: Record<string, unknown>, atStep: RegExp) {
  const jobId = `job-${method.replace('.', '-')}-${Math.random().toString(36).slice(2, 10)}`;
  const seen: JobProgress[] = [];
  setProgressSink(app, (id, p) => {
    const progress = p as JobProgress;
    seen.push(progress);
    if (id === jobId && atStep.test(progress.step)) cancelJob(app, jobId);
  });
  const r = (await dispatch(ctx, method, { ...input, jobId })) as Envelope<unknown>;
  setProgressSink(app, () => undefined);
  return { r, seen };
}

/** A job that runs to the end reports its steps too (no cancel): what the page shows meanwhile. */
async function runWithProgress(app: LedgerApp, ctx: CallContext, method: string, input: Record<string, unknown>) {
  const seen: JobProgress[] = [];
  setProgressSink(app, (_id, p) => seen.push(p as JobProgress));
  const r = (await dispatch(ctx, method, { ...input, jobId: `job-${Math.random().toString(36).slice(2, 12)}` })) as Envelope<unknown>;
  setProgressSink(app, () => undefined);
  return { r, seen };
}

function expectCancelled(r: Envelope<unknown>) {
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe('CANCELLED');
    expect(r.error.message).toMatch(/已取消/);
  }
}

function facilities(t: TestApp, n: number) {
  t.app.run.tx(() => {
    for (let i = 0; i < n; i++)
      t.app.records.create(
        'facilities',
        { townshipCode: FENGHUANG, name: `凤凰${i}号养老院`, type: '其他', status: '运营', bedsTotal: 40, address: `凤凰路 ${i} 号` },
        t.actor,
      );
  });
}

describe('cancelling a long job writes nothing', () => {
  it('sync export: cancelled while packing, no outbox row, the file unchanged; run to the end it reports its steps', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    facilities(t, 40);
    const receiverId = h.district.app.requireOffice().id;
    const before = snapshot(t.dir);
    const { r, seen } = await cancelAt(t.app, t.ctx, 'sync.exportPackage', { receiverId }, /签名打包/);
    expectCancelled(r);
    expect(seen.map((p) => p.step)).toContain('正在整理变更');
    expect(snapshot(t.dir)).toEqual(before);
    const done = await runWithProgress(t.app, t.ctx, 'sync.exportPackage', { receiverId });
    expect(done.r.ok).toBe(true);
    expect(done.seen.map((p) => p.step)).toEqual(expect.arrayContaining(['正在整理变更', '正在签名打包', '正在记录']));
    expect(t.app.store.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(1);
  });

  it('sync apply: cancelled inside the apply transaction, the receiver unchanged; the same package applies afterwards', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    const d = h.district;
    facilities(t, 30);
    const pkg = await dispatch(t.ctx, 'sync.exportPackage', { receiverId: d.app.requireOffice().id });
    if (!pkg.ok) throw new Error(pkg.error.message);
    const dataBase64 = (pkg.value as { dataBase64: string }).dataBase64;
    const before = snapshot(d.dir);
    const { r, seen } = await cancelAt(d.app, d.ctx, 'sync.importPackage', { dataBase64 }, /应用变更/);
    expectCancelled(r);
    expect(seen.map((p) => p.step)).toEqual(expect.arrayContaining(['正在校验同步包', '正在应用变更']));
    expect(snapshot(d.dir)).toEqual(before);
    expect(d.app.records.list('facilities', {}).total).toBe(0);
    const applied = await runWithProgress(d.app, d.ctx, 'sync.importPackage', { dataBase64 });
    expect(applied.r.ok).toBe(true);
    expect(d.app.records.list('facilities', {}).total).toBe(30);
    const applying = applied.seen.filter((p) => p.step === '正在应用变更');
    expect(applying.length).toBeGreaterThan(0);
    expect(applying[0].total).toBeGreaterThan(30 * 5); // one report per change batch, of every field change
  });

  it('backup: cancelled while copying pages, no backup folder (nor a half one) is left; run to the end it reports pages', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    facilities(t, 200); // a database of more than one copy step
    const folders = () => (existsSync(backupsDir(t.dir)) ? readdirSync(backupsDir(t.dir)).sort() : []);
    const beforeFolders = folders();
    const before = snapshot(t.dir);
    // Small steps, so a cancel lands between two of them.
    const seen: [number, number][] = [];
    let cancelled: unknown = null;
    await createBackup(t.app.store.sqlite, t.dir, 'manual', new Date(), (done, total) => {
      seen.push([done, total]);
      if (seen.length === 1) throw new Error('stop');
    }).catch((e: unknown) => {
      cancelled = e;
    });
    expect(cancelled).toBeInstanceOf(Error);
    expect(seen[0][0]).toBeLessThan(seen[0][1]);
    expect(folders()).toEqual(beforeFolders);
    // Through the contract: the clerk's cancel at the first report.
    const { r } = await cancelAt(t.app, t.ctx, 'backups.create', {}, /备份数据库/);
    expectCancelled(r);
    expect(folders()).toEqual(beforeFolders);
    expect(snapshot(t.dir)).toEqual(before);
    const made = await runWithProgress(t.app, t.ctx, 'backups.create', {});
    expect(made.r.ok).toBe(true);
    expect(made.seen.at(-1)).toMatchObject({ step: '正在备份数据库' });
    expect(made.seen.at(-1)?.done).toBe(made.seen.at(-1)?.total);
    expect(listBackups(t.dir)).toHaveLength(beforeFolders.length + 1);
  });

  it('restore: cancelled before the data is replaced, the data and the backups as they were', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    facilities(t, 5);
    const backup = await createBackup(t.app.store.sqlite, t.dir, 'manual');
    facilities(t, 3); // the current data differs from the backup
    const names = listBackups(t.dir).map((b) => b.name);
    const before = snapshot(t.dir);
    const { r, seen } = await cancelAt(t.app, t.ctx, 'backups.restore', { name: backup.name }, /替换数据/);
    expectCancelled(r);
    expect(seen.map((p) => p.step)).toEqual(['正在校验备份', '正在复制备份', '正在替换数据']);
    expect(snapshot(t.dir)).toEqual(before);
    expect(listBackups(t.dir).map((b) => b.name)).toEqual(names);
    expect(readdirSync(t.dir).filter((f) => /restoring|before-restore/.test(f))).toEqual([]);
    expect(t.app.records.list('facilities', {}).total).toBe(8);
  });

  it('workbook: cancelled after the first sheet, no audit row of the export; run to the end it reports every sheet', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    facilities(t, 5);
    const period = { year: new Date().getFullYear(), quarter: Math.ceil((new Date().getMonth() + 1) / 3) };
    const before = snapshot(t.dir);
    const { r, seen } = await cancelAt(t.app, t.ctx, 'reports.export', period, /已写好/);
    expectCancelled(r);
    expect(seen.map((p) => p.step)).toContain('正在计算表1–表4');
    expect(snapshot(t.dir)).toEqual(before);
    const done = await runWithProgress(t.app, t.ctx, 'reports.export', period);
    expect(done.r.ok).toBe(true);
    const sheets = done.seen.filter((p) => p.step.startsWith('已写好'));
    expect(sheets.length).toBeGreaterThanOrEqual(4);
    expect(sheets.at(-1)?.done).toBe(sheets.at(-1)?.total);
  });
});
