import { z } from 'zod';
import { command, query } from '../api/define';
import { jobId } from './progressContract';

export interface BackupRow {
  name: string;
  createdAt: string;
  reason: string;
  sizeBytes: number;
}

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
  /** The whole office (database, photos, signing key) in one file, to move to a new PC. */
  'backups.exportArchive': query(z.strictObject({}).optional(), 'admin').returns<{ fileName: string; dataBase64: string; bytes: number }>(),
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
    }),
    'public',
  ).returns<{ officeName: string; photos: number }>(),
};
