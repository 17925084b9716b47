import { once } from 'node:events';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/errors';
import type { ImportPreview, ImportSummary } from '../../shared/import/contract';
import type { JobProgress } from '../../shared/system/progressContract';
import type { SystemStatus } from '../../shared/system/types';
import { CRASH_MESSAGE, type StoreClient, StoreStartError } from '../../electron/worker/client';
import type { DataCheckResult } from '../../electron/worker/protocol';
import { tempDir } from '../helpers/app';
import { damagedOffice, householdLedgerOffThread, longestStall, ok, setUp, snapshot, startStore } from '../helpers/store';

/**
 * The store worker (electron/worker): the UI's process only relays, so a long job in the worker never stalls
 * it; progress and cancellation reach the job while it runs; a crash is answered and survived.
 */
const S = 'window:1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = () => (dirs.push(tempDir('ledger-worker-')), dirs.at(-1) as string);

async function preview(store: StoreClient, rows: number, offset = 0): Promise<ImportPreview> {
  const p = await ok<ImportPreview>(store, S, 'import.preview', {
    kind: 'households',
    fileName: `户-${rows}-${offset}.xlsx`,
    dataBase64: await householdLedgerOffThread(rows, offset),
  });
  expect(p.counts).toMatchObject({ total: rows, create: rows, error: 0 });
  return p;
}

/** Polls progress.get (answered by the relay, not the worker) until `until` holds; every report seen. */
async function follow(store: StoreClient, jobId: string, until: (p: JobProgress) => boolean, session = S): Promise<JobProgress[]> {
  const seen: JobProgress[] = [];
  for (;;) {
    const r = (await store.call(session, 'progress.get', { jobId })) as Envelope<JobProgress | null>;
    if (r.ok && r.value) {
      seen.push(r.value);
      if (until(r.value)) return seen;
    }
    await new Promise((res) => setTimeout(res, 20));
  }
}

const households = async (store: StoreClient) => (await ok<{ total: number }>(store, S, 'households.list', { pageSize: 1 })).total;

describe('a long job in the store worker', () => {
  let data: string;
  let store: StoreClient;
  beforeAll(async () => {
    data = dir();
    store = await startStore(data);
    await setUp(store, S);
  }, 60_000);
  afterAll(() => store?.close());

  it('a 20,000-row import commit: the serving process never stalls 200 ms, and answers progress while the job runs', async () => {
    const p = await preview(store, 20_000);
    const jobId = 'job-stall-20000';
    const commit = store.call(S, 'import.commit', { previewId: p.previewId, mode: 'all', jobId });
    const { value, stallMs, busyMs } = await longestStall(async () => {
      // Answered here while the worker is inside the commit's transaction: the rows written so far.
      const seen = await follow(store, jobId, (x) => x.done > 0 && x.done < x.total);
      return { seen, result: await commit };
    });
    expect(value.result).toMatchObject({ ok: true, value: { created: 20_000 } });
    expect(value.seen.at(-1)).toMatchObject({ step: '正在导入', total: 20_000 });
    console.log(
      `20,000-row commit in the worker: longest stall of the serving process ${stallMs.toFixed(1)} ms (of it busy: ${busyMs.toFixed(1)} ms)`,
    );
    // The bound is on what this process did itself: on a loaded 2-core machine the OS may not run it at all for
    // a while, which the raw figure counts too. With the store in this process the commit held it for seconds.
    expect(busyMs).toBeLessThan(200);
    expect(stallMs).toBeLessThan(1000);
    // The instrument sees a blocked loop: 300 ms of this thread's CPU in one go, as an in-process commit would be.
    const control = await longestStall(async () => {
      await new Promise((r) => setTimeout(r, 50)); // the delay monitor measures from its first tick on
      const start = process.threadCpuUsage();
      const spent = () => {
        const u = process.threadCpuUsage(start);
        return (u.user + u.system) / 1000;
      };
      while (spent() < 300);
    });
    expect(control.stallMs).toBeGreaterThan(250);
    expect(control.busyMs).toBeGreaterThan(250);
    expect(await households(store)).toBe(20_000);
    // Only the session that started a job sees it or can stop it; once ended it is gone.
    expect(await store.call(S, 'progress.get', { jobId })).toEqual({ ok: true, value: null });
    // 20,000 rows take seconds alone and minutes when a dozen test runs share the 2 cores: the time limit is
    // for a hung job, the bounds above are the test.
  }, 600_000);

  it('progress and cancel of a job are answered to the session that started it only', async () => {
    const p = await preview(store, 3000, 20_000);
    const jobId = 'job-owner-3000';
    const commit = store.call(S, 'import.commit', { previewId: p.previewId, mode: 'all', jobId });
    await follow(store, jobId, (x) => x.done > 0);
    expect(await store.call('window:2', 'progress.get', { jobId })).toEqual({ ok: true, value: null });
    expect(await store.call('window:2', 'progress.cancel', { jobId })).toEqual({ ok: true, value: { cancelling: false } });
    expect(await store.call(S, 'progress.get', { jobId: '../etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await commit).toMatchObject({ ok: true, value: { created: 3000 } });
  }, 120_000);

  it('a cancelled import commit leaves the database byte for byte as it was; the same preview imports afterwards', async () => {
    const p = await preview(store, 5000, 30_000);
    const before = snapshot(data);
    const jobId = 'job-cancel-5000';
    const commit = store.call(S, 'import.commit', { previewId: p.previewId, mode: 'all', jobId });
    const seen = await follow(store, jobId, (x) => x.done >= 200);
    expect(await store.call(S, 'progress.cancel', { jobId })).toEqual({ ok: true, value: { cancelling: true } });
    const r = await commit;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('没有导入任何数据') } });
    // It was stopped inside its transaction, rows written already: they are rolled back with the rest.
    expect(seen.at(-1)?.done).toBeLessThan(5000);
    expect(snapshot(data)).toEqual(before);
    expect(await households(store)).toBe(23_000);
    // Cancelling left nothing half-done: the preview still imports, whole.
    expect(await ok<ImportSummary>(store, S, 'import.commit', { previewId: p.previewId, mode: 'all' })).toMatchObject({ created: 5000 });
    expect(await households(store)).toBe(28_000);
  }, 180_000);

  it('a crash of the worker mid-commit: the call gets a clear message, the worker restarts, committed data and logins stay', async () => {
    const facility = await ok<{ record: { id: string } }>(store, S, 'facilities.create', {
      townshipCode: '420704001000',
      name: '崩溃前敬老院',
      type: '其他',
      status: '运营',
    });
    const p = await preview(store, 5000, 40_000);
    const jobId = 'job-crash-5000';
    const commit = store.call(S, 'import.commit', { previewId: p.previewId, mode: 'all', jobId });
    await follow(store, jobId, (x) => x.done > 0);
    const crashed = once(store, 'crash');
    const restarted = once(store, 'restarted');
    // The thread dies inside the transaction, as it would on an out-of-memory kill.
    await store['worker']?.terminate();
    expect(await commit).toEqual({ ok: false, error: { code: 'INTERNAL', message: CRASH_MESSAGE } });
    expect(await crashed).toEqual([CRASH_MESSAGE]);
    // A call made before the new worker is up waits for it instead of failing.
    const during = store.call(S, 'system.status', {});
    await restarted;
    expect(await during).toMatchObject({ ok: true, value: { user: { username: 'admin' } } });
    // Still logged in (the session was handed to the new worker); every committed row is there; the cut-off
    // import wrote nothing.
    expect(await ok(store, S, 'facilities.get', { id: facility.record.id })).toMatchObject({ name: '崩溃前敬老院' });
    expect(await households(store)).toBe(28_000);
    expect(
      await ok<ImportSummary>(store, S, 'import.commit', { previewId: p.previewId, mode: 'all' }).catch((e: Error) => e.message),
    ).toMatch(/预览|重新/);
  }, 180_000);
});

describe('the start path', () => {
  it('after a clean shutdown: no check before the store is usable, the background check answers, the marker goes on close', async () => {
    const data = dir();
    const store = await startStore(data);
    expect(existsSync(join(data, 'ledger.running'))).toBe(true);
    const checked = once(store, 'data-check');
    expect((await ok<{ dataCheck: string }>(store, S, 'system.status')).dataCheck).toMatch(/checking|ok/);
    expect(await checked).toEqual([{ ok: true, message: expect.stringContaining('通过'), goodBackup: null }]);
    expect(await ok(store, S, 'system.status')).toMatchObject({ dataCheck: 'ok', dataWarning: null });
    await store.close();
    expect(existsSync(join(data, 'ledger.running'))).toBe(false);
  }, 60_000);
});

describe('a damaged file', () => {
  it('after an unclean shutdown (the marker is there) it is checked at start and refused untouched, with the newest good backup', async () => {
    const { data, good, bytes } = await damagedOffice(dir());
    writeFileSync(join(data, 'ledger.running'), '{}');
    const err = await startStore(data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreStartError);
    expect(err).toMatchObject({ code: 'DB_CORRUPT', message: expect.stringContaining('损坏'), goodBackup: { name: good.name } });
    expect(readFileSync(join(data, 'ledger.sqlite')).equals(bytes)).toBe(true);
  }, 60_000);

  it('after a clean one the store opens at once; the background check finds it, saving pauses, and the next start offers the restore', async () => {
    const { data, good } = await damagedOffice(dir());
    const store = await startStore(data);
    const [found] = (await once(store, 'data-check')) as [DataCheckResult];
    expect(found).toMatchObject({ ok: false, goodBackup: { name: good.name } });
    expect(found.message).toContain(good.createdAt);
    await ok(store, S, 'session.login', { username: 'admin', password: 'Admin12345' });
    const status = await ok<SystemStatus>(store, S, 'system.status');
    expect(status).toMatchObject({ dataCheck: 'damaged', dataWarning: expect.stringContaining('暂停保存') });
    const write = await store.call(S, 'facilities.create', {
      townshipCode: '420704001000',
      name: '损坏后敬老院',
      type: '其他',
      status: '运营',
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT', message: expect.stringContaining('没有做任何改动') } });
    expect((await ok<{ total: number }>(store, S, 'facilities.list', {})).total).toBe(0);
    await store.close();
    // The marker stays, so the next start checks the file first and offers the backup (main.ts's dialog).
    expect(existsSync(join(data, 'ledger.running'))).toBe(true);
    const again = await startStore(data).then(
      () => null,
      (e: unknown) => e as StoreStartError,
    );
    expect(again).toMatchObject({ code: 'DB_CORRUPT', goodBackup: { name: good.name } });
    // The clerk chose it: the damaged file is kept beside, the store runs on the backup, the restore is audited.
    const restored = await startStore(data, { recoverFrom: good.name });
    try {
      expect(readdirSync(data).filter((f) => /^ledger\.sqlite\.damaged-\d{8}-\d{6}$/.test(f))).toHaveLength(1);
      await ok(restored, S, 'session.login', { username: 'admin', password: 'Admin12345' });
      expect(await ok(restored, S, 'system.status')).toMatchObject({ dataCheck: 'ok', office: { name: '凤凰街道民政办' } });
      expect(
        await ok(restored, S, 'facilities.create', { townshipCode: '420704001000', name: '恢复后敬老院', type: '其他', status: '运营' }),
      ).toBeTruthy();
    } finally {
      await restored.close();
    }
    const db = new Database(join(data, 'ledger.sqlite'), { readonly: true });
    expect(db.prepare("SELECT userName FROM audit_log WHERE action = 'backup-restore'").pluck().all()).toEqual(['系统']);
    db.close();
  }, 120_000);
});

describe('the slow-query log (development)', () => {
  it('times every statement of the connection and logs the slow ones: SQL and time only, never the bound values', async () => {
    const { installSlowQueryLog } = await import('../../electron/db/slowQueries');
    const data = dir();
    const file = join(data, 'logs', 'slow-queries.log');
    const db = new Database(':memory:');
    installSlowQueryLog(db, { thresholdMs: 40, file });
    db.exec('CREATE TABLE t (name TEXT)');
    db.prepare('INSERT INTO t VALUES (?)').run('张三丰');
    // Chained statements still work and stay timed; iterate() counts the time spent reading.
    expect(db.prepare('SELECT name FROM t').pluck().get()).toBe('张三丰');
    expect([...db.prepare('SELECT name FROM t').iterate()]).toEqual([{ name: '张三丰' }]);
    const slow = 'WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT count(*) FROM c WHERE ? IS NOT NULL';
    expect(db.prepare(slow).pluck().get(3_000_000, '420704194001011234')).toBe(3_000_000);
    db.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ {2}\d+\.\d ms {2}WITH RECURSIVE c\(i\)/);
    expect(Number(/ {2}([\d.]+) ms/.exec(lines[0])?.[1])).toBeGreaterThan(40);
    expect(lines[0]).not.toContain('420704194001011234');
  });

  it('the worker installs it on the store when started with a threshold, writing into the data folder', async () => {
    const data = dir();
    const store = await startStore(data, { slowQueryMs: 0.000001 });
    await ok(store, S, 'system.status');
    await store.close();
    expect(readFileSync(join(data, 'logs', 'slow-queries.log'), 'utf8')).toMatch(/ms {2}SELECT .*"offices"/i);
  }, 60_000);
});
