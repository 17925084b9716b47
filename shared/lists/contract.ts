import { z } from 'zod';
import { command, query, revealing } from '../api/define';
import { listQuery } from '../domain/records';
import type { PrintDocOut } from '../printing/contract';
import { reportsContract } from '../reports/contract';
import { LIST_IDS } from './views';

/**
 * Export to Excel and print for every list the clerk sees (issue 16 item 2), batch actions on chosen rows
 * (item 8) and the search over everything (item 3). A "table" is any list: a record list as filtered, sorted
 * and with the columns shown, the records behind a report figure, or a to-do list of 首页.
 */
const listSource = z.strictObject({
  kind: z.literal('list'),
  list: z.enum(LIST_IDS, { error: '不认识的列表' }),
  search: listQuery.shape.search,
  filters: listQuery.shape.filters,
  sort: listQuery.shape.sort,
  /** Only these rows (the clerk's selection), still in the list's order. */
  ids: z.array(z.uuid()).min(1).max(5000).optional(),
});
const drillSource = z.strictObject({ kind: z.literal('drill'), drill: reportsContract['reports.drill'].input });
/** 首页's to-do: the units still to check this month (self checks or expert checks). */
const dueSource = z.strictObject({
  kind: z.literal('due'),
  check: z.enum(['self', 'expert']),
  year: z.number().int().min(2000).max(2100),
  month: z.number().int().min(1).max(12),
});
const licenceSource = z.strictObject({ kind: z.literal('licences') });

export const tableSource = z.discriminatedUnion('kind', [listSource, drillSource, dueSource, licenceSource], {
  error: '不认识的列表',
});
export type TableSource = z.infer<typeof tableSource>;

export const tableRequest = z.strictObject({
  source: tableSource,
  /** The columns shown, in screen order (record lists only; the others have fixed columns). */
  columns: z.array(z.string().max(40)).min(1).max(60).optional(),
  /** Full 身份证号, names and phones (审核员/管理员 only; audited as a reveal). */
  reveal: z.boolean().optional(),
});
export type TableRequest = z.infer<typeof tableRequest>;

const revealRule = {
  asks: (i: TableRequest) => i.reveal === true,
  entity: 'lists',
  recordId: () => null,
  note: (i: TableRequest) => `${i.source.kind === 'list' ? i.source.list : i.source.kind}:导出或打印列表(完整个人信息)`,
};

export const SEARCH_KINDS = ['facilities', 'canteens', 'households', 'inspections', 'hazards'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export interface SearchHit {
  kind: SearchKind;
  id: string;
  /** What the hit is called (a household's name masked, as in the list). */
  title: string;
  detail: string;
}
export interface SearchResult {
  hits: SearchHit[];
  /** How many more each kind has than shown (the list, opened with the same search, shows them all). */
  more: Partial<Record<SearchKind, number>>;
}

export const blankChecklistsInput = z.strictObject({
  subjects: z
    .array(z.strictObject({ subjectType: z.enum(['facility', 'canteen']), id: z.uuid() }))
    .min(1)
    .max(500, { error: '一次最多打印 500 家的空白检查表' }),
});

const PRINTABLE = ['lists.print', 'lists.blankChecklists'] as const;

export const listsContract = {
  'lists.export': revealing(command(tableRequest).returns<{ fileName: string; dataBase64: string; rows: number }>(), revealRule),
  'lists.print': revealing(query(tableRequest).returns<PrintDocOut>(), revealRule),
  /** Blank checklists of the chosen facilities and canteens, one after another (batch print). */
  'lists.blankChecklists': query(blankChecklistsInput).returns<PrintDocOut>(),
  /** Desktop only: renders one of the two above through dispatch and opens the print-preview window. */
  'lists.printPreview': query(z.strictObject({ method: z.enum(PRINTABLE), input: z.unknown() })).returns<{ opened: true }>(),
  /** Deletes the chosen records (tombstones, audited) in one transaction: all of them or, on any refusal, none. */
  'lists.delete': command(
    z.strictObject({ list: z.enum(LIST_IDS), ids: z.array(z.uuid()).min(1).max(1000, { error: '一次最多删除 1000 条' }) }),
  ).returns<{ deleted: number }>(),
  /** One box over facilities, canteens, households, inspections and hazards (Ctrl+K). */
  'search.global': query(z.strictObject({ term: z.string().trim().min(1).max(100, { error: '搜索内容太长' }) })).returns<SearchResult>(),
};
