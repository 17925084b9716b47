import type { syncContract } from '../../shared/sync/contract';
import { AppError } from '../../shared/api/errors';
import { actorOf, type HandlersOf } from '../api/types';
import { status } from '../system/service';
import { createBackupSync } from '../backup/service';
import { maskConflict } from './conflictMask';
import { ownClock, repairClock } from './clocks';
import { discardHeld, listHeld } from './quarantine';
import {
  ackFile,
  exportOfficeCard,
  unregisterOffice,
  exportPackage,
  importAck,
  importPackage,
  inspectPackage,
  listConflicts,
  registerOffice,
  resolveConflict,
  retryHeld,
  syncHistory,
  syncStatus,
} from './service';

const b64 = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString('base64');
const fromB64 = (s: string) => {
  const buf = Buffer.from(s, 'base64');
  if (buf.length === 0) throw new AppError('VALIDATION', '文件是空的,请重新选择。');
  return buf;
};

export const syncHandlers: HandlersOf<typeof syncContract> = {
  'sync.status': (_i, ctx) => ({
    self: ctx.app.requireOffice(),
    peers: syncStatus(ctx.app),
    clockWarning: status(ctx.app, null).clockWarning,
    ownClock: ownClock(ctx.app),
    held: listHeld(ctx.app),
  }),
  'sync.officeCard': (_i, ctx) => {
    const f = exportOfficeCard(ctx.app);
    return { fileName: f.fileName, dataBase64: b64(f.bytes) };
  },
  'sync.registerOffice': (input, ctx) => registerOffice(ctx.app, actorOf(ctx), fromB64(input.dataBase64)),
  'sync.unregisterOffice': (input, ctx) => unregisterOffice(ctx.app, actorOf(ctx), input.officeId),
  'sync.exportPackage': (input, ctx) => {
    const p = exportPackage(ctx.app, actorOf(ctx), input.receiverId, input.full ?? false, undefined, input.jobId);
    return { fileName: p.fileName, dataBase64: b64(p.bytes), changeCount: p.manifest.changeCount, more: p.more };
  },
  'sync.inspectPackage': (input, ctx) => inspectPackage(ctx.app, fromB64(input.dataBase64)),
  'sync.importPackage': (input, ctx) => {
    // A backup just before the package is applied: the clerk can always go back to the state before it.
    const r = importPackage(ctx.app, actorOf(ctx), fromB64(input.dataBase64), {
      beforeApply: () => createBackupSync(ctx.app.store.sqlite, ctx.app.dataDir, 'sync'),
      jobId: input.jobId,
    });
    return { summary: r.summary, ack: r.ack && { fileName: r.ack.fileName, dataBase64: b64(r.ack.bytes) } };
  },
  'sync.retryHeld': (input, ctx) => {
    const r = retryHeld(ctx.app, actorOf(ctx), input.packageId, {
      beforeApply: () => createBackupSync(ctx.app.store.sqlite, ctx.app.dataDir, 'sync'),
    });
    return { summary: r.summary, ack: r.ack && { fileName: r.ack.fileName, dataBase64: b64(r.ack.bytes) } };
  },
  'sync.discardHeld': (input, ctx) => discardHeld(ctx.app, actorOf(ctx), input.packageId),
  'sync.repairClock': (_i, ctx) => repairClock(ctx.app, actorOf(ctx)),
  'sync.ackFile': (input, ctx) => {
    const f = ackFile(ctx.app, input.packageId);
    return { fileName: f.fileName, dataBase64: b64(f.bytes) };
  },
  'sync.importAck': (input, ctx) => importAck(ctx.app, actorOf(ctx), fromB64(input.dataBase64)),
  'sync.history': (_i, ctx) => syncHistory(ctx.app),
  'sync.conflicts': (input, ctx) => {
    const rows = listConflicts(ctx.app, input?.status ?? 'open');
    // In full only when dispatch granted it by the contract's reveal rule (reviewers, admins; audited).
    return ctx.reveal ? rows : rows.map((c) => maskConflict(c));
  },
  'sync.resolveConflict': (input, ctx) => {
    const row = resolveConflict(ctx.app, actorOf(ctx), input.id, input.action);
    return ctx.reveal ? row : maskConflict(row);
  },
};
