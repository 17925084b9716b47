// Enumerations of the domain specification (../shared/spec/domain.md §3). Labels are stored and shown
// exactly as written there, because the city bureau's sheets use these words.

export const FACILITY_TYPES = [
  '农村福利院(特困供养服务机构)',
  '区域性失能特困人员集中照护中心',
  '社会福利院/城市福利中心',
  '街道(乡镇)养老服务综合体',
  '社区日间照料中心/养老服务站',
  '农村互助照料中心',
  '民办养老机构',
  '其他',
] as const;
export const OPERATION_MODES = ['公建公营', '公建民营', '民办'] as const;
export const FACILITY_STATUSES = ['筹建', '运营', '暂停', '停业(注销)'] as const;
export const URBAN_RURAL = ['城市', '农村'] as const;
export const FACILITY_RATINGS = ['未评定', '一级', '二级', '三级', '四级', '五级'] as const;
export const FIRE_CHECK_RESULTS = ['合格', '未通过', '未验收'] as const;

export const CANTEEN_TYPES = ['老年食堂(幸福食堂)', '老年助餐点', '老年餐桌(合作餐厅)'] as const;
export const CANTEEN_MODES = ['自营', '委托运营', '社会化运营', '互助式', '一体化运营'] as const;
export const CANTEEN_STATUSES = ['筹建', '运营', '暂停', '停业'] as const;

export const HOUSEHOLD_CATEGORIES = ['分散供养特困', '低保', '低保边缘', '低收入', '脱贫人口', '优抚对象', '计划生育特殊家庭'] as const;
export const HOUSEHOLD_CONDITIONS = ['高龄', '失能', '半失能', '残疾', '独居', '空巢'] as const;
export const ASSESSMENT_LEVELS = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'] as const;
export const WORKFLOW_STEPS = ['申请', '资格审核', '入户评估', '制定方案', '施工', '竣工验收', '回访', '归档'] as const;
export const HOUSEHOLD_STATUSES = [...WORKFLOW_STEPS, '退出'] as const;
/** A workflow step's place in the order above; −1 for anything else (退出, empty). */
export const stepOrder = (step: unknown): number => (WORKFLOW_STEPS as readonly unknown[]).indexOf(step);
export const SATISFACTION = ['满意', '基本满意', '不满意'] as const;

export const INSPECTION_TYPES = ['机构自查', '乡镇排查', '区级排查', '第三方专家检查', '部门督查', '联合执法检查'] as const;
export const ANSWER_RESULTS = ['符合', '不符合', '不适用'] as const;
export const HAZARD_LEVELS = ['一般隐患', '重大事故隐患'] as const;
export const RECTIFY_METHODS = ['立行立改', '限期整改'] as const;
export const HAZARD_STATUSES = ['待整改', '整改中', '已整改', '已销号'] as const;

export const OFFICE_LEVELS = ['township', 'district', 'city'] as const;
export const OFFICE_LEVEL_LABELS: Record<(typeof OFFICE_LEVELS)[number], string> = {
  township: '乡镇/街道',
  district: '区/县(市)',
  city: '市',
};
export const ROLES = ['clerk', 'reviewer', 'admin'] as const;
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  clerk: '填报员',
  reviewer: '审核员',
  admin: '管理员',
};

export type FacilityType = (typeof FACILITY_TYPES)[number];
export type Role = (typeof ROLES)[number];
export type OfficeLevel = (typeof OFFICE_LEVELS)[number];
