import type { EntityName } from '../../shared/domain/entity';
import type { HistoryEntry, ListQuery, Page, SaveResult } from '../../shared/domain/records';
import { api } from '../api';

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
    create: (values: Record<string, unknown>) => call[`${name}.create`](values) as Promise<SaveResult<AnyRecord>>,
    update: (id: string, patch: Record<string, unknown>, baseHlc?: string) =>
      call[`${name}.update`]({ id, patch, baseHlc }) as Promise<SaveResult<AnyRecord>>,
    remove: (id: string) => call[`${name}.delete`]({ id }) as Promise<{ ok: true }>,
    restore: (id: string) => call[`${name}.restore`]({ id }) as Promise<{ ok: true }>,
    history: (id: string, reveal = false) => call[`${name}.history`](reveal ? { id, reveal } : { id }) as Promise<HistoryEntry[]>,
  };
}
