import { sql, type ExpressionBuilder, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { EntityName } from '../../shared/domain/entity';
import { addDays } from '../../shared/domain/dates';
import { parseIdCard } from '../../shared/validators/idCard';
import type { SyncRunner } from '../db/run';
import type { DB } from '../db/schema';

type AnyQuery = SelectQueryBuilder<any, any, object>;
type SpecialFilter = (q: AnyQuery, value: unknown, today: string, settings: { licenceWarnDays: number }) => AnyQuery;

export interface ListConfig {
  /** Columns the search box looks in (LIKE %term%). */
  search: string[];
  /** How a 4-character term (digits or X) is searched instead of the text columns, where it means "last 4". */
  lastFour?: (eb: ExpressionBuilder<any, any>, term: string) => Expression<SqlBool>[];
  /**
   * A term that is a whole key (a full 身份证号) is matched exactly against its indexed column instead of as
   * text; null when the term is not such a key.
   */
  exact?: (eb: ExpressionBuilder<any, any>, term: string) => Expression<SqlBool> | null;
  /** Further places the search box looks, as conditions on this table (the name of the unit inspected). */
  searchAlso?: (eb: ExpressionBuilder<any, any>, like: Expression<string>) => Expression<SqlBool>[];
  /**
   * Read-only columns a list row shows from related records (被检查单位, 检查项的内容), added to the page's
   * rows after the query: a lookup for 20 rows instead of a join over every row of the table.
   */
  decorate?: (deps: { run: SyncRunner; db: Kysely<DB> }, rows: Record<string, unknown>[]) => void;
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

const like = (col: string, pattern: Expression<string>) => sql<SqlBool>`${sql.ref(col)} like ${pattern} escape '\\'`;

/** Inspections of a facility or a canteen whose name matches (indexes on name and on the subject ids). */
const subjectNamed = (eb: ExpressionBuilder<any, any>, pattern: Expression<string>, facilityCol = 'facilityId', canteenCol = 'canteenId') =>
  eb.or([
    eb(facilityCol, 'in', eb.selectFrom('facilities').select('id').where(like('name', pattern))),
    eb(canteenCol, 'in', eb.selectFrom('canteens').select('id').where(like('name', pattern))),
  ]);

/** Names of facilities and canteens by id, for the rows of one page. */
function subjectNames(deps: { run: SyncRunner; db: Kysely<DB> }, ids: string[]): Map<string, string> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return new Map();
  const rows = [
    ...deps.run.all(deps.db.selectFrom('facilities').select(['id', 'name']).where('id', 'in', unique)),
    ...deps.run.all(deps.db.selectFrom('canteens').select(['id', 'name']).where('id', 'in', unique)),
  ];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const LIST_CONFIG: Record<EntityName, ListConfig> = {
  facilities: {
    search: ['name', 'address', 'operator', 'contactPhone', 'village'],
    filters: { licenceExpiring },
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  facilityQuarters: { search: [], defaultSort: { field: 'year', order: 'desc' }, tieBreak: ['quarter'] },
  canteens: {
    search: ['name', 'address', 'operator', 'contactPhone', 'village'],
    filters: { licenceExpiring, openedYear: byYearOf('openedOn') },
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  canteenMonths: { search: [], defaultSort: { field: 'year', order: 'desc' }, tieBreak: ['month'] },
  households: {
    search: ['name', 'address', 'village', 'phone', 'contactPhone'],
    // Four digits in the search box mean "the last 4 of a 身份证号 or phone" (spec: search by 身份证 last 4
    // digits): answered from two indexed columns instead of scanning every household's text.
    lastFour: (eb, term) => [eb('idCardLast4', '=', term.toUpperCase()), eb('phoneLast4', '=', term)],
    // A whole 身份证号 (15 or 18 characters, as typed or pasted) finds that person exactly, in the main process:
    // the list still shows the number masked.
    exact: (eb, term) => {
      if (!/^[0-9０-９]{14}[0-9０-９Xxｘ]$|^[0-9０-９]{17}[0-9０-９XxＸｘ]$/.test(term)) return null;
      const id = parseIdCard(term);
      return id.ok ? eb('idCard', '=', id.value) : sql<SqlBool>`0 = 1`;
    },
    defaultSort: { field: 'updatedAt', order: 'desc' },
  },
  householdItems: { search: ['itemName'], defaultSort: { field: 'itemCode', order: 'asc' } },
  householdSteps: { search: [], defaultSort: { field: 'date', order: 'asc' } },
  householdPhotos: { search: ['originalName'], defaultSort: { field: 'createdAt', order: 'asc' } },
  inspections: {
    search: ['inspectors', 'remark'],
    searchAlso: (eb, pattern) => [subjectNamed(eb, pattern)],
    // 被检查单位 by name, and how many hazards the inspection found (整改通知书 only where there are some).
    decorate: (deps, rows) => {
      const names = subjectNames(
        deps,
        rows.map((r) => String(r.facilityId ?? r.canteenId ?? '')),
      );
      const ids = rows.map((r) => String(r.id));
      const counts = new Map(
        ids.length
          ? deps.run
              .all(
                deps.db
                  .selectFrom('hazards')
                  .select(['inspectionId', (eb) => eb.fn.countAll<number>().as('n')])
                  .where('inspectionId', 'in', ids)
                  .where('deletedAt', 'is', null)
                  .groupBy('inspectionId'),
              )
              .map((h) => [h.inspectionId, h.n])
          : [],
      );
      for (const r of rows) {
        r.subjectName = names.get(String(r.facilityId ?? r.canteenId)) ?? '';
        r.hazardCount = counts.get(String(r.id)) ?? 0;
      }
    },
    filters: {
      year: byYearOf('inspectedOn'),
      subject: (q, v) => (typeof v === 'string' && v ? q.where((e) => e.or([e('facilityId', '=', v), e('canteenId', '=', v)])) : q),
    },
    defaultSort: { field: 'inspectedOn', order: 'desc' },
  },
  inspectionAnswers: { search: ['remark'], defaultSort: { field: 'itemCode', order: 'asc' } },
  hazards: {
    search: ['description', 'measures'],
    searchAlso: (eb, pattern) => [
      eb(
        'inspectionId',
        'in',
        eb
          .selectFrom('inspections')
          .select('id')
          .where((e) => subjectNamed(e, pattern)),
      ),
    ],
    // 被检查单位, the inspection's date and the checklist item's own wording (of the version the inspection used).
    decorate: (deps, rows) => {
      const inspectionIds = [...new Set(rows.map((r) => String(r.inspectionId)))];
      const inspections = inspectionIds.length
        ? deps.run.all(
            deps.db
              .selectFrom('inspections')
              .select(['id', 'facilityId', 'canteenId', 'inspectedOn', 'checklistVersion'])
              .where('id', 'in', inspectionIds),
          )
        : [];
      const byId = new Map(inspections.map((i) => [i.id, i]));
      const names = subjectNames(
        deps,
        inspections.map((i) => i.facilityId ?? i.canteenId ?? ''),
      );
      const items = new Map<string, string>();
      for (const i of inspections) {
        const codes = rows.filter((r) => r.inspectionId === i.id && r.itemCode).map((r) => String(r.itemCode));
        if (!codes.length) continue;
        for (const it of deps.run.all(
          deps.db
            .selectFrom('checklist_items')
            .select(['code', 'text'])
            .where('version', '=', i.checklistVersion)
            .where('code', 'in', codes),
        ))
          items.set(`${i.id}:${it.code}`, it.text);
      }
      for (const r of rows) {
        const i = byId.get(String(r.inspectionId));
        r.subjectName = i ? (names.get(i.facilityId ?? i.canteenId ?? '') ?? '') : '';
        r.inspectedOn = i?.inspectedOn ?? null;
        r.itemText = r.itemCode ? (items.get(`${r.inspectionId}:${r.itemCode}`) ?? '') : '';
      }
    },
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
