import { z } from 'zod';

/*
 * Every message zod writes is Chinese (issue 14.7): zod's own zh-CN locale is the base, and on top of it a
 * message of ours for every issue a schema does not word itself, naming the field by its Chinese label.
 * zh-CN alone still leaves English in (“无效输入：期望 数字，实际接收 string”, a regex source, key names), so
 * ours covers every issue code and never repeats a value, a key, a pattern or a type name.
 * Imported for its effect by shared/domain/entity.ts, which every schema of the app loads.
 */

/** The contract's input fields by key (a record's own fields word their messages in shared/domain/fields.ts). */
export const INPUT_LABELS: Record<string, string> = {
  action: '处理方式',
  active: '是否启用',
  answers: '检查结果',
  baseHlc: '修改前的版本',
  baseVersion: '检查表版本',
  by: '经办人',
  category: '类别',
  closesHazards: '复查销号的隐患',
  code: '编号',
  columnKey: '报表栏目',
  dataBase64: '文件',
  date: '日期',
  deadline: '整改期限',
  description: '描述',
  displayName: '姓名',
  divisionCode: '所在区划',
  encoding: '文件编码',
  excludeId: '记录编号',
  fileName: '文件名',
  filters: '筛选条件',
  full: '全量',
  householdId: '改造户',
  id: '记录编号',
  idCard: '身份证号',
  includeDeleted: '含已删除',
  input: '请求内容',
  inspection: '检查记录',
  inspectionId: '检查记录',
  itemCode: '检查项',
  items: '项目',
  jobId: '任务编号',
  kind: '种类',
  level: '级别',
  mapping: '列对应',
  measures: '整改措施',
  method: '操作',
  mode: '导入方式',
  month: '月份',
  name: '名称',
  newPassword: '新密码',
  office: '单位',
  officeId: '单位',
  oldPassword: '原密码',
  order: '排序方向',
  originalName: '文件名',
  packageId: '同步包编号',
  page: '页码',
  pageSize: '每页条数',
  passphrase: '口令',
  password: '密码',
  patch: '修改内容',
  phase: '照片阶段',
  previewId: '预览编号',
  quarter: '季度',
  receiverId: '接收单位',
  remark: '备注',
  result: '检查结果',
  reveal: '查看完整信息',
  revealIds: '完整身份证号',
  role: '角色',
  search: '搜索内容',
  sheetName: '工作表',
  sort: '排序',
  status: '状态',
  subjectType: '检查对象类型',
  tableId: '报表',
  takenOn: '拍摄日期',
  text: '内容',
  to: '新状态',
  townshipCode: '乡镇(街道)',
  username: '用户名',
  version: '版本',
  village: '村(社区)',
  year: '年份',
};

/** The label of the innermost field of a path that has one ('' when none: the caller names the field). */
function labelOf(path: readonly PropertyKey[] | undefined): string {
  for (let i = (path?.length ?? 0) - 1; i >= 0; i--) {
    const k = path![i];
    if (typeof k === 'string' && Object.hasOwn(INPUT_LABELS, k)) return INPUT_LABELS[k];
  }
  return '';
}

const TYPE_WORDS: Record<string, string> = {
  number: '应为数字',
  int: '应为整数',
  bigint: '应为数字',
  nan: '应为数字',
  string: '应为文字',
  boolean: '应为“是”或“否”',
  array: '应为列表',
  set: '应为列表',
  date: '应为日期',
};

const SIZE_UNITS: Record<string, string> = { string: '个字', array: '项', set: '项', file: '字节' };

const fmt = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const plainChoice = (v: unknown) => typeof v === 'string' && !/[A-Za-z]{2,}/.test(v);

type Issue = z.core.$ZodRawIssue;

/** Our wording of one issue; undefined leaves it to zod's zh-CN locale (no issue code is left to it today). */
export function chineseMessage(iss: Issue): string | undefined {
  const label = labelOf(iss.path);
  const missing = iss.input === undefined;
  switch (iss.code) {
    case 'invalid_type':
      if (missing) return label ? `请填写${label}` : '缺少必填的内容';
      return `${label}${TYPE_WORDS[iss.expected] ?? '格式不对'}`;
    case 'too_small': {
      const unit = SIZE_UNITS[iss.origin] ?? '';
      if (iss.origin === 'string' && Number(iss.minimum) <= 1) return label ? `请填写${label}` : '缺少必填的内容';
      if (unit) return `${label}至少 ${fmt(iss.minimum)} ${unit}`;
      return `${label}不能${iss.inclusive === false ? '小于或等于' : '小于'} ${fmt(iss.minimum)}`;
    }
    case 'too_big': {
      const unit = SIZE_UNITS[iss.origin] ?? '';
      if (iss.origin === 'string' || iss.origin === 'file') return `${label || '内容'}太长(最多 ${fmt(iss.maximum)} ${unit})`;
      if (unit) return `${label}最多 ${fmt(iss.maximum)} ${unit}`;
      return `${label}不能${iss.inclusive === false ? '大于或等于' : '大于'} ${fmt(iss.maximum)}`;
    }
    case 'invalid_format':
      return `${label}格式不对`;
    case 'not_multiple_of':
      return `${label}应为 ${fmt(iss.divisor)} 的倍数`;
    case 'invalid_value':
      if (missing) return label ? `请选择${label}` : '缺少必选的内容';
      return iss.values.length <= 12 && iss.values.every(plainChoice)
        ? `${label}应为以下之一:${iss.values.map(String).join('、')}`
        : `${label}不是可以选择的值`;
    case 'unrecognized_keys':
      return `${label || '提交的内容'}中有程序不认识的项目`;
    case 'invalid_key':
      return `${label}中有名称格式不对的项`;
    case 'invalid_element':
      return `${label}中有格式不对的项`;
    case 'invalid_union':
      return missing ? (label ? `请填写${label}` : '缺少必填的内容') : `${label}格式不对`;
    case 'custom':
      return `${label}不符合要求`;
    default:
      return undefined;
  }
}

z.config(z.locales.zhCN());
z.config({ customError: chineseMessage });
