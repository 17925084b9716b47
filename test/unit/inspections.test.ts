import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogues } from '../../electron/system/service';
import { recordInspection, transitionHazard } from '../../electron/inspections/service';
import { AppError } from '../../shared/api/errors';
import { canMoveHazard } from '../../shared/inspections/hazardFlow';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';

let t: Awaited<ReturnType<typeof makeApp>>;
let facilityId: string;
beforeEach(async () => {
  t = await makeApp();
  facilityId = t.app.records.create(
    'facilities',
    { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '农村福利院(特困供养服务机构)', status: '运营' },
    t.actor,
  ).record.id;
});
afterEach(() => t.cleanup());

function allCompliant(exceptions: Record<string, { remark: string; method?: '立行立改' | '限期整改'; fixedOnSite?: boolean }> = {}) {
  return catalogues(t.app).checklist.map((i) =>
    exceptions[i.code]
      ? {
          itemCode: i.code,
          result: '不符合' as const,
          remark: exceptions[i.code].remark,
          hazard: { method: exceptions[i.code].method, fixedOnSite: exceptions[i.code].fixedOnSite },
        }
      : { itemCode: i.code, result: '符合' as const },
  );
}
const header = (over: Record<string, unknown> = {}) => ({
  subjectType: 'facility',
  facilityId,
  inspectionType: '乡镇排查',
  inspectedOn: '2025-05-06',
  inspectors: '张三、李四',
  ...over,
});

describe('recording an inspection', () => {
  it('saves the header, an answer per checklist item and a hazard per 不符合 (★ items become 重大)', () => {
    const items = catalogues(t.app).checklist;
    const major = items.find((i) => i.major)!;
    const plain = items.find((i) => !i.major)!;
    const d = recordInspection(t.app, t.actor, {
      inspection: header(),
      answers: allCompliant({
        [major.code]: { remark: '消防设施损坏' },
        [plain.code]: { remark: '制度未上墙', method: '立行立改', fixedOnSite: true },
      }),
    });
    expect(d.inspection.townshipCode).toBe(FENGHUANG);
    expect(d.inspection.checklistVersion).toBe('2025-1');
    expect(d.answers).toHaveLength(items.length);
    expect(d.hazards).toHaveLength(2);
    const big = d.hazards.find((h) => h.itemCode === major.code)!;
    expect(big).toMatchObject({
      level: '重大事故隐患',
      method: '限期整改',
      status: '待整改',
      description: '消防设施损坏',
      deadline: '2025-06-05',
    });
    expect(d.hazards.find((h) => h.itemCode === plain.code)).toMatchObject({ level: '一般隐患', status: '已销号', closedOn: '2025-05-06' });
    expect(d.subjectName).toBe('凤凰敬老院');
    // A 不符合 without the inspector's words names the unmet requirement, not the requirement alone.
    const bare = items.find((i) => i.code !== major.code && i.code !== plain.code)!;
    const e = recordInspection(t.app, t.actor, {
      inspection: header({ inspectedOn: '2025-05-07' }),
      answers: allCompliant({ [bare.code]: { remark: '' } }),
    });
    expect(e.hazards[0].description).toBe(`不符合:${bare.text}`);
  });

  it('the hazard list can be narrowed to one unit (through the inspections that found them)', () => {
    const other = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '另一家', type: '其他', status: '运营' }, t.actor)
      .record.id;
    recordInspection(t.app, t.actor, { inspection: header(), answers: allCompliant({ C01: { remark: '甲' }, C02: { remark: '乙' } }) });
    recordInspection(t.app, t.actor, { inspection: header({ facilityId: other }), answers: allCompliant({ C03: { remark: '丙' } }) });
    const of = (id: string) =>
      t.app.records
        .list('hazards', { filters: { subject: id } })
        .rows.map((h) => h.description)
        .sort();
    expect(of(facilityId)).toEqual(['乙', '甲'].sort());
    expect(of(other)).toEqual(['丙']);
    expect(t.app.records.list('hazards', {}).total).toBe(3);
  });

  it('refuses an incomplete checklist and leaves the database unchanged', () => {
    const before = dumpDb(t.app);
    const answers = allCompliant().slice(1);
    expect(() => recordInspection(t.app, t.actor, { inspection: header(), answers })).toThrow(/还有 1 个检查项没有填写结果/);
    expect(() =>
      recordInspection(t.app, t.actor, { inspection: header(), answers: [...allCompliant(), { itemCode: 'ZZ9', result: '符合' }] }),
    ).toThrow(/不在检查表/);
    expect(() => recordInspection(t.app, t.actor, { inspection: header({ facilityId: null }), answers: allCompliant() })).toThrow(AppError);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('a re-inspection closes an earlier hazard of the same subject; another subject cannot', () => {
    const first = recordInspection(t.app, t.actor, { inspection: header(), answers: allCompliant({ C01: { remark: '责任人未明确' } }) });
    const hid = first.hazards[0].id;
    const other = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '另一家', type: '其他', status: '运营' }, t.actor)
      .record.id;
    expect(() =>
      recordInspection(t.app, t.actor, {
        inspection: header({ facilityId: other, inspectedOn: '2025-05-20' }),
        answers: allCompliant(),
        closesHazards: [hid],
      }),
    ).toThrow(/同一被检查对象/);
    const re = recordInspection(t.app, t.actor, {
      inspection: header({ inspectedOn: '2025-05-20', inspectionType: '区级排查' }),
      answers: allCompliant(),
      closesHazards: [hid],
    });
    const closed = t.app.records.getRaw('hazards', hid);
    expect(closed).toMatchObject({ status: '已销号', closedOn: '2025-05-20', closedByInspectionId: re.inspection.id });
  });
});

describe('coverage planner', () => {
  it('uses the office’s thresholds and lists who still needs which check', async () => {
    const { coveragePlan } = await import('../../electron/inspections/coverage');
    const { updateSettings } = await import('../../electron/system/users');
    const other = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '第二院', type: '其他', status: '运营' }, t.actor)
      .record.id;
    recordInspection(t.app, t.actor, {
      inspection: header({ inspectedOn: '2025-05-06', inspectionType: '机构自查' }),
      answers: allCompliant(),
    });
    recordInspection(t.app, t.actor, {
      inspection: header({ facilityId: other, inspectedOn: '2025-05-07', inspectionType: '第三方专家检查' }),
      answers: allCompliant(),
    });
    let plan = coveragePlan(t.app, 2025, 5);
    expect(plan.monthly).toMatchObject({ due: 2, selfChecked: 1, expertChecked: 1, expertPct: 50, expertTargetPct: 30, expertMet: true });
    expect(plan.monthly.needSelf.map((s) => s.name)).toEqual(['第二院']);
    expect(plan.quarterly).toMatchObject({ expertTargetPct: 100, expertMet: false, expertShortBy: 1 });
    updateSettings(t.app, t.actor, { expertMonthlyPct: 60 });
    plan = coveragePlan(t.app, 2025, 5);
    expect(plan.monthly).toMatchObject({ expertTargetPct: 60, expertMet: false, expertShortBy: 1 });
  });
});

describe('hazard state machine', () => {
  it('allows the forward steps and a review sending a fix back, never anything after 销号', () => {
    expect(canMoveHazard('待整改', '整改中')).toBe(true);
    expect(canMoveHazard('整改中', '待整改')).toBe(false);
    expect(canMoveHazard('已整改', '整改中')).toBe(true);
    expect(canMoveHazard('已销号', '整改中')).toBe(false);
  });

  it('moves with dates and who; overdue until 已整改; refuses backwards moves through the plain update too', () => {
    const d = recordInspection(t.app, t.actor, {
      inspection: header({ inspectedOn: '2025-01-06' }),
      answers: allCompliant({ C02: { remark: '无巡查记录' } }),
    });
    const id = d.hazards[0].id;
    expect(t.app.records.list('hazards', { filters: { overdue: true } }).total).toBe(1);
    transitionHazard(t.app, t.actor, { id, to: '整改中', date: '2025-01-10', by: '王五', measures: '建立巡查台账' });
    // Dates keep their order: not rectified before the inspection found it, not closed before it was rectified.
    expect(() => transitionHazard(t.app, t.actor, { id, to: '已整改', date: '2025-01-02', by: '王五' })).toThrow(
      /整改完成日期不能早于发现隐患的检查日期\(2025-01-06\)/,
    );
    const fixed = transitionHazard(t.app, t.actor, { id, to: '已整改', date: '2025-01-20', by: '王五' });
    expect(fixed).toMatchObject({ status: '已整改', completedOn: '2025-01-20', measures: '建立巡查台账' });
    expect(t.app.records.list('hazards', { filters: { overdue: true } }).total).toBe(0);
    expect(() => t.app.records.update('hazards', { id, patch: { status: '待整改' } }, t.actor)).toThrow(/不能从“已整改”改为“待整改”/);
    expect(() => transitionHazard(t.app, t.actor, { id, to: '已销号', date: '2025-01-15', by: '赵复查' })).toThrow(
      /销号\(复查\)日期不能早于整改完成日期\(2025-01-20\)/,
    );
    expect(t.app.records.getRaw('hazards', id).status).toBe('已整改');
    const closed = transitionHazard(t.app, t.actor, { id, to: '已销号', date: '2025-01-25', by: '赵复查' });
    expect(closed).toMatchObject({ status: '已销号', reviewer: '赵复查', closedOn: '2025-01-25' });
    expect(() => transitionHazard(t.app, t.actor, { id, to: '整改中', date: '2025-02-01', by: 'x' })).toThrow(/已销号/);
    const hist = t.app.records
      .history('hazards', id)
      .filter((h) => h.field === 'status')
      .map((h) => `${h.oldValue}→${h.newValue}`);
    expect(hist).toEqual(['已整改→已销号', '整改中→已整改', '待整改→整改中', 'null→待整改']);
  });
});
