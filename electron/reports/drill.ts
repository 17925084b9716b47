import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { CANTEEN_TYPES, FACILITY_TYPES, WORKFLOW_STEPS } from '../../shared/domain/enums';
import { monthPeriod, quarterPeriod } from '../../shared/inspections/coverage';
import type { DrillResult } from '../../shared/reports/contract';
import { groupHeader, leafColumns, REPORT_TABLES, type ReportQuery } from '../../shared/reports/tables';
import { maskName } from '../../shared/validators/mask';
import type { LedgerApp } from '../app';
import { IN_REGISTER, reachedSql } from './queries';

/**
 * Drill-down (issue: every figure traceable to its records): for each report query, the same predicates
 * as electron/reports/queries.ts but one row per record, with that record's share of each measure. A test
 * checks that these shares add up to every figure of every table, so the two cannot drift apart.
 */
export interface Source {
  entity: string;
  sql: string;
  params: unknown[];
  measures: string[];
}

const f = (sql: string) => sql.replace(/\b(deletedAt|status|openedOn|statusDate)\b/g, 'f.$1');

export function drillSources(query: ReportQuery, year: number, quarter: number): Source[] {
  const q = quarterPeriod(year, quarter);
  const end = q.end;
  if (query === 'facilities')
    return [
      {
        entity: 'facilities',
        sql: `SELECT id, name AS title, townshipCode, village, 1 AS count, ${FACILITY_TYPES.map((t, i) => `(type = '${t}') AS type${i}`).join(', ')},
          coalesce(bedsTotal, 0) AS beds, coalesce(bedsNursing, 0) AS bedsNursing, coalesce(staffTotal, 0) AS staff, coalesce(caregivers, 0) AS caregivers,
          coalesce(caregiversCertified, 0) AS certified, (rating IN ('二级', '三级', '四级', '五级')) AS rated, (fireCheck = '合格') AS fireOk
          FROM facilities WHERE ${IN_REGISTER(end)}`,
        params: [],
        measures: [
          'count',
          ...FACILITY_TYPES.map((_, i) => `type${i}`),
          'beds',
          'bedsNursing',
          'staff',
          'caregivers',
          'certified',
          'rated',
          'fireOk',
        ],
      },
      {
        entity: 'facilityQuarters',
        sql: `SELECT q.id, f.name || ' ' || q.year || '年第' || q.quarter || '季度' AS title, f.townshipCode, f.village, q.residents, coalesce(q.residentsDisabled, 0) AS residentsDisabled, coalesce(q.residentsTekun, 0) AS residentsTekun
          FROM facility_quarters q JOIN facilities f ON f.id = q.facilityId WHERE q.deletedAt IS NULL AND q.year = ? AND q.quarter = ? AND ${f(IN_REGISTER(end))}`,
        params: [year, quarter],
        measures: ['residents', 'residentsDisabled', 'residentsTekun'],
      },
    ];
  if (query === 'canteens')
    return [
      {
        entity: 'canteens',
        sql: `SELECT id, name AS title, townshipCode, village, 1 AS points, ${CANTEEN_TYPES.map((t, i) => `(type = '${t}') AS type${i}`).join(', ')},
          (foodLicenseNo IS NOT NULL AND foodLicenseNo != '' AND foodLicenseExpiry >= '${end}') AS licensed FROM canteens WHERE ${IN_REGISTER(end)}`,
        params: [],
        measures: ['points', ...CANTEEN_TYPES.map((_, i) => `type${i}`), 'licensed'],
      },
      {
        entity: 'canteenMonths',
        sql: `SELECT m.id, c.name || ' ' || m.year || '年' || m.month || '月' AS title, c.townshipCode, c.village, m.mealsTotal AS meals, coalesce(m.mealsElderly, 0) AS mealsElderly,
          coalesce(m.mealsSpecial, 0) AS mealsSpecial, coalesce(m.mealsDelivered, 0) AS mealsDelivered, coalesce(m.subsidyAmount, 0) / 10000.0 AS subsidyWan,
          CASE WHEN m.month = ? THEN coalesce(m.registeredElders, 0) ELSE 0 END AS registered
          FROM canteen_months m JOIN canteens c ON c.id = m.canteenId WHERE m.deletedAt IS NULL AND c.deletedAt IS NULL AND m.year = ? AND m.month BETWEEN ? AND ?`,
        params: [quarter * 3, year, quarter * 3 - 2, quarter * 3],
        measures: ['meals', 'mealsElderly', 'mealsSpecial', 'mealsDelivered', 'subsidyWan', 'registered'],
      },
    ];
  if (query === 'retrofit') {
    const reached = (step: (typeof WORKFLOW_STEPS)[number]) => reachedSql(step, end);
    const planned = reached('制定方案');
    return [
      {
        entity: 'targets',
        sql: `SELECT id, year || '年度任务' AS title, townshipCode, NULL AS village, coalesce(retrofitHouseholds, 0) AS target FROM targets WHERE deletedAt IS NULL AND year = ?`,
        params: [year],
        measures: ['target'],
      },
      {
        entity: 'households',
        sql: `SELECT h.id, h.name AS title, h.townshipCode, h.village, ${reached('申请')} AS applied, ${reached('入户评估')} AS assessed, ${planned} AS planned,
          (${reached('施工')} AND NOT ${reached('竣工验收')}) AS building, ${reached('竣工验收')} AS completed,
          (${reached('竣工验收')} AND h.acceptanceBy IS NOT NULL AND h.acceptanceBy != '') AS accepted,
          CASE WHEN ${planned} THEN coalesce(h.subsidy, 0) ELSE 0 END / 10000.0 AS subsidyWan, CASE WHEN ${planned} THEN coalesce(h.selfPaid, 0) ELSE 0 END / 10000.0 AS selfPaidWan,
          CASE WHEN ${planned} THEN coalesce(h.totalCost, 0) ELSE 0 END / 10000.0 AS totalWan, CASE WHEN ${planned} THEN coalesce(h.totalCost, 0) ELSE 0 END AS totalYuan,
          (${planned} AND h.totalCost IS NOT NULL) AS costed,
          (SELECT count(*) FROM household_items i WHERE i.householdId = h.id AND i.deletedAt IS NULL AND i.kind = 'basic') * (${planned}) AS itemsBasic,
          (SELECT count(*) FROM household_items i WHERE i.householdId = h.id AND i.deletedAt IS NULL AND i.kind = 'optional') * (${planned}) AS itemsOptional
          FROM households h WHERE h.deletedAt IS NULL AND h.projectYear = ? AND h.status != '退出'`,
        params: [year],
        measures: [
          'applied',
          'assessed',
          'planned',
          'building',
          'completed',
          'accepted',
          'subsidyWan',
          'selfPaidWan',
          'totalWan',
          'totalYuan',
          'costed',
          'itemsBasic',
          'itemsOptional',
        ],
      },
    ];
  }
  // 表4: a facility is due in a month when it is in the register at that month's end; it is covered by an
  // inspection of the type within the month.
  const months = [1, 2, 3].map((k) => ({ k, m: monthPeriod(year, quarter * 3 - 3 + k) }));
  const inRegisterAt = (e: string) => IN_REGISTER(e).replace(/\b(deletedAt|status|openedOn|statusDate)\b/g, 'f.$1');
  const covered = (type: string, start: string, stop: string) =>
    `EXISTS (SELECT 1 FROM inspections i WHERE i.facilityId = f.id AND i.deletedAt IS NULL AND i.inspectionType = '${type}' AND i.inspectedOn BETWEEN '${start}' AND '${stop}')`;
  const perMonth = months.flatMap(({ k, m }) => [
    `(${inRegisterAt(m.end)}) AS due${k}`,
    `(${inRegisterAt(m.end)} AND ${covered('机构自查', m.start, m.end)}) AS self${k}`,
    `(${inRegisterAt(m.end)} AND ${covered('第三方专家检查', m.start, m.end)}) AS expert${k}`,
  ]);
  return [
    {
      entity: 'facilities',
      sql: `SELECT f.id, f.name AS title, f.townshipCode, f.village, (${inRegisterAt(end)}) AS due, ${perMonth.join(', ')},
        (${inRegisterAt(end)} AND ${covered('第三方专家检查', q.start, q.end)}) AS expertQ FROM facilities f WHERE f.deletedAt IS NULL`,
      params: [],
      measures: ['due', ...months.flatMap(({ k }) => [`due${k}`, `self${k}`, `expert${k}`]), 'expertQ'],
    },
    {
      entity: 'hazards',
      sql: `SELECT h.id, coalesce(fa.name, ca.name, '') || ' ' || i.inspectedOn || ' ' || coalesce(h.description, '') AS title, h.townshipCode, coalesce(fa.village, ca.village) AS village, 1 AS found, (h.level = '重大事故隐患') AS foundMajor,
        (h.status IN ('已整改', '已销号') AND h.completedOn <= '${end}') AS fixed, (NOT (h.status IN ('已整改', '已销号') AND h.completedOn <= '${end}') AND h.deadline < '${end}') AS overdue
        FROM hazards h JOIN inspections i ON i.id = h.inspectionId LEFT JOIN facilities fa ON fa.id = i.facilityId LEFT JOIN canteens ca ON ca.id = i.canteenId
        WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND i.inspectedOn BETWEEN ? AND ?`,
      params: [q.start, q.end],
      measures: ['found', 'foundMajor', 'fixed', 'overdue'],
    },
  ];
}

/** The records behind one figure: the column's measure (or both parts of a ratio), for a township or 合计. */
export function drill(
  app: LedgerApp,
  input: { year: number; quarter: number; tableId: string; columnKey: string; townshipCode: string | null; village?: string },
): DrillResult {
  const table = REPORT_TABLES.find((t) => t.id === input.tableId);
  const column = table && leafColumns(table).find((c) => c.key === input.columnKey);
  if (!table || !column) throw new AppError('NOT_FOUND', '没有这一栏报表数据');
  const area = app.area();
  if (input.townshipCode && !area.has(input.townshipCode)) throw new AppError('FORBIDDEN', '该乡镇(街道)不在本单位管辖范围内');
  const measures = 'measure' in column.value ? [column.value.measure] : column.value.ratio;
  const labels = measureLabels(table.id);
  const rows: DrillResult['rows'] = [];
  for (const src of drillSources(table.query, input.year, input.quarter)) {
    const used = measures.filter((m) => src.measures.includes(m));
    if (!used.length) continue;
    const db: Database = app.store.sqlite;
    const list = db
      .prepare(`SELECT * FROM (${src.sql}) WHERE (${used.map((m) => `${m} != 0`).join(' OR ')}) ORDER BY townshipCode, title`)
      .all(...src.params) as Record<string, unknown>[];
    for (const r of list) {
      const code = r.townshipCode as string;
      if (input.townshipCode ? code !== input.townshipCode : !area.has(code)) continue;
      if (input.village !== undefined && villageOf(r.village) !== input.village) continue;
      rows.push({
        entity: src.entity,
        id: r.id as string,
        // Household titles are the 老人's name: masked as in every list (spec §8).
        title: src.entity === 'households' ? maskName(r.title as string) : String(r.title ?? ''),
        townshipCode: code,
        values: Object.fromEntries(used.map((m) => [m, Number(r[m] ?? 0)])),
      });
    }
  }
  const totals = Object.fromEntries(measures.map((m) => [m, rows.reduce((a, r) => a + (r.values[m] ?? 0), 0)]));
  return {
    header: titleOf(table, column.key, input.quarter),
    measures: measures.map((m) => ({ key: m, label: labels[m] ?? m })),
    rows,
    totals,
  };
}

/** The row a record falls in, in a township office's workbook: its 村/社区 as entered, or one row for none. */
export const NO_VILLAGE = '(未填写村/社区)';
export function villageOf(v: unknown): string {
  const s = typeof v === 'string' ? v.trim() : '';
  return s || NO_VILLAGE;
}

/** 床位数(张)·合计, not a bare 合计: a leaf header is read with its group. */
function titleOf(t: (typeof REPORT_TABLES)[number], key: string, quarter?: number): string {
  const g = t.groups.find((x) => x.columns.some((c) => c.key === key))!;
  const c = g.columns.find((x) => x.key === key)!;
  const group = quarter ? groupHeader(g.header, quarter) : g.header;
  return g.header === c.header ? c.header : `${group}·${c.header}`;
}

/** What each measure counts, in words a clerk reads beside the records. */
function measureLabels(tableId: string): Record<string, string> {
  const t = REPORT_TABLES.find((x) => x.id === tableId)!;
  const out: Record<string, string> = {};
  for (const c of leafColumns(t)) if ('measure' in c.value) out[c.value.measure] = titleOf(t, c.key);
  const extra: Record<string, string> = {
    totalYuan: '改造总费用(元)',
    costed: '已定费用户数',
    due: '应检查机构',
    expertQ: '本季度专家检查覆盖',
    bedsNursing: '护理型床位',
    certified: '持证护理员',
    caregivers: '护理员',
  };
  for (const [k, v] of Object.entries(extra)) out[k] ??= v;
  for (const k of [1, 2, 3]) {
    out[`due${k}`] ??= `第${k}月应检查`;
    out[`self${k}`] ??= `第${k}月已自查`;
    out[`expert${k}`] ??= `第${k}月专家检查`;
  }
  return out;
}
