import { z } from 'zod';
import { command, query } from '../api/define';
import type { ConflictRow, HeldPackage, OwnClock, PackageSummary, PeerStatus, SyncHistoryRow } from './types';
import type { OfficeInfo } from '../system/types';

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
  }>(),
  'sync.unregisterOffice': command(z.strictObject({ officeId: z.uuid({ error: '请选择要解除登记的单位' }) }), 'admin').returns<{
    name: string;
  }>(),
  'sync.exportPackage': command(z.strictObject({ receiverId: z.uuid({ error: '请选择接收单位' }), full: z.boolean().optional() })).returns<
    /** more: photos beyond one package's limits follow in the next package, after this one is acknowledged. */
    FileOut & { changeCount: number; more: boolean }
  >(),
  'sync.inspectPackage': query(z.strictObject({ dataBase64: fileBytes })).returns<PackageSummary>(),
  'sync.importPackage': command(z.strictObject({ dataBase64: fileBytes })).returns<{ summary: PackageSummary; ack: FileOut | null }>(),
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
  'sync.conflicts': query(z.strictObject({ status: z.enum(['open', 'all']).optional() }).optional()).returns<ConflictRow[]>(),
  'sync.resolveConflict': command(
    z.strictObject({ id: z.number().int().min(1), action: z.enum(['keep', 'restore']) }),
  ).returns<ConflictRow>(),
};
