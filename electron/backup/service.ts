import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import { restrictTree } from '../system/permissions';

/**
 * Online backups (spec: never a file copy of a WAL database): better-sqlite3's backup API gives a
 * consistent snapshot while the app keeps running. Each backup is a folder with the database and a copy
 * of the photo folder, named by time and reason so a clerk can tell them apart.
 */
export interface BackupInfo {
  name: string;
  createdAt: string;
  reason: string;
  sizeBytes: number;
}

export const BACKUP_REASONS: Record<string, string> = {
  start: '启动时自动备份',
  daily: '每日自动备份',
  migration: '升级数据库前',
  import: '导入数据前',
  sync: '导入同步包前',
  restore: '恢复备份前',
  manual: '手动备份',
  imported: '从备份文件导入',
};

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`;
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

/** Pages copied between two progress reports (4 MB): the store's other calls get their turn in between. */
const BACKUP_PAGES_PER_STEP = 1024;

/** Creates a backup of the open database (and its photos) and applies retention. */
export async function createBackup(
  sqlite: Database.Database,
  dataDir: string,
  reason: keyof typeof BACKUP_REASONS,
  now = new Date(),
  /** Pages copied of the total, between steps; throwing there stops the backup, which then leaves nothing. */
  onProgress?: (done: number, total: number) => void,
): Promise<BackupInfo> {
  const b = beginBackup(dataDir, reason, now);
  try {
    const file = join(b.tmp, 'ledger.sqlite');
    if (!onProgress) await sqlite.backup(file);
    else {
      const copied = await sqlite.backup(file, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress(totalPages - remainingPages, totalPages);
          return BACKUP_PAGES_PER_STEP;
        },
      });
      onProgress(copied.totalPages, copied.totalPages);
    }
    return finishBackup(dataDir, b, now);
  } finally {
    rmSync(b.tmp, { recursive: true, force: true });
  }
}

/**
 * The same backup, synchronously, for the moments that cannot wait for a promise: just before a migration,
 * an import or a sync apply runs inside a transaction. `VACUUM INTO` writes a consistent snapshot of the
 * open database (WAL included) without blocking readers.
 */
export function createBackupSync(
  sqlite: Database.Database,
  dataDir: string,
  reason: keyof typeof BACKUP_REASONS,
  now = new Date(),
): BackupInfo {
  const b = beginBackup(dataDir, reason, now);
  try {
    sqlite.prepare('VACUUM INTO ?').run(join(b.tmp, 'ledger.sqlite'));
    return finishBackup(dataDir, b, now);
  } finally {
    rmSync(b.tmp, { recursive: true, force: true });
  }
}

export function beginBackup(dataDir: string, reason: string, now: Date): { name: string; dir: string; tmp: string } {
  const name = `${stamp(now)}-${reason}`;
  const dir = join(backupsDir(dataDir), name);
  const tmp = `${dir}.part`;
  mkdirSync(backupsDir(dataDir), { recursive: true, mode: 0o700 });
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  return { name, dir, tmp };
}

/**
 * Adds the photos, then moves the folder into place only when complete: a half backup never looks whole.
 * The copy keeps the owner-only modes of the data folder (see ../system/permissions.ts).
 */
export function finishBackup(
  dataDir: string,
  b: { name: string; dir: string; tmp: string },
  now: Date,
  opts: { withPhotos?: boolean } = {},
): BackupInfo {
  const photos = join(dataDir, 'photos');
  if (opts.withPhotos !== false && existsSync(photos)) cpSync(photos, join(b.tmp, 'photos'), { recursive: true });
  restrictTree(b.tmp);
  renameSync(b.tmp, b.dir);
  applyRetention(dataDir, now);
  return info(dataDir, b.name);
}

function info(dataDir: string, name: string): BackupInfo {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-\d{3}-(\w+)$/.exec(name);
  const file = join(backupsDir(dataDir), name, 'ledger.sqlite');
  return {
    name,
    createdAt: m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : '',
    reason: m ? (BACKUP_REASONS[m[7]] ?? m[7]) : '',
    sizeBytes: existsSync(file) ? statSync(file).size : 0,
  };
}

/**
 * The `.part` folders of backups a crash or power cut interrupted: never a backup (the rename that makes one
 * whole did not happen), so removed at the next start (issue 14.8). Returns what was removed.
 */
export function removeUnfinishedBackups(dataDir: string): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const parts = readdirSync(dir).filter((n) => n.endsWith('.part'));
  for (const n of parts) rmSync(join(dir, n), { recursive: true, force: true });
  return parts;
}

export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^\d{8}-\d{6}-\d{3}-\w+$/.test(n) && existsSync(join(dir, n, 'ledger.sqlite')))
    .sort()
    .reverse()
    .map((n) => info(dataDir, n));
}

/**
 * Keeps the newest 10 backups, plus the newest backup of each day for the last 30 days. Older ones go.
 */
export function applyRetention(dataDir: string, now = new Date(), keepLast = 10, keepDays = 30): string[] {
  const all = listBackups(dataDir); // newest first
  const keep = new Set(all.slice(0, keepLast).map((b) => b.name));
  const cutoff = new Date(now.getTime() - keepDays * 86400_000);
  const seenDays = new Set<string>();
  for (const b of all) {
    const day = b.name.slice(0, 8);
    const when = new Date(`${b.createdAt.replace(' ', 'T')}`);
    if (when >= cutoff && !seenDays.has(day)) {
      seenDays.add(day);
      keep.add(b.name);
    }
  }
  const removed = all.filter((b) => !keep.has(b.name)).map((b) => b.name);
  for (const n of removed) rmSync(join(backupsDir(dataDir), n), { recursive: true, force: true });
  return removed;
}

/** Opens a backup read-only and runs SQLite's integrity check on it. */
export function verifyBackup(dataDir: string, name: string): { ok: boolean; message: string } {
  if (!/^\d{8}-\d{6}-\d{3}-\w+$/.test(name)) throw new AppError('BAD_REQUEST', '备份名称无效');
  const file = join(backupsDir(dataDir), name, 'ledger.sqlite');
  if (!existsSync(file)) throw new AppError('NOT_FOUND', '没有找到这个备份。');
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const ok = rows.length === 1 && rows[0].integrity_check === 'ok';
    if (!ok) console.error('[backup] integrity_check', name, rows.slice(0, 5));
    return { ok, message: ok ? '备份完好,可以用于恢复。' : `备份已损坏(完整性检查发现 ${rows.length} 处问题)` };
  } catch (e) {
    console.error('[backup] cannot open', name, e);
    return { ok: false, message: '备份无法打开(文件已损坏或不是数据库)' };
  } finally {
    db?.close();
  }
}
