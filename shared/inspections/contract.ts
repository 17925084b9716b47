import { z } from 'zod';
import { command, query } from '../api/define';
import { ANSWER_RESULTS, HAZARD_LEVELS, HAZARD_STATUSES, RECTIFY_METHODS } from '../domain/enums';
import type { RecordOf } from '../domain/records';
import type { ChecklistItem } from '../system/types';
import { saveChecklistInput, type ChecklistVersionInfo, type ChecklistVersionItems } from './checklists';
import type { hazardEntity, inspectionAnswerEntity, inspectionEntity } from './schema';

type Fields<E> = E extends { fields: infer F } ? F : never;
export type InspectionRecord = RecordOf<Fields<typeof inspectionEntity> & object>;
export type AnswerRecord = RecordOf<Fields<typeof inspectionAnswerEntity> & object>;
export type HazardRecord = RecordOf<Fields<typeof hazardEntity> & object>;

const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 年-月-日' });

/** One whole inspection as the clerk enters it: header, an answer per checklist item, the hazards found. */
export const recordInspectionInput = z.strictObject({
  inspection: z.record(z.string().max(50), z.unknown()),
  answers: z
    .array(
      z.strictObject({
        itemCode: z.string().min(1).max(20),
        result: z.enum(ANSWER_RESULTS, { error: '检查结果应为 符合/不符合/不适用' }),
        remark: z.string().max(500).nullish(),
        hazard: z
          .strictObject({
            description: z.string().max(500).nullish(),
            level: z.enum(HAZARD_LEVELS).optional(),
            method: z.enum(RECTIFY_METHODS).optional(),
            deadline: dateStr.nullish(),
            measures: z.string().max(500).nullish(),
            /** 立行立改 on the spot: closed within the inspection itself. */
            fixedOnSite: z.boolean().optional(),
          })
          .optional(),
      }),
    )
    .max(500),
  /** Hazards of earlier inspections of the same subject that this (re-)inspection found fixed. */
  closesHazards: z.array(z.uuid()).max(500).optional(),
});

export const transitionInput = z.strictObject({
  id: z.uuid(),
  to: z.enum(HAZARD_STATUSES),
  date: dateStr,
  by: z.string().trim().min(1, { error: '请填写经办人/复查人' }).max(30),
  measures: z.string().max(500).optional(),
  baseHlc: z.string().max(200).optional(),
});

export interface InspectionDetail {
  inspection: InspectionRecord;
  subjectName: string;
  items: ChecklistItem[];
  answers: AnswerRecord[];
  hazards: HazardRecord[];
}

export interface CoveragePlan {
  year: number;
  month: number;
  quarter: number;
  monthly: import('./coverage').CoverageResult;
  quarterly: import('./coverage').CoverageResult;
}

export const inspectionsContract = {
  'inspections.coverage': query(
    z.strictObject({ year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) }),
  ).returns<CoveragePlan>(),
  'inspections.record': command(recordInspectionInput).returns<InspectionDetail>(),
  'inspections.detail': query(z.strictObject({ id: z.uuid() })).returns<InspectionDetail>(),
  'hazards.transition': command(transitionInput).returns<HazardRecord>(),
  // The checklist editor: anyone may read the versions; only an admin may save a new one.
  'checklists.versions': query(z.strictObject({})).returns<ChecklistVersionInfo[]>(),
  'checklists.items': query(
    z.strictObject({ version: z.string({ error: '请选择检查表版本' }).min(1, { error: '请选择检查表版本' }).max(40) }),
  ).returns<ChecklistVersionItems>(),
  'checklists.save': command(saveChecklistInput, 'admin').returns<ChecklistVersionInfo>(),
  /** A quarter's inspections and hazards as a workbook for re-keying into 金民 (two sheets, plain values). */
  'inspections.exportJinmin': query(
    z.strictObject({
      year: z.number().int().min(2000, { error: '请选择年份' }).max(2100),
      quarter: z.number().int().min(1, { error: '季度应为 1–4' }).max(4, { error: '季度应为 1–4' }),
    }),
  ).returns<{ fileName: string; dataBase64: string; inspections: number; hazards: number }>(),
};
