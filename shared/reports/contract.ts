import { z } from 'zod';
import { command, query } from '../api/define';
import type { ReportTable } from './tables';

export interface PreviewTable {
  table: ReportTable;
  rows: { code: string | null; label: string; values: Record<string, number | null> }[];
  warnings: Record<string, number>;
}

const period = { year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) };

export const reportsContract = {
  'reports.preview': query(z.strictObject(period)).returns<PreviewTable[]>(),
  'reports.export': command(z.strictObject({ ...period, revealIds: z.boolean().optional() })).returns<{ fileName: string; dataBase64: string }>(),
};
