/** Office settings with the spec's defaults; every threshold marked (configurable) in the spec lives here. */
export interface Settings {
  licenceWarnDays: number;
  selfCheckMonthly: boolean;
  expertMonthlyPct: number;
  expertQuarterlyPct: number;
  certifiedRateTarget: number;
  nursingBedRatioTarget: number;
  retrofitAvgCostTarget: number;
  retrofitSubsidyCap: number | null;
  idleLockMinutes: number;
  includeCanteensInCoverage: boolean;
  reportContacts: { head: string; reviewer: string; preparer: string; phone: string };
  /** Sync: a package whose changes are stamped more than this many hours ahead of this PC's clock is held back (docs/sync.md). */
  syncClockBoundHours: number;
  /** 报送 deadline: this day of the month after the quarter (spec §10, configurable). */
  reportDeadlineDay: number;
  /** When a reported quarter locks: once the level above approved it, or as soon as it is submitted. */
  reportLockWhen: 'approved' | 'submitted';
}

export const DEFAULT_SETTINGS: Settings = {
  licenceWarnDays: 60,
  selfCheckMonthly: true,
  expertMonthlyPct: 30,
  expertQuarterlyPct: 100,
  certifiedRateTarget: 90,
  nursingBedRatioTarget: 60,
  retrofitAvgCostTarget: 3000,
  retrofitSubsidyCap: null,
  idleLockMinutes: 15,
  includeCanteensInCoverage: false,
  reportContacts: { head: '', reviewer: '', preparer: '', phone: '' },
  syncClockBoundHours: 24,
  reportDeadlineDay: 5,
  reportLockWhen: 'approved',
};
