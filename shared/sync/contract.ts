import { z } from 'zod';
import { command, query, revealing } from '../api/define';
import { jobId } from '../system/progressContract';
import type { ConflictRow, HeldPackage, OwnClock, PackageSummary, PeerStatus, SyncHistoryRow } from './types';
import type { OfficeInfo } from '../system/types';
import { ENTITIES } from '../domain/entities';
import type { EntityDef, EntityName } from '../domain/entity';

const isSensitive = (entity: string, field: string) =>
  !!(ENTITIES[entity as EntityName] as unknown as EntityDef | undefined)?.fields[field]?.sensitive;

/** Files cross the bridge as base64: in the browser they come from an upload and go to a download. */
const fileBytes = z.string().max(700 * 1024 * 1024, { error: '文件太大' });
export interface FileOut {
  fileName: string;
  dataBase64: string;
}

export const syncContract = {
  'sync.status': query(z.strictObject({}).optional()).returns<{
    self: OfficeInfo;
    peers: PeerStatus[];
    clockWarning: string | null;
    ownClock: OwnClock;
    held: HeldPackage[];
  }>(),
  'sync.officeCard': query(z.strictObject({}).optional()).returns<FileOut>(),
  'sync.registerOffice': command(z.strictObject({ dataBase64: fileBytes }), 'admin').returns<{
    office: OfficeInfo;
    relation: 'child' | 'parent';
    /** Registered from an old card (no encryption key): what the clerk must still do. */
    notice?: string;
  }>(),
  'sync.unregisterOffice': command(z.strictObject({ officeId: z.uuid({ error: '请选择要解除登记的单位' }) }), 'admin').returns<{
    name: string;
  }>(),
  // A full package carries every record of the office, personal data in full: roles that may reveal only.
  'sync.exportPackage': revealing(
    command(
      z.strictObject({ receiverId: z.uuid({ error: '请选择接收单位' }), full: z.boolean().optional(), jobId: jobId.optional() }),
    ).returns<
      /** more: photos beyond one package's limits follow in the next package, after this one is acknowledged. */
      FileOut & { changeCount: number; more: boolean }
    >(),
    { asks: (i) => i.full === true, entity: 'sync', recordId: (i) => i.receiverId, note: () => '导出全量同步包(含完整个人信息)' },
  ),
  'sync.inspectPackage': query(z.strictObject({ dataBase64: fileBytes })).returns<PackageSummary>(),
  // jobId: progress.get reports the changes applied; progress.cancel rolls the apply back (nothing written).
  'sync.importPackage': command(z.strictObject({ dataBase64: fileBytes, jobId: jobId.optional() })).returns<{
    summary: PackageSummary;
    ack: FileOut | null;
  }>(),
  /** A held package checked again (this PC's date was wrong and is right now): applied if it fits now. */
  'sync.retryHeld': command(z.strictObject({ packageId: z.uuid({ error: '同步包编号无效' }) })).returns<{
    summary: PackageSummary;
    ack: FileOut | null;
  }>(),
  'sync.discardHeld': command(z.strictObject({ packageId: z.uuid({ error: '同步包编号无效' }) })).returns<{ senderName: string }>(),
  /** Re-stamps this office's changes stamped ahead of the PC's (corrected) clock (docs/sync.md, Clocks). */
  'sync.repairClock': command(z.strictObject({}).optional()).returns<{ restamped: number; edits: number }>(),
  'sync.ackFile': query(z.strictObject({ packageId: z.uuid({ error: '同步包编号无效' }) })).returns<FileOut>(),
  'sync.importAck': command(z.strictObject({ dataBase64: fileBytes })).returns<{ packageId: string; receiverName: string }>(),
  'sync.history': query(z.strictObject({}).optional()).returns<SyncHistoryRow[]>(),
  // Reviewers and admins compare the two values in full (audited); a clerk sees personal data masked.
  'sync.conflicts': revealing(query(z.strictObject({ status: z.enum(['open', 'all']).optional() }).optional()).returns<ConflictRow[]>(), {
    entity: 'sync',
    note: () => '查看同步冲突(完整个人信息)',
    revealedIn: (rows) => rows.some((c) => isSensitive(c.entity, c.field)),
  }),
  'sync.resolveConflict': revealing(
    command(z.strictObject({ id: z.number().int().min(1), action: z.enum(['keep', 'restore']) })).returns<ConflictRow>(),
    { entity: 'sync', note: () => '处理同步冲突(完整个人信息)', revealedIn: (c) => isSensitive(c.entity, c.field) },
  ),
};
