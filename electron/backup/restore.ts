import Database from 'better-sqlite3';
import { copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { LedgerApp } from '../app';
import { assertNotNewer } from '../db/migrate';
import { decodeHlc } from '../sync/hlc';
import { recordEvent, type AuditWho } from '../system/audit';
import { fsyncPath } from '../system/files';
import { jobStep } from '../system/progress';
import { backupsDir, createBackupSync, listBackups, verifyBackup, type BackupInfo } from './service';

/** The points where a test may inject a failure (a full disk, a file held by another program…). */
export type RestoreStep = 'copied' | 'closed' | 'database' | 'photos' | 'reopened';

export interface RestoreOptions {
  /** Called at each step; throwing there simulates a failure at that point. */
  onStep?: (step: RestoreStep) => void;
  now?: Date;
  /** progress.get reports the step; progress.cancel stops the restore before the current data is touched. */
  jobId?: string;
}

export interface RestoreResult {
  /** The backup whose data is now in use. */
  restored: BackupInfo;
  /** The "恢复备份前" backup of the data as it was just before: restoring it undoes this restore. */
  undo: BackupInfo;
}

// One restore at a time per app: a second click must not race the first over the same temporary files.
const running = new WeakSet<LedgerApp>();

/**
 * Puts a backup's database and photos in place of the current ones.
 *
 * Order matters so that a failure at any point leaves the current data as it was:
 * 1. check the backup (integrity, not from a newer app) — nothing touched yet;
 * 2. copy it beside the live files under temporary names (same folder, so the renames below are atomic);
 * 3. back up the current data ("恢复备份前"), so the restore itself can be undone. This comes after the copy
 *    because that backup's retention may delete old backups, possibly the one being restored;
 * 4. close the store, swap the files by rename, reopen (migrating an older backup) and write the audit row
 *    into the restored database. Any failure in 4 renames the old files back and reopens them.
 *
 * Sessions live in the bridges (ipc.ts, web/server.ts), not in LedgerApp, and are not logged out here:
 * dispatch re-reads the session's user from the users table on every call, so from the next call on every
 * window works against the restored data, and an account that does not exist or is disabled in the backup
 * is logged out then. The caller's window reloads itself so no screen shows data from before.
 */
export async function restoreBackup(app: LedgerApp, who: AuditWho, name: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  if (running.has(app)) throw new AppError('CONFLICT', '正在恢复备份,请等这次恢复完成后再操作。');
  running.add(app);
  const f = filesOf(app, name);
  try {
    jobStep(app, opts.jobId, '正在校验备份', 0, 3);
    const restored = checkRestorable(app, name);
    removeLeftovers(f);
    jobStep(app, opts.jobId, '正在复制备份', 1, 3);
    await prepareCopies(f);
    opts.onStep?.('copied');
    // The last safe point: from here the current data is backed up and replaced, synchronously.
    jobStep(app, opts.jobId, '正在替换数据', 2, 3);
    return swap(app, who, restored, f, opts);
  } catch (e) {
    throw e instanceof AppError ? e : failed(e);
  } finally {
    rmSync(f.tmpDb, { force: true });
    rmSync(f.tmpPhotos, { recursive: true, force: true });
    running.delete(app);
  }
}

interface Files {
  srcDb: string;
  srcPhotos: string;
  live: string;
  tmpDb: string;
  asideDb: string;
  photos: string;
  tmpPhotos: string;
  asidePhotos: string;
}

function filesOf(app: LedgerApp, name: string): Files {
  const live = join(app.dataDir, 'ledger.sqlite');
  return {
    srcDb: join(backupsDir(app.dataDir), name, 'ledger.sqlite'),
    srcPhotos: join(backupsDir(app.dataDir), name, 'photos'),
    live,
    tmpDb: `${live}.restoring`,
    asideDb: `${live}.before-restore`,
    photos: app.photosDir,
    tmpPhotos: `${app.photosDir}.restoring`,
    asidePhotos: `${app.photosDir}.before-restore`,
  };
}

/** Refuses a damaged backup, or one written by a newer app, before anything is touched. */
function checkRestorable(app: LedgerApp, name: string): BackupInfo {
  const v = verifyBackup(app.dataDir, name); // also refuses a bad name or a missing backup
  if (!v.ok)
    throw new AppError('DB_CORRUPT', `不能用这个备份恢复:${v.message}。当前数据没有任何改动。请选择另一个备份(可先点“校验”确认它完好)。`);
  const db = new Database(join(backupsDir(app.dataDir), name, 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    assertNotNewer(db, app.migrations);
  } catch (e) {
    if (e instanceof AppError && e.code === 'DB_NEWER')
      throw new AppError('DB_NEWER', `不能用这个备份恢复:${e.message.replace('数据库没有被改动。', '当前数据没有任何改动。')}`);
    throw e;
  } finally {
    db.close();
  }
  const info = listBackups(app.dataDir).find((b) => b.name === name);
  if (!info) throw new AppError('NOT_FOUND', '没有找到这个备份,请刷新备份列表后重试。');
  return info;
}

/**
 * Temporary and set-aside files of an earlier restore that was cut off (power loss). The current data was
 * backed up ("恢复备份前") before anything was swapped, so these are redundant copies.
 */
function removeLeftovers(f: Files): void {
  for (const p of [f.tmpDb, `${f.tmpDb}-wal`, `${f.tmpDb}-shm`, f.asideDb, f.tmpPhotos, f.asidePhotos])
    rmSync(p, { recursive: true, force: true });
}

/** The backup's files beside the live ones; written through to the disk before they replace anything. */
async function prepareCopies(f: Files): Promise<void> {
  await copyFile(f.srcDb, f.tmpDb);
  fsyncPath(f.tmpDb);
  // Photos are not fsynced one by one: until the folder is swapped in, the backup still holds them.
  if (existsSync(f.srcPhotos)) await cp(f.srcPhotos, f.tmpPhotos, { recursive: true });
}

/** Step 4, synchronous from the undo backup to the audit row: no request can run in between. */
function swap(app: LedgerApp, who: AuditWho, restored: BackupInfo, f: Files, opts: RestoreOptions): RestoreResult {
  // This office must never issue an HLC lower than one it may already have sent in a sync package.
  const lastHlc = app.run.first(app.store.db.selectFrom('meta').select('value').where('key', '=', 'hlc'))?.value;
  const s = { closed: false, dbSwapped: false, photosAside: false, photosIn: false };
  let undo: BackupInfo;
  try {
    undo = createBackupSync(app.store.sqlite, app.dataDir, 'restore', opts.now);
    // Fold the WAL into the main file, so after closing the main file alone is the whole current database.
    const [ckpt] = app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (ckpt?.busy)
      throw new AppError(
        'CONFLICT',
        '数据库正被其他程序使用(例如数据库查看工具),现在不能恢复。请关闭其他程序后重试。当前数据没有任何改动。',
      );
    app.reopenStore(() => {
      s.closed = true;
      opts.onStep?.('closed');
      // A WAL that still holds frames after a clean close belongs to another connection: never delete data.
      if (existsSync(`${f.live}-wal`) && statSync(`${f.live}-wal`).size > 0) throw new Error('数据库正被其他程序使用,请关闭其他程序后重试');
      dropSidecars(f.live); // stale -wal/-shm would be replayed onto the restored file
      keepAside(f.live, f.asideDb);
      renameSync(f.tmpDb, f.live);
      fsyncPath(app.dataDir);
      s.dbSwapped = true;
      opts.onStep?.('database');
      if (existsSync(f.photos)) {
        renameSync(f.photos, f.asidePhotos);
        s.photosAside = true;
      }
      if (existsSync(f.tmpPhotos)) {
        renameSync(f.tmpPhotos, f.photos);
        s.photosIn = true;
      }
      fsyncPath(app.dataDir);
      opts.onStep?.('photos');
    });
    opts.onStep?.('reopened');
    if (lastHlc) app.clock.observe(decodeHlc(lastHlc));
    // Written into the restored database: the old one is about to be discarded.
    recordEvent(app, who, {
      action: 'backup-restore',
      entity: 'backups',
      recordId: restored.name,
      oldValue: undo.name,
      newValue: restored.name,
      note: `从 ${restored.createdAt} 的备份(${restored.reason})恢复了数据;恢复前的数据已备份为“${undo.createdAt} ${undo.reason}”,需要时可用它撤销这次恢复。`,
    });
  } catch (e) {
    if (!s.closed) throw e instanceof AppError ? e : failed(e); // nothing was touched
    rollback(app, f, s); // throws its own message if even that fails
    throw failed(e);
  }
  rmSync(f.asideDb, { force: true });
  rmSync(f.asidePhotos, { recursive: true, force: true });
  return { restored, undo };
}

/** Puts the old files back under their names and reopens them. */
function rollback(app: LedgerApp, f: Files, s: { dbSwapped: boolean; photosAside: boolean; photosIn: boolean }): void {
  try {
    app.reopenStore(() => {
      if (s.dbSwapped) {
        dropSidecars(f.live); // they belong to the restored file being discarded
        renameSync(f.asideDb, f.live);
        fsyncPath(app.dataDir);
      }
      if (s.photosIn) rmSync(f.photos, { recursive: true, force: true });
      if (s.photosAside) renameSync(f.asidePhotos, f.photos);
    });
  } catch (e) {
    console.error('[restore] rollback failed', e);
    throw new AppError(
      'INTERNAL',
      '恢复备份失败,而且没能重新打开原来的数据。请关闭并重新打开程序;如果仍然打不开,请不要再做其他操作,联系技术支持(恢复前的数据已保存在“恢复备份前”的备份里)。',
    );
  }
}

/** Whatever went wrong, the clerk learns that the current data is unchanged and what to try next. */
function failed(e: unknown): AppError {
  const msg = e instanceof Error ? e.message : String(e);
  console.error('[restore] failed', e);
  const why = /ENOSPC|SQLITE_FULL|disk is full/i.test(msg)
    ? '磁盘空间不足'
    : /[\u4e00-\u9fff]/.test(msg)
      ? msg.replace(/[。.]$/, '') // our own Chinese reason
      : '读写文件时出错';
  return new AppError(
    'INTERNAL',
    `恢复备份没有完成:${why}。当前数据保持原样,没有任何改动。请检查磁盘空间、关闭其他程序后重试;如果反复失败,请联系技术支持。`,
  );
}

function dropSidecars(db: string): void {
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
}

/**
 * Keeps the old database under a second name until the restore has succeeded. A hard link costs nothing and
 * leaves no moment without a ledger.sqlite; file systems without links get a copy.
 */
function keepAside(live: string, aside: string): void {
  try {
    linkSync(live, aside);
  } catch {
    copyFileSync(live, aside);
    fsyncPath(aside);
  }
}
