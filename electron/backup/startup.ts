import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from '../system/files';
import { backupsDir, listBackups, verifyBackup, type BackupInfo } from './service';

/**
 * When ledger.sqlite is damaged the program cannot start. It never overwrites that file: it offers the newest
 * backup that passes its integrity check, and on the clerk's yes puts it in place while the damaged file is
 * kept under another name (for a technician, or a later recovery of what was entered after the backup).
 * Photos are left as they are: they are never deleted on disk, so every photo the backup names is there.
 */

/** The newest backup whose database passes integrity_check, or null when there is none. */
export function newestGoodBackup(dataDir: string): BackupInfo | null {
  for (const b of listBackups(dataDir)) {
    try {
      if (verifyBackup(dataDir, b.name).ok) return b;
    } catch {
      // An unreadable backup is skipped, like a damaged one.
    }
  }
  return null;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Puts backup `name`'s database in place of the damaged ledger.sqlite, which is renamed (with its -wal and
 * -shm) to ledger.sqlite.damaged-<time>. The copy is written and flushed beside the live file first, so a
 * power cut at any point leaves either the damaged file or the restored one under the live name, and the
 * damaged file is never lost. Returns the name the damaged file is kept under.
 */
export function replaceDamagedDatabase(dataDir: string, name: string, now = new Date()): { keptAs: string } {
  const live = join(dataDir, 'ledger.sqlite');
  const tmp = `${live}.restoring`;
  const keptAs = `ledger.sqlite.damaged-${stamp(now)}`;
  rmSync(tmp, { force: true });
  copyFileSync(join(backupsDir(dataDir), name, 'ledger.sqlite'), tmp);
  fsyncPath(tmp);
  for (const ext of ['-wal', '-shm']) if (existsSync(live + ext)) renameSync(live + ext, join(dataDir, keptAs + ext));
  if (existsSync(live)) renameSync(live, join(dataDir, keptAs));
  renameSync(tmp, live);
  fsyncPath(dataDir);
  return { keptAs };
}
