import type { backupsContract } from '../../shared/system/backupsContract';
import { actorOf, type HandlersOf } from '../api/types';
import { jobStep } from '../system/progress';
import { exportArchive, restoreArchive } from './archive';
import { exportBackupCopy, importBackupCopy } from './copy';
import { restoreBackup } from './restore';
import { createBackup, listBackups, verifyBackup } from './service';

export const backupsHandlers: HandlersOf<typeof backupsContract> = {
  'backups.list': (_i, ctx) => listBackups(ctx.app.dataDir),
  'backups.create': (input, ctx) =>
    createBackup(ctx.app.store.sqlite, ctx.app.dataDir, 'manual', new Date(), (done, total) =>
      jobStep(ctx.app, input?.jobId, '正在备份数据库', done, total),
    ),
  'backups.verify': (input, ctx) => verifyBackup(ctx.app.dataDir, input.name),
  // The full check reads every page: on demand only (start-up runs the quicker quick_check).
  'backups.integrityCheck': (_i, ctx) => {
    const rows = ctx.app.store.sqlite.pragma('integrity_check') as { integrity_check: string }[];
    const ok = rows.length === 1 && rows[0].integrity_check === 'ok';
    // SQLite's own wording is for a technician: in the log, not on the screen.
    if (!ok) console.error('[backup] integrity_check', rows.slice(0, 20));
    return { ok, message: ok ? '数据库完整性检查通过。' : `发现 ${rows.length} 处问题,数据库可能已损坏。请尽快用完好的备份恢复。` };
  },
  // Other windows are not logged out: see restoreBackup. The caller's window reloads after this returns.
  'backups.restore': (input, ctx) => restoreBackup(ctx.app, actorOf(ctx), input.name, { jobId: input.jobId }),
  'backups.exportCopy': (input, ctx) => exportBackupCopy(ctx.app, actorOf(ctx), input.name, input.passphrase),
  'backups.importCopy': (input, ctx) => importBackupCopy(ctx.app, actorOf(ctx), Buffer.from(input.dataBase64, 'base64'), input.passphrase),
  'backups.exportArchive': (input, ctx) => exportArchive(ctx.app, actorOf(ctx), input.passphrase),
  'backups.restoreArchive': (input, ctx) => restoreArchive(ctx.app, Buffer.from(input.dataBase64, 'base64'), input.passphrase),
};
