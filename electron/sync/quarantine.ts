import { AppError } from '../../shared/api/errors';
import type { HeldPackage } from '../../shared/sync/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';
import { holdMessage } from './clocks';
import type { Manifest } from './format';
import { officeNames } from './offices';

/*
 * Packages held back instead of applied (see ./clocks): kept with their bytes, so that once the wrong clock
 * is put right nothing needs to be carried again. A held package is settled when a later package from the
 * same sender is applied or held (it carries everything the held one did: nothing of it was acknowledged),
 * when the clerk checks it again and it now fits (this PC's own date was the wrong one), or when the clerk
 * discards it (its sender still has every change and sends it again). It never gets an acknowledgement.
 */

/** Keeps a package held back (or again, if it was held before). In the caller's transaction. */
export function hold(
  app: LedgerApp,
  actor: Actor,
  pkg: { manifest: Manifest; bytes: Buffer; senderId: string; aheadMs: number; latestHlc: string | null },
): void {
  const { manifest } = pkg;
  const now = new Date(app.now()).toISOString();
  const row = {
    packageId: manifest.packageId,
    senderId: pkg.senderId,
    heldAt: now,
    heldBy: actor.userName,
    createdAt: manifest.createdAt,
    fromSeq: manifest.fromSeq,
    toSeq: manifest.toSeq,
    full: manifest.full ? 1 : 0,
    changeCount: manifest.changeCount,
    reason: 'clock-ahead',
    aheadMs: Math.round(pkg.aheadMs),
    latestHlc: pkg.latestHlc,
    bytes: pkg.bytes,
    status: 'held' as const,
    settledAt: null,
    settledBy: null,
  };
  app.run.run(
    app.store.db
      .insertInto('sync_quarantine')
      .values(row)
      .onConflict((oc) =>
        oc.column('packageId').doUpdateSet({
          heldAt: now,
          heldBy: actor.userName,
          aheadMs: row.aheadMs,
          bytes: pkg.bytes,
          status: 'held',
          settledAt: null,
          settledBy: null,
        }),
      ),
  );
  supersede(app, pkg.senderId, manifest, actor.userName);
  recordEvent(app, actor, {
    at: now,
    action: 'sync-hold',
    entity: 'sync',
    recordId: manifest.packageId,
    newValue: String(manifest.changeCount),
    note: `暂存同步包(修改时间比本机时间超前 ${Math.round(pkg.aheadMs / 3600_000)} 小时),未导入`,
  });
}

/**
 * Held packages of this sender that `manifest` makes unnecessary: made before it (a smaller last change) and
 * never acknowledged, so this package carries everything they did. In the caller's transaction.
 */
export function supersede(app: LedgerApp, senderId: string, manifest: Pick<Manifest, 'packageId' | 'toSeq'>, by: string | null): number {
  const r = app.run.run(
    app.store.db
      .updateTable('sync_quarantine')
      .set({ status: 'superseded', settledAt: new Date(app.now()).toISOString(), settledBy: by, bytes: Buffer.alloc(0) })
      .where('senderId', '=', senderId)
      .where('status', '=', 'held')
      .where('packageId', '!=', manifest.packageId)
      .where('toSeq', '<=', manifest.toSeq),
  );
  return r.changes;
}

/** A held package applied after all (checked again once this PC's date was put right). In the caller's transaction. */
export function markApplied(app: LedgerApp, packageId: string, by: string | null): void {
  app.run.run(
    app.store.db
      .updateTable('sync_quarantine')
      .set({ status: 'applied', settledAt: new Date(app.now()).toISOString(), settledBy: by, bytes: Buffer.alloc(0) })
      .where('packageId', '=', packageId)
      .where('status', '=', 'held'),
  );
}

export function heldBytes(app: LedgerApp, packageId: string): Buffer {
  const row = app.run.first(app.store.db.selectFrom('sync_quarantine').select(['bytes', 'status']).where('packageId', '=', packageId));
  if (!row) throw new AppError('NOT_FOUND', '没有找到这个暂存的同步包。');
  if (row.status !== 'held') throw new AppError('CONFLICT', '这个暂存的同步包已经处理过了(已导入、已被新的同步包取代或已作废)。');
  return Buffer.from(row.bytes);
}

/** The clerk gives up a held package: its sender still has every change and sends them again. */
export function discardHeld(app: LedgerApp, actor: Actor, packageId: string): { senderName: string } {
  heldBytes(app, packageId);
  const row = app.run.first(app.store.db.selectFrom('sync_quarantine').select('senderId').where('packageId', '=', packageId))!;
  const senderName = officeNames(app).get(row.senderId) ?? '对方';
  app.run.tx(() => {
    app.run.run(
      app.store.db
        .updateTable('sync_quarantine')
        .set({ status: 'discarded', settledAt: new Date(app.now()).toISOString(), settledBy: actor.userName, bytes: Buffer.alloc(0) })
        .where('packageId', '=', packageId),
    );
    recordEvent(app, actor, {
      action: 'sync-discard',
      entity: 'sync',
      recordId: packageId,
      note: `作废暂存的${senderName}同步包(对方的修改仍在对方,会随下一个同步包发来)`,
    });
  });
  return { senderName };
}

/** Held packages first, then the latest settled ones (what happened to them). */
export function listHeld(app: LedgerApp): HeldPackage[] {
  const names = officeNames(app);
  return app.run
    .all(
      app.store.db
        .selectFrom('sync_quarantine')
        .select(['packageId', 'senderId', 'heldAt', 'createdAt', 'changeCount', 'aheadMs', 'latestHlc', 'status'])
        .orderBy('heldAt', 'desc')
        .limit(200),
    )
    .map((r) => {
      const senderName = names.get(r.senderId) ?? '对方';
      const latestWall = r.latestHlc ? Number(r.latestHlc.slice(0, 15)) : null;
      return {
        ...r,
        senderName,
        latestAt: latestWall === null ? null : new Date(latestWall).toISOString(),
        message: holdMessage(senderName, latestWall ?? Date.parse(r.heldAt) + r.aheadMs, Date.parse(r.heldAt)),
      };
    })
    .sort((a, b) => Number(b.status === 'held') - Number(a.status === 'held'));
}
