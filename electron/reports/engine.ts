import { drillSources, NO_VILLAGE, villageOf } from './drill';
import type { ReportColumn, ReportTable } from '../../shared/reports/tables';
import { leafColumns, REPORT_TABLES } from '../../shared/reports/tables';
import type { LedgerApp } from '../app';
import { figures, type Figures } from './queries';

export interface ReportRow {
  code: string | null;
  /** In a township office's workbook the rows are its villages/communities (spec §4). */
  village?: string;
  label: string;
  values: Record<string, number | null>;
}
export interface ComputedTable {
  table: ReportTable;
  /** What a row is: 乡镇(街道) in a roll-up, 村(社区) in a township office's own workbook. */
  rowHeader: string;
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
  const cols = leafColumns(table);
  const row = (code: string | null, label: string, m: Record<string, number>, village?: string): ReportRow => ({
    code,
    label,
    ...(village !== undefined ? { village } : {}),
    values: Object.fromEntries(cols.map((c) => [c.key, cellValue(c, m)])),
  });
  const settings = app.settings();
  const warnings: Record<string, number> = {};
  for (const c of cols) {
    if (c.warnBelow === undefined) continue;
    warnings[c.key] =
      typeof c.warnBelow === 'number'
        ? c.warnBelow
        : c.warnBelow === 'setting:expertMonthlyPct'
          ? settings.expertMonthlyPct
          : settings.expertQuarterlyPct;
  }
  const office = app.requireOffice();
  if (office.level === 'township') {
    const { total, villages } = villageFigures(app, table, year, quarter);
    const names = [...villages.keys()].sort((a, b) => (a === NO_VILLAGE ? 1 : b === NO_VILLAGE ? -1 : a.localeCompare(b, 'zh-CN')));
    return {
      table,
      rowHeader: '村(社区)',
      rows: [row(null, '合计', total), ...names.map((v) => row(office.divisionCode, v, villages.get(v)!, v))],
      warnings,
    };
  }
  const f: Figures = figures(app.store.sqlite, table.query, year, quarter);
  const townships = app.store.sqlite.prepare("SELECT code, name FROM divisions WHERE level = 'township' ORDER BY code").all() as {
    code: string;
    name: string;
  }[];
  const area = app.area();
  // The office's own area (spec §4); records outside it (only the city demo seed has them) are not its report.
  const inTable = townships.filter((t) => area.has(t.code));
  const total: Record<string, number> = {};
  for (const t of inTable) for (const [k, v] of Object.entries(f.get(t.code) ?? {})) total[k] = (total[k] ?? 0) + v;
  return {
    table,
    rowHeader: '乡镇(街道)',
    rows: [row(null, '合计', total), ...inTable.map((t) => row(t.code, t.name, f.get(t.code) ?? {}))],
    warnings,
  };
}

/**
 * A township office's figures per village/community, summed from the same per-record sources as the drill-down
 * (so every village figure lists exactly its records). Records without a village form one row of their own;
 * figures that have no village (the township's annual target) count in 合计 only.
 */
function villageFigures(
  app: LedgerApp,
  table: ReportTable,
  year: number,
  quarter: number,
): { total: Record<string, number>; villages: Map<string, Record<string, number>> } {
  const area = app.area();
  const total: Record<string, number> = {};
  const villages = new Map<string, Record<string, number>>();
  for (const src of drillSources(table.query, year, quarter)) {
    for (const r of app.store.sqlite.prepare(src.sql).all(...src.params) as Record<string, unknown>[]) {
      if (!area.has(r.townshipCode as string)) continue;
      const v = villageOf(r.village);
      const into = src.entity === 'targets' ? null : (villages.get(v) ?? villages.set(v, {}).get(v)!);
      for (const m of src.measures) {
        const n = Number(r[m] ?? 0);
        total[m] = (total[m] ?? 0) + n;
        if (into) into[m] = (into[m] ?? 0) + n;
      }
    }
  }
  // A village with records that count in none of the table's figures is not a row of it.
  for (const [k, m] of villages) if (Object.values(m).every((v) => v === 0)) villages.delete(k);
  return { total, villages };
}

export function computeAll(app: LedgerApp, year: number, quarter: number): ComputedTable[] {
  return REPORT_TABLES.map((t) => computeTable(app, t, year, quarter));
}
