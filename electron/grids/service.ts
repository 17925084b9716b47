import type { Kysely } from 'kysely';
import { AppError, type FieldIssue } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import { parseGridNumber } from '../../shared/grids/cells';
import type { GridData, GridRow, GridRowInput, GridRowResult } from '../../shared/grids/contract';
import { GRID_DEFS, previousPeriod, type GridKind } from '../../shared/grids/kinds';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';

/** Parents that report in a period: running or paused ones, and any that already has a row for it. */
const REPORTING_STATUSES = ['运营', '暂停'];

function defOf(kind: GridKind, period: number) {
  const def = GRID_DEFS[kind];
  if (period > def.periods) throw new AppError('VALIDATION', def.periodField === 'quarter' ? '季度应为 1–4' : '月份应为 1–12');
  return def;
}

type StoredRow = Record<string, unknown> & { id: string; hlc: string; warnings: string };

function periodRows(app: LedgerApp, kind: GridKind, year: number, period: number): Map<string, StoredRow> {
  const def = GRID_DEFS[kind];
  const db = app.store.db as unknown as Kysely<any>;
  const rows = app.run.all(
    db
      .selectFrom(ENTITIES[kind].table)
      .selectAll()
      .where('deletedAt', 'is', null)
      .where('year', '=', year)
      .where(def.periodField, '=', period),
  ) as StoredRow[];
  return new Map(rows.map((r) => [String(r[def.parentField]), r]));
}

const figures = (kind: GridKind, r: StoredRow | undefined): Record<string, number | null> | null =>
  r ? Object.fromEntries(GRID_DEFS[kind].columns.map((c) => [c, (r[c] as number | null) ?? null])) : null;

/** The grid of one period: every reporting facility (canteen) of the office's area, its row and the previous one. */
export function loadGrid(app: LedgerApp, kind: GridKind, year: number, period: number): GridData {
  const def = defOf(kind, period);
  const current = periodRows(app, kind, year, period);
  const prev = previousPeriod(kind, year, period);
  const before = periodRows(app, kind, prev.year, prev.period);
  const db = app.store.db as unknown as Kysely<any>;
  const parents = app.run.all(
    db
      .selectFrom(def.parent)
      .selectAll()
      .where('deletedAt', 'is', null)
      .where('townshipCode', 'in', [...app.area(), '-'])
      .orderBy('townshipCode'),
  ) as Record<string, unknown>[];
  // By township, then by name as a Chinese list is ordered (pinyin), as clerks sort their sheets.
  const byName = new Intl.Collator('zh-CN');
  parents.sort((a, b) => String(a.townshipCode).localeCompare(String(b.townshipCode)) || byName.compare(String(a.name), String(b.name)));
  const rows: GridRow[] = parents
    .filter((p) => REPORTING_STATUSES.includes(String(p.status)) || current.has(String(p.id)))
    .map((p) => {
      const own = current.get(String(p.id));
      return {
        parentId: String(p.id),
        name: String(p.name),
        townshipCode: String(p.townshipCode),
        village: (p.village as string | null) ?? null,
        info:
          kind === 'facilityQuarters'
            ? p.bedsTotal == null
              ? '床位未填'
              : `床位 ${String(p.bedsTotal)} 张`
            : p.mealCapacity == null
              ? String(p.type ?? '')
              : `每餐 ${String(p.mealCapacity)} 人`,
        record: own
          ? { id: own.id, hlc: own.hlc, values: figures(kind, own) ?? {}, warnings: JSON.parse(own.warnings) as FieldIssue[] }
          : null,
        previous: figures(kind, before.get(String(p.id))),
      };
    });
  return { kind, year, period, rows };
}

interface Plan {
  result: GridRowResult;
  write?: { id: string | null; input: Record<string, unknown>; baseHlc?: string };
}

/**
 * What saving one row would do, before the records engine checks it: the cells parsed (an unreadable cell is
 * refused on its field, never stored as a plausible number), the row matched to its stored row of the period,
 * and a blank row left alone. The record's own rules are the engine's (the same as the form's).
 */
function plan(app: LedgerApp, kind: GridKind, year: number, period: number, row: GridRowInput, stored: Map<string, StoredRow>): Plan {
  const def = GRID_DEFS[kind];
  const entity = ENTITIES[kind];
  const refuse = (issues: FieldIssue[]): Plan => ({ result: { parentId: row.parentId, status: 'refused', issues } });
  const parent = app.run.first(
    (app.store.db as unknown as Kysely<any>).selectFrom(def.parent).select(['townshipCode', 'deletedAt']).where('id', '=', row.parentId),
  ) as { townshipCode: string; deletedAt: string | null } | undefined;
  if (!parent || parent.deletedAt || !app.area().has(parent.townshipCode))
    return refuse([
      { field: def.parentField, level: 'error', message: `这个${def.rowLabel}不存在、已删除或不在本单位管辖范围内,这一行没有保存` },
    ]);
  const issues: FieldIssue[] = [];
  const values: Record<string, number | null> = {};
  for (const [key, cell] of Object.entries(row.values)) {
    const spec = (entity.fields as Record<string, { label: string }>)[key];
    if (!def.columns.includes(key) || !spec) {
      issues.push({ field: key, level: 'error', message: `不认识的栏目:${key}` });
      continue;
    }
    const parsed = parseGridNumber(cell);
    if (parsed.ok) values[key] = parsed.value;
    else issues.push({ field: key, label: spec.label, level: 'error', message: `${spec.label}:${parsed.error}` });
  }
  if (issues.length) return refuse(issues);
  const current = stored.get(row.parentId);
  if (current && row.id !== current.id)
    return refuse([
      {
        field: def.columns[0],
        level: 'error',
        message: '这一期的数据在您打开表格之后已由他人录入。请点“刷新”重新读取,核对后再填。',
      },
    ]);
  if (!current && row.id) return refuse([{ field: def.columns[0], level: 'error', message: '这一行已被删除。请点“刷新”重新读取。' }]);
  const blank = def.columns.every((c) => (values[c] ?? null) === null);
  if (!current && blank) return { result: { parentId: row.parentId, status: 'unchanged', issues: [] } };
  const merged = { ...(figures(kind, current) ?? {}), ...values };
  if (current && def.columns.every((c) => (merged[c] ?? null) === null))
    return refuse([
      {
        field: def.columns[0],
        level: 'error',
        message: `这一行已清空。表格不删除已保存的数据;如确需删除,请在${def.rowLabel}的“${def.periodField === 'quarter' ? '季度数据' : '月度运营'}”中删除这一期。`,
      },
    ]);
  if (current && def.columns.every((c) => (merged[c] ?? null) === ((current[c] as number | null) ?? null)))
    return {
      result: {
        parentId: row.parentId,
        status: 'unchanged',
        issues: JSON.parse(current.warnings) as FieldIssue[],
        record: { id: current.id, hlc: current.hlc },
      },
    };
  const input = { [def.parentField]: row.parentId, year, [def.periodField]: period, ...merged };
  return {
    result: { parentId: row.parentId, status: 'saved', issues: [] },
    write: { id: current?.id ?? null, input, baseHlc: row.baseHlc },
  };
}

const issuesOf = (e: unknown): FieldIssue[] | null =>
  e instanceof AppError && (e.code === 'VALIDATION' || e.code === 'CONFLICT')
    ? (e.fieldErrors ?? [{ field: '(整体)', level: 'error', message: e.message }])
    : null;

/** Checks rows exactly as a save would (the engine's validation, with the database's rules), writing nothing. */
export function checkGrid(app: LedgerApp, kind: GridKind, year: number, period: number, rows: GridRowInput[]): GridRowResult[] {
  defOf(kind, period);
  const stored = periodRows(app, kind, year, period);
  return rows.map((row) => {
    const p = plan(app, kind, year, period, row, stored);
    if (!p.write) return p.result;
    try {
      const v = app.records.validate(kind, p.write.input, p.write.id);
      return { ...p.result, issues: v.issues };
    } catch (e) {
      const issues = issuesOf(e);
      if (!issues) throw e;
      return { parentId: row.parentId, status: 'refused', issues };
    }
  });
}

/**
 * Saves the grid: every valid row written (created or changed, each with its audit rows) in one transaction,
 * every refused row reported with its reasons and left as it was. A row refused by the engine rolls back only
 * its own savepoint; anything unexpected rolls back the whole save.
 */
export function saveGrid(app: LedgerApp, actor: Actor, kind: GridKind, year: number, period: number, rows: GridRowInput[]) {
  defOf(kind, period);
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.parentId)) throw new AppError('VALIDATION', '同一行提交了两次,没有保存。请刷新表格后重试。');
    seen.add(r.parentId);
  }
  return app.run.tx(() => {
    const stored = periodRows(app, kind, year, period);
    const results = rows.map((row): GridRowResult => {
      const p = plan(app, kind, year, period, row, stored);
      if (!p.write) return p.result;
      try {
        const saved = p.write.id
          ? app.records.update(kind, { id: p.write.id, patch: p.write.input, baseHlc: p.write.baseHlc }, actor)
          : app.records.create(kind, p.write.input, actor);
        const rec = saved.record as { id: string; hlc: string };
        return { parentId: row.parentId, status: 'saved', issues: saved.warnings, record: { id: rec.id, hlc: rec.hlc } };
      } catch (e) {
        const issues = issuesOf(e);
        if (!issues) throw e;
        return { parentId: row.parentId, status: 'refused', issues };
      }
    });
    return {
      saved: results.filter((r) => r.status === 'saved').length,
      refused: results.filter((r) => r.status === 'refused').length,
      results,
    };
  });
}
