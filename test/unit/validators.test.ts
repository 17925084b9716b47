import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar } from '../../shared/validators/creditCode';
import { ageOn, idCardCheckChar, parseIdCard } from '../../shared/validators/idCard';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import { checkPhone } from '../../shared/validators/phone';

const TODAY = new Date('2026-11-22T12:00:00');

/** The GB 11643 check written out independently of the module, to compute expected values. */
function expectedCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return '10X98765432'[sum % 11];
}

describe('居民身份证号码 (GB 11643-1999)', () => {
  it('accepts the standard’s own examples and derives birth date, sex and age', () => {
    expect(parseIdCard('11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', sex: '女', age: 76, warnings: [] });
    expect(parseIdCard('440524188001010014', TODAY)).toMatchObject({ ok: true, birthDate: '1880-01-01', sex: '男' });
    expect(idCardCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts lower-case x and spaces, and stores upper-case', () => {
    expect(parseIdCard(' 110105 19491231 002x ', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('detects a wrong check character and any single changed digit', () => {
    const good = '11010519491231002X';
    const r = parseIdCard('110105194912310021', TODAY);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toContain('应为 X');
    for (let i = 0; i < 17; i++) {
      const d = (Number(good[i]) + 1) % 10;
      const changed = good.slice(0, i) + d + good.slice(i + 1);
      expect(parseIdCard(changed, TODAY).ok, `position ${i}`).toBe(false);
    }
  });

  it('converts a 15-digit number to 18 digits with a warning', () => {
    const old = '130503670401001';
    const first17 = '13050319670401001';
    const r = parseIdCard(old, TODAY);
    expect(r).toMatchObject({ ok: true, value: first17 + expectedCheck(first17), birthDate: '1967-04-01', sex: '男' });
    expect(r.ok && r.warnings[0]).toContain('15 位');
  });

  it('refuses impossible and future birth dates, wrong lengths and bad characters', () => {
    const make = (birth: string) => {
      const f = `420704${birth}123`;
      return f + expectedCheck(f);
    };
    expect(parseIdCard(make('19500230'), TODAY)).toMatchObject({ ok: false, error: expect.stringContaining('不是有效日期') });
    expect(parseIdCard(make('20270101'), TODAY)).toMatchObject({ ok: false, error: expect.stringContaining('晚于今天') });
    expect(parseIdCard(make('19500101'), TODAY)).toMatchObject({ ok: true, birthDate: '1950-01-01' });
    expect(parseIdCard('4207041950', TODAY)).toMatchObject({ ok: false, error: expect.stringContaining('18 位') });
    expect(parseIdCard('42070419500101123A', TODAY)).toMatchObject({ ok: false });
    expect(parseIdCard('', TODAY)).toMatchObject({ ok: false, error: '请填写身份证号' });
  });

  it('recognises numbers destroyed by Excel and says how to fix the sheet', () => {
    for (const v of ['4.20704E+17', '4.20704e17', 420704195001011234, '420704195001011000']) {
      const r = parseIdCard(v, TODAY);
      expect(r, String(v)).toMatchObject({ ok: false, excelDamaged: true });
      expect(!r.ok && r.error).toContain('文本');
    }
  });

  it('computes age on a given day (birthday not yet reached counts one less)', () => {
    expect(ageOn('1950-11-23', TODAY)).toBe(75);
    expect(ageOn('1950-11-22', TODAY)).toBe(76);
  });
});

describe('统一社会信用代码 (GB 32100-2015): warn, never block', () => {
  const make = (first17: string) => first17 + creditCodeCheckChar(first17);
  it('accepts codes with a right check character and hints the kind of body', () => {
    expect(checkCreditCode(make('52420700MJH123456'))).toEqual({ value: make('52420700MJH123456'), valid: true, kindHint: '民办非企业单位' });
    expect(checkCreditCode(make('12420704MB1234567')).kindHint).toBe('事业单位');
    expect(checkCreditCode(make('91420700MA4912345').toLowerCase())).toMatchObject({ valid: true, kindHint: '企业' });
  });

  it('computes the check character as the standard says (31 − Σ mod 31, 31 → 0)', () => {
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    for (const body of ['91350100M000100Y4', '52420700MJH123456', '12100000400000624']) {
      const c = 31 - ([...body].reduce((a, ch, i) => a + charset.indexOf(ch) * w[i], 0) % 31);
      expect(creditCodeCheckChar(body)).toBe(charset[c === 31 ? 0 : c]);
    }
  });

  it('warns (in Chinese) on a wrong check character, wrong length or forbidden letters', () => {
    const good = make('52420700MJH123456');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkCreditCode(bad)).toMatchObject({ valid: false, warning: expect.stringContaining('校验位不符') });
    expect(checkCreditCode('5242070').warning).toContain('18 位');
    expect(checkCreditCode('52420700MJH12345IO').warning).toContain('字符');
  });
});

describe('phones and masking', () => {
  it('mobiles and landlines', () => {
    expect(checkPhone('13812345678')).toEqual({ value: '13812345678', valid: true, kind: 'mobile' });
    expect(checkPhone('0711-3201234')).toMatchObject({ valid: true, kind: 'landline' });
    expect(checkPhone('07113201234')).toMatchObject({ valid: true, kind: 'landline' });
    expect(checkPhone('12812345678').valid).toBe(false);
    expect(checkPhone('1381234567').valid).toBe(false);
    expect(checkPhone('')).toEqual({ value: '', valid: true });
  });

  it('masks 身份证, names and phones as the spec shows', () => {
    expect(maskIdCard('420704195001011234')).toBe('420704********1234');
    expect(maskName('张三华')).toBe('张*华');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('027-88881234')).toBe('027-****1234');
    expect(maskIdCard(null)).toBe('');
  });
});
