import type { FieldIssue } from '../api/errors';
import { defineEntity, issue, type ValueOf } from '../domain/entity';
import {
  ASSESSMENT_LEVELS,
  HOUSEHOLD_CATEGORIES,
  HOUSEHOLD_CONDITIONS,
  HOUSEHOLD_STATUSES,
  SATISFACTION,
  WORKFLOW_STEPS,
} from '../domain/enums';
import { date, divisionCode, flag, int, manyOf, money, oneOf, ref, text } from '../domain/fields';
import { ageOn, parseIdCard } from '../validators/idCard';
import { phoneIssue } from '../validators/phoneIssue';

/** 特殊困难老年人家庭适老化改造户 (spec §3.3). */
const householdFields = {
  townshipCode: divisionCode(),
  name: text('老人姓名', { required: true, max: 30, sensitive: 'name' }),
  idCard: text('身份证号', { required: true, max: 30, sensitive: 'idCard' }),
  // Derived from the 身份证号 by the service; accepted here only so a stored record round-trips.
  birthDate: date('出生日期'),
  sex: oneOf('性别', ['男', '女'] as const),
  phone: text('联系电话', { max: 20, sensitive: 'phone' }),
  contactName: text('联系人', { max: 30, sensitive: 'name' }),
  contactRelation: text('与老人关系', { max: 20 }),
  contactPhone: text('联系人电话', { max: 20, sensitive: 'phone' }),
  village: text('村/社区', { max: 50 }),
  address: text('地址'),
  categories: manyOf('对象类别', HOUSEHOLD_CATEGORIES),
  conditions: manyOf('老人情况', HOUSEHOLD_CONDITIONS),
  assessmentLevel: oneOf('能力评估等级', ASSESSMENT_LEVELS),
  projectYear: int('项目年度', { required: true, min: 2000, max: 2100 }),
  status: oneOf('进度', HOUSEHOLD_STATUSES, { required: true }),
  exitReason: text('退出原因', { max: 200 }),
  totalCost: money('改造总费用(元)'),
  subsidy: money('政府补贴(元)'),
  selfPaid: money('个人自付(元)'),
  contractor: text('施工单位', { max: 100 }),
  acceptanceBy: text('验收单位/人', { max: 100 }),
  satisfaction: oneOf('满意度', SATISFACTION),
  remark: text('备注', { max: 500 }),
};
export type Household = ValueOf<typeof householdFields>;

export const householdEntity = defineEntity({
  name: 'households',
  table: 'households',
  label: '适老化改造户',
  titleField: 'name',
  fields: householdFields,
  rules: householdRules,
});

function householdRules(h: Household, ctx: { today: string }): FieldIssue[] {
  const out: FieldIssue[] = [];
  const id = parseIdCard(h.idCard, new Date(`${ctx.today}T12:00:00`));
  if (!id.ok) out.push(issue('idCard', 'error', id.error));
  else {
    for (const w of id.warnings) out.push(issue('idCard', 'warning', w));
    const age = ageOn(id.birthDate, new Date(`${ctx.today}T12:00:00`));
    if (age < 60) out.push(issue('idCard', 'warning', `老人年龄为 ${age} 岁,不满 60 岁,请核对改造对象`));
  }
  for (const [field, label] of [
    ['phone', '联系电话'],
    ['contactPhone', '联系人电话'],
  ] as const) {
    const p = phoneIssue(field, label, h[field]);
    if (p) out.push(p);
  }
  if (h.status === '退出' && !h.exitReason) out.push(issue('exitReason', 'error', '退出的改造户请填写退出原因'));
  if (
    h.totalCost != null &&
    h.subsidy != null &&
    h.selfPaid != null &&
    Math.round((h.subsidy + h.selfPaid) * 100) !== Math.round(h.totalCost * 100)
  )
    out.push(
      issue(
        'totalCost',
        'error',
        `政府补贴 + 个人自付(${(h.subsidy + h.selfPaid).toFixed(2)} 元)应等于改造总费用(${h.totalCost.toFixed(2)} 元)`,
      ),
    );
  return out;
}

/** Fills 出生日期/性别 from the 身份证号 and stores the number upper-cased and 18 digits long. */
export function deriveFromIdCard(h: Household, today: string): Household {
  const id = parseIdCard(h.idCard, new Date(`${today}T12:00:00`));
  return id.ok ? { ...h, idCard: id.value, birthDate: id.birthDate, sex: id.sex } : h;
}

/** 一户一案 plan item, picked from the retrofit catalogue (spec §3.3). */
export const householdItemEntity = defineEntity({
  name: 'householdItems',
  table: 'household_items',
  label: '改造项目',
  titleField: 'itemName',
  parent: { entity: 'households', field: 'householdId' },
  fields: {
    householdId: ref('改造户', { required: true }),
    itemCode: text('项目编码', { required: true, max: 20 }),
    itemName: text('改造项目', { required: true, max: 100 }),
    category: text('类别', { max: 50 }),
    kind: oneOf('项目性质', ['basic', 'optional'] as const, { required: true }),
    quantity: int('数量', { required: true, min: 1 }),
    unitPrice: money('单价(元)', { required: true }),
    done: flag('已完成'),
  },
});
export type HouseholdItem = ValueOf<typeof householdItemEntity.fields>;

/** One dated workflow step: 申请 → … → 归档, each with its date and who did it. */
export const householdStepEntity = defineEntity({
  name: 'householdSteps',
  table: 'household_steps',
  label: '改造进度',
  titleField: 'step',
  parent: { entity: 'households', field: 'householdId' },
  fields: {
    householdId: ref('改造户', { required: true }),
    step: oneOf('步骤', [...WORKFLOW_STEPS, '退出'] as const, { required: true }),
    date: date('日期', { required: true }),
    byName: text('经办人', { required: true, max: 30 }),
    note: text('说明', { max: 200 }),
  },
});
export type HouseholdStep = ValueOf<typeof householdStepEntity.fields>;

/** Before/after photos, copied into the photo folder beside the database (never linked). */
export const householdPhotoEntity = defineEntity({
  name: 'householdPhotos',
  table: 'household_photos',
  label: '改造照片',
  titleField: 'originalName',
  parent: { entity: 'households', field: 'householdId' },
  fields: {
    householdId: ref('改造户', { required: true }),
    phase: oneOf('阶段', ['before', 'after'] as const, { required: true }),
    fileName: text('文件', { required: true, max: 100 }),
    originalName: text('原文件名', { max: 200 }),
    sha256: text('校验值', { max: 64 }),
    takenOn: date('拍摄日期'),
    isCover: flag('封面'),
  },
});
