import { z } from 'zod';
import type { FieldIssue } from '../api/errors';
import type { FieldMap, ValueOf } from './entity';

/** What every stored record carries besides its own fields. */
export interface RecordMeta {
  id: string;
  officeId: string;
  townshipCode: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  deletedAt: string | null;
  hlc: string;
  warnings: FieldIssue[];
}
export type RecordOf<F extends FieldMap> = ValueOf<F> & RecordMeta;

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

const filterValue = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(200), z.number()])).max(200),
]);

/** List request shared by every record type: search box, column filters, sort, paging. */
export const listQuery = z.strictObject({
  search: z.string().max(100, { error: '搜索内容太长' }).optional(),
  filters: z.record(z.string().max(50), filterValue).optional(),
  sort: z.strictObject({ field: z.string().max(50), order: z.enum(['asc', 'desc']) }).optional(),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(20),
  includeDeleted: z.boolean().optional(),
});
export type ListQuery = z.input<typeof listQuery>;

export const idInput = z.strictObject({ id: z.uuid({ error: '记录编号无效' }) });

/**
 * Why a reviewer changes figures that were already reported (a quarter 报送 and locked, spec §10): the write
 * then goes through as an audited 调整. A save that needs one is refused with a field issue on this key.
 */
export const ADJUST_REASON = 'adjustReason';
export const adjustReason = z.string().trim().min(2, { error: '调整原因至少写 2 个字' }).max(200, { error: '调整原因不超过 200 字' });
export const writeIdInput = z.strictObject({ id: z.uuid({ error: '记录编号无效' }), adjustReason: adjustReason.optional() });

export const updateInput = z.strictObject({
  id: z.uuid({ error: '记录编号无效' }),
  patch: z.record(z.string().max(50), z.unknown()),
  /** The record's HLC when the form was opened; a different current value means someone else saved meanwhile. */
  baseHlc: z.string().max(200).optional(),
  adjustReason: adjustReason.optional(),
});

export interface HistoryEntry {
  id: number;
  at: string;
  userName: string | null;
  action: string;
  field: string | null;
  fieldLabel: string | null;
  oldValue: string | null;
  newValue: string | null;
  note: string | null;
}

export interface SaveResult<T> {
  record: T;
  warnings: FieldIssue[];
}
