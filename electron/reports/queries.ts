import type { Database } from 'better-sqlite3';
import { FACILITY_TYPES, CANTEEN_TYPES, stepOrder, WORKFLOW_STEPS } from '../../shared/domain/enums';
import { monthPeriod, quarterPeriod } from '../../shared/inspections/coverage';
import type { ReportQuery } from '../../shared/reports/tables';

/**
 * 表3's "status reached" (year to date): a household counts at a step when that step, or any later one, is
 * dated on or before the quarter end. A household whose clerk skipped a step (申请 straight to 施工) has
 * still been applied for and assessed; the dated steps, not the 进度 field, give the quarter.
 */
export function reachedSql(step: (typeof WORKFLOW_STEPS)[number], end: string): string {
  const later = WORKFLOW_STEPS.slice(stepOrder(step))
    .map((s) => `'${s}'`)
    .join(', ');
  return `EXISTS (SELECT 1 FROM household_steps s WHERE s.householdId = h.id AND s.deletedAt IS NULL AND s.step IN (${later}) AND s.date <= '${end}')`;
}

/**
 * The figures behind the report tables, per township, for one quarter. Aggregations are plain SQL over the
 * record tables (GROUP BY township): the clearest form for a statistician to check against the spec.
 */
export type Figures = Map<string, Record<string, number>>;

/** In the register at a date (spec §4 "as of quarter end"): existed and not closed at that date. */
export const IN_REGISTER = (end: string) => `
  deletedAt IS NULL AND status != '筹建' AND (openedOn IS NULL OR openedOn <= '${end}')
  AND NOT (status IN ('停业(注销)', '停业') AND (statusDate IS NULL OR statusDate <= '${end}'))`;

function collect(rows: Record<string, unknown>[], into: Figures) {
  for (const r of rows) {
    const code = r.townshipCode as string;
    const cur = into.get(code) ?? {};
    for (const [k, v] of Object.entries(r)) if (k !== 'townshipCode') cur[k] = (cur[k] ?? 0) + Number(v ?? 0);
    into.set(code, cur);
  }
}

export function figures(db: Database, query: ReportQuery, year: number, quarter: number): Figures {
  const q = quarterPeriod(year, quarter);
  const out: Figures = new Map();
  const end = q.end;
  if (query === 'facilities') {
    collect(
      db
        .prepare(
          `SELECT townshipCode, count(*) AS count,
            ${FACILITY_TYPES.map((t, i) => `sum(type = '${t}') AS type${i}`).join(', ')},
            sum(coalesce(bedsTotal, 0)) AS beds, sum(coalesce(bedsNursing, 0)) AS bedsNursing,
            sum(coalesce(staffTotal, 0)) AS staff, sum(coalesce(caregivers, 0)) AS caregivers, sum(coalesce(caregiversCertified, 0)) AS certified,
            sum(rating IN ('二级', '三级', '四级', '五级')) AS rated, sum(fireCheck = '合格') AS fireOk
           FROM facilities WHERE ${IN_REGISTER(end)} GROUP BY townshipCode`,
        )
        .all() as Record<string, unknown>[],
      out,
    );
    collect(
      db
        .prepare(
          `SELECT f.townshipCode, sum(q.residents) AS residents, sum(coalesce(q.residentsDisabled, 0)) AS residentsDisabled, sum(coalesce(q.residentsTekun, 0)) AS residentsTekun
           FROM facility_quarters q JOIN facilities f ON f.id = q.facilityId
           WHERE q.deletedAt IS NULL AND q.year = ? AND q.quarter = ? AND ${IN_REGISTER(end).replace(/\b(deletedAt|status|openedOn|statusDate)\b/g, 'f.$1')}
           GROUP BY f.townshipCode`,
        )
        .all(year, quarter) as Record<string, unknown>[],
      out,
    );
  } else if (query === 'canteens') {
    collect(
      db
        .prepare(
          `SELECT townshipCode, count(*) AS points, ${CANTEEN_TYPES.map((t, i) => `sum(type = '${t}') AS type${i}`).join(', ')},
            sum(foodLicenseNo IS NOT NULL AND foodLicenseNo != '' AND foodLicenseExpiry >= '${end}') AS licensed
           FROM canteens WHERE ${IN_REGISTER(end)} GROUP BY townshipCode`,
        )
        .all() as Record<string, unknown>[],
      out,
    );
    collect(
      db
        .prepare(
          `SELECT c.townshipCode, sum(m.mealsTotal) AS meals, sum(coalesce(m.mealsElderly, 0)) AS mealsElderly, sum(coalesce(m.mealsSpecial, 0)) AS mealsSpecial,
            sum(coalesce(m.mealsDelivered, 0)) AS mealsDelivered, sum(coalesce(m.subsidyAmount, 0)) / 10000.0 AS subsidyWan,
            sum(CASE WHEN m.month = ? THEN coalesce(m.registeredElders, 0) ELSE 0 END) AS registered
           FROM canteen_months m JOIN canteens c ON c.id = m.canteenId
           WHERE m.deletedAt IS NULL AND c.deletedAt IS NULL AND m.year = ? AND m.month BETWEEN ? AND ?
           GROUP BY c.townshipCode`,
        )
        .all(quarter * 3, year, quarter * 3 - 2, quarter * 3) as Record<string, unknown>[],
      out,
    );
  } else if (query === 'retrofit') {
    collect(
      db
        .prepare(
          'SELECT townshipCode, sum(coalesce(retrofitHouseholds, 0)) AS target FROM targets WHERE deletedAt IS NULL AND year = ? GROUP BY townshipCode',
        )
        .all(year) as Record<string, unknown>[],
      out,
    );
    // Year to date: a household counts at a step it (or a later one) reached by the quarter end (reachedSql).
    const reached = (step: (typeof WORKFLOW_STEPS)[number]) => reachedSql(step, end);
    collect(
      db
        .prepare(
          `SELECT h.townshipCode,
            sum(${reached('申请')}) AS applied, sum(${reached('入户评估')}) AS assessed, sum(${reached('制定方案')}) AS planned,
            sum(${reached('施工')} AND NOT ${reached('竣工验收')}) AS building,
            sum(${reached('竣工验收')}) AS completed,
            sum(${reached('竣工验收')} AND h.acceptanceBy IS NOT NULL AND h.acceptanceBy != '') AS accepted,
            sum(CASE WHEN ${reached('制定方案')} THEN coalesce(h.subsidy, 0) ELSE 0 END) / 10000.0 AS subsidyWan,
            sum(CASE WHEN ${reached('制定方案')} THEN coalesce(h.selfPaid, 0) ELSE 0 END) / 10000.0 AS selfPaidWan,
            sum(CASE WHEN ${reached('制定方案')} THEN coalesce(h.totalCost, 0) ELSE 0 END) / 10000.0 AS totalWan,
            sum(CASE WHEN ${reached('制定方案')} THEN coalesce(h.totalCost, 0) ELSE 0 END) AS totalYuan,
            sum(${reached('制定方案')} AND h.totalCost IS NOT NULL) AS costed,
            sum((SELECT count(*) FROM household_items i WHERE i.householdId = h.id AND i.deletedAt IS NULL AND i.kind = 'basic') * (${reached('制定方案')})) AS itemsBasic,
            sum((SELECT count(*) FROM household_items i WHERE i.householdId = h.id AND i.deletedAt IS NULL AND i.kind = 'optional') * (${reached('制定方案')})) AS itemsOptional
           FROM households h WHERE h.deletedAt IS NULL AND h.projectYear = ? AND h.status != '退出'
           GROUP BY h.townshipCode`,
        )
        .all(year) as Record<string, unknown>[],
      out,
    );
  } else {
    collect(
      db.prepare(`SELECT townshipCode, count(*) AS due FROM facilities WHERE ${IN_REGISTER(end)} GROUP BY townshipCode`).all() as Record<
        string,
        unknown
      >[],
      out,
    );
    [1, 2, 3].forEach((k) => {
      const m = monthPeriod(year, quarter * 3 - 3 + k);
      collect(
        db
          .prepare(`SELECT townshipCode, count(*) AS due${k} FROM facilities WHERE ${IN_REGISTER(m.end)} GROUP BY townshipCode`)
          .all() as Record<string, unknown>[],
        out,
      );
      for (const [kind, type] of [
        ['self', '机构自查'],
        ['expert', '第三方专家检查'],
      ] as const)
        collect(
          db
            .prepare(
              `SELECT f.townshipCode, count(DISTINCT f.id) AS ${kind}${k} FROM inspections i JOIN facilities f ON f.id = i.facilityId
               WHERE i.deletedAt IS NULL AND i.inspectionType = ? AND i.inspectedOn BETWEEN ? AND ? AND ${IN_REGISTER(m.end).replace(/\b(deletedAt|status|openedOn|statusDate)\b/g, 'f.$1')}
               GROUP BY f.townshipCode`,
            )
            .all(type, m.start, m.end) as Record<string, unknown>[],
          out,
        );
    });
    collect(
      db
        .prepare(
          `SELECT f.townshipCode, count(DISTINCT f.id) AS expertQ FROM inspections i JOIN facilities f ON f.id = i.facilityId
           WHERE i.deletedAt IS NULL AND i.inspectionType = '第三方专家检查' AND i.inspectedOn BETWEEN ? AND ? AND ${IN_REGISTER(end).replace(/\b(deletedAt|status|openedOn|statusDate)\b/g, 'f.$1')}
           GROUP BY f.townshipCode`,
        )
        .all(q.start, q.end) as Record<string, unknown>[],
      out,
    );
    collect(
      db
        .prepare(
          `SELECT h.townshipCode, count(*) AS found, sum(h.level = '重大事故隐患') AS foundMajor,
            sum(h.status IN ('已整改', '已销号') AND h.completedOn <= ?) AS fixed,
            sum(NOT (h.status IN ('已整改', '已销号') AND h.completedOn <= ?) AND h.deadline < ?) AS overdue
           FROM hazards h JOIN inspections i ON i.id = h.inspectionId
           WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND i.inspectedOn BETWEEN ? AND ?
           GROUP BY h.townshipCode`,
        )
        .all(end, end, end, q.start, q.end) as Record<string, unknown>[],
      out,
    );
  }
  return out;
}
