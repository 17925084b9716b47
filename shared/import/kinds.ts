/**
 * What can be imported, declared as data: for each kind of ledger, the columns the app understands and the
 * words clerks use for them in their own sheets. A column is a record field (its label is always a
 * synonym), or one of a few columns that need a lookup (乡镇 by name, 助餐点 by name, 月份 with its year,
 * a √ column per 对象类别). New wording found in a real ledger is one more synonym here.
 */
import { ENTITIES } from '../domain/entities';
import type { EntityName } from '../domain/entity';
import { HOUSEHOLD_CATEGORIES, HOUSEHOLD_CONDITIONS, WORKFLOW_STEPS } from '../domain/enums';

export const IMPORT_KINDS = ['facilities', 'canteens', 'canteenMonths', 'households', 'targets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  facilities: '养老机构台账',
  canteens: '助餐点台账',
  canteenMonths: '助餐点月度运营',
  households: '适老化改造户台账',
  targets: '年度任务',
};

/** How a row finds the record it updates on re-import (spec §7: no duplicates). */
export const NATURAL_KEYS: Record<ImportKind, string> = {
  facilities: '机构名称 + 乡镇(街道)',
  canteens: '名称 + 乡镇(街道)',
  canteenMonths: '助餐点 + 年度 + 月份',
  households: '身份证号 + 项目年度',
  targets: '乡镇(街道) + 年度',
};

export type ColumnKind = 'field' | 'township' | 'canteen' | 'facility' | 'month' | 'optionFlag' | 'stepDate';

export interface ImportColumn {
  /** A field name, or `township` / `canteen` / `facility` / `month`, or `categories=低保` for a √ column. */
  key: string;
  label: string;
  kind: ColumnKind;
  synonyms: readonly string[];
  /** The sheet must have this column (or the preview's default for it). */
  required?: boolean;
}

/** Fields never read from a ledger: references resolved by name, values derived from the 身份证号. */
const NOT_IMPORTED = new Set(['townshipCode', 'facilityId', 'canteenId', 'birthDate', 'sex', 'villageCode']);

const TOWNSHIP: ImportColumn = {
  key: 'township',
  label: '乡镇(街道)',
  kind: 'township',
  synonyms: ['乡镇(街道)', '乡镇街道', '乡镇', '街道', '镇街', '所属乡镇', '所属街道', '乡镇名称', '所在乡镇', '乡(镇、街道)', '区划代码'],
};

/** Extra words for field labels, per kind. The field's own label is always understood. */
const SYNONYMS: Partial<Record<ImportKind, Record<string, readonly string[]>>> = {
  facilities: {
    name: ['机构名称', '名称', '养老机构名称', '机构全称', '设施名称', '单位名称', '养老机构'],
    type: ['机构类型', '类型', '机构类别', '设施类型', '类别'],
    operationMode: ['运营方式', '运营模式', '经营方式', '运营形式', '运营性质'],
    operator: ['运营主体', '运营单位', '运营机构', '举办单位'],
    creditCode: ['统一社会信用代码', '信用代码', '社会信用代码'],
    address: ['地址', '机构地址', '详细地址'],
    village: ['村/社区', '村(社区)', '所在村', '社区', '村居'],
    contactName: ['负责人', '院长', '负责人姓名', '联系人'],
    contactPhone: ['负责人电话', '联系电话', '电话', '手机', '联系方式', '手机号码'],
    openedOn: ['成立日期', '开业日期', '成立时间', '开业时间', '建成时间', '投入运营时间'],
    status: ['状态', '运营状态'],
    urbanRural: ['城乡', '城乡类别', '城市/农村'],
    floorArea: ['建筑面积', '面积'],
    bedsTotal: ['床位总数', '床位数', '总床位', '床位', '总床位数'],
    bedsNursing: ['护理型床位', '护理型床位数', '其中护理型床位', '床位数其中护理型', '护理床位'],
    bedsFullCare: ['全托床位'],
    bedsDayCare: ['日托床位'],
    rating: ['机构等级', '等级', '星级'],
    fireCheck: ['消防审验', '消防验收', '消防'],
    hasKitchen: ['设有厨房/食堂', '有无食堂', '是否有食堂', '食堂'],
    hasClinic: ['内设医疗机构', '医养结合', '有无医务室'],
    liabilityInsurance: ['投保责任险', '责任险', '是否投保责任险'],
    staffTotal: ['职工总数', '工作人员', '工作人员数', '员工数', '职工人数'],
    caregivers: ['养老护理员数', '护理员', '护理员数', '护理人员'],
    caregiversCertified: ['持证护理员数', '其中持证', '持证护理员', '持证人数'],
  },
  canteens: {
    name: ['名称', '助餐点名称', '食堂名称', '幸福食堂名称', '站点名称', '助餐点', '点位名称'],
    type: ['类型', '助餐类型', '站点类型', '类别'],
    operationMode: ['运营模式', '运营方式', '经营方式'],
    operator: ['运营主体', '运营单位'],
    creditCode: ['运营主体信用代码', '统一社会信用代码', '信用代码'],
    address: ['地址', '详细地址'],
    village: ['村/社区', '村(社区)', '所在村', '社区'],
    contactName: ['负责人', '联系人', '负责人姓名'],
    contactPhone: ['负责人电话', '联系电话', '电话', '联系方式'],
    openedOn: ['开办日期', '开办时间', '建成时间', '运营时间', '开业日期'],
    status: ['状态', '运营状态'],
    floorArea: ['面积', '建筑面积', '使用面积'],
    seats: ['座位数', '餐位数', '座位'],
    mealCapacity: ['供餐能力', '日供餐能力'],
    delivery: ['送餐上门', '是否送餐', '提供送餐'],
    mealPrice: ['套餐价格', '餐标', '价格'],
  },
  canteenMonths: {
    year: ['年度', '年份', '年'],
    openDays: ['开餐天数', '营业天数', '运营天数'],
    mealsTotal: ['就餐总人次', '就餐人次', '总人次', '助餐人次', '服务人次'],
    mealsElderly: ['其中老年人次', '老年人就餐人次', '老年人次'],
    mealsSpecial: ['其中特殊困难老年人人次', '特殊困难老年人人次', '特困老人人次'],
    mealsDelivered: ['送餐上门人次', '送餐人次'],
    registeredElders: ['登记就餐老年人数', '登记老人数', '登记人数'],
    subsidyAmount: ['补贴金额', '补贴资金', '补助金额'],
  },
  households: {
    name: ['老人姓名', '姓名', '改造对象姓名', '对象姓名', '户主姓名', '老年人姓名'],
    idCard: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码'],
    phone: ['联系电话', '电话', '老人电话', '本人电话'],
    contactName: ['联系人', '家属姓名', '监护人'],
    contactRelation: ['与老人关系', '关系'],
    contactPhone: ['联系人电话', '家属电话', '监护人电话'],
    village: ['村/社区', '村(社区)', '所在村', '社区', '村居'],
    address: ['地址', '家庭住址', '住址', '详细地址'],
    categories: ['对象类别', '类别', '人员类别', '困难类型', '对象类型'],
    conditions: ['老人情况', '身体状况', '老年人情况'],
    assessmentLevel: ['能力评估等级', '评估等级', '失能等级', '能力等级'],
    projectYear: ['项目年度', '年度', '改造年度', '实施年度', '年份'],
    status: ['进度', '改造进度', '当前环节', '状态'],
    exitReason: ['退出原因'],
    totalCost: ['改造总费用', '总费用', '改造费用', '总金额', '改造资金', '改造金额', '改造总金额', '改造总投资', '投资金额', '费用合计'],
    subsidy: ['政府补贴', '补贴金额', '财政补贴', '补贴', '补助金额', '补助资金', '政府补助', '财政补助'],
    selfPaid: ['个人自付', '自付', '个人承担', '自筹', '自筹资金', '个人出资', '自付金额'],
    contractor: ['施工单位', '施工方'],
    acceptanceBy: ['验收单位/人', '验收人', '验收单位'],
    satisfaction: ['满意度', '回访满意度'],
  },
  targets: {
    year: ['年度', '年份'],
    retrofitHouseholds: ['适老化改造户数', '改造任务', '适老化改造任务', '改造户数'],
    newCanteens: ['新建幸福食堂/助餐点数', '新建助餐点', '助餐点任务', '新建食堂'],
    nursingBedRatio: ['护理型床位占比', '护理型床位占比目标'],
    certifiedRate: ['持证率', '持证率目标'],
  },
};

/**
 * The dates of a household's workflow steps, as ledgers head them. 表3 counts a household at a step by the
 * step's date, so a ledger's dates become dated steps (key `steps=申请`); without them the report cannot count it.
 */
const STEP_DATE_SYNONYMS: Record<(typeof WORKFLOW_STEPS)[number], readonly string[]> = {
  申请: ['申请日期', '申请时间', '受理日期'],
  资格审核: ['资格审核日期', '审核日期', '审核时间', '资格审核时间', '审批日期'],
  入户评估: ['入户评估日期', '评估日期', '评估时间', '入户评估时间'],
  制定方案: ['方案制定日期', '制定方案日期', '方案日期', '方案确定日期'],
  施工: ['施工日期', '开工日期', '施工时间', '开工时间', '施工开始日期'],
  竣工验收: ['竣工验收日期', '验收日期', '验收时间', '竣工日期', '完工日期', '竣工时间'],
  回访: ['回访日期', '回访时间'],
  归档: ['归档日期', '归档时间'],
};

/**
 * Values clerks write for the app's options (spec words on the right): the only words besides the options
 * themselves that an import accepts (issue 12.4). A word that could mean two options (福利院, 民营, 已完成,
 * 一般) is not listed: it is refused with the allowed values. An alias for one kind's field that is not an
 * option of another kind's field of the same name is ignored there (matchOption checks the target).
 */
export const OPTION_ALIASES: Record<string, Record<string, string>> = {
  type: {
    敬老院: '农村福利院(特困供养服务机构)',
    乡镇敬老院: '农村福利院(特困供养服务机构)',
    农村敬老院: '农村福利院(特困供养服务机构)',
    农村福利院: '农村福利院(特困供养服务机构)',
    特困供养服务机构: '农村福利院(特困供养服务机构)',
    特困供养机构: '农村福利院(特困供养服务机构)',
    失能特困人员集中照护中心: '区域性失能特困人员集中照护中心',
    集中照护中心: '区域性失能特困人员集中照护中心',
    社会福利院: '社会福利院/城市福利中心',
    城市福利中心: '社会福利院/城市福利中心',
    社会福利中心: '社会福利院/城市福利中心',
    养老服务综合体: '街道(乡镇)养老服务综合体',
    街道养老服务综合体: '街道(乡镇)养老服务综合体',
    乡镇养老服务综合体: '街道(乡镇)养老服务综合体',
    日间照料中心: '社区日间照料中心/养老服务站',
    社区日间照料中心: '社区日间照料中心/养老服务站',
    养老服务站: '社区日间照料中心/养老服务站',
    社区养老服务站: '社区日间照料中心/养老服务站',
    互助照料中心: '农村互助照料中心',
    互助幸福院: '农村互助照料中心',
    农村幸福院: '农村互助照料中心',
    民办: '民办养老机构',
    民办养老院: '民办养老机构',
    民营养老院: '民办养老机构',
    幸福食堂: '老年食堂(幸福食堂)',
    老年食堂: '老年食堂(幸福食堂)',
    助餐点: '老年助餐点',
    老年餐桌: '老年餐桌(合作餐厅)',
    合作餐厅: '老年餐桌(合作餐厅)',
  },
  operationMode: {
    公办公营: '公建公营',
    公办民营: '公建民营',
    民办民营: '民办',
    委托: '委托运营',
    委托经营: '委托运营',
    社会化: '社会化运营',
    互助: '互助式',
    自办: '自营',
  },
  status: {
    正常运营: '运营',
    在运营: '运营',
    正常: '运营',
    运营中: '运营',
    营业: '运营',
    停业: '停业(注销)',
    注销: '停业(注销)',
    已注销: '停业(注销)',
    停运: '暂停',
    暂停运营: '暂停',
    在建: '筹建',
    建设中: '筹建',
    已申请: '申请',
    审核: '资格审核',
    已审核: '资格审核',
    评估: '入户评估',
    已评估: '入户评估',
    方案: '制定方案',
    施工中: '施工',
    在施工: '施工',
    竣工: '竣工验收',
    已竣工: '竣工验收',
    已验收: '竣工验收',
    验收: '竣工验收',
    已回访: '回访',
    已归档: '归档',
    已退出: '退出',
  },
  categories: {
    特困: '分散供养特困',
    特困人员: '分散供养特困',
    特困供养: '分散供养特困',
    分散特困: '分散供养特困',
    分散供养: '分散供养特困',
    分散供养特困人员: '分散供养特困',
    五保: '分散供养特困',
    五保户: '分散供养特困',
    低保户: '低保',
    低保对象: '低保',
    城乡低保: '低保',
    农村低保: '低保',
    城市低保: '低保',
    低边: '低保边缘',
    低边户: '低保边缘',
    低保边缘户: '低保边缘',
    低保边缘家庭: '低保边缘',
    低收入户: '低收入',
    低收入家庭: '低收入',
    低收入人口: '低收入',
    脱贫户: '脱贫人口',
    脱贫: '脱贫人口',
    建档立卡: '脱贫人口',
    建档立卡贫困户: '脱贫人口',
    优抚: '优抚对象',
    重点优抚对象: '优抚对象',
    计生特殊家庭: '计划生育特殊家庭',
    计划生育特扶家庭: '计划生育特殊家庭',
    失独家庭: '计划生育特殊家庭',
  },
  conditions: {
    高龄老人: '高龄',
    失能老人: '失能',
    半失能老人: '半失能',
    残疾人: '残疾',
    残疾老人: '残疾',
    独居老人: '独居',
    空巢老人: '空巢',
  },
  assessmentLevel: { 完好: '能力完好', 轻度: '轻度失能', 中度: '中度失能', 重度: '重度失能', 完全: '完全失能' },
  satisfaction: { 比较满意: '基本满意', 较满意: '基本满意', 非常满意: '满意', 很满意: '满意' },
  urbanRural: { 城镇: '城市', 城区: '城市', 乡村: '农村' },
  rating: { 无: '未评定', 未评: '未评定', 未评级: '未评定', '1级': '一级', '2级': '二级', '3级': '三级', '4级': '四级', '5级': '五级' },
  fireCheck: { 通过: '合格', 已通过: '合格', 验收合格: '合格', 不合格: '未通过', 未审验: '未验收' },
};

/** Canteens keep 停业 as is; only facilities have 停业(注销). */
export function optionAliases(kind: ImportKind, field: string): Record<string, string> {
  const a = { ...(OPTION_ALIASES[field] ?? {}) };
  if (kind === 'canteens' && field === 'status') a.停业 = '停业';
  return a;
}

export function entityOfKind(kind: ImportKind): EntityName {
  return kind;
}

/** Every column the app understands for a kind, in the order of its record's fields. */
export function importColumns(kind: ImportKind): ImportColumn[] {
  const entity = ENTITIES[entityOfKind(kind)];
  const syn = SYNONYMS[kind] ?? {};
  const cols: ImportColumn[] = [];
  if (kind === 'canteenMonths') {
    cols.push({
      key: 'canteen',
      label: '助餐点名称',
      kind: 'canteen',
      required: true,
      synonyms: ['助餐点名称', '名称', '助餐点', '食堂名称', '幸福食堂', '站点名称'],
    });
    cols.push({ ...TOWNSHIP });
    cols.push({ key: 'month', label: '月份', kind: 'month', required: true, synonyms: ['月份', '月', '统计月份', '年月'] });
  } else cols.push({ ...TOWNSHIP, required: true });
  if (kind === 'canteens')
    cols.push({ key: 'facility', label: '依托设施', kind: 'facility', synonyms: ['依托设施', '依托机构', '所属机构'] });
  for (const [key, f] of Object.entries(entity.fields)) {
    if (NOT_IMPORTED.has(key) || (kind === 'canteenMonths' && key === 'month')) continue;
    cols.push({
      key,
      label: f.label,
      kind: 'field',
      required: f.required && !(key === 'status'),
      synonyms: [f.label, ...(syn[key] ?? [])],
    });
  }
  if (kind === 'households') {
    for (const o of HOUSEHOLD_CATEGORIES)
      cols.push({ key: `categories=${o}`, label: `对象类别:${o}(√)`, kind: 'optionFlag', synonyms: [o, `是否${o}`, `${o}对象`] });
    for (const o of HOUSEHOLD_CONDITIONS)
      cols.push({ key: `conditions=${o}`, label: `老人情况:${o}(√)`, kind: 'optionFlag', synonyms: [o, `是否${o}`] });
    for (const step of WORKFLOW_STEPS)
      cols.push({ key: `steps=${step}`, label: `${step}日期`, kind: 'stepDate', synonyms: [`${step}日期`, ...STEP_DATE_SYNONYMS[step]] });
  }
  return cols;
}

/** A status the sheet need not have: new records start here (said in the preview). */
export const DEFAULT_STATUS: Partial<Record<ImportKind, string>> = { facilities: '运营', canteens: '运营', households: '申请' };
