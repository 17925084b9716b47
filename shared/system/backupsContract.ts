import { z } from 'zod';
import { command, query } from '../api/define';
import { jobId } from './progressContract';

export interface BackupRow {
  name: string;
  createdAt: string;
  reason: string;
  sizeBytes: number;
}

/** The passphrase that seals a file carried off the PC (a 迁移包, a backup copy); never stored. */
export const passphrase = z
  .string({ error: '请输入文件密码' })
  .min(8, { error: '文件密码至少 8 个字符' })
  .max(128, { error: '文件密码最多 128 个字符' });

const name = z.string().regex(/^\d{8}-\d{6}-\d{3}-\w+$/, { error: '备份名称无效' });

export const backupsContract = {
  'backups.list': query(z.strictObject({}).optional(), 'admin').returns<BackupRow[]>(),
  /** jobId: progress.get reports the pages copied; progress.cancel stops it (no backup is left). */
  'backups.create': command(z.strictObject({ jobId: jobId.optional() }).optional(), 'admin').returns<BackupRow>(),
  'backups.verify': query(z.strictObject({ name }), 'admin').returns<{ ok: boolean; message: string }>(),
  'backups.integrityCheck': query(z.strictObject({}).optional(), 'admin').returns<{ ok: boolean; message: string }>(),
  /** Replaces the current data with a backup; the current data is first backed up as "恢复备份前". */
  /** jobId: progress.get reports the step; progress.cancel stops it before the current data is replaced. */
  'backups.restore': command(z.strictObject({ name, jobId: jobId.optional() }), 'admin').returns<{
    restored: BackupRow;
    undo: BackupRow;
  }>(),
  /** One backup of the list as a file sealed with `passphrase`, to keep off the PC (a USB stick, a network drive). */
  'backups.exportCopy': query(z.strictObject({ name, passphrase }), 'admin').returns<{
    fileName: string;
    dataBase64: string;
    bytes: number;
  }>(),
  /** Such a file brought back: checked whole, then one more backup in the list (restored from there). */
  'backups.importCopy': command(
    z.strictObject({
      dataBase64: z
        .string({ error: '请选择备份文件' })
        .min(1, { error: '请选择备份文件' })
        .max(Math.ceil((300 * 1024 * 1024 * 4) / 3) + 4, { error: '文件太大,不是备份文件' }),
      passphrase,
    }),
    'admin',
  ).returns<BackupRow>(),
  /** The whole office (database, photos, signing key) in one file sealed with `passphrase`, to move to a new PC. */
  'backups.exportArchive': query(z.strictObject({ passphrase }), 'admin').returns<{
    fileName: string;
    dataBase64: string;
    bytes: number;
  }>(),
  /**
   * Restores such a file on a new PC. Public because there is no user before setup; the service refuses it
   * once this installation has an office, so it can never replace an office's data.
   */
  'backups.restoreArchive': command(
    z.strictObject({
      dataBase64: z
        .string({ error: '请选择迁移包文件' })
        .min(1, { error: '请选择迁移包文件' })
        .max(Math.ceil((300 * 1024 * 1024 * 4) / 3) + 4, { error: '文件太大,不是迁移包' }),
      /** Absent only for a plain archive of an older program. */
      passphrase: z.string().max(128, { error: '文件密码最多 128 个字符' }).optional(),
    }),
    'public',
  ).returns<{ officeName: string; photos: number }>(),
};
