import { describe, expect, it } from 'vitest';
import {
  coverage,
  inRegister,
  monthPeriod,
  quarterPeriod,
  type CoverageInspection,
  type CoverageSubject,
} from '../../shared/inspections/coverage';

const subject = (id: string, over: Partial<CoverageSubject> = {}): CoverageSubject => ({
  id,
  name: `机构${id}`,
  townshipCode: '420704001000',
  kind: 'facility',
  status: '运营',
  openedOn: '2020-01-01',
  statusDate: null,
  ...over,
});
const insp = (subjectId: string, inspectedOn: string, inspectionType = '机构自查'): CoverageInspection => ({
  subjectId,
  inspectedOn,
  inspectionType,
});

describe('coverage rule (spec §3.4)', () => {
  const may = monthPeriod(2025, 5);

  it('periods: months and quarters with real month ends', () => {
    expect(monthPeriod(2024, 2)).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthPeriod(2025, 2).end).toBe('2025-02-28');
    expect(quarterPeriod(2025, 4)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
  });

  it('register at the period end: opened mid-month is due, closed mid-month is not, 筹建 never, 暂停 stays', () => {
    expect(inRegister(subject('a', { openedOn: '2025-05-20' }), may)).toBe(true);
    expect(inRegister(subject('b', { openedOn: '2025-06-01' }), may)).toBe(false);
    expect(inRegister(subject('c', { status: '停业(注销)', statusDate: '2025-05-15' }), may)).toBe(false);
    expect(inRegister(subject('d', { status: '停业(注销)', statusDate: '2025-06-15' }), may)).toBe(true);
    expect(inRegister(subject('e', { status: '筹建', openedOn: null }), may)).toBe(false);
    expect(inRegister(subject('f', { status: '暂停', statusDate: '2025-03-01' }), may)).toBe(true);
  });

  it('counts each facility once however many checks it had, and lists who still needs what', () => {
    const subjects = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((id) => subject(id));
    const inspections = [
      insp('1', '2025-05-02'),
      insp('1', '2025-05-20'), // second self-check in the month does not count twice
      insp('2', '2025-05-31'),
      insp('3', '2025-04-30'), // previous month
      insp('1', '2025-05-10', '第三方专家检查'),
      insp('2', '2025-05-11', '第三方专家检查'),
      insp('2', '2025-05-12', '第三方专家检查'),
      insp('4', '2025-06-01', '第三方专家检查'), // next month
    ];
    const r = coverage(subjects, inspections, may, 30);
    expect(r.due).toBe(10);
    expect(r.selfChecked).toBe(2);
    expect(r.selfPct).toBe(20);
    expect(r.expertChecked).toBe(2);
    expect(r.expertPct).toBe(20);
    expect(r.expertMet).toBe(false);
    expect(r.expertShortBy).toBe(1); // 30% of 10 = 3
    expect(r.needSelf.map((s) => s.id)).toEqual(['3', '4', '5', '6', '7', '8', '9', '10']);
    expect(r.needExpert).toHaveLength(8);
  });

  it('quarter target 100%: met only when every facility had an expert check in the quarter', () => {
    const subjects = [subject('1'), subject('2'), subject('3', { openedOn: '2025-06-10' })];
    const q2 = quarterPeriod(2025, 2);
    const checks = [insp('1', '2025-04-03', '第三方专家检查'), insp('2', '2025-06-30', '第三方专家检查')];
    expect(coverage(subjects, checks, q2, 100)).toMatchObject({ due: 3, expertChecked: 2, expertMet: false, expertShortBy: 1 });
    expect(coverage(subjects, [...checks, insp('3', '2025-06-11', '第三方专家检查')], q2, 100)).toMatchObject({
      expertChecked: 3,
      expertPct: 100,
      expertMet: true,
    });
  });

  it('30% rounds up to whole facilities and an empty register is met with 0%', () => {
    const seven = Array.from({ length: 7 }, (_, i) => subject(String(i)));
    const two = [insp('0', '2025-05-01', '第三方专家检查'), insp('1', '2025-05-01', '第三方专家检查')];
    expect(coverage(seven, two, may, 30)).toMatchObject({ expertMet: false, expertShortBy: 1 }); // needs ceil(2.1) = 3
    expect(coverage([], [], may, 30)).toMatchObject({ due: 0, expertPct: 0, expertMet: true });
  });

  it('canteens included or excluded by the caller: only subjects passed in are due', () => {
    const f = subject('f1');
    const c = subject('c1', { kind: 'canteen' });
    expect(coverage([f], [], may, 30).due).toBe(1);
    expect(coverage([f, c], [insp('c1', '2025-05-03')], may, 30)).toMatchObject({ due: 2, selfChecked: 1 });
  });
});
