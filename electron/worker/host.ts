import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { contract } from '../../shared/api/contract';
import { AppError, type ApiErrorBody, type Envelope } from '../../shared/api/errors';
import { dispatch, toErrorBody } from '../api/dispatch';
import type { DesktopHost, Session } from '../api/types';
import { LedgerApp } from '../app';
import { createBackup, listBackups, removeUnfinishedBackups, type BackupInfo } from '../backup/service';
import { newestGoodBackup, replaceDamagedDatabase } from '../backup/startup';
import { recordEvent } from '../system/audit';
import { setDataCheck, writesPaused } from '../system/dataCheck';
import { attachJob, setProgressSink } from '../system/progress';
import { RUNNING_MARKER, type FromWorker, type HostOp, type StoreOptions, type ToWorker } from './protocol';

/*
 * The store worker (a Node worker thread): the database, every service and the login sessions live here, so
 * the process that serves the UI (Electron's main process, the HTTP bridge) runs no SQL and stays free to
 * paint, answer progress polls and take a cancel while a long job runs. Started and restarted by client.ts.
 */
const port = parentPort ?? notInAWorker();
function notInAWorker(): never {
  throw new Error('electron/worker/host.ts runs as a worker thread (started by client.ts)');
}
const opts = workerData as StoreOptions;
const post = (m: FromWorker) => port.postMessage(m);

const marker = join(opts.dataDir, RUNNING_MARKER);
// Logins per window (Electron: per webContents) or per browser token, as they were in the bridges.
const sessions = new Map<string, Session>(opts.sessions ?? []);
let keepMarker = false;
let dailyBackup: ReturnType<typeof setInterval> | null = null;

const app = open();
if (app) serve(app);

function open(): LedgerApp | null {
  const t0 = performance.now();
  // A marker left by the last run means it ended without closing the database (a crash, a power cut): then
  // the whole file is checked before anything is written, as every start used to. After a clean shutdown
  // the check runs in the background once the window is usable (client.ts starts dataCheck.ts).
  const checkAtStart = !opts.restart && existsSync(marker);
  let recovery: { from: BackupInfo; keptAs: string } | null = null;
  let app: LedgerApp;
  try {
    mkdirSync(opts.dataDir, { recursive: true });
    // The store is the folder's only writer now: a `.part` left by a backup a crash cut off is rubbish.
    if (!opts.restart) removeUnfinishedBackups(opts.dataDir);
    if (opts.recoverFrom) {
      const from = listBackups(opts.dataDir).find((b) => b.name === opts.recoverFrom);
      if (!from) throw new AppError('NOT_FOUND', '没有找到所选的备份,请重新启动程序后再选择。');
      recovery = { from, ...replaceDamagedDatabase(opts.dataDir, from.name) };
    }
    app = new LedgerApp({
      dataDir: opts.dataDir,
      resources: opts.resources,
      integrityCheck: checkAtStart,
      slowQueryLog: opts.slowQueryMs ? { thresholdMs: opts.slowQueryMs, file: join(opts.dataDir, 'logs', 'slow-queries.log') } : undefined,
    });
  } catch (e) {
    const error = startError(e);
    post({ type: 'failed', error, goodBackup: error.code === 'DB_CORRUPT' && !recovery ? goodBackupOf(opts.dataDir) : null });
    port.close();
    return null;
  }
  writeFileSync(marker, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { mode: 0o600 });
  if (recovery)
    recordEvent(
      app,
      { userId: null, userName: '系统' },
      {
        action: 'backup-restore',
        entity: 'backups',
        recordId: recovery.from.name,
        note: `启动时发现数据文件损坏,已用 ${recovery.from.createdAt} 的备份(${recovery.from.reason})恢复;损坏的文件保留为 ${recovery.keptAs}。`,
      },
    );
  // A restored backup passed its check when it was chosen; a file checked at start is known good.
  setDataCheck(app, { state: checkAtStart || recovery ? 'ok' : 'checking', message: null });
  setProgressSink(app, (jobId, progress) => post({ type: 'progress', jobId, progress }));
  post({ type: 'ready', checkedAtStart: checkAtStart || !!recovery, openMs: performance.now() - t0 });
  return app;
}

/** A failure to open, as the clerk must read it: a damaged file is DB_CORRUPT wherever SQLite noticed it. */
function startError(e: unknown): ApiErrorBody {
  if (e instanceof AppError) return e.toBody();
  const msg = e instanceof Error ? e.message : String(e);
  if (/malformed|corrupt|not a database/i.test(msg))
    return {
      code: 'DB_CORRUPT',
      message: '数据库文件已损坏,程序没有改动它。请用最近的完好备份恢复,或联系技术支持。',
    };
  return { code: 'INTERNAL', message: `程序无法打开数据:${msg}` };
}

function goodBackupOf(dataDir: string): BackupInfo | null {
  try {
    return newestGoodBackup(dataDir);
  } catch {
    return null;
  }
}

function serve(app: LedgerApp): void {
  const desktop = opts.desktop ? desktopProxy() : undefined;
  if (opts.backups) {
    void createBackup(app.store.sqlite, app.dataDir, 'start').catch((e: unknown) => console.error('[backup] start backup failed', e));
    dailyBackup = setInterval(() => void createBackup(app.store.sqlite, app.dataDir, 'daily').catch(() => undefined), 24 * 3600 * 1000);
    dailyBackup.unref();
  }
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'call':
        void call(app, m, desktop);
        break;
      case 'end-session':
        sessions.delete(m.session);
        break;
      case 'host-reply':
        hostReplies.get(m.id)?.(m);
        hostReplies.delete(m.id);
        break;
      case 'data-check':
        setDataCheck(app, m.result.ok ? { state: 'ok', message: null } : { state: 'damaged', message: m.result.message });
        // The next start checks the file again and offers the guided restore there.
        if (!m.result.ok) keepMarker = true;
        break;
      case 'close':
        close(app);
        break;
    }
  });
}

async function call(app: LedgerApp, m: Extract<ToWorker, { type: 'call' }>, desktop: DesktopHost | undefined): Promise<void> {
  let envelope: Envelope<unknown>;
  try {
    app.refreshIfChangedElsewhere();
    let session = sessions.get(m.session);
    if (!session) sessions.set(m.session, (session = { user: null, lastActive: app.now() }));
    if (m.jobId && m.cancel) attachJob(app, m.jobId, new Int32Array(m.cancel));
    const def = typeof m.method === 'string' && Object.hasOwn(contract, m.method) ? contract[m.method as keyof typeof contract] : null;
    const paused = def ? writesPaused(app, m.method as string, def.writes) : null;
    envelope = paused
      ? { ok: false, error: { code: 'DB_CORRUPT', message: paused } }
      : await dispatch({ app, session, desktop }, m.method, m.input);
  } catch (e) {
    envelope = { ok: false, error: toErrorBody(e) };
  }
  const session = sessions.get(m.session) ?? null;
  try {
    post({ type: 'result', id: m.id, envelope, session });
  } catch (e) {
    // A value that cannot be copied to the serving process is a bug in a handler: say so, never hang the call.
    console.error('[worker] result not transferable', m.method, e);
    post({ type: 'result', id: m.id, envelope: { ok: false, error: toErrorBody(new Error('result not transferable')) }, session });
  }
}

// The DesktopHost calls (print preview, save dialog) go back to the main process, which owns the windows.
const hostReplies = new Map<number, (m: Extract<ToWorker, { type: 'host-reply' }>) => void>();
let hostSeq = 0;
function hostCall(op: HostOp, args: unknown[]): Promise<unknown> {
  const id = ++hostSeq;
  return new Promise((resolve, reject) => {
    hostReplies.set(id, (r) => (r.ok ? resolve(r.value) : reject(new Error(r.message))));
    post({ type: 'host', id, op, args });
  });
}
function desktopProxy(): DesktopHost {
  return {
    printPreview: (doc) => hostCall('printPreview', [doc]) as Promise<void>,
    saveFile: (name, bytes) => hostCall('saveFile', [name, bytes]) as Promise<string | null>,
  };
}

function close(app: LedgerApp): void {
  if (dailyBackup) clearInterval(dailyBackup);
  try {
    app.close();
    if (!keepMarker) rmSync(marker, { force: true });
  } catch (e) {
    console.error('[worker] close failed', e);
  }
  post({ type: 'closed' });
  port.close();
}
