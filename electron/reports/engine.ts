import type { ReportColumn, ReportTable } from '../../shared/reports/tables';
import { leafColumns, REPORT_TABLES } from '../../shared/reports/tables';
import type { LedgerApp } from '../app';
import { figures, type Figures } from './queries';

export interface ReportRow {
  code: string | null;
  label: string;
  values: Record<string, number | null>;
}
export interface ComputedTable {
  table: ReportTable;
  rows: ReportRow[]; // 合计 first
  warnings: Record<string, number>; // column key → threshold, for highlighting
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function cellValue(col: ReportColumn, m: Record<string, number>): number | null {
  if ('measure' in col.value) {
    const v = m[col.value.measure] ?? 0;
    return col.format === 'wan' ? round1(v) : Math.round(v);
  }
  const [num, den] = col.value.ratio;
  const d = m[den] ?? 0;
  if (!d) return null;
  const r = (m[num] ?? 0) / d;
  return col.format === 'pct' ? round1(r * 100) : Math.round(r);
}

/**
 * One table for the office's area and a quarter: a row per township (by division code) and the 合计 row
 * first. 合计 sums the measures and recomputes ratios from the sums (never an average of percentages).
 */
export function computeTable(app: LedgerApp, table: ReportTable, year: number, quarter: number): ComputedTable {
  const f: Figures = figures(app.store.sqlite, table.query, year, quarter);
  const townships = app.store.sqlite.prepare("SELECT code, name FROM divisions WHERE level = 'township' ORDER BY code").all() as { code: string; name: string }[];
  const area = app.area();
  const inTable = townships.filter((t) => area.has(t.code) || f.has(t.code));
  const cols = leafColumns(table);
  const total: Record<string, number> = {};
  for (const t of inTable) for (const [k, v] of Object.entries(f.get(t.code) ?? {})) total[k] = (total[k] ?? 0) + v;
  const row = (code: string | null, label: string, m: Record<string, number>): ReportRow => ({ code, label, values: Object.fromEntries(cols.map((c) => [c.key, cellValue(c, m)])) });
  const settings = app.settings();
  const warnings: Record<string, number> = {};
  for (const c of cols) {
    if (c.warnBelow === undefined) continue;
    warnings[c.key] = typeof c.warnBelow === 'number' ? c.warnBelow : c.warnBelow === 'setting:expertMonthlyPct' ? settings.expertMonthlyPct : settings.expertQuarterlyPct;
  }
  return { table, rows: [row(null, '合计', total), ...inTable.map((t) => row(t.code, t.name, f.get(t.code) ?? {}))], warnings };
}

export function computeAll(app: LedgerApp, year: number, quarter: number): ComputedTable[] {
  return REPORT_TABLES.map((t) => computeTable(app, t, year, quarter));
}
