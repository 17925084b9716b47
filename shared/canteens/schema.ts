import type { FieldIssue } from '../api/errors';
import { addDays, daysInMonth } from '../domain/dates';
import { defineEntity, issue, type ValueOf } from '../domain/entity';
import { CANTEEN_MODES, CANTEEN_STATUSES, CANTEEN_TYPES } from '../domain/enums';
import { date, decimal, divisionCode, flag, int, money, oneOf, ref, text } from '../domain/fields';
import { checkCreditCode } from '../validators/creditCode';
import { phoneIssue } from '../validators/phoneIssue';

/** 老年助餐: 幸福食堂 / 助餐点 / 老年餐桌 (spec §3.2). */
const canteenFields = {
  townshipCode: divisionCode(),
  name: text('名称', { required: true, max: 100 }),
  type: oneOf('类型', CANTEEN_TYPES, { required: true }),
  operationMode: oneOf('运营模式', CANTEEN_MODES),
  operator: text('运营主体', { max: 100 }),
  creditCode: text('运营主体信用代码', { max: 30 }),
  facilityId: ref('依托设施'),
  address: text('地址'),
  village: text('村/社区', { max: 50 }),
  contactName: text('负责人', { max: 30, sensitive: 'name' }),
  contactPhone: text('负责人电话', { max: 20, sensitive: 'phone' }),
  openedOn: date('开办日期'),
  status: oneOf('状态', CANTEEN_STATUSES, { required: true }),
  statusDate: date('状态日期'),
  floorArea: decimal('面积(㎡)'),
  seats: int('座位数'),
  mealCapacity: int('供餐能力(人/餐)'),
  delivery: flag('送餐上门'),
  mealHours: text('开餐时段', { max: 50 }),
  mealPrice: money('套餐价格(元)'),
  subsidyStandard: text('补贴标准', { max: 200 }),
  foodLicenseNo: text('食品经营许可证号', { max: 40 }),
  foodLicenseExpiry: date('食品经营许可证有效期至', { allowFuture: true }),
  remark: text('备注', { max: 500 }),
};
export type Canteen = ValueOf<typeof canteenFields>;

export const canteenEntity = defineEntity({
  name: 'canteens',
  table: 'canteens',
  label: '助餐点',
  titleField: 'name',
  fields: canteenFields,
  rules: canteenRules,
});

/** Licence warning window in days; configurable in settings, 60 by the spec. */
export const DEFAULT_LICENCE_WARN_DAYS = 60;

function canteenRules(c: Canteen, ctx: { today: string; licenceWarnDays?: number }): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (c.creditCode) {
    const cc = checkCreditCode(c.creditCode);
    if (cc.warning) out.push(issue('creditCode', 'warning', cc.warning));
  }
  const ph = phoneIssue('contactPhone', '负责人电话', c.contactPhone);
  if (ph) out.push(ph);
  if (c.type === '老年食堂(幸福食堂)' && !c.foodLicenseNo)
    out.push(issue('foodLicenseNo', 'warning', '老年食堂必须持有食品经营许可证,请补填许可证号'));
  if (c.foodLicenseExpiry) {
    if (c.foodLicenseExpiry < ctx.today) out.push(issue('foodLicenseExpiry', 'warning', '食品经营许可证已过期'));
    else if (c.foodLicenseExpiry <= addDays(ctx.today, ctx.licenceWarnDays ?? DEFAULT_LICENCE_WARN_DAYS))
      out.push(issue('foodLicenseExpiry', 'warning', `食品经营许可证将于 ${c.foodLicenseExpiry} 到期,请及时办理延续`));
  }
  if ((c.status === '暂停' || c.status === '停业') && !c.statusDate)
    out.push(issue('statusDate', 'error', `状态为“${c.status}”时请填写状态日期`));
  return out;
}

/** 月度运营: one row per canteen per month (spec §3.2). Parts never exceed their totals. */
export const canteenMonthEntity = defineEntity({
  name: 'canteenMonths',
  table: 'canteen_months',
  label: '助餐点月度运营',
  titleField: 'year',
  parent: { entity: 'canteens', field: 'canteenId' },
  fields: {
    canteenId: ref('所属助餐点', { required: true }),
    year: int('年度', { required: true, min: 2000, max: 2100 }),
    month: int('月份', { required: true, min: 1, max: 12 }),
    openDays: int('开餐天数'),
    mealsTotal: int('就餐总人次', { required: true }),
    mealsElderly: int('其中老年人次'),
    mealsSpecial: int('其中特殊困难老年人人次'),
    mealsDelivered: int('送餐上门人次'),
    registeredElders: int('登记就餐老年人数'),
    subsidyAmount: money('补贴金额(元)'),
  },
  rules: (m, ctx) => {
    const out: FieldIssue[] = [];
    if (`${m.year}-${String(m.month).padStart(2, '0')}` > ctx.today.slice(0, 7))
      out.push(issue('month', 'error', `${m.year} 年 ${m.month} 月还没有到,不能填报这个月的运营数据`));
    if ((m.mealsElderly ?? 0) > m.mealsTotal) out.push(issue('mealsElderly', 'error', '老年人次不能多于就餐总人次'));
    if (m.mealsElderly != null && (m.mealsSpecial ?? 0) > m.mealsElderly)
      out.push(issue('mealsSpecial', 'error', '特殊困难老年人人次不能多于老年人次'));
    if ((m.mealsDelivered ?? 0) > m.mealsTotal) out.push(issue('mealsDelivered', 'error', '送餐上门人次不能多于就餐总人次'));
    if (m.openDays != null && m.openDays > daysInMonth(m.year, m.month))
      out.push(issue('openDays', 'error', `开餐天数不能超过当月天数(${daysInMonth(m.year, m.month)} 天)`));
    return out;
  },
});
export type CanteenMonth = ValueOf<typeof canteenMonthEntity.fields>;
