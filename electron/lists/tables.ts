import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef } from '../../shared/domain/entity';
import { coverage, monthPeriod } from '../../shared/inspections/coverage';
import type { TableRequest, TableSource } from '../../shared/lists/contract';
import { DRILL_KIND_LABELS } from '../../shared/reports/contract';
import { cellValue, columnTitle, LIST_VIEWS, type CellContext, type CellValue, type ListView } from '../../shared/lists/views';
import type { LedgerApp } from '../app';
import { dashboard } from '../dashboard/service';
import { coverageInputs } from '../inspections/coverage';
import { maskRecord } from '../records/mask';
import { drill } from '../reports/drill';
import { townships } from '../system/service';

/** A list ready for a workbook or a printout: what it is, which rows it holds and why (the conditions). */
export interface Table {
  /** The list's name: 养老机构名录, 隐患整改台账 … */
  title: string;
  /** The filters, search, sort and selection that made the rows, in words (printed under the title). */
  conditions: string[];
  columns: { title: string; width: number }[];
  rows: CellValue[][];
}

/** More rows than a clerk can mean to export at once from one list; narrowing it first is the way. */
export const MAX_TABLE_ROWS = 50_000;
const PAGE = 500;

export function cellContext(app: LedgerApp): CellContext {
  const names = new Map(townships(app).map((t) => [t.code, t.name]));
  return { townshipName: (c) => (c ? (names.get(c) ?? c) : ''), today: app.today() };
}

/** The table a request asks for, masked unless dispatch granted full values (`reveal`). */
export function buildTable(app: LedgerApp, req: TableRequest, reveal: boolean): Table {
  const s = req.source;
  if (s.kind === 'list') return recordTable(app, s, req.columns, reveal);
  if (s.kind === 'drill') return drillTable(app, s);
  if (s.kind === 'due') return dueTable(app, s);
  return licenceTable(app);
}

function recordTable(app: LedgerApp, s: Extract<TableSource, { kind: 'list' }>, keys: string[] | undefined, reveal: boolean): Table {
  const view = LIST_VIEWS[s.list];
  const entity = ENTITIES[view.entity] as unknown as EntityDef;
  const data = view.columns.filter((c) => !c.screenOnly);
  const unknown = (keys ?? []).filter((k) => !data.some((c) => c.key === k));
  if (unknown.length) throw new AppError('VALIDATION', `列表没有这些列:${unknown.join('、')}`);
  const shown = keys ? keys.map((k) => data.find((c) => c.key === k)!) : data.filter((c) => !c.optional);
  const query = { search: s.search, filters: s.filters, sort: s.sort };
  const first = app.records.list(view.entity, { ...query, page: 1, pageSize: PAGE });
  if (!s.ids && first.total > MAX_TABLE_ROWS)
    throw new AppError(
      'VALIDATION',
      `这个列表有 ${first.total} 条,一次最多导出或打印 ${MAX_TABLE_ROWS} 条。请先按乡镇、年度等筛选后再导出。`,
    );
  const wanted = s.ids ? new Set(s.ids) : null;
  const rows: Record<string, unknown>[] = [];
  let res = first;
  for (let page = 1; ; page++) {
    if (page > 1) res = app.records.list(view.entity, { ...query, page, pageSize: PAGE });
    for (const r of res.rows as unknown as Record<string, unknown>[]) if (!wanted || wanted.has(String(r.id))) rows.push(r);
    if (page * PAGE >= res.total) break;
  }
  const ctx = cellContext(app);
  const shownRows = reveal ? rows : rows.map((r) => maskRecord(entity, r));
  return {
    title: view.title,
    conditions: describe(app, view, s, ctx, rows.length, reveal),
    columns: shown.map((c) => ({ title: columnTitle(view, c), width: c.width })),
    rows: shownRows.map((r) => shown.map((c) => cellValue(c, r, ctx))),
  };
}

/** The list's conditions in words: 乡镇(街道):凤凰街道;整改状态:待整改;搜索:“敬老院”;按 检查日期 从早到晚. */
function describe(
  app: LedgerApp,
  view: ListView,
  s: Extract<TableSource, { kind: 'list' }>,
  ctx: CellContext,
  count: number,
  reveal: boolean,
): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(s.filters ?? {})) {
    if (v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0)) continue;
    const f = view.filters.find((x) => x.key === key);
    const label = f?.label ?? (ENTITIES[view.entity].fields as Record<string, { label: string }>)[key]?.label ?? key;
    const value =
      f?.kind === 'flag'
        ? '是'
        : f?.kind === 'township' || key === 'townshipCode'
          ? (Array.isArray(v) ? v : [v]).map((c) => ctx.townshipName(String(c))).join('、')
          : f?.kind === 'subject'
            ? subjectName(app, String(v))
            : f?.kind === 'year'
              ? `${String(v)} 年`
              : Array.isArray(v)
                ? v.join('、')
                : String(v);
    out.push(`${label}:${value}`);
  }
  if (s.search?.trim()) out.push(`搜索:“${s.search.trim()}”`);
  if (s.sort) {
    const col = view.columns.find((c) => c.key === s.sort!.field);
    const title = col
      ? columnTitle(view, col)
      : ((ENTITIES[view.entity].fields as Record<string, { label: string }>)[s.sort.field]?.label ?? s.sort.field);
    out.push(`按“${title}”${s.sort.order === 'asc' ? '升序' : '降序'}`);
  }
  if (s.ids) out.push(`所选 ${count} 条`);
  out.push(reveal ? '含完整个人信息(已记入审计)' : '个人信息已脱敏');
  return out;
}

function subjectName(app: LedgerApp, id: string): string {
  const db = app.store.db;
  const f = app.run.first(db.selectFrom('facilities').select('name').where('id', '=', id));
  const c = f ? undefined : app.run.first(db.selectFrom('canteens').select('name').where('id', '=', id));
  return f?.name ?? c?.name ?? '(已删除的单位)';
}

/** The records behind one figure of a report (as the drill drawer shows them; household names masked there). */
function drillTable(app: LedgerApp, s: Extract<TableSource, { kind: 'drill' }>): Table {
  const d = drill(app, s.drill);
  const ctx = cellContext(app);
  return {
    title: `${d.header}:数据来源`,
    conditions: [
      `${s.drill.year} 年第 ${s.drill.quarter} 季度`,
      s.drill.townshipCode ? ctx.townshipName(s.drill.townshipCode) : '合计',
      ...(s.drill.village ? [s.drill.village] : []),
      `共 ${d.rows.length} 条记录`,
    ],
    columns: [
      { title: '记录', width: 260 },
      { title: '类别', width: 110 },
      { title: '乡镇(街道)', width: 110 },
      ...d.measures.map((m) => ({ title: m.label, width: 110 })),
    ],
    rows: [
      ...d.rows.map((r) => [
        r.title,
        DRILL_KIND_LABELS[r.entity] ?? r.entity,
        ctx.townshipName(r.townshipCode),
        ...d.measures.map((m) => r.values[m.key] ?? 0),
      ]),
      ['合计', '', '', ...d.measures.map((m) => d.totals[m.key] ?? 0)],
    ],
  };
}

/** 首页's to-do: this month's units still without a self check (or an expert check). */
function dueTable(app: LedgerApp, s: Extract<TableSource, { kind: 'due' }>): Table {
  const settings = app.settings();
  const p = monthPeriod(s.year, s.month);
  const { subjects, inspections } = coverageInputs(app, p.start, settings.includeCanteensInCoverage);
  const c = coverage(subjects, inspections, p, settings.expertMonthlyPct, settings.selfCheckMonthly);
  const list = s.check === 'self' ? c.needSelf : c.needExpert;
  const ctx = cellContext(app);
  return {
    title: s.check === 'self' ? '本月尚未自查的机构' : '本月尚未接受第三方专家检查的机构',
    conditions: [`${s.year} 年 ${s.month} 月`, `共 ${list.length} 家`],
    columns: [
      { title: '名称', width: 240 },
      { title: '类别', width: 90 },
      { title: '乡镇(街道)', width: 120 },
      { title: '状态', width: 80 },
    ],
    rows: list.map((u) => [u.name, u.kind === 'facility' ? '养老机构' : '助餐点', ctx.townshipName(u.townshipCode), u.status]),
  };
}

/** 首页's to-do: food licences expired or expiring within the configured days. */
function licenceTable(app: LedgerApp): Table {
  const d = dashboard(app);
  return {
    title: '食品经营许可证已过期或即将到期',
    conditions: [`${app.settings().licenceWarnDays} 天内到期或已过期`, `共 ${d.expiringLicences.length} 个`],
    columns: [
      { title: '类别', width: 90 },
      { title: '名称', width: 240 },
      { title: '许可证号', width: 200 },
      { title: '有效期至', width: 130 },
    ],
    rows: d.expiringLicences.map((l) => [
      l.kind === 'facility' ? '养老机构' : '助餐点',
      l.name,
      l.foodLicenseNo ?? '',
      l.foodLicenseExpiry < d.today ? `${l.foodLicenseExpiry} 已过期` : l.foodLicenseExpiry,
    ]),
  };
}
