import { sql } from 'kysely';
import type { DashboardData } from '../../shared/dashboard/contract';
import { addDays } from '../../shared/domain/dates';
import { coverage, monthPeriod, pct, quarterPeriod } from '../../shared/inspections/coverage';
import type { LedgerApp } from '../app';
import { coverageInputs } from '../inspections/coverage';
import { openHazard } from '../records/listConfig';

/** The first screen's figures (issue: dashboard), all for this office's area. */
export function dashboard(app: LedgerApp, opts: { year?: number; month?: number } = {}): DashboardData {
  const today = app.today();
  const year = opts.year ?? Number(today.slice(0, 4));
  const month = opts.month ?? Number(today.slice(5, 7));
  const quarter = Math.ceil(month / 3);
  const settings = app.settings();
  const db = app.store.db;
  const area = [...app.area()];
  if (area.length === 0) area.push('-');

  const t = app.run.first(
    db
      .selectFrom('targets')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('retrofitHouseholds'), sql<number>`0`).as('retrofitHouseholds'),
        eb.fn.coalesce(eb.fn.sum<number>('newCanteens'), sql<number>`0`).as('newCanteens'),
        eb.fn.avg<number>('nursingBedRatio').as('nursingBedRatio'),
        eb.fn.avg<number>('certifiedRate').as('certifiedRate'),
      ])
      .where('deletedAt', 'is', null)
      .where('year', '=', year)
      .where('townshipCode', 'in', area),
  )!;

  const retrofitByStatus = app.run.all(
    db
      .selectFrom('households')
      .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('deletedAt', 'is', null)
      .where('projectYear', '=', year)
      .where('townshipCode', 'in', area)
      .groupBy('status'),
  );
  const accepted = retrofitByStatus.filter((r) => ['竣工验收', '回访', '归档'].includes(r.status)).reduce((a, r) => a + r.count, 0);

  const opened = app.run.first(
    db
      .selectFrom('canteens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deletedAt', 'is', null)
      .where('openedOn', '>=', `${year}-01-01`)
      .where('openedOn', '<=', `${year}-12-31`)
      .where('townshipCode', 'in', area),
  )!.n;

  const staff = app.run.first(
    db
      .selectFrom('facilities')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('bedsTotal'), sql<number>`0`).as('beds'),
        eb.fn.coalesce(eb.fn.sum<number>('bedsNursing'), sql<number>`0`).as('nursing'),
        eb.fn.coalesce(eb.fn.sum<number>('caregivers'), sql<number>`0`).as('caregivers'),
        eb.fn.coalesce(eb.fn.sum<number>('caregiversCertified'), sql<number>`0`).as('certified'),
      ])
      .where('deletedAt', 'is', null)
      .where('status', 'in', ['运营', '暂停'])
      .where('townshipCode', 'in', area),
  )!;

  const qp = quarterPeriod(year, quarter);
  const mp = monthPeriod(year, month);
  const { subjects, inspections } = coverageInputs(app, qp.start, settings.includeCanteensInCoverage);

  const overdueBase = db
    .selectFrom('hazards as h')
    .innerJoin('inspections as i', 'i.id', 'h.inspectionId')
    .leftJoin('facilities as f', 'f.id', 'i.facilityId')
    .leftJoin('canteens as c', 'c.id', 'i.canteenId')
    // Literal statuses so SQLite can use the partial index of open hazards (migration 0005).
    .where(openHazard('h'))
    .where('i.deletedAt', 'is', null)
    .where('h.deadline', '<', today)
    .where('h.townshipCode', 'in', area);
  const overdueHazards = app.run.all(
    overdueBase
      .select([
        'h.id',
        'h.description',
        'h.level',
        'h.deadline',
        'h.status',
        'h.townshipCode',
        sql<string>`coalesce(f.name, c.name, '')`.as('subjectName'),
      ])
      // 重大事故隐患 first (spec §3.4), then the longest overdue.
      .orderBy(sql`case h.level when '重大事故隐患' then 0 else 1 end`)
      .orderBy('h.deadline')
      .limit(20),
  );
  const overdueCount = app.run.first(overdueBase.select((eb) => eb.fn.countAll<number>().as('n')))!.n;

  const horizon = addDays(today, settings.licenceWarnDays);
  const expiring = [
    ...app.run
      .all(
        db
          .selectFrom('facilities')
          .select(['id', 'name', 'foodLicenseNo', 'foodLicenseExpiry'])
          .where('deletedAt', 'is', null)
          .where('foodLicenseExpiry', '<=', horizon)
          .where('townshipCode', 'in', area)
          .where('status', '!=', '停业(注销)'),
      )
      .map((r) => ({ ...r, kind: 'facility' as const })),
    ...app.run
      .all(
        db
          .selectFrom('canteens')
          .select(['id', 'name', 'foodLicenseNo', 'foodLicenseExpiry'])
          .where('deletedAt', 'is', null)
          .where('foodLicenseExpiry', '<=', horizon)
          .where('townshipCode', 'in', area)
          .where('status', '!=', '停业'),
      )
      .map((r) => ({ ...r, kind: 'canteen' as const })),
  ]
    .filter((r): r is typeof r & { foodLicenseExpiry: string } => !!r.foodLicenseExpiry)
    .sort((a, b) => a.foodLicenseExpiry.localeCompare(b.foodLicenseExpiry));

  const fromYm = year * 12 + month - 12; // the last 12 months up to the chosen one
  // Only months of canteens that still exist (a deleted canteen's months leave the figures, as in the reports).
  const meals = app.run.all(
    db
      .selectFrom('canteen_months as m')
      .innerJoin('canteens as c', 'c.id', 'm.canteenId')
      .select((eb) => [
        'm.year',
        'm.month',
        eb.fn.sum<number>('m.mealsTotal').as('mealsTotal'),
        eb.fn.coalesce(eb.fn.sum<number>('m.mealsElderly'), sql<number>`0`).as('mealsElderly'),
        eb.fn.coalesce(eb.fn.sum<number>('m.mealsSpecial'), sql<number>`0`).as('mealsSpecial'),
      ])
      .where('m.deletedAt', 'is', null)
      .where('c.deletedAt', 'is', null)
      .where('m.townshipCode', 'in', area)
      .where(sql<boolean>`m.year * 12 + m.month > ${fromYm}`)
      .where(sql<boolean>`m.year * 12 + m.month <= ${year * 12 + month}`)
      .groupBy(['m.year', 'm.month'])
      .orderBy('m.year')
      .orderBy('m.month'),
  );

  return {
    today,
    year,
    month,
    quarter,
    targets: {
      retrofitHouseholds: Number(t.retrofitHouseholds),
      newCanteens: Number(t.newCanteens),
      nursingBedRatio: t.nursingBedRatio,
      certifiedRate: t.certifiedRate,
    },
    retrofitByStatus,
    retrofitAccepted: accepted,
    canteensOpenedThisYear: opened,
    kpis: {
      nursingBedRatio: pct(staff.nursing, staff.beds),
      nursingBedRatioTarget: settings.nursingBedRatioTarget,
      certifiedRate: pct(staff.certified, staff.caregivers),
      certifiedRateTarget: settings.certifiedRateTarget,
      beds: staff.beds,
      caregivers: staff.caregivers,
    },
    coverageMonth: coverage(subjects, inspections, mp, settings.expertMonthlyPct, settings.selfCheckMonthly),
    coverageQuarter: coverage(subjects, inspections, qp, settings.expertQuarterlyPct, false),
    overdueHazards,
    overdueCount,
    expiringLicences: expiring,
    mealsByMonth: meals.map((m) => ({
      ym: `${m.year}-${String(m.month).padStart(2, '0')}`,
      mealsTotal: m.mealsTotal,
      mealsElderly: m.mealsElderly,
      mealsSpecial: m.mealsSpecial,
    })),
  };
}
