import type { FieldIssue } from '../api/errors';
import { defineEntity, issue, type ValueOf } from '../domain/entity';
import { FACILITY_RATINGS, FACILITY_STATUSES, FACILITY_TYPES, FIRE_CHECK_RESULTS, OPERATION_MODES, URBAN_RURAL } from '../domain/enums';
import { date, decimal, divisionCode, flag, int, oneOf, ref, text } from '../domain/fields';
import { checkCreditCode } from '../validators/creditCode';
import { phoneIssue } from '../validators/phoneIssue';

/** 养老机构/设施 (spec §3.1). */
const facilityFields = {
  townshipCode: divisionCode(),
  name: text('机构名称', { required: true, max: 100 }),
  type: oneOf('机构类型', FACILITY_TYPES, { required: true }),
  operationMode: oneOf('运营方式', OPERATION_MODES),
  operator: text('运营主体', { max: 100 }),
  creditCode: text('统一社会信用代码', { max: 30 }),
  address: text('地址'),
  village: text('村/社区', { max: 50 }),
  villageCode: text('村/社区代码', { max: 12 }),
  contactName: text('负责人', { max: 30, sensitive: 'name' }),
  contactPhone: text('负责人电话', { max: 20, sensitive: 'phone' }),
  openedOn: date('成立/开业日期'),
  status: oneOf('状态', FACILITY_STATUSES, { required: true }),
  statusDate: date('状态日期'),
  urbanRural: oneOf('城市/农村', URBAN_RURAL),
  floorArea: decimal('建筑面积(㎡)'),
  bedsTotal: int('床位总数'),
  bedsNursing: int('其中护理型床位'),
  bedsFullCare: int('全托床位'),
  bedsDayCare: int('日托床位'),
  rating: oneOf('机构等级', FACILITY_RATINGS),
  ratingDate: date('等级评定日期'),
  fireCheck: oneOf('消防审验', FIRE_CHECK_RESULTS),
  fireCheckNote: text('消防审验说明'),
  hasKitchen: flag('设有厨房/食堂'),
  foodLicenseNo: text('食品经营许可证号', { max: 40 }),
  foodLicenseExpiry: date('食品经营许可证有效期至', { allowFuture: true }),
  hasClinic: flag('内设医疗机构'),
  medicalLicenseNo: text('医疗机构执业许可证/备案号', { max: 40 }),
  liabilityInsurance: flag('投保责任险'),
  liabilityInsuranceExpiry: date('责任险到期日', { allowFuture: true }),
  staffTotal: int('职工总数'),
  caregivers: int('养老护理员数'),
  caregiversCertified: int('其中持证护理员数'),
  remark: text('备注', { max: 500 }),
};
export type Facility = ValueOf<typeof facilityFields>;

export const facilityEntity = defineEntity({
  name: 'facilities',
  table: 'facilities',
  label: '养老机构',
  titleField: 'name',
  fields: facilityFields,
  rules: facilityRules,
});

function facilityRules(f: Facility, ctx: { today: string }): FieldIssue[] {
  const out: FieldIssue[] = [];
  const n = (v: number | null) => v ?? 0;
  // A part is checked against its total only when the total is filled in (a blank total is unknown, not 0).
  const over = (part: number, total: number | null) => total !== null && part > total;
  if (over(n(f.bedsNursing), f.bedsTotal)) out.push(issue('bedsNursing', 'error', '护理型床位不能多于床位总数'));
  if (over(n(f.bedsFullCare) + n(f.bedsDayCare), f.bedsTotal))
    out.push(issue('bedsFullCare', 'error', '全托床位 + 日托床位不能多于床位总数'));
  if (over(n(f.caregivers), f.staffTotal)) out.push(issue('caregivers', 'error', '养老护理员数不能多于职工总数'));
  if (over(n(f.caregiversCertified), f.caregivers)) out.push(issue('caregiversCertified', 'error', '持证护理员数不能多于养老护理员数'));
  if (f.creditCode) {
    const cc = checkCreditCode(f.creditCode);
    if (cc.warning) out.push(issue('creditCode', 'warning', cc.warning));
  }
  const ph = phoneIssue('contactPhone', '负责人电话', f.contactPhone);
  if (ph) out.push(ph);
  if ((f.status === '暂停' || f.status === '停业(注销)') && !f.statusDate)
    out.push(issue('statusDate', 'error', `状态为“${f.status}”时请填写状态日期`));
  if (f.fireCheck === '未通过' && !f.fireCheckNote) out.push(issue('fireCheckNote', 'warning', '消防审验未通过,请在说明中写明原因'));
  if (f.hasKitchen && !f.foodLicenseNo) out.push(issue('foodLicenseNo', 'warning', '设有厨房/食堂的机构应有食品经营许可证,请补填许可证号'));
  if (f.foodLicenseExpiry && f.foodLicenseExpiry < ctx.today) out.push(issue('foodLicenseExpiry', 'warning', '食品经营许可证已过期'));
  if (f.liabilityInsurance && f.liabilityInsuranceExpiry && f.liabilityInsuranceExpiry < ctx.today)
    out.push(issue('liabilityInsuranceExpiry', 'warning', '责任险已到期'));
  if (f.openedOn && f.statusDate && f.statusDate < f.openedOn) out.push(issue('statusDate', 'error', '状态日期不能早于成立/开业日期'));
  return out;
}

/** 季度数据: one row per facility per quarter (spec §3.1). */
export const facilityQuarterEntity = defineEntity({
  name: 'facilityQuarters',
  table: 'facility_quarters',
  label: '机构季度数据',
  titleField: 'year',
  parent: { entity: 'facilities', field: 'facilityId' },
  fields: {
    facilityId: ref('所属机构', { required: true }),
    year: int('年度', { required: true, min: 2000, max: 2100 }),
    quarter: int('季度', { required: true, min: 1, max: 4 }),
    residents: int('季末在住老年人数', { required: true }),
    residentsDisabled: int('其中失能/半失能'),
    residentsTekun: int('其中特困人员'),
    admissions: int('本季度新入住'),
    discharges: int('本季度离院'),
  },
  rules: (q, ctx) => {
    const out: FieldIssue[] = [];
    // Figures are reported for a quarter that has begun (the current one may be entered as it goes).
    if (`${q.year}-${String(q.quarter * 3 - 2).padStart(2, '0')}` > ctx.today.slice(0, 7))
      out.push(issue('quarter', 'error', `${q.year} 年第 ${q.quarter} 季度还没有开始,不能填报这个季度的数据`));
    if ((q.residentsDisabled ?? 0) > q.residents) out.push(issue('residentsDisabled', 'error', '失能/半失能人数不能多于在住老年人数'));
    if ((q.residentsTekun ?? 0) > q.residents) out.push(issue('residentsTekun', 'error', '特困人员数不能多于在住老年人数'));
    return out;
  },
});
export type FacilityQuarter = ValueOf<typeof facilityQuarterEntity.fields>;
