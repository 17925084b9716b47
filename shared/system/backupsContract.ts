import { z } from 'zod';
import { command, query } from '../api/define';

export interface BackupRow {
  name: string;
  createdAt: string;
  reason: string;
  sizeBytes: number;
}

const name = z.string().regex(/^\d{8}-\d{6}-\d{3}-\w+$/, { error: '备份名称无效' });

export const backupsContract = {
  'backups.list': query(z.strictObject({}).optional(), 'admin').returns<BackupRow[]>(),
  'backups.create': command(z.strictObject({}).optional(), 'admin').returns<BackupRow>(),
  'backups.verify': query(z.strictObject({ name }), 'admin').returns<{ ok: boolean; message: string }>(),
  'backups.integrityCheck': query(z.strictObject({}).optional(), 'admin').returns<{ ok: boolean; message: string }>(),
  /** Replaces the current data with a backup; the current data is first backed up as "恢复备份前". */
  'backups.restore': command(z.strictObject({ name }), 'admin').returns<{ restored: BackupRow; undo: BackupRow }>(),
};
