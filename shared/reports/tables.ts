import { FACILITY_TYPES } from '../domain/enums';

/**
 * The quarterly tables the city bureau requests (spec §4), declared as data: a new or changed table is a
 * declaration here plus (if it needs new figures) a query in electron/reports/queries.ts.
 * A column shows a measure summed over records, or a ratio of two measures (recomputed on the 合计 row).
 */
export type NumberFormat = 'int' | 'pct' | 'wan';
export type ColumnValue = { measure: string } | { ratio: [string, string] };

export interface ReportColumn {
  key: string;
  header: string;
  format: NumberFormat;
  value: ColumnValue;
  /** Highlight the cell when a ratio is below this (e.g. expert coverage < 30% in a month). */
  warnBelow?: number | 'setting:expertMonthlyPct' | 'setting:expertQuarterlyPct';
  width?: number;
}

export interface ColumnGroup {
  /** Merged over its columns; a group of one column whose header equals the group is one tall cell. */
  header: string;
  columns: ReportColumn[];
}

export type ReportQuery = 'facilities' | 'canteens' | 'retrofit' | 'inspections';

export interface ReportTable {
  id: 't1' | 't2' | 't3' | 't4';
  sheetName: string;
  title: string;
  tableNo: string;
  units: string;
  /** What the period means for this table (shown under the title). */
  basis: string;
  query: ReportQuery;
  groups: ColumnGroup[];
}

const int = (key: string, header: string, width?: number): ReportColumn => ({ key, header, format: 'int', value: { measure: key }, width });
const pct = (key: string, header: string, num: string, den: string, warnBelow?: ReportColumn['warnBelow']): ReportColumn => ({
  key,
  header,
  format: 'pct',
  value: { ratio: [num, den] },
  warnBelow,
});
const wan = (key: string, header: string): ReportColumn => ({ key, header, format: 'wan', value: { measure: key } });

/** Short headers for the facility types, so the columns stay narrow enough for A4 landscape. */
export const FACILITY_TYPE_SHORT = [
  '农村福利院',
  '失能特困照护中心',
  '社会福利院',
  '养老服务综合体',
  '日间照料中心/站',
  '互助照料中心',
  '民办养老机构',
  '其他',
];

export const REPORT_TABLES: ReportTable[] = [
  {
    id: 't1',
    sheetName: '表1 养老机构基本情况',
    title: '养老机构基本情况统计表',
    tableNo: '表 1',
    units: '个、张、人',
    basis: '季末时点数',
    query: 'facilities',
    groups: [
      { header: '机构数(个)', columns: [int('count', '合计'), ...FACILITY_TYPES.map((_, i) => int(`type${i}`, FACILITY_TYPE_SHORT[i]))] },
      {
        header: '床位数(张)',
        columns: [int('beds', '合计'), int('bedsNursing', '其中护理型'), pct('nursingPct', '护理型占比(%)', 'bedsNursing', 'beds')],
      },
      {
        header: '在住老年人(人)',
        columns: [int('residents', '合计'), int('residentsDisabled', '失能半失能'), int('residentsTekun', '特困人员')],
      },
      {
        header: '职工(人)',
        columns: [
          int('staff', '合计'),
          int('caregivers', '养老护理员'),
          int('certified', '持证护理员'),
          pct('certifiedPct', '持证率(%)', 'certified', 'caregivers'),
        ],
      },
      { header: '等级评定二级及以上(个)', columns: [int('rated', '等级评定二级及以上(个)')] },
      { header: '消防审验合格(个)', columns: [int('fireOk', '消防审验合格(个)')] },
    ],
  },
  {
    id: 't2',
    sheetName: '表2 老年助餐服务情况',
    title: '老年助餐服务情况统计表',
    tableNo: '表 2',
    units: '个、人次、人、万元',
    basis: '点位数为季末时点数,人次和金额为季度合计',
    query: 'canteens',
    groups: [
      {
        header: '助餐点位(个)',
        columns: [int('points', '合计'), int('type0', '老年食堂'), int('type1', '助餐点'), int('type2', '老年餐桌')],
      },
      {
        header: '就餐人次(人次)',
        columns: [
          int('meals', '合计'),
          int('mealsElderly', '老年人'),
          int('mealsSpecial', '特殊困难老年人'),
          int('mealsDelivered', '送餐上门'),
        ],
      },
      { header: '登记就餐老年人数(人)', columns: [int('registered', '登记就餐老年人数(人)')] },
      { header: '补贴金额(万元)', columns: [wan('subsidyWan', '补贴金额(万元)')] },
      { header: '持有效食品经营许可证点位数(个)', columns: [int('licensed', '持有效食品经营许可证点位数(个)')] },
    ],
  },
  {
    id: 't3',
    sheetName: '表3 适老化改造进度',
    title: '特殊困难老年人家庭适老化改造进度表',
    tableNo: '表 3',
    units: '户、项、万元、元',
    basis: '年初至季末累计',
    query: 'retrofit',
    groups: [
      { header: '年度任务(户)', columns: [int('target', '年度任务(户)')] },
      {
        header: '进度(户)',
        columns: [
          int('applied', '申请'),
          int('assessed', '评估'),
          int('planned', '方案'),
          int('building', '施工中'),
          int('completed', '竣工'),
          int('accepted', '验收'),
        ],
      },
      { header: '完成率(%)', columns: [pct('completionPct', '完成率(%)', 'accepted', 'target')] },
      { header: '改造项目数(项)', columns: [int('itemsBasic', '基础类'), int('itemsOptional', '可选类')] },
      { header: '资金(万元)', columns: [wan('subsidyWan', '政府补贴'), wan('selfPaidWan', '个人自付'), wan('totalWan', '合计')] },
      {
        header: '户均费用(元)',
        columns: [{ key: 'avgCost', header: '户均费用(元)', format: 'int', value: { ratio: ['totalYuan', 'costed'] } }],
      },
    ],
  },
  {
    id: 't4',
    sheetName: '表4 安全检查情况',
    title: '民政服务机构安全检查情况统计表',
    tableNo: '表 4',
    units: '个、%、处',
    basis: '在册机构数为季末时点数,检查与隐患为季度内发生数',
    query: 'inspections',
    groups: [
      { header: '在册机构数(个)', columns: [int('due', '在册机构数(个)')] },
      ...[1, 2, 3].map((m) => ({
        header: `第${m}个月`,
        columns: [
          int(`self${m}`, '自查机构数'),
          pct(`self${m}Pct`, '覆盖率(%)', `self${m}`, `due${m}`),
          int(`expert${m}`, '专家检查机构数'),
          pct(`expert${m}Pct`, '覆盖率(%)', `expert${m}`, `due${m}`, 'setting:expertMonthlyPct'),
        ],
      })),
      {
        header: '本季度专家检查',
        columns: [int('expertQ', '机构数'), pct('expertQPct', '覆盖率(%)', 'expertQ', 'due', 'setting:expertQuarterlyPct')],
      },
      {
        header: '隐患(处)',
        columns: [
          int('found', '发现'),
          int('foundMajor', '其中重大'),
          int('fixed', '已整改'),
          pct('fixedPct', '整改率(%)', 'fixed', 'found'),
          int('overdue', '逾期未整改'),
        ],
      },
    ],
  },
];

/** A group header as printed for a quarter: 表4's 第1个月 of the 4th quarter reads 10月. */
export function groupHeader(header: string, quarter: number): string {
  return header.replace(/^第([123])个月$/, (_, m: string) => `${(quarter - 1) * 3 + Number(m)}月`);
}

export function leafColumns(t: ReportTable): ReportColumn[] {
  return t.groups.flatMap((g) => g.columns);
}
