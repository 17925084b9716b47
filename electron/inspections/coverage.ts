import type { CoveragePlan } from '../../shared/inspections/contract';
import { coverage, monthPeriod, quarterPeriod } from '../../shared/inspections/coverage';
import type { LedgerApp } from '../app';
import { coverageInputs } from '../dashboard/service';

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
