import { sql, type ExpressionBuilder, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { EntityName } from '../../shared/domain/entity';
import { addDays } from '../../shared/domain/dates';

type AnyQuery = SelectQueryBuilder<any, any, object>;
type SpecialFilter = (q: AnyQuery, value: unknown, today: string, settings: { licenceWarnDays: number }) => AnyQuery;

export interface ListConfig {
  /** Columns the search box looks in (LIKE %term%). */
  search: string[];
  /** How a 4-character term (digits or X) is searched instead of the text columns, where it means "last 4". */
  lastFour?: (eb: ExpressionBuilder<any, any>, term: string) => Expression<SqlBool>[];
  /** Filters that are not a plain field equality (overdue, expiring). */
  filters?: Record<string, SpecialFilter>;
  defaultSort: { field: string; order: 'asc' | 'desc' };
  /** Columns that order rows the sort leaves tied, in the sort's direction (a year's months, newest first). */
  tieBreak?: string[];
}

/** Licence expired or expiring within the configured window (spec §3.2: 60 days). */
const licenceExpiring: SpecialFilter = (q, v, today, s) =>
  v ? q.where('foodLicenseExpiry', 'is not', null).where('foodLicenseExpiry', '<=', addDays(today, s.licenceWarnDays)) : q;

const byYearOf =
  (col: string): SpecialFilter =>
  (q, v) =>
    typeof v === 'number' ? q.where(col, '>=', `${v}-01-01`).where(col, '<=', `${v}-12-31`) : q;

/**
 * Open hazards, with the statuses and deletedAt written out literally so the condition matches the partial
 * indexes of migration 0005 (bound parameters would not). `table` qualifies the columns in a join ('h').
 */
export const openHazard = (table?: string) => {
  const c = (col: string) => (table ? `${table}.${col}` : col);
  return sql<SqlBool>`${sql.raw(`${c('deletedAt')} IS NULL AND ${c('status')} IN ('待整改', '整改中')`)}`;
};
const OPEN_HAZARD = openHazard();

export const LIST_CONFIG: Record<EntityName, ListConfig> = {
  facilities: {
    search: ['name', 'address', 'operator', 'contactPhone', 'village'],
    filters: { licenceExpiring },
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  facilityQuarters: { search: [], defaultSort: { field: 'year', order: 'desc' }, tieBreak: ['quarter'] },
  canteens: {
    search: ['name', 'address', 'operator', 'contactPhone', 'village'],
    filters: { licenceExpiring },
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  canteenMonths: { search: [], defaultSort: { field: 'year', order: 'desc' }, tieBreak: ['month'] },
  households: {
    search: ['name', 'address', 'village', 'phone', 'contactPhone'],
    // Four digits in the search box mean "the last 4 of a 身份证号 or phone" (spec: search by 身份证 last 4
    // digits): answered from two indexed columns instead of scanning every household's text.
    lastFour: (eb, term) => [eb('idCardLast4', '=', term.toUpperCase()), eb('phoneLast4', '=', term)],
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  householdItems: { search: ['itemName'], defaultSort: { field: 'itemCode', order: 'asc' } },
  householdSteps: { search: [], defaultSort: { field: 'date', order: 'asc' } },
  householdPhotos: { search: ['originalName'], defaultSort: { field: 'createdAt', order: 'asc' } },
  inspections: {
    search: ['inspectors', 'remark'],
    filters: { year: byYearOf('inspectedOn') },
    defaultSort: { field: 'inspectedOn', order: 'desc' },
  },
  inspectionAnswers: { search: ['remark'], defaultSort: { field: 'itemCode', order: 'asc' } },
  hazards: {
    search: ['description', 'measures'],
    filters: {
      overdue: (q, v, today) => (v ? q.where(OPEN_HAZARD).where('deadline', '<', today) : q),
      open: (q, v) => (v ? q.where(OPEN_HAZARD) : q),
      // One unit's hazards (a facility or a canteen), through the inspections that found them.
      subject: (q, v) =>
        typeof v === 'string' && v
          ? q.where((eb) =>
              eb(
                'inspectionId',
                'in',
                eb
                  .selectFrom('inspections')
                  .select('id')
                  .where((e) => e.or([e('facilityId', '=', v), e('canteenId', '=', v)])),
              ),
            )
          : q,
    },
    // 重大事故隐患 always first (spec §3.4), then the nearest deadline.
    defaultSort: { field: 'level', order: 'desc' },
  },
  targets: { search: ['year'], defaultSort: { field: 'year', order: 'desc' } },
  // The reporting cycle's records are listed by their own service (electron/reporting); newest first here.
  reportSubmissions: { search: [], defaultSort: { field: 'createdAt', order: 'desc' } },
  reportSubmissionParts: { search: [], defaultSort: { field: 'createdAt', order: 'desc' } },
  reportDecisions: { search: [], defaultSort: { field: 'createdAt', order: 'desc' } },
  reportAdjustments: { search: [], defaultSort: { field: 'createdAt', order: 'desc' } },
};
