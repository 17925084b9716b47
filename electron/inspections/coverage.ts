import { sql } from 'kysely';
import type { CoveragePlan } from '../../shared/inspections/contract';
import { type CoverageInspection, type CoverageSubject, coverage, monthPeriod, quarterPeriod } from '../../shared/inspections/coverage';
import type { LedgerApp } from '../app';

/** Subjects (facilities, and canteens when the office includes them) and their inspections since `from`. */
export function coverageInputs(
  app: LedgerApp,
  from: string,
  includeCanteens: boolean,
): { subjects: CoverageSubject[]; inspections: CoverageInspection[] } {
  const db = app.store.db;
  const area = [...app.area()];
  const subjects: CoverageSubject[] = app.run
    .all(
      db
        .selectFrom('facilities')
        .select(['id', 'name', 'townshipCode', 'status', 'openedOn', 'statusDate'])
        .where('deletedAt', 'is', null)
        .where('townshipCode', 'in', area)
        .orderBy('townshipCode')
        .orderBy('name'),
    )
    .map((r) => ({ ...r, kind: 'facility' as const }));
  if (includeCanteens)
    subjects.push(
      ...app.run
        .all(
          db
            .selectFrom('canteens')
            .select(['id', 'name', 'townshipCode', 'status', 'openedOn', 'statusDate'])
            .where('deletedAt', 'is', null)
            .where('townshipCode', 'in', area)
            .orderBy('townshipCode')
            .orderBy('name'),
        )
        .map((r) => ({ ...r, kind: 'canteen' as const })),
    );
  const inspections = app.run
    .all(
      db
        .selectFrom('inspections')
        .select([sql<string>`coalesce(facilityId, canteenId)`.as('subjectId'), 'inspectionType', 'inspectedOn'])
        .where('deletedAt', 'is', null)
        .where('inspectedOn', '>=', from)
        .where('townshipCode', 'in', area),
    )
    .filter((r) => !!r.subjectId);
  return { subjects, inspections };
}

/** The coverage planner (spec §3.4) for any month and its quarter, with the thresholds from settings. */
export function coveragePlan(app: LedgerApp, year: number, month: number): CoveragePlan {
  const quarter = Math.ceil(month / 3);
  const s = app.settings();
  const q = quarterPeriod(year, quarter);
  const { subjects, inspections } = coverageInputs(app, q.start, s.includeCanteensInCoverage);
  return {
    year,
    month,
    quarter,
    monthly: coverage(subjects, inspections, monthPeriod(year, month), s.expertMonthlyPct, s.selfCheckMonthly),
    quarterly: coverage(subjects, inspections, q, s.expertQuarterlyPct, false),
  };
}
