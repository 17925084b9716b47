import { z } from 'zod';
import { jobId } from '../system/progressContract';
import { command } from '../api/define';
import { IMPORT_KINDS, type ImportKind } from './kinds';

export type RowAction = 'create' | 'update' | 'skip' | 'error';

export interface RowIssue {
  level: 'error' | 'warning';
  /** The sheet's own header of the column, so the clerk finds the cell. */
  column?: string;
  message: string;
}

export interface PreviewRow {
  /** Row number as Excel/WPS shows it (1-based). */
  row: number;
  action: RowAction;
  /** The record's name (or key) as the clerk knows it. */
  title: string;
  issues: RowIssue[];
  /** Fields an update changes (labels). */
  changes?: string[];
}

export interface PreviewColumn {
  index: number;
  header: string;
  /** The app column it is mapped to, or null (not imported). */
  key: string | null;
  sample: string;
  /** Hidden in the sheet: never mapped by itself (an old copy beside the visible column), only by the clerk. */
  hidden: boolean;
}

/**
 * Something the import will not guess and the clerk must answer before anything is written
 * (the commit refuses while one is open): which year the file is for, whether hidden rows count.
 */
export interface ImportQuestion {
  key: 'year' | 'hiddenRows';
  /** The question, as a clerk would be asked it. */
  title: string;
  /** Why it is asked and where the choices come from. */
  detail: string;
  /** The choices found in the file (for the year: each with where it was found), best first. */
  options: { value: string; label: string }[];
  /** The clerk's answer, or null while it is open. */
  answer: string | null;
}

export interface ImportPreview {
  previewId: string;
  kind: ImportKind;
  fileName: string;
  sheetName: string;
  sheets: string[];
  /** What kind of file it was read as (Excel 97-2003, WPS, 网页表格 …). */
  format: string;
  encoding: string | null;
  /** 1-based row of the header as Excel shows it. */
  headerRow: number;
  columns: PreviewColumn[];
  available: { key: string; label: string; required: boolean }[];
  rememberedMapping: boolean;
  defaults: ImportDefaults;
  /** File-level facts: rows skipped (合计, blank, footer), defaults applied, columns not used. */
  notes: string[];
  /** Warnings many rows share, each said once with its count and rows (taken off those rows). */
  sharedWarnings: string[];
  /** Problems that stop every row (a required column missing): shown above the table. */
  blockers: string[];
  /** Choices the clerk must make before the import (answered through import.remap's defaults). */
  questions: ImportQuestion[];
  counts: { total: number; create: number; update: number; skip: number; error: number; warning: number };
  /** Rows with errors or warnings first, then a sample of the rest (the counts cover all). */
  rows: PreviewRow[];
  naturalKey: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: number;
  failed: { row: number; message: string }[];
  backupName: string | null;
  message: string;
}

const defaults = z.strictObject({
  townshipCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** The year of rows without one of their own, as the clerk confirmed it (never today's year by itself). */
  year: z.number().int().min(2000).max(2100).optional(),
  /** The clerk's answer to the hidden-rows question: true imports them like the visible ones. */
  includeHiddenRows: z.boolean().optional(),
});
export type ImportDefaults = z.infer<typeof defaults>;

export const importContract = {
  'import.preview': command(
    z.strictObject({
      kind: z.enum(IMPORT_KINDS, { error: '请选择要导入的台账类型' }),
      fileName: z.string().min(1).max(255),
      // 40 MB of base64 ≈ 30 MB file: far above any township ledger, small enough to hold in memory.
      dataBase64: z.string().min(1, { error: '文件是空的' }).max(40_000_000, { error: '文件太大(超过 30 MB),请把台账拆分后分批导入' }),
      encoding: z.enum(['utf-8', 'gb18030']).optional(),
      sheetName: z.string().max(100).optional(),
      jobId: jobId.optional(),
    }),
  ).returns<ImportPreview>(),
  /** The same file again with the clerk's column choices and defaults. */
  'import.remap': command(
    z.strictObject({
      previewId: z.uuid(),
      mapping: z.record(z.string().regex(/^\d+$/), z.string().max(60).nullable()),
      defaults: defaults.optional(),
      encoding: z.enum(['utf-8', 'gb18030']).optional(),
      sheetName: z.string().max(100).optional(),
      jobId: jobId.optional(),
    }),
  ).returns<ImportPreview>(),
  'import.commit': command(
    z.strictObject({
      previewId: z.uuid(),
      /** valid: import the rows without errors; all: import only if no row has an error. */
      mode: z.enum(['valid', 'all']),
      /** progress.get reports the rows written; progress.cancel stops the import, which then writes nothing. */
      jobId: jobId.optional(),
    }),
  ).returns<ImportSummary>(),
};
