import type { EntityName } from '../domain/entity';

/**
 * The batch entry grids (issue 16): one row per facility (or canteen) of the office, one column per periodic
 * figure, for one period. Each grid is a child record type written through the records engine, so a cell is
 * checked by exactly the rules the record form uses.
 */
export const GRID_KINDS = ['facilityQuarters', 'canteenMonths'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export interface GridKindDef {
  /** The child record written per row and period. */
  entity: EntityName & GridKind;
  /** The parent record of each row. */
  parent: 'facilities' | 'canteens';
  parentField: 'facilityId' | 'canteenId';
  /** The field holding the period within the year. */
  periodField: 'quarter' | 'month';
  periods: number;
  /** The figures entered, in column order (the clerk's sheet order). */
  columns: string[];
  /** Short column headings for the grid (the form keeps the full labels; messages use those). */
  headings: Record<string, string>;
  title: string;
  rowLabel: string;
}

export const GRID_DEFS: Record<GridKind, GridKindDef> = {
  facilityQuarters: {
    entity: 'facilityQuarters',
    parent: 'facilities',
    parentField: 'facilityId',
    periodField: 'quarter',
    periods: 4,
    columns: ['residents', 'residentsDisabled', 'residentsTekun', 'admissions', 'discharges'],
    headings: {
      residents: '季末在住老年人数',
      residentsDisabled: '其中失能/半失能',
      residentsTekun: '其中特困人员',
      admissions: '本季度新入住',
      discharges: '本季度离院',
    },
    title: '季度填报',
    rowLabel: '养老机构',
  },
  canteenMonths: {
    entity: 'canteenMonths',
    parent: 'canteens',
    parentField: 'canteenId',
    periodField: 'month',
    periods: 12,
    columns: ['openDays', 'mealsTotal', 'mealsElderly', 'mealsSpecial', 'mealsDelivered', 'registeredElders', 'subsidyAmount'],
    headings: {
      openDays: '开餐天数',
      mealsTotal: '就餐总人次',
      mealsElderly: '其中老年人次',
      mealsSpecial: '特殊困难老年人人次',
      mealsDelivered: '送餐上门人次',
      registeredElders: '登记就餐老年人数',
      subsidyAmount: '补贴金额(元)',
    },
    title: '月度运营填报',
    rowLabel: '助餐点',
  },
};

/** The period before (last quarter, last month), across the year's end. */
export function previousPeriod(kind: GridKind, year: number, period: number): { year: number; period: number } {
  const n = GRID_DEFS[kind].periods;
  return period > 1 ? { year, period: period - 1 } : { year: year - 1, period: n };
}

export function periodLabel(kind: GridKind, year: number, period: number): string {
  return GRID_DEFS[kind].periodField === 'quarter' ? `${year} 年第 ${period} 季度` : `${year} 年 ${period} 月`;
}
