import { z } from 'zod';
import { defineEntity, type ValueOf } from '../domain/entity';
import { divisionCode, int, oneOf, ref, spec, text } from '../domain/fields';

/*
 * The reporting cycle's records (spec §10): what an office sent up for a quarter (报送, immutable), the level
 * above's decision on it (退回 / 审核通过, immutable, travels down) and the audited 调整 made to a quarter after
 * it was sent. They are ordinary synced records: they travel in packages and are area-checked like every other
 * kind. None of them has an update path; a correction is a new submission that names the one it replaces.
 */

/** An ISO timestamp written by the app itself (never typed by a clerk; another office's clock may be ahead). */
const stamp = (label: string) =>
  spec(
    label,
    'text',
    z.string({ error: `${label}应为时间` }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, { error: `${label}格式不对` }),
    true,
  );
const sha256 = (label: string) =>
  spec(label, 'text', z.string({ error: `${label}格式不对` }).regex(/^[0-9a-f]{64}$/, { error: `${label}格式不对` }), true);

export const SUBMISSION_KINDS = ['报送', '更正报送'] as const;
export const DECISIONS = ['退回', '审核通过'] as const;
export const UNIT_LEVELS = ['township', 'district'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
/** The size of one stored piece of a snapshot's content or workbook (base64 characters; a sync change holds ≤ 100,000). */
export const PART_CHARS = 90_000;

/**
 * One 报送: the office (its division code is the record's place: a township, or a district's own code for its
 * roll-up), the quarter, who and when, and the hashes of its two stored parts (the figures with the records
 * behind each, and the workbook bytes as exported), kept as child records of at most PART_CHARS each.
 */
export const submissionEntity = defineEntity({
  name: 'reportSubmissions',
  table: 'report_submissions',
  label: '季度报送',
  titleField: 'title',
  recordMethods: false,
  auditValues: false,
  place: 'office',
  fields: {
    townshipCode: divisionCode('报送单位区划'),
    level: oneOf('报送单位级别', UNIT_LEVELS, { required: true }),
    year: int('年度', { required: true, min: 2000, max: 2100 }),
    quarter: int('季度', { required: true, min: 1, max: 4 }),
    kind: oneOf('报送类型', SUBMISSION_KINDS, { required: true }),
    replacesId: ref('更正的报送'),
    title: text('标题', { required: true, max: 120 }),
    officeName: text('报送单位', { required: true, max: 100 }),
    submittedAt: stamp('报送时间'),
    submittedBy: text('报送人', { required: true, max: 60 }),
    note: text('报送说明', { max: 500 }),
    contentSha256: sha256('数字内容校验值'),
    contentParts: int('数字内容分段数', { required: true, min: 1, max: 999 }),
    workbookSha256: sha256('工作簿校验值'),
    workbookParts: int('工作簿分段数', { required: true, min: 1, max: 999 }),
    workbookBytes: int('工作簿大小', { required: true, min: 1 }),
    workbookName: text('工作簿文件名', { required: true, max: 160 }),
  },
});
export type Submission = ValueOf<typeof submissionEntity.fields>;

/** A piece of a submission's stored content ('content': gzip of the figures and sources; 'workbook': the xlsx). */
export const submissionPartEntity = defineEntity({
  name: 'reportSubmissionParts',
  table: 'report_submission_parts',
  label: '报送内容',
  titleField: 'part',
  recordMethods: false,
  auditValues: false,
  parent: { entity: 'reportSubmissions', field: 'submissionId' },
  fields: {
    submissionId: ref('所属报送', { required: true }),
    part: oneOf('内容', ['content', 'workbook'] as const, { required: true }),
    seq: int('序号', { required: true, max: 998 }),
    data: spec(
      '数据',
      'text',
      z
        .string({ error: '报送内容格式不对' })
        .max(PART_CHARS, { error: '报送内容分段过大' })
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '报送内容格式不对' }),
      true,
    ),
  },
});

/** The level above's decision on one submission; the newest decides the quarter's state. */
export const decisionEntity = defineEntity({
  name: 'reportDecisions',
  table: 'report_decisions',
  label: '报送审核',
  titleField: 'decision',
  recordMethods: false,
  parent: { entity: 'reportSubmissions', field: 'submissionId' },
  fields: {
    submissionId: ref('所属报送', { required: true }),
    decision: oneOf('审核结果', DECISIONS, { required: true }),
    reason: text('退回原因', { max: 500 }),
    decidedAt: stamp('审核时间'),
    decidedBy: text('审核人', { required: true, max: 60 }),
    officeName: text('审核单位', { required: true, max: 100 }),
  },
  rules: (v) =>
    v.decision === '退回' && !v.reason ? [{ field: 'reason', level: 'error', message: '退回时请填写退回原因,说明需要修改什么' }] : [],
});

/**
 * One 调整: a write made after the quarter was sent that changed its figures, by whom, why, the figures it
 * changed (old → new) and the record that caused it. A child of the submission it departs from.
 */
export const adjustmentEntity = defineEntity({
  name: 'reportAdjustments',
  table: 'report_adjustments',
  label: '报送后调整',
  titleField: 'reason',
  recordMethods: false,
  auditValues: false,
  parent: { entity: 'reportSubmissions', field: 'submissionId' },
  fields: {
    submissionId: ref('所属报送', { required: true }),
    reason: text('调整原因', { required: true, max: 500 }),
    adjustedAt: stamp('调整时间'),
    adjustedBy: text('调整人', { required: true, max: 60 }),
    officeName: text('调整单位', { required: true, max: 100 }),
    action: oneOf('操作', ['create', 'update', 'delete', 'restore'] as const, { required: true }),
    recordEntity: text('记录类型', { required: true, max: 40 }),
    // Any kind of record (recordEntity says which): informational, so not a reference sync resolves.
    recordId: text('记录编号', { required: true, max: 40 }),
    recordTitle: text('记录', { max: 200 }),
    /** JSON list of FigureChange (see ./types), at most what one stored text holds. */
    changes: text('改变的数字', { required: true, max: 60_000 }),
  },
});
export type Adjustment = ValueOf<typeof adjustmentEntity.fields>;
