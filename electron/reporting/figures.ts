import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { PreviewTable } from '../../shared/reports/contract';
import { leafColumns, REPORT_TABLES, type ReportTable } from '../../shared/reports/tables';
import type { FigureChange } from '../../shared/reporting/types';
import { NO_VILLAGE, villageOf } from '../reports/drill';
import { cellValue } from '../reports/engine';
import { figures } from '../reports/queries';
import type { Unit } from './units';
import { readSources, type SourceRow, type TableId, type TableSources } from './sources';

/*
 * A unit's tables in the layout its office's report has (spec §4): a township's 合计 and one row per village or
 * community; a district's 合计 and one row per township. The same layout whichever office computes it, so a
 * district compares a township's submission with its own copy of that township's records cell by cell.
 * Built on the reports service's public pieces (its drill-down sources, per-township figures and cellValue),
 * in the same way its own engine builds a township's and a district's tables.
 */

export const TOTAL = '合计';
type Sums = Record<string, number>;
export interface SumRow {
  key: string;
  code: string | null;
  village?: string;
  label: string;
  sums: Sums;
}

/** The key of a row in a unit's table: 合计, a village (v:…) or a township code. */
export function rowKeyOf(r: { code: string | null; village?: string }): string {
  if (r.code === null) return TOTAL;
  return r.village !== undefined ? `v:${r.village}` : r.code;
}

const add = (into: Sums, values: Sums, measures: readonly string[]) => {
  for (const m of measures) into[m] = (into[m] ?? 0) + (values[m] ?? 0);
};

/** A township's 合计 and village rows from its sources, as the reports engine builds a township's workbook. */
export function townshipRows(src: TableSources, code: string): SumRow[] {
  const total: Sums = {};
  const villages = new Map<string, Sums>();
  for (const set of src.sets)
    for (const r of set.rows) {
      if (r.townshipCode !== code) continue;
      add(total, r.values, set.measures);
      // The township's annual target belongs to no village: it counts in 合计 only.
      if (set.entity === 'targets') continue;
      const v = villageOf(r.village);
      add(villages.get(v) ?? villages.set(v, {}).get(v)!, r.values, set.measures);
    }
  for (const [k, m] of villages) if (Object.values(m).every((v) => v === 0)) villages.delete(k);
  const names = [...villages.keys()].sort((a, b) => (a === NO_VILLAGE ? 1 : b === NO_VILLAGE ? -1 : a.localeCompare(b, 'zh-CN')));
  return [
    { key: TOTAL, code: null, label: TOTAL, sums: total },
    ...names.map((v) => ({ key: `v:${v}`, code, village: v, label: v, sums: villages.get(v)! })),
  ];
}

/** A roll-up's 合计 and township rows from per-township sums, 合计 summed in division-code order as the engine does. */
export function rollUpRows(perTownship: Map<string, Sums>, townships: readonly { code: string; name: string }[]): SumRow[] {
  const total: Sums = {};
  for (const t of townships) for (const [k, v] of Object.entries(perTownship.get(t.code) ?? {})) total[k] = (total[k] ?? 0) + v;
  return [
    { key: TOTAL, code: null, label: TOTAL, sums: total },
    ...townships.map((t) => ({ key: t.code, code: t.code, label: t.name, sums: perTownship.get(t.code) ?? {} })),
  ];
}

/** Measure sums per township from sources (for the lock's comparisons, which need not match the engine's SQL). */
export function sumsByTownship(src: TableSources): Map<string, Sums> {
  const out = new Map<string, Sums>();
  for (const set of src.sets)
    for (const r of set.rows) add(out.get(r.townshipCode) ?? out.set(r.townshipCode, {}).get(r.townshipCode)!, r.values, set.measures);
  return out;
}

/** The figures of sum rows: one value per column, ratios recomputed from the sums. */
export function figuresOf(table: ReportTable, rows: SumRow[]): Map<string, Record<string, number | null>> {
  const cols = leafColumns(table);
  return new Map(rows.map((r) => [r.key, Object.fromEntries(cols.map((c) => [c.key, cellValue(c, r.sums)]))]));
}

export function asPreview(table: ReportTable, rows: SumRow[], level: Unit['level'], warnings: Record<string, number>): PreviewTable {
  const values = figuresOf(table, rows);
  return {
    table,
    rowHeader: level === 'township' ? '村(社区)' : '乡镇(街道)',
    rows: rows.map((r) => ({
      code: r.code,
      ...(r.village !== undefined ? { village: r.village } : {}),
      label: r.label,
      values: values.get(r.key)!,
    })),
    warnings,
  };
}

/** The township rows of a unit's area, in division-code order (all of them, as a roll-up lists them). */
export function townshipsOf(db: Database, unit: Unit): { code: string; name: string }[] {
  const all = db.prepare("SELECT code, name FROM divisions WHERE level = 'township' ORDER BY code").all() as {
    code: string;
    name: string;
  }[];
  return all.filter((t) => unit.area.has(t.code));
}

/**
 * A unit's four tables from the records held here now, in its own report's layout. `warnings` are the
 * thresholds to show (those of the submission it is compared with).
 */
export function unitTables(
  db: Database,
  unit: Unit,
  year: number,
  quarter: number,
  warnings: Record<string, Record<string, number>> = {},
): PreviewTable[] {
  if (unit.level === 'township') {
    const srcs = readSources(
      db,
      year,
      quarter,
      REPORT_TABLES.map((t) => t.id),
      [unit.code],
    );
    return srcs.map((s) => asPreview(s.table, townshipRows(s, unit.code), 'township', warnings[s.table.id] ?? {}));
  }
  const towns = townshipsOf(db, unit);
  return REPORT_TABLES.map((t) => asPreview(t, rollUpRows(figures(db, t.query, year, quarter), towns), 'district', warnings[t.id] ?? {}));
}

const columnLabel = (table: ReportTable, key: string, quarter: number) => {
  const g = table.groups.find((x) => x.columns.some((c) => c.key === key));
  const c = g?.columns.find((x) => x.key === key);
  if (!g || !c) return key;
  const group = g.header.replace(/^第([123])个月$/, (_, m: string) => `${(quarter - 1) * 3 + Number(m)}月`);
  return g.header === c.header ? c.header : `${group}·${c.header}`;
};

/** Figure by figure, where two versions of a unit's tables differ (a row present in one only differs in every figure). */
export function compareTables(before: PreviewTable[], after: PreviewTable[], quarter: number): FigureChange[] {
  const out: FigureChange[] = [];
  for (const t of REPORT_TABLES) {
    const a = before.find((x) => x.table.id === t.id);
    const b = after.find((x) => x.table.id === t.id);
    const rowsA = new Map((a?.rows ?? []).map((r) => [rowKeyOf(r), r]));
    const rowsB = new Map((b?.rows ?? []).map((r) => [rowKeyOf(r), r]));
    const keys = [...new Set([...rowsA.keys(), ...rowsB.keys()])];
    for (const key of keys) {
      const ra = rowsA.get(key);
      const rb = rowsB.get(key);
      for (const c of leafColumns(t)) {
        const va = ra ? (ra.values[c.key] ?? null) : null;
        const vb = rb ? (rb.values[c.key] ?? null) : null;
        if (va === vb || ((va === null || va === 0) && (vb === null || vb === 0) && (!ra || !rb))) continue;
        out.push({
          tableId: t.id,
          tableName: t.sheetName,
          rowKey: key,
          rowLabel: (ra ?? rb)!.label,
          columnKey: c.key,
          columnLabel: columnLabel(t, c.key, quarter),
          before: va,
          after: vb,
        });
      }
    }
  }
  return out;
}

/** The records behind one figure: the rows of its row whose share of the column's measure(s) is not zero. */
export function rowsBehind(
  src: { entity: string; measures: string[]; rows: SourceRow[] }[],
  rowKey: string,
  measures: string[],
): SourceRow[] {
  const out: SourceRow[] = [];
  for (const set of src) {
    const used = measures.filter((m) => set.measures.includes(m));
    if (!used.length) continue;
    for (const r of set.rows) {
      if (!inRow(set.entity, r, rowKey)) continue;
      if (used.some((m) => (r.values[m] ?? 0) !== 0)) out.push(r);
    }
  }
  return out;
}

function inRow(entity: string, r: SourceRow, rowKey: string): boolean {
  if (rowKey === TOTAL) return true;
  if (rowKey.startsWith('v:')) return entity !== 'targets' && villageOf(r.village) === rowKey.slice(2);
  return r.townshipCode === rowKey;
}

/** Measures a column is made of (one, or both parts of a ratio). */
export function measuresOf(table: ReportTable, columnKey: string): string[] {
  const c = leafColumns(table).find((x) => x.key === columnKey);
  if (!c) return [];
  return 'measure' in c.value ? [c.value.measure] : [...c.value.ratio];
}

/**
 * A hash of the records behind every figure (record, and its share of the figure's measures), so that later
 * one can say which figures' sources changed even where the figure itself came out the same.
 */
export function figureHashes(srcs: TableSources[], tables: PreviewTable[]): Record<string, Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const src of srcs) {
    const t = tables.find((x) => x.table.id === src.table.id);
    if (!t) continue;
    const byTable: Record<string, Record<string, string>> = {};
    for (const row of t.rows) {
      const key = rowKeyOf(row);
      const cells: Record<string, string> = {};
      for (const c of leafColumns(src.table)) {
        const ms = measuresOf(src.table, c.key);
        const lines = rowsBehind(src.sets, key, ms)
          .map((r) => `${r.entity}:${r.id}:${ms.map((m) => r.values[m] ?? 0).join(',')}`)
          .sort();
        cells[c.key] = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
      }
      byTable[key] = cells;
    }
    out[src.table.id] = byTable;
  }
  return out;
}

export type { TableId };
