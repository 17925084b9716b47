import { z } from 'zod';
import { command, query, revealing } from '../api/define';
import { jobId } from '../system/progressContract';
import type { ReportTable } from './tables';

export interface PreviewTable {
  table: ReportTable;
  /** 乡镇(街道) in a roll-up; 村(社区) in a township office's own workbook. */
  rowHeader: string;
  rows: { code: string | null; village?: string; label: string; values: Record<string, number | null> }[];
  warnings: Record<string, number>;
}

/** The records behind one figure, with each record's share of the measure(s) the figure is made of. */
/** The kind of a record behind a report figure, as the drill-down (on screen, exported, printed) names it. */
export const DRILL_KIND_LABELS: Readonly<Record<string, string>> = {
  facilities: '养老机构',
  facilityQuarters: '机构季度数据',
  canteens: '助餐点',
  canteenMonths: '助餐月度运营',
  households: '改造户',
  targets: '年度任务',
  hazards: '隐患',
};

export interface DrillResult {
  header: string;
  measures: { key: string; label: string }[];
  rows: { entity: string; id: string; title: string; townshipCode: string; values: Record<string, number> }[];
  totals: Record<string, number>;
}

const period = { year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) };

/** Township code → the office below whose packages carry it, and its last package (null: none yet). */
export type Freshness = Record<string, { officeName: string; packageMadeAt: string | null; receivedAt: string | null }>;

export const reportsContract = {
  'reports.preview': query(z.strictObject(period)).returns<PreviewTable[]>(),
  'reports.drill': query(
    z.strictObject({
      ...period,
      tableId: z.enum(['t1', 't2', 't3', 't4']),
      columnKey: z.string().regex(/^\w{1,40}$/),
      townshipCode: z
        .string()
        .regex(/^\d{12}$/)
        .nullable(),
      village: z.string().max(60).optional(),
    }),
  ).returns<DrillResult>(),
  /** Per township of a roll-up: whose packages bring its data and when the last one was made (freshness). */
  'reports.freshness': query(z.strictObject({}).optional()).returns<Freshness>(),
  /**
   * `jobId`: progress.get reports the sheet being written (a city workbook takes seconds). `revealIds`: the
   * 明细表 with full 身份证号 and names (roles that may reveal; audited).
   */
  'reports.export': revealing(
    command(z.strictObject({ ...period, revealIds: z.boolean().optional(), jobId: jobId.optional() })).returns<{
      fileName: string;
      dataBase64: string;
    }>(),
    { asks: (i) => i.revealIds === true, entity: 'reports', note: (i) => `导出${i.year}年第${i.quarter}季度报表(含完整身份证号、姓名)` },
  ),
};
