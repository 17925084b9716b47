import type { EntityName } from '../../shared/domain/entity';
import type { HistoryEntry, ListQuery, Page, SaveResult } from '../../shared/domain/records';
import { api } from '../api';
import { withAdjustReason } from '../reporting/AdjustReason';

export type AnyRecord = Record<string, unknown> & {
  id: string;
  hlc: string;
  warnings: { field: string; message: string; level: string }[];
  deletedAt: string | null;
  updatedAt: string;
  updatedBy: string | null;
  townshipCode: string;
};

/** The seven record methods of one entity, by name (the generic screens use these). */
export function recordApi(name: EntityName) {
  const call = api as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  return {
    list: (q: ListQuery) => call[`${name}.list`](q) as Promise<Page<AnyRecord>>,
    get: (id: string, reveal = false) => call[`${name}.get`](reveal ? { id, reveal } : { id }) as Promise<AnyRecord>,
    // A write into a reported quarter may need a reviewer's adjustment reason: asked for, then sent again.
    create: (values: Record<string, unknown>) =>
      withAdjustReason(
        (adjustReason) =>
          call[`${name}.create`]({ ...values, ...(adjustReason ? { adjustReason } : {}) }) as Promise<SaveResult<AnyRecord>>,
      ),
    update: (id: string, patch: Record<string, unknown>, baseHlc?: string) =>
      withAdjustReason((adjustReason) => call[`${name}.update`]({ id, patch, baseHlc, adjustReason }) as Promise<SaveResult<AnyRecord>>),
    remove: (id: string) => withAdjustReason((adjustReason) => call[`${name}.delete`]({ id, adjustReason }) as Promise<{ ok: true }>),
    restore: (id: string) => withAdjustReason((adjustReason) => call[`${name}.restore`]({ id, adjustReason }) as Promise<{ ok: true }>),
    history: (id: string, reveal = false) => call[`${name}.history`](reveal ? { id, reveal } : { id }) as Promise<HistoryEntry[]>,
  };
}
