import type { FieldIssue } from '../api/errors';
import { defineEntity, issue, type ValueOf } from '../domain/entity';
import { ANSWER_RESULTS, HAZARD_LEVELS, HAZARD_STATUSES, INSPECTION_TYPES, RECTIFY_METHODS } from '../domain/enums';
import { date, divisionCode, oneOf, ref, text } from '../domain/fields';

/** 民政服务机构安全检查 (spec §3.4): the subject is a facility or a canteen. */
export const inspectionEntity = defineEntity({
  name: 'inspections',
  table: 'inspections',
  label: '安全检查',
  titleField: 'inspectedOn',
  fields: {
    townshipCode: divisionCode(),
    subjectType: oneOf('检查对象类别', ['facility', 'canteen'] as const, { required: true }),
    facilityId: ref('被检查机构'),
    canteenId: ref('被检查助餐点'),
    inspectionType: oneOf('检查类型', INSPECTION_TYPES, { required: true }),
    inspectedOn: date('检查日期', { required: true }),
    inspectors: text('检查人员', { required: true, max: 100 }),
    checklistVersion: text('检查表版本', { required: true, max: 40 }),
    remark: text('备注', { max: 500 }),
  },
  rules: (i) => {
    const out: FieldIssue[] = [];
    if (i.subjectType === 'facility' && !i.facilityId) out.push(issue('facilityId', 'error', '请选择被检查的养老机构'));
    if (i.subjectType === 'canteen' && !i.canteenId) out.push(issue('canteenId', 'error', '请选择被检查的助餐点'));
    if (i.facilityId && i.canteenId) out.push(issue('canteenId', 'error', '一次检查只能针对一个对象(机构或助餐点)'));
    return out;
  },
});
export type Inspection = ValueOf<typeof inspectionEntity.fields>;

export const inspectionAnswerEntity = defineEntity({
  name: 'inspectionAnswers',
  table: 'inspection_answers',
  label: '检查结果',
  titleField: 'itemCode',
  parent: { entity: 'inspections', field: 'inspectionId' },
  fields: {
    inspectionId: ref('所属检查', { required: true }),
    itemCode: text('检查项编码', { required: true, max: 20 }),
    result: oneOf('检查结果', ANSWER_RESULTS, { required: true }),
    remark: text('问题描述/备注', { max: 500 }),
  },
});
export type InspectionAnswer = ValueOf<typeof inspectionAnswerEntity.fields>;

/** 隐患: opened by each 不符合 answer, rectified to 销号 (spec §3.4). */
export const hazardEntity = defineEntity({
  name: 'hazards',
  table: 'hazards',
  label: '隐患',
  titleField: 'description',
  parent: { entity: 'inspections', field: 'inspectionId' },
  fields: {
    inspectionId: ref('发现隐患的检查', { required: true }),
    itemCode: text('检查项编码', { max: 20 }),
    description: text('隐患描述', { required: true, max: 500 }),
    level: oneOf('隐患等级', HAZARD_LEVELS, { required: true }),
    method: oneOf('整改方式', RECTIFY_METHODS, { required: true }),
    deadline: date('整改期限', { allowFuture: true }),
    measures: text('整改措施', { max: 500 }),
    completedOn: date('整改完成日期'),
    reviewer: text('复查人', { max: 30 }),
    status: oneOf('整改状态', HAZARD_STATUSES, { required: true }),
    closedOn: date('销号日期'),
    closedByInspectionId: ref('销号依据的复查'),
  },
  rules: (h) => {
    const out: FieldIssue[] = [];
    if (h.method === '限期整改' && !h.deadline) out.push(issue('deadline', 'error', '限期整改的隐患请填写整改期限'));
    if ((h.status === '已整改' || h.status === '已销号') && !h.completedOn)
      out.push(issue('completedOn', 'error', `状态为“${h.status}”时请填写整改完成日期`));
    if (h.status === '已销号' && !h.reviewer) out.push(issue('reviewer', 'error', '销号前请填写复查人'));
    if (h.status === '已销号' && !h.closedOn) out.push(issue('closedOn', 'error', '请填写销号日期'));
    if (h.closedOn && h.completedOn && h.closedOn < h.completedOn)
      out.push(issue('closedOn', 'error', `销号(复查)日期不能早于整改完成日期(${h.completedOn})`));
    return out;
  },
});
export type Hazard = ValueOf<typeof hazardEntity.fields>;

/** Overdue = not yet 已整改/已销号 after its 整改期限 (spec §3.4). */
export function isHazardOverdue(h: Pick<Hazard, 'status' | 'deadline'>, today: string): boolean {
  return !!h.deadline && h.deadline < today && (h.status === '待整改' || h.status === '整改中');
}
