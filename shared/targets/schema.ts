import { defineEntity, type ValueOf } from '../domain/entity';
import { decimal, divisionCode, int } from '../domain/fields';

/** 年度任务 per township per year (spec §3.5), entered by the district or an admin. */
export const targetEntity = defineEntity({
  name: 'targets',
  table: 'targets',
  label: '年度任务',
  titleField: 'year',
  fields: {
    townshipCode: divisionCode(),
    year: int('年度', { required: true, min: 2000, max: 2100 }),
    retrofitHouseholds: int('适老化改造户数'),
    newCanteens: int('新建幸福食堂/助餐点数'),
    nursingBedRatio: decimal('护理型床位占比(%)', { max: 100 }),
    certifiedRate: decimal('持证率(%)', { max: 100 }),
  },
});
export type Target = ValueOf<typeof targetEntity.fields>;
