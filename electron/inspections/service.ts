import { AppError } from '../../shared/api/errors';
import { addDays } from '../../shared/domain/dates';
import type { z } from 'zod';
import type { InspectionDetail, HazardRecord, recordInspectionInput, transitionInput } from '../../shared/inspections/contract';
import type { ChecklistItem } from '../../shared/system/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';

/** Default time to rectify a 限期整改 hazard when the inspector gives no deadline. */
export const DEFAULT_RECTIFY_DAYS = 30;

export function checklistItems(app: LedgerApp, version: string): ChecklistItem[] {
  return app.run
    .all(
      app.store.db
        .selectFrom('checklist_items')
        .select(['code', 'category', 'text', 'major', 'sortOrder'])
        .where('version', '=', version)
        .orderBy('sortOrder'),
    )
    .map((r) => ({ ...r, major: r.major === 1 }));
}

/**
 * Records a whole inspection in one transaction: the header, one answer for every item of the checklist
 * version it used, a hazard for each 不符合 (重大事故隐患 where the item is ★ major), and the closing of
 * earlier hazards that this re-inspection found fixed. Either all of it is saved or none.
 */
export function recordInspection(app: LedgerApp, actor: Actor, input: z.output<typeof recordInspectionInput>): InspectionDetail {
  return app.run.tx(() => {
    const header = { ...input.inspection };
    if (!header.checklistVersion) {
      const cur = app.run.first(app.store.db.selectFrom('checklist_versions').select('version').where('isCurrent', '=', 1));
      header.checklistVersion = cur?.version;
    }
    // The township follows the subject: a clerk picks the facility, not its township again.
    const subjectTable = header.subjectType === 'canteen' ? 'canteens' : 'facilities';
    const subjectId = (header.subjectType === 'canteen' ? header.canteenId : header.facilityId) as string | undefined;
    if (subjectId && !header.townshipCode) {
      const s = app.run.first(app.store.db.selectFrom(subjectTable).select('townshipCode').where('id', '=', subjectId));
      if (s) header.townshipCode = s.townshipCode;
    }
    const { record: insp } = app.records.create('inspections', header, actor);
    const items = checklistItems(app, insp.checklistVersion);
    if (items.length === 0) throw new AppError('VALIDATION', `找不到检查表版本“${insp.checklistVersion}”,请重新选择。`);
    const byCode = new Map(items.map((i) => [i.code, i]));
    const seen = new Set<string>();
    for (const a of input.answers) {
      if (!byCode.has(a.itemCode)) throw new AppError('VALIDATION', `检查项 ${a.itemCode} 不在检查表 ${insp.checklistVersion} 中`);
      if (seen.has(a.itemCode)) throw new AppError('VALIDATION', `检查项 ${a.itemCode} 填写了两次`);
      seen.add(a.itemCode);
    }
    const missing = items.filter((i) => !seen.has(i.code));
    if (missing.length)
      throw new AppError(
        'VALIDATION',
        `还有 ${missing.length} 个检查项没有填写结果(第一个:${missing[0].code} ${missing[0].text.slice(0, 20)}…),每项都要选 符合/不符合/不适用。`,
      );
    for (const a of input.answers) {
      app.records.create(
        'inspectionAnswers',
        { inspectionId: insp.id, itemCode: a.itemCode, result: a.result, remark: a.remark ?? null },
        actor,
      );
      if (a.result !== '不符合') continue;
      const item = byCode.get(a.itemCode)!;
      const h = a.hazard ?? {};
      const method = h.method ?? '限期整改';
      const onSite = !!h.fixedOnSite && method === '立行立改';
      app.records.create(
        'hazards',
        {
          inspectionId: insp.id,
          itemCode: a.itemCode,
          // An item is worded as the requirement (…完好有效); without the inspector's words the hazard says
          // the requirement was not met, never the positive wording alone.
          description: h.description || a.remark || `不符合:${item.text}`,
          level: h.level ?? (item.major ? '重大事故隐患' : '一般隐患'),
          method,
          deadline: h.deadline ?? (method === '限期整改' ? addDays(insp.inspectedOn, DEFAULT_RECTIFY_DAYS) : insp.inspectedOn),
          measures: h.measures ?? null,
          status: onSite ? '已销号' : '待整改',
          completedOn: onSite ? insp.inspectedOn : null,
          reviewer: onSite ? insp.inspectors : null,
          closedOn: onSite ? insp.inspectedOn : null,
          closedByInspectionId: onSite ? insp.id : null,
        },
        actor,
      );
    }
    for (const hid of input.closesHazards ?? [])
      closeByReinspection(app, actor, hid, insp.id, insp.inspectedOn, insp.inspectors, subjectId ?? '');
    return inspectionDetail(app, insp.id);
  });
}

/** A re-inspection of the same subject confirms an earlier hazard fixed: it goes to 已销号 citing this visit. */
function closeByReinspection(
  app: LedgerApp,
  actor: Actor,
  hazardId: string,
  inspectionId: string,
  date: string,
  inspectors: string,
  subjectId: string,
) {
  const h = app.records.getRaw('hazards', hazardId) as unknown as HazardRecord;
  const origin = app.records.getRaw('inspections', h.inspectionId) as unknown as {
    facilityId: string | null;
    canteenId: string | null;
    inspectedOn: string;
  };
  if ((origin.facilityId ?? origin.canteenId) !== subjectId)
    throw new AppError('VALIDATION', '只能销号同一被检查对象在以前检查中发现的隐患');
  if (origin.inspectedOn > date) throw new AppError('VALIDATION', '复查日期不能早于发现隐患的检查日期');
  if (h.status === '已销号') return;
  app.records.update(
    'hazards',
    {
      id: hazardId,
      patch: {
        status: '已销号',
        completedOn: h.completedOn ?? date,
        reviewer: inspectors.slice(0, 30),
        closedOn: date,
        closedByInspectionId: inspectionId,
      },
    },
    actor,
  );
}

/** Moves a hazard one step along 待整改 → 整改中 → 已整改 → 已销号, with the date and who. */
export function transitionHazard(app: LedgerApp, actor: Actor, input: z.output<typeof transitionInput>): HazardRecord {
  const h = app.records.getRaw('hazards', input.id) as unknown as HazardRecord;
  const patch: Record<string, unknown> = { status: input.to };
  if (input.measures !== undefined) patch.measures = input.measures;
  if (input.to === '已整改') patch.completedOn = input.date;
  if (input.to === '已销号') {
    patch.completedOn = h.completedOn ?? input.date;
    patch.reviewer = input.by;
    patch.closedOn = input.date;
  }
  if (input.to === '整改中' && h.status === '已整改') patch.completedOn = null; // review found the fix incomplete
  if ((patch.completedOn as string | undefined) && (patch.completedOn as string) > app.today())
    throw new AppError('VALIDATION', '整改完成日期不能晚于今天');
  return app.records.update('hazards', { id: input.id, patch, baseHlc: input.baseHlc }, actor).record as unknown as HazardRecord;
}

export function inspectionDetail(app: LedgerApp, id: string): InspectionDetail {
  const inspection = app.records.getRaw('inspections', id) as unknown as InspectionDetail['inspection'];
  const subjectName =
    (inspection.facilityId
      ? app.run.first(app.store.db.selectFrom('facilities').select('name').where('id', '=', inspection.facilityId))?.name
      : inspection.canteenId
        ? app.run.first(app.store.db.selectFrom('canteens').select('name').where('id', '=', inspection.canteenId))?.name
        : undefined) ?? '';
  const answers = app.records.list('inspectionAnswers', {
    filters: { inspectionId: id },
    pageSize: 500,
    sort: { field: 'itemCode', order: 'asc' },
  }).rows;
  const hazards = app.records.list('hazards', { filters: { inspectionId: id }, pageSize: 500 }).rows;
  return {
    inspection,
    subjectName,
    items: checklistItems(app, inspection.checklistVersion),
    answers: answers as InspectionDetail['answers'],
    hazards: hazards as InspectionDetail['hazards'],
  };
}
