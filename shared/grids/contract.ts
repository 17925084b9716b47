import { z } from 'zod';
import type { FieldIssue } from '../api/errors';
import { command, query } from '../api/define';
import { GRID_KINDS } from './kinds';

const cell = z.union([z.string().max(60), z.number(), z.null()]);

const period = {
  kind: z.enum(GRID_KINDS, { error: '不认识的填报表' }),
  year: z.number().int().min(2000).max(2100),
  period: z.number().int().min(1).max(12),
};

/** One row as the grid sends it: the parent record, the stored row it edits (with its HLC), the cells. */
export const gridRowInput = z.strictObject({
  parentId: z.uuid(),
  id: z.uuid().optional(),
  baseHlc: z.string().max(200).optional(),
  values: z.record(z.string().max(40), cell),
});
export type GridRowInput = z.infer<typeof gridRowInput>;

export const gridRowsInput = z.strictObject({ ...period, rows: z.array(gridRowInput).max(5000) });

export interface GridRow {
  parentId: string;
  name: string;
  townshipCode: string;
  village: string | null;
  /** What the row's figures are checked against, for the clerk to see (床位 for a facility). */
  info: string;
  /** The stored row of this period, or null when none was entered yet. */
  record: { id: string; hlc: string; values: Record<string, number | null>; warnings: FieldIssue[] } | null;
  /** The figures of the period before (for 按上期预填), or null. */
  previous: Record<string, number | null> | null;
}

export interface GridData {
  kind: (typeof GRID_KINDS)[number];
  year: number;
  period: number;
  rows: GridRow[];
}

/** What became of one row: saved (created or changed), unchanged, or refused with the reasons. */
export interface GridRowResult {
  parentId: string;
  status: 'saved' | 'unchanged' | 'refused';
  issues: FieldIssue[];
  record?: { id: string; hlc: string };
}

export const gridsContract = {
  /** Every facility (canteen) of the office that runs in the period, with that period's figures and the previous ones. */
  'grids.load': query(z.strictObject(period)).returns<GridData>(),
  /** Checks rows as a save would, writing nothing (the grid marks cells while the clerk types). */
  'grids.check': query(gridRowsInput).returns<GridRowResult[]>(),
  /** Writes every valid row in one transaction; refused rows are reported with their reasons and not written. */
  'grids.save': command(gridRowsInput).returns<{ saved: number; refused: number; results: GridRowResult[] }>(),
};
