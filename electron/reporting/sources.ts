import type { Database } from 'better-sqlite3';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { REPORT_TABLES, type ReportTable } from '../../shared/reports/tables';
import { maskName } from '../../shared/validators/mask';
import { drillSources } from '../reports/drill';

/*
 * The records behind every figure, from the reports service's own drill-down sources (one row per record with
 * its share of each measure; the reports tests prove the shares add up to every figure). The reporting cycle
 * needs them per township and in one piece for a snapshot, so they are read here through that public function.
 */

export type TableId = ReportTable['id'];

/** One record's share of a table's measures, as the drill-down lists it. */
export interface SourceRow {
  entity: string;
  id: string;
  title: string;
  townshipCode: string;
  village: unknown;
  values: Record<string, number>;
}

export interface TableSources {
  table: ReportTable;
  /** Per drill-down source: its record kind, the measures it gives and its rows. */
  sets: { entity: string; measures: string[]; rows: SourceRow[] }[];
}

/**
 * The sources of the given tables for a quarter, only of the given townships when named (the condition is put
 * around each source's query, which SQLite folds into it, so a township's rows cost what that township has).
 */
export function readSources(
  db: Database,
  year: number,
  quarter: number,
  tables: readonly TableId[],
  townships?: readonly string[],
): TableSources[] {
  const out: TableSources[] = [];
  for (const table of REPORT_TABLES) {
    if (!tables.includes(table.id)) continue;
    const sets: TableSources['sets'] = [];
    for (const src of drillSources(table.query, year, quarter)) {
      const where = townships ? ' WHERE townshipCode IN (SELECT value FROM json_each(?))' : '';
      const params = townships ? [...src.params, JSON.stringify(townships)] : src.params;
      const raw = db.prepare(`SELECT * FROM (${src.sql})${where}`).all(...params) as Record<string, unknown>[];
      const rows = raw.map((r) => ({
        entity: src.entity,
        id: r.id as string,
        // Household titles are the 老人's name: masked as in every list and drill-down (spec §8).
        title: src.entity === 'households' ? maskName(String(r.title ?? '')) : String(r.title ?? ''),
        townshipCode: r.townshipCode as string,
        village: r.village,
        values: Object.fromEntries(src.measures.map((m) => [m, Number(r[m] ?? 0)])),
      }));
      sets.push({ entity: src.entity, measures: src.measures, rows });
    }
    out.push({ table, sets });
  }
  return out;
}

export const ALL_TABLES: readonly TableId[] = REPORT_TABLES.map((t) => t.id);

let readsCache: Map<TableId, Set<string>> | undefined;
/**
 * The database tables each report table reads, from the SQL of its sources (FROM and JOIN, subqueries
 * included): a write to a record kind none of them reads cannot change that table's figures.
 */
export function tablesRead(): Map<TableId, Set<string>> {
  if (readsCache) return readsCache;
  const out = new Map<TableId, Set<string>>();
  for (const t of REPORT_TABLES) {
    const names = new Set<string>();
    // Any quarter gives the same tables; only the dates in the SQL differ.
    for (const src of drillSources(t.query, 2000, 1)) for (const m of src.sql.matchAll(/\b(?:FROM|JOIN)\s+"?(\w+)"?/gi)) names.add(m[1]);
    out.set(t.id, names);
  }
  readsCache = out;
  return out;
}

/** The report tables a write touching these record kinds could change. */
export function tablesTouchedBy(kinds: readonly EntityName[]): TableId[] {
  const dbTables = new Set(kinds.map((k) => (ENTITIES[k] as unknown as EntityDef).table));
  return [...tablesRead()].filter(([, reads]) => [...reads].some((t) => dbTables.has(t))).map(([id]) => id);
}
