import { z } from 'zod';
import { command, query } from '../api/define';
import type { PreviewTable } from '../reports/contract';
import type { Overview, Precheck, Progress, SnapshotDrill, SubmissionDetail, SubmissionInfo, UnitQuarter } from './types';

const period = { year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) };
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(2, { error: `${label}至少写 2 个字` })
    .max(max, { error: `${label}不超过 ${max} 字` });

export const reportingContract = {
  /** The status grid: this office's own quarters and its units below (state, dates, timeliness, locks). */
  'reporting.overview': query(z.strictObject({ year: period.year })).returns<Overview>(),
  /** The dashboard card: the current round's progress and every returned or adjusted quarter. */
  'reporting.progress': query(z.strictObject({}).optional()).returns<Progress>(),
  /** What submitting would send and the checks that fail (shown for confirmation before 报送). */
  'reporting.precheck': query(z.strictObject(period)).returns<Precheck>(),
  /** 报送 (审核员/管理员): a snapshot of 表1–表4 and the workbook; `confirmed` after the checks were shown. */
  'reporting.submit': command(
    z.strictObject({ ...period, note: z.string().trim().max(500).optional(), confirmed: z.literal(true) }),
  ).returns<UnitQuarter>(),
  /** A submission with its figures then and now, the differences, decisions and adjustments. */
  'reporting.submission': query(z.strictObject({ id: z.uuid() })).returns<SubmissionDetail>(),
  /** The latest submission of this office's own unit for a quarter, for the reports page (按报送时). */
  'reporting.submitted': query(z.strictObject(period)).returns<{ submission: SubmissionInfo; tables: PreviewTable[] } | null>(),
  /** 退回 (with a reason) or 审核通过 a submission from the level below (审核员/管理员). */
  'reporting.decide': command(
    z.strictObject({ submissionId: z.uuid(), decision: z.enum(['退回', '审核通过']), reason: z.string().trim().max(500).optional() }),
  ).returns<UnitQuarter>(),
  /** The workbook exactly as it was submitted. */
  'reporting.workbook': query(z.strictObject({ id: z.uuid() })).returns<{ fileName: string; dataBase64: string }>(),
  /** The records behind one figure of a submission, then and now. */
  'reporting.drill': query(
    z.strictObject({
      submissionId: z.uuid(),
      tableId: z.enum(['t1', 't2', 't3', 't4']),
      columnKey: z.string().regex(/^\w{1,40}$/),
      rowKey: z.string().max(80),
    }),
  ).returns<SnapshotDrill>(),
  /** A reviewer opens a locked quarter for adjustment: every change until 结束调整 is an audited 调整 with this reason. */
  'reporting.unlock': command(
    z.strictObject({ ...period, unitCode: z.string().regex(/^\d{12}$/), reason: text('解锁原因', 200) }),
  ).returns<UnitQuarter>(),
  'reporting.relock': command(z.strictObject({ ...period, unitCode: z.string().regex(/^\d{12}$/) })).returns<UnitQuarter>(),
};
