import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import type { EntityName } from '../../shared/domain/entity';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { idCardFor } from '../helpers/ledgers';

/*
 * Every record rule of spec §3 and §6, one case each, through the record service: an error refuses the
 * record with its message on its field and leaves the database as it was; a warning lets it be saved and
 * comes back with it. Today is 2026-06-15.
 */
let t: Awaited<ReturnType<typeof makeApp>>;
let facilityId: string;
let canteenId: string;
let inspectionId: string;
beforeAll(async () => {
  t = await makeApp({ now: () => Date.UTC(2026, 5, 15, 2) });
  facilityId = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '规则测试院', type: '其他', status: '运营' }, t.actor)
    .record.id;
  canteenId = t.app.records.create(
    'canteens',
    { townshipCode: FENGHUANG, name: '规则测试食堂', type: '老年助餐点', status: '运营' },
    t.actor,
  ).record.id;
  inspectionId = t.app.records.create(
    'inspections',
    {
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId,
      inspectionType: '乡镇排查',
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    },
    t.actor,
  ).record.id;
});
afterAll(() => t.cleanup());

const facility = (over: Record<string, unknown>) => ({
  townshipCode: FENGHUANG,
  name: `院${Math.random()}`,
  type: '其他',
  status: '运营',
  ...over,
});
const canteen = (over: Record<string, unknown>) => ({
  townshipCode: FENGHUANG,
  name: `堂${Math.random()}`,
  type: '老年助餐点',
  status: '运营',
  ...over,
});
let n = 0;
const household = (over: Record<string, unknown>) => ({
  townshipCode: FENGHUANG,
  name: '张三',
  idCard: idCardFor('19450305', ++n),
  projectYear: 2026,
  status: '申请',
  categories: [],
  conditions: [],
  ...over,
});
const month = (over: Record<string, unknown>) => ({
  canteenId,
  year: 2026,
  month: 1 + (n++ % 5),
  mealsTotal: 100,
  mealsElderly: 80,
  mealsSpecial: 10,
  ...over,
});
const hazard = (over: Record<string, unknown>) => ({
  inspectionId,
  description: '隐患',
  level: '一般隐患',
  method: '立行立改',
  status: '待整改',
  ...over,
});

type Case = [string, EntityName, () => Record<string, unknown>, string, string | RegExp];
const errors: Case[] = [
  // A form sends an empty field as null: required, not "should be text/number/date".
  ['名称为空', 'facilities', () => facility({ name: null }), 'name', '请填写机构名称'],
  ['月份就餐总人次为空', 'canteenMonths', () => month({ mealsTotal: null }), 'mealsTotal', '请填写就餐总人次'],
  [
    '检查日期为空',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId: 'x',
      inspectionType: '机构自查',
      inspectedOn: null,
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'inspectedOn',
    '请填写检查日期',
  ],
  ['护理型床位多于床位总数', 'facilities', () => facility({ bedsTotal: 10, bedsNursing: 11 }), 'bedsNursing', '护理型床位不能多于床位总数'],
  [
    '全托+日托多于床位总数',
    'facilities',
    () => facility({ bedsTotal: 10, bedsFullCare: 8, bedsDayCare: 3 }),
    'bedsFullCare',
    '全托床位 + 日托床位不能多于床位总数',
  ],
  ['护理员多于职工', 'facilities', () => facility({ staffTotal: 5, caregivers: 6 }), 'caregivers', '养老护理员数不能多于职工总数'],
  [
    '持证护理员多于护理员',
    'facilities',
    () => facility({ staffTotal: 9, caregivers: 5, caregiversCertified: 6 }),
    'caregiversCertified',
    '持证护理员数不能多于养老护理员数',
  ],
  ['暂停没有状态日期', 'facilities', () => facility({ status: '暂停' }), 'statusDate', '状态为“暂停”时请填写状态日期'],
  [
    '状态日期早于开业',
    'facilities',
    () => facility({ status: '暂停', openedOn: '2020-05-01', statusDate: '2019-01-01' }),
    'statusDate',
    '状态日期不能早于成立/开业日期',
  ],
  [
    '失能多于在住',
    'facilityQuarters',
    () => ({ facilityId, year: 2026, quarter: 1, residents: 10, residentsDisabled: 11 }),
    'residentsDisabled',
    '失能/半失能人数不能多于在住老年人数',
  ],
  [
    '季度还没开始',
    'facilityQuarters',
    () => ({ facilityId, year: 2099, quarter: 1, residents: 10 }),
    'quarter',
    '2099 年第 1 季度还没有开始,不能填报这个季度的数据',
  ],
  ['月份还没到', 'canteenMonths', () => month({ year: 2099, month: 3 }), 'month', '2099 年 3 月还没有到,不能填报这个月的运营数据'],
  [
    '特困多于在住',
    'facilityQuarters',
    () => ({ facilityId, year: 2026, quarter: 1, residents: 10, residentsTekun: 11 }),
    'residentsTekun',
    '特困人员数不能多于在住老年人数',
  ],
  ['助餐点停业没有状态日期', 'canteens', () => canteen({ status: '停业' }), 'statusDate', '状态为“停业”时请填写状态日期'],
  [
    '老年人次多于总人次',
    'canteenMonths',
    () => month({ mealsTotal: 50, mealsElderly: 60, mealsSpecial: 0 }),
    'mealsElderly',
    '老年人次不能多于就餐总人次',
  ],
  [
    '特殊困难多于老年人次',
    'canteenMonths',
    () => month({ mealsElderly: 20, mealsSpecial: 30 }),
    'mealsSpecial',
    '特殊困难老年人人次不能多于老年人次',
  ],
  ['送餐多于总人次', 'canteenMonths', () => month({ mealsDelivered: 101 }), 'mealsDelivered', '送餐上门人次不能多于就餐总人次'],
  ['开餐天数超过当月天数', 'canteenMonths', () => month({ month: 2, openDays: 29 }), 'openDays', '开餐天数不能超过当月天数(28 天)'],
  ['身份证校验码错', 'households', () => household({ idCard: '110105194912310021' }), 'idCard', /校验/],
  ['退出没有原因', 'households', () => household({ status: '退出' }), 'exitReason', '退出的改造户请填写退出原因'],
  [
    '补贴+自付不等于总费用',
    'households',
    () => household({ totalCost: 3000, subsidy: 2000, selfPaid: 500 }),
    'totalCost',
    /政府补贴 \+ 个人自付\(2500\.00 元\)应等于改造总费用\(3000\.00 元\)/,
  ],
  [
    '机构检查没有选机构',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      inspectionType: '乡镇排查',
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'facilityId',
    '请选择被检查的养老机构',
  ],
  [
    '助餐点检查没有选助餐点',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'canteen',
      inspectionType: '乡镇排查',
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'canteenId',
    '请选择被检查的助餐点',
  ],
  [
    '一次检查两个对象',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId,
      canteenId,
      inspectionType: '乡镇排查',
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'canteenId',
    '一次检查只能针对一个对象(机构或助餐点)',
  ],
  [
    '没有选检查类型',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId,
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'inspectionType',
    '请选择检查类型',
  ],
  [
    '检查类型不在列表中',
    'inspections',
    () => ({
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId,
      inspectionType: '随便看看',
      inspectedOn: '2026-06-01',
      inspectors: '张三',
      checklistVersion: '2025-1',
    }),
    'inspectionType',
    /检查类型应为以下之一:机构自查/,
  ],
  ['限期整改没有期限', 'hazards', () => hazard({ method: '限期整改' }), 'deadline', '限期整改的隐患请填写整改期限'],
  ['已整改没有完成日期', 'hazards', () => hazard({ status: '已整改' }), 'completedOn', '状态为“已整改”时请填写整改完成日期'],
  [
    '销号没有复查人',
    'hazards',
    () => hazard({ status: '已销号', completedOn: '2026-06-02', closedOn: '2026-06-03' }),
    'reviewer',
    '销号前请填写复查人',
  ],
  [
    '销号没有销号日期',
    'hazards',
    () => hazard({ status: '已销号', completedOn: '2026-06-02', reviewer: '李复查' }),
    'closedOn',
    '请填写销号日期',
  ],
];

const warnings: Case[] = [
  [
    '在住多于床位',
    'facilityQuarters',
    () => ({
      facilityId: t.app.records.create('facilities', facility({ bedsTotal: 50 }), t.actor).record.id,
      year: 2026,
      quarter: 2,
      residents: 60,
    }),
    'residents',
    '在住老年人数(60)多于机构的床位总数(50 张),请核对',
  ],
  ['信用代码校验不通过', 'facilities', () => facility({ creditCode: '52420704000000000A' }), 'creditCode', /统一社会信用代码/],
  ['消防审验未通过没有说明', 'facilities', () => facility({ fireCheck: '未通过' }), 'fireCheckNote', '消防审验未通过,请在说明中写明原因'],
  [
    '有厨房没有许可证',
    'facilities',
    () => facility({ hasKitchen: true }),
    'foodLicenseNo',
    '设有厨房/食堂的机构应有食品经营许可证,请补填许可证号',
  ],
  [
    '机构许可证已过期',
    'facilities',
    () => facility({ foodLicenseNo: 'JY14207040000001', foodLicenseExpiry: '2026-01-01' }),
    'foodLicenseExpiry',
    '食品经营许可证已过期',
  ],
  [
    '责任险已到期',
    'facilities',
    () => facility({ liabilityInsurance: true, liabilityInsuranceExpiry: '2026-06-01' }),
    'liabilityInsuranceExpiry',
    '责任险已到期',
  ],
  [
    '老年食堂没有许可证',
    'canteens',
    () => canteen({ type: '老年食堂(幸福食堂)' }),
    'foodLicenseNo',
    '老年食堂必须持有食品经营许可证,请补填许可证号',
  ],
  [
    '助餐点许可证已过期',
    'canteens',
    () => canteen({ foodLicenseNo: 'JY24207040000001', foodLicenseExpiry: '2026-05-01' }),
    'foodLicenseExpiry',
    '食品经营许可证已过期',
  ],
  [
    '许可证 60 天内到期',
    'canteens',
    () => canteen({ foodLicenseNo: 'JY24207040000002', foodLicenseExpiry: '2026-07-20' }),
    'foodLicenseExpiry',
    '食品经营许可证将于 2026-07-20 到期,请及时办理延续',
  ],
  ['老人不满 60 岁', 'households', () => household({ idCard: idCardFor('19800101', 7) }), 'idCard', /不满 60 岁/],
  [
    '15 位身份证升位(存为 18 位)',
    'households',
    () => household({ idCard: '110105491231002' }),
    'idCard',
    /15 位旧身份证号,已按国家标准转换为 18 位:11010519491231002X/,
  ],
];

describe('record rules (spec §3, §6)', () => {
  it.each(errors)('error: %s', (_label, entity, input, field, message) => {
    const before = dumpDb(t.app);
    let err: unknown;
    try {
      t.app.records.create(entity, input(), t.actor);
    } catch (e) {
      err = e;
    }
    expect(err, 'refused').toBeInstanceOf(AppError);
    const issues = (err as AppError).fieldErrors ?? [];
    const hit = issues.find((i) => i.field === field);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    if (typeof message === 'string') expect(hit!.message).toBe(message);
    else expect(hit!.message).toMatch(message);
    expect(dumpDb(t.app)).toBe(before);
  });

  it.each(warnings)('warning: %s (saved, with the warning)', (_label, entity, input, field, message) => {
    const r = t.app.records.create(entity, input(), t.actor);
    const hit = r.warnings.find((w) => w.field === field);
    expect(hit, JSON.stringify(r.warnings)).toBeDefined();
    if (typeof message === 'string') expect(hit!.message).toBe(message);
    else expect(hit!.message).toMatch(message);
    expect(t.app.records.getRaw(entity, r.record.id as string)).toBeTruthy();
  });

  it('a part is not checked against a total left blank (unknown is not 0)', () => {
    for (const [entity, input] of [
      ['facilities', facility({ caregivers: 6, caregiversCertified: 2 })],
      ['facilities', facility({ bedsNursing: 30, bedsFullCare: 20 })],
      ['canteenMonths', month({ mealsElderly: null, mealsSpecial: 30 })],
    ] as const)
      expect(t.app.records.create(entity, input, t.actor).record.id, JSON.stringify(input)).toBeTruthy();
  });

  it('a 15-digit 身份证 is stored as its 18-digit form with 出生日期 and 性别, and the clerk is told', () => {
    const r = t.app.records.create('households', household({ idCard: '420704500101001' }), t.actor);
    expect(t.app.records.getRaw('households', r.record.id)).toMatchObject({
      idCard: expect.stringMatching(/^42070419500101001[0-9X]$/),
      birthDate: '1950-01-01',
      sex: '男',
    });
    expect(r.warnings.map((w) => w.field)).toContain('idCard');
  });
});
