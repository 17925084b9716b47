import { CANTEEN_STATUSES, CANTEEN_TYPES, FACILITY_STATUSES, FACILITY_TYPES, HAZARD_LEVELS, HAZARD_STATUSES } from '../domain/enums';
import { HOUSEHOLD_CATEGORIES, HOUSEHOLD_STATUSES, INSPECTION_TYPES } from '../domain/enums';
import { ENTITIES } from '../domain/entities';
import type { EntityName } from '../domain/entity';

/**
 * The record lists, declared once for the screen, the Excel export and the printout (issue 16 item 2): which
 * columns a list has (in order, which ones hidden until chosen), their headings and widths, what a cell says,
 * and the filters. The screen shows a cell as `cellValue` gives it (a screen may draw it richer, a tag, but
 * says the same), so an exported or printed list reads as the list on screen.
 */
export type Row = Record<string, unknown>;
export type CellValue = string | number | null;

export interface CellContext {
  townshipName(code: string | null | undefined): string;
  /** The clerk's local date (YYYY-MM-DD): 已过期 / 已逾期 marks. */
  today: string;
}

export interface ViewColumn {
  key: string;
  /** The heading; the field's label when absent. */
  title?: string;
  /** Width on screen in px (the print and the workbook scale from it). */
  width: number;
  /** Hidden until the clerk turns it on in the column chooser. */
  optional?: boolean;
  sortable?: boolean;
  /** What the cell says; the stored value (是/否, lists joined with 、) when absent. */
  value?: (r: Row, c: CellContext) => CellValue;
  /** Not data (an action column): never exported or printed. */
  screenOnly?: boolean;
}

export interface ViewFilter {
  key: string;
  label: string;
  /** 'township': the office's townships; 'flag': on/off; 'subject': a facility or canteen by id; 'year'. */
  kind?: 'township' | 'options' | 'flag' | 'subject' | 'year';
  options?: readonly string[];
}

export interface ListView {
  entity: EntityName;
  /** The list's name in titles: 养老机构名录, 隐患整改台账 … */
  title: string;
  columns: ViewColumn[];
  filters: ViewFilter[];
  searchPlaceholder: string;
}

export const LIST_IDS = ['facilities', 'canteens', 'households', 'inspections', 'hazards', 'targets'] as const;
export type ListId = (typeof LIST_IDS)[number];

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const township: ViewColumn['value'] = (r, c) => c.townshipName(r.townshipCode as string);
const expiredMark = (v: unknown, today: string, mark: string) => (typeof v === 'string' && v && v < today ? `${v} ${mark}` : text(v));

/** The stored value as a cell: 是/否, lists joined with 、, numbers kept numbers. */
export function plainValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'number') return v;
  return String(v);
}

/** Local date and time of a stored UTC instant, as the rest of the app writes it (YYYY-MM-DD HH:mm). */
export function localDateTime(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function isHazardOpenOverdue(r: Row, today: string): boolean {
  return typeof r.deadline === 'string' && r.deadline < today && (r.status === '待整改' || r.status === '整改中');
}

// Widths chosen so the default columns and the 操作 column fit a 1366-px office screen without scrolling.
// 负责人/电话 arrive masked (张*华, 138****1234): sorting them would order by hidden characters, so it is off.
export const LIST_VIEWS: Record<ListId, ListView> = {
  facilities: {
    entity: 'facilities',
    title: '养老机构名录',
    searchPlaceholder: '名称、地址、电话',
    columns: [
      { key: 'name', width: 150 },
      { key: 'townshipCode', title: '乡镇', width: 84, value: township },
      { key: 'type', width: 170 },
      { key: 'operationMode', width: 86 },
      { key: 'status', width: 64 },
      { key: 'bedsTotal', title: '床位', width: 60 },
      { key: 'bedsNursing', title: '护理型', width: 66 },
      { key: 'contactName', width: 66, sortable: false },
      { key: 'contactPhone', title: '电话', width: 100, sortable: false },
      { key: 'updatedAt', title: '更新时间', width: 132, value: (r) => localDateTime(r.updatedAt) },
      { key: 'address', width: 200, optional: true },
      { key: 'village', width: 100, optional: true },
      { key: 'rating', width: 80, optional: true },
      { key: 'fireCheck', width: 80, optional: true },
      { key: 'staffTotal', width: 80, optional: true },
      { key: 'caregivers', width: 90, optional: true },
      { key: 'caregiversCertified', title: '持证护理员', width: 90, optional: true },
      {
        key: 'foodLicenseExpiry',
        title: '许可证有效期至',
        width: 130,
        optional: true,
        value: (r, c) => expiredMark(r.foodLicenseExpiry, c.today, '已过期'),
      },
    ],
    filters: [
      { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
      { key: 'type', label: '机构类型', options: FACILITY_TYPES },
      { key: 'status', label: '状态', options: FACILITY_STATUSES },
      { key: 'licenceExpiring', label: '许可证将到期', kind: 'flag' },
    ],
  },
  canteens: {
    entity: 'canteens',
    title: '助餐点名录',
    searchPlaceholder: '名称/地址/运营主体/电话',
    columns: [
      { key: 'name', width: 160 },
      { key: 'townshipCode', title: '乡镇', width: 96, value: township },
      { key: 'type', width: 150 },
      { key: 'status', width: 72 },
      { key: 'mealCapacity', width: 130 },
      { key: 'delivery', width: 84 },
      {
        key: 'foodLicenseExpiry',
        title: '许可证有效期至',
        width: 136,
        // Marked as on 首页: a licence already expired is not a plain date.
        value: (r, c) => expiredMark(r.foodLicenseExpiry, c.today, '已过期'),
      },
      { key: 'contactName', width: 72, sortable: false },
      { key: 'contactPhone', width: 120, optional: true, sortable: false },
      { key: 'operationMode', width: 100, optional: true },
      { key: 'openedOn', width: 110, optional: true },
      { key: 'address', width: 200, optional: true },
    ],
    filters: [
      { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
      { key: 'type', label: '类型', options: CANTEEN_TYPES },
      { key: 'status', label: '状态', options: CANTEEN_STATUSES },
      { key: 'licenceExpiring', label: '许可证将到期', kind: 'flag' },
      { key: 'openedYear', label: '开办年度', kind: 'year' },
    ],
  },
  households: {
    entity: 'households',
    title: '适老化改造户名册',
    searchPlaceholder: '姓名、地址、电话,完整身份证号,或身份证/电话后 4 位',
    columns: [
      { key: 'name', width: 90, sortable: false },
      { key: 'idCard', width: 170, sortable: false },
      { key: 'townshipCode', title: '乡镇', width: 96, value: township },
      { key: 'village', width: 110 },
      { key: 'projectYear', width: 90 },
      { key: 'status', width: 100 },
      { key: 'categories', width: 160 },
      { key: 'totalCost', width: 130 },
      { key: 'phone', width: 120, optional: true, sortable: false },
      { key: 'assessmentLevel', width: 110, optional: true },
      { key: 'subsidy', width: 120, optional: true },
    ],
    filters: [
      { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
      { key: 'projectYear', label: '项目年度', kind: 'year' },
      { key: 'status', label: '进度', options: HOUSEHOLD_STATUSES },
      { key: 'categories', label: '对象类别', options: HOUSEHOLD_CATEGORIES },
    ],
  },
  inspections: {
    entity: 'inspections',
    title: '安全检查记录',
    searchPlaceholder: '被检查单位、检查人员、备注',
    columns: [
      { key: 'inspectedOn', width: 104 },
      { key: 'subjectName', title: '被检查单位', width: 220, sortable: false },
      { key: 'inspectionType', width: 120 },
      { key: 'inspectors', width: 160 },
      { key: 'townshipCode', title: '乡镇(街道)', width: 100, value: township },
      { key: 'hazardCount', title: '发现隐患', width: 80, sortable: false },
      { key: 'checklistVersion', width: 100, optional: true },
      { key: 'remark', width: 160, optional: true },
    ],
    filters: [
      { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
      { key: 'inspectionType', label: '检查类型', options: INSPECTION_TYPES },
      { key: 'subject', label: '被检查单位', kind: 'subject' },
      { key: 'year', label: '年度', kind: 'year' },
    ],
  },
  hazards: {
    entity: 'hazards',
    title: '隐患整改台账',
    searchPlaceholder: '被检查单位、隐患描述、整改措施',
    columns: [
      { key: 'level', width: 108 },
      { key: 'subjectName', title: '被检查单位', width: 150, sortable: false },
      { key: 'townshipCode', title: '乡镇', width: 84, value: township },
      { key: 'itemText', title: '检查项', width: 180, sortable: false, optional: true },
      { key: 'description', width: 190 },
      { key: 'method', width: 84, optional: true },
      {
        key: 'deadline',
        width: 136,
        value: (r, c) => (isHazardOpenOverdue(r, c.today) ? `${text(r.deadline)} 已逾期` : text(r.deadline)),
      },
      { key: 'status', width: 72 },
      { key: 'inspectedOn', title: '检查日期', width: 104, sortable: false, optional: true },
      { key: 'completedOn', width: 110, optional: true },
      { key: 'reviewer', width: 80, optional: true },
      { key: 'next', title: '整改流程', width: 150, sortable: false, screenOnly: true },
    ],
    filters: [
      { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
      { key: 'subject', label: '被检查单位', kind: 'subject' },
      { key: 'status', label: '整改状态', options: HAZARD_STATUSES },
      { key: 'level', label: '隐患等级', options: HAZARD_LEVELS },
      { key: 'overdue', label: '只看逾期', kind: 'flag' },
      { key: 'open', label: '只看未整改', kind: 'flag' },
    ],
  },
  targets: {
    entity: 'targets',
    title: '年度任务',
    searchPlaceholder: '年度,如 2026',
    columns: [
      { key: 'year', width: 90 },
      { key: 'townshipCode', title: '乡镇(街道)', width: 140, value: township },
      { key: 'retrofitHouseholds', width: 150 },
      { key: 'newCanteens', width: 180 },
      { key: 'nursingBedRatio', width: 160 },
      { key: 'certifiedRate', width: 110 },
    ],
    filters: [{ key: 'townshipCode', label: '乡镇(街道)', kind: 'township' }],
  },
};

/** A column's heading: its own title, or the label of the field it shows. */
export function columnTitle(view: ListView, col: ViewColumn): string {
  const fields = ENTITIES[view.entity].fields as Record<string, { label: string }>;
  return col.title ?? fields[col.key]?.label ?? col.key;
}

/** What a cell of a list says (screen, workbook and print alike). */
export function cellValue(col: ViewColumn, r: Row, c: CellContext): CellValue {
  return col.value ? col.value(r, c) : plainValue(r[col.key]);
}
