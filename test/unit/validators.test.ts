import { describe, expect, it } from 'vitest';
import * as validators from '../../shared/validators';
import { checkCreditCode, creditCodeCheckChar } from '../../shared/validators/creditCode';
import { ageOn, idCardCheckChar, parseIdCard } from '../../shared/validators/idCard';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import { checkPhone } from '../../shared/validators/phone';

// A fixed "today" (local noon, so no time-zone edge) makes ages and "future" dates reproducible.
const TODAY = new Date(2026, 10, 22, 12, 0, 0); // 2026-11-22

/** GB 11643 check char, written out here independently of the module so expected values are not circular. */
function expectedIdCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

/** GB 32100 check char, written out independently as well. */
const CC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function expectedCreditCheck(first17: string): string {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC_CHARSET.indexOf(first17[i]) * w[i];
  const c = 31 - (sum % 31);
  return CC_CHARSET[c === 31 ? 0 : c];
}

/** Deterministic pseudo-random digits so a failure is reproducible. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A valid 18-digit number for a given address, birth date (YYYYMMDD) and 3-digit sequence. */
function idFor(birth: string, seq = '123', address = '420704'): string {
  const f = address + birth + seq;
  return f + expectedIdCheck(f);
}

const errorOf = (r: ReturnType<typeof parseIdCard>): string => (r.ok ? '' : r.error);

describe('居民身份证号码 (GB 11643-1999)', () => {
  it('accepts the standard’s own examples and derives birth date, sex and age', () => {
    expect(parseIdCard('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: '女',
      age: 76,
      warnings: [],
    });
    const old = parseIdCard('440524188001010014', TODAY);
    expect(old).toMatchObject({ ok: true, value: '440524188001010014', birthDate: '1880-01-01', sex: '男', age: 146 });
    // Valid by the standard, but a person born in 1880 in a current ledger is surely a typo: warn, don't block.
    expect(old.ok && old.warnings.join()).toContain('1900');
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('44052418800101001')).toBe('4');
  });

  it('computes the same check char as the standard’s formula for many numbers', () => {
    const rnd = lcg(11643);
    const seen = new Set<string>();
    for (let n = 0; n < 500; n++) {
      const first17 = Array.from({ length: 17 }, () => Math.floor(rnd() * 10)).join('');
      const c = idCardCheckChar(first17);
      expect(c, first17).toBe(expectedIdCheck(first17));
      seen.add(c);
    }
    expect(seen.size).toBe(11); // all of 0–9 and X occurred, so no branch of the table is untested
    expect(() => idCardCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idCardCheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it('accepts lower-case x, spaces, full-width digits and Excel’s text apostrophe, and stores upper-case', () => {
    expect(parseIdCard(' 110105 19491231 002x ', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(parseIdCard('１１０１０５１９４９１２３１００２ｘ', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(parseIdCard("'11010519491231002X", TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(parseIdCard('11010519491231002X\u00a0', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('names the right check char when the last one is wrong', () => {
    const r = parseIdCard('110105194912310021', TODAY);
    expect(r.ok).toBe(false);
    expect(errorOf(r)).toContain('应为 X');
    expect(errorOf(r)).toContain('现在是 1');
    expect(errorOf(parseIdCard('440524188001010015', TODAY))).toContain('应为 4');
  });

  it('detects every single changed character and every swap of neighbouring digits', () => {
    const good = idFor('19500101', '123');
    expect(parseIdCard(good, TODAY).ok).toBe(true);
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      for (const ch of '0123456789X') {
        if (ch === good[i] || (ch === 'X' && i < 17)) continue;
        const changed = good.slice(0, i) + ch + good.slice(i + 1);
        expect(parseIdCard(changed, TODAY).ok, `position ${i + 1} → ${ch}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(17 * 9 + 10);
    for (let i = 0; i < 16; i++) {
      if (good[i] === good[i + 1]) continue;
      const swapped = good.slice(0, i) + good[i + 1] + good[i] + good.slice(i + 2);
      expect(parseIdCard(swapped, TODAY).ok, `swap ${i + 1}/${i + 2}`).toBe(false);
    }
  });

  it('converts a 15-digit number to 18 digits with a warning', () => {
    const r = parseIdCard('130503670401001', TODAY);
    const first17 = '13050319670401001'; // "19" inserted before the 6-digit birth date
    expect(r).toMatchObject({ ok: true, value: first17 + expectedIdCheck(first17), birthDate: '1967-04-01', sex: '男', age: 59 });
    expect(r.ok && r.warnings).toHaveLength(1);
    expect(r.ok && r.warnings[0]).toContain('15 位');
    expect(r.ok && r.warnings[0]).toContain(first17 + expectedIdCheck(first17));

    const woman = parseIdCard('420704500101002', TODAY);
    expect(woman).toMatchObject({ ok: true, value: `42070419500101002${expectedIdCheck('42070419500101002')}`, sex: '女' });
    // A 15-digit number is below 2^53, so as an Excel number cell it arrives intact and is still usable.
    expect(parseIdCard(130503670401001, TODAY)).toMatchObject({ ok: true, value: first17 + expectedIdCheck(first17) });
    expect(errorOf(parseIdCard('13050367040100X', TODAY))).toContain('15 位');
    expect(errorOf(parseIdCard('130503671301001', TODAY))).toContain('不是有效日期');
  });

  it('derives sex from the 17th digit and the age on a given day', () => {
    expect(parseIdCard(idFor('19500101', '121'), TODAY)).toMatchObject({ sex: '男', birthDate: '1950-01-01', age: 76 });
    expect(parseIdCard(idFor('19500101', '128'), TODAY)).toMatchObject({ sex: '女' });
    expect(parseIdCard(idFor('19501122', '120'), TODAY)).toMatchObject({ sex: '女', age: 76 });
    expect(parseIdCard(idFor('19501123', '129'), TODAY)).toMatchObject({ sex: '男', age: 75 });
    expect(parseIdCard(idFor('19661122'), TODAY)).toMatchObject({ ok: true, age: 60, warnings: [] });
  });

  it('counts age in full years, one less until the birthday', () => {
    expect(ageOn('1950-11-23', TODAY)).toBe(75);
    expect(ageOn('1950-11-22', TODAY)).toBe(76);
    expect(ageOn('1950-12-01', TODAY)).toBe(75);
    expect(ageOn('1950-10-31', TODAY)).toBe(76);
    expect(ageOn('2026-11-22', TODAY)).toBe(0);
    // Born on 29 February: a year older on 1 March in a common year.
    expect(ageOn('1948-02-29', new Date(2027, 1, 28))).toBe(78);
    expect(ageOn('1948-02-29', new Date(2027, 2, 1))).toBe(79);
    expect(() => ageOn('1950/01/01', TODAY)).toThrow(RangeError);
  });

  it('refuses impossible and future birth dates', () => {
    for (const birth of ['19500230', '19501301', '19500100', '19000229', '17991231', '19500132']) {
      expect(errorOf(parseIdCard(idFor(birth), TODAY)), birth).toContain('不是有效日期');
    }
    expect(parseIdCard(idFor('20000229'), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(errorOf(parseIdCard(idFor('20261123'), TODAY))).toContain('晚于今天');
    expect(errorOf(parseIdCard(idFor('20270101'), TODAY))).toContain('晚于今天');
    expect(parseIdCard(idFor('20261122'), TODAY)).toMatchObject({ ok: true, age: 0 });
    // Before 1900: allowed (the standard’s example is from 1880) but flagged.
    const r = parseIdCard(idFor('18990101'), TODAY);
    expect(r.ok && r.warnings.length).toBe(1);
  });

  it('says what is wrong with the length or the characters', () => {
    expect(errorOf(parseIdCard('4207041950', TODAY))).toMatch(/18 位.*现在是 10 位/);
    expect(errorOf(parseIdCard('42070419500101123', TODAY))).toContain('现在是 17 位');
    expect(errorOf(parseIdCard('4207041950010112345', TODAY))).toContain('现在是 19 位');
    expect(errorOf(parseIdCard('42070419500101123A', TODAY))).toContain('第 18 位“A”');
    expect(errorOf(parseIdCard('4207041O5001011234', TODAY))).toContain('第 8 位“O”');
    expect(errorOf(parseIdCard('420704195X01011234', TODAY))).toContain('第 10 位');
    expect(parseIdCard('', TODAY)).toEqual({ ok: false, error: '请填写身份证号' });
    expect(parseIdCard('   ', TODAY)).toEqual({ ok: false, error: '请填写身份证号' });
    expect(parseIdCard(null, TODAY)).toEqual({ ok: false, error: '请填写身份证号' });
    expect(parseIdCard(undefined, TODAY)).toEqual({ ok: false, error: '请填写身份证号' });
    expect(parseIdCard({}, TODAY)).toMatchObject({ ok: false });
  });

  it('recognises numbers destroyed by Excel and says how to fix the sheet', () => {
    const zeroed = '42070419500101100';
    expect(expectedIdCheck(zeroed)).not.toBe('0'); // else the sample below would be a genuine number
    for (const v of [
      '4.20704E+17',
      '4.20704e17',
      '4.20704195001011E+17',
      ' 4.20704E+17 ',
      // biome-ignore lint/correctness/noPrecisionLoss: on purpose: the number Excel hands over after losing the last digits
      420704195001011234,
      4.20704e17,
      `${zeroed}0`,
      '420704195001010000',
      '420,704,195,001,011,000',
    ]) {
      const r = parseIdCard(v, TODAY);
      expect(r, String(v)).toMatchObject({ ok: false, excelDamaged: true });
      expect(errorOf(r)).toContain('Excel');
      expect(errorOf(r)).toContain('文本');
    }
    // A genuine number that happens to end in 000 passes its check and must not be refused.
    let genuine = '';
    for (let day = 1; day <= 28 && !genuine; day++) {
      for (let x = 0; x <= 9 && !genuine; x++) {
        const f = `420704195001${String(day).padStart(2, '0')}${x}00`;
        if (expectedIdCheck(f) === '0') genuine = `${f}0`;
      }
    }
    expect(genuine).toMatch(/000$/);
    expect(parseIdCard(genuine, TODAY)).toMatchObject({ ok: true, value: genuine });
    // An ordinary typo is not blamed on Excel.
    expect(parseIdCard('110105194912310021', TODAY)).not.toHaveProperty('excelDamaged');
  });
});

describe('统一社会信用代码 (GB 32100-2015): warn, never block', () => {
  const make = (first17: string) => first17 + expectedCreditCheck(first17);

  it('accepts real-looking codes whose check characters were computed by hand', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ value: '91350100M000100Y43', valid: true, kindHint: '企业' });
    expect(checkCreditCode('12100000400000624D')).toEqual({ value: '12100000400000624D', valid: true, kindHint: '事业单位' });
    expect(checkCreditCode('91110000802100433B')).toMatchObject({ valid: true, kindHint: '企业' });
    expect(checkCreditCode(make('52420700MJH123456'))).toEqual({ value: '52420700MJH123456Y', valid: true, kindHint: '民办非企业单位' });
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('12100000400000624')).toBe('D');
  });

  it('computes the check character as the standard says, including 31 → 0', () => {
    const rnd = lcg(32100);
    for (let n = 0; n < 300; n++) {
      const body = Array.from({ length: 17 }, () => CC_CHARSET[Math.floor(rnd() * 31)]).join('');
      expect(creditCodeCheckChar(body), body).toBe(expectedCreditCheck(body));
      expect(checkCreditCode(body + expectedCreditCheck(body)).valid, body).toBe(true);
    }
    // The last weight (28) is coprime with 31, so some last body char makes the sum ≡ 0 and the check char '0'.
    const stem = '5242070012345678';
    const body = [...CC_CHARSET].map((ch) => stem + ch).find((b) => expectedCreditCheck(b) === '0');
    expect(body).toBeDefined();
    expect(creditCodeCheckChar(body!)).toBe('0');
    expect(checkCreditCode(`${body}0`).valid).toBe(true);
    expect(() => creditCodeCheckChar('5242070012345678')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('5242070012345678I')).toThrow(RangeError);
  });

  it('normalises case, spaces, full-width characters and numbers', () => {
    expect(checkCreditCode(' 91350100m000100y43 ')).toMatchObject({ value: '91350100M000100Y43', valid: true });
    expect(checkCreditCode('9135 0100 M000 100Y 43')).toMatchObject({ value: '91350100M000100Y43', valid: true });
    expect(checkCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ value: '91350100M000100Y43', valid: true });
    expect(checkCreditCode(123)).toMatchObject({ value: '123', valid: false });
  });

  it('detects every single changed character', () => {
    const good = '91350100M000100Y43';
    for (let i = 0; i < 18; i++) {
      for (const ch of CC_CHARSET) {
        if (ch === good[i]) continue;
        const changed = good.slice(0, i) + ch + good.slice(i + 1);
        expect(checkCreditCode(changed).valid, `position ${i + 1} → ${ch}`).toBe(false);
      }
    }
  });

  it('warns (in Chinese) on a wrong check character, wrong length or forbidden letters', () => {
    const bad = checkCreditCode('91350100M000100Y44');
    expect(bad).toMatchObject({ value: '91350100M000100Y44', valid: false, kindHint: '企业' });
    expect(bad.warning).toContain('校验位不符');
    expect(bad.warning).toContain('应为 3');
    expect(bad.warning).toContain('可以保存');
    expect(checkCreditCode('5242070400000000').warning).toContain('统一社会信用代码应为 18 位(现在是 16 位)');
    const o = checkCreditCode('91350100M0O0100Y43');
    expect(o.valid).toBe(false);
    expect(o.warning).toContain('第 11 位的字符“O”');
    expect(o.warning).toContain('可能是“0”');
    expect(checkCreditCode('').warning).toContain('未填写');
    expect(checkCreditCode(null)).toMatchObject({ value: '', valid: false });
  });

  it('never throws, whatever it is given', () => {
    for (const v of [
      undefined,
      null,
      0,
      NaN,
      {},
      [],
      Object.create(null),
      Symbol('x'),
      () => 1,
      'I'.repeat(17),
      '@'.repeat(18),
      '91350100M000100Y4\u0000',
    ]) {
      expect(() => checkCreditCode(v)).not.toThrow();
      expect(checkCreditCode(v).valid).toBe(false);
    }
  });

  it('hints the kind of body from the first two characters, even when the code is wrong', () => {
    expect(checkCreditCode(make('12420704MB1234567')).kindHint).toBe('事业单位');
    expect(checkCreditCode(make('52420704MJH678901')).kindHint).toBe('民办非企业单位');
    expect(checkCreditCode(make('91420700MA4912345')).kindHint).toBe('企业');
    expect(checkCreditCode(make('51420704MJH678901')).kindHint).toBe('社会团体');
    expect(checkCreditCode('52420700').kindHint).toBe('民办非企业单位');
    expect(checkCreditCode(make('Y1420704MJH678901'))).not.toHaveProperty('kindHint');
  });
});

describe('phone numbers', () => {
  it('accepts mobiles and landlines and says which', () => {
    expect(checkPhone('13812345678')).toEqual({ value: '13812345678', valid: true, kind: 'mobile' });
    expect(checkPhone('19912345678')).toMatchObject({ valid: true, kind: 'mobile' });
    expect(checkPhone('0711-3201234')).toEqual({ value: '0711-3201234', valid: true, kind: 'landline' });
    expect(checkPhone('07113201234')).toMatchObject({ valid: true, kind: 'landline' });
    expect(checkPhone('010-12345678')).toMatchObject({ valid: true, kind: 'landline' });
    expect(checkPhone('027-8888123')).toMatchObject({ valid: true, kind: 'landline' });
  });

  it('normalises spaces, full-width digits and dashes, and Excel numbers', () => {
    expect(checkPhone(' 138 1234 5678 ')).toEqual({ value: '13812345678', valid: true, kind: 'mobile' });
    expect(checkPhone('１３８１２３４５６７８')).toMatchObject({ value: '13812345678', valid: true });
    expect(checkPhone('0711－3201234')).toMatchObject({ value: '0711-3201234', valid: true, kind: 'landline' });
    expect(checkPhone(13812345678)).toMatchObject({ value: '13812345678', valid: true, kind: 'mobile' });
  });

  it('treats an empty value as valid (required-ness is the form’s business)', () => {
    for (const v of ['', '   ', null, undefined]) expect(checkPhone(v)).toEqual({ value: '', valid: true });
  });

  it('refuses anything else with a message that shows both accepted forms', () => {
    for (const v of [
      '12812345678',
      '1381234567',
      '138123456789',
      '0711-123456',
      '0711-123456789',
      '3201234',
      '1-3812345678',
      'abc',
      '+8613812345678',
    ]) {
      const r = checkPhone(v);
      expect(r.valid, v).toBe(false);
      expect(r.kind).toBeUndefined();
      expect(r.error).toContain('13812345678');
      expect(r.error).toContain('0711-3201234');
    }
    expect(checkPhone('1381234567').error).toContain('11 位(现在是 10 位)');
    expect(checkPhone('3201234').error).toContain('缺少区号');
  });
});

describe('masking personal information (spec §8)', () => {
  it('masks 身份证号 as the spec shows', () => {
    expect(maskIdCard('420704195001011234')).toBe('420704********1234');
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X');
    expect(maskIdCard('130503670401001')).toBe('130503******001');
    expect(maskIdCard('12345')).toBe('***45');
    expect(maskIdCard('12')).toBe('**');
    for (const v of [null, undefined, '']) expect(maskIdCard(v)).toBe('');
  });

  it('never shows the birth date of an 18- or 15-digit number', () => {
    expect(maskIdCard('420704195001011234')).not.toContain('19500101');
    expect(maskIdCard('130503670401001')).not.toContain('670401');
  });

  it('masks names: surname and, from three characters, the last one', () => {
    expect(maskName('张三华')).toBe('张*华');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张')).toBe('张');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('买买提·艾力')).toBe('买****力');
    // Characters outside the BMP count as one, not two.
    expect(maskName('张𠮷')).toBe('张*');
    expect(maskName('𠮷小明')).toBe('𠮷*明');
    for (const v of [null, undefined, '']) expect(maskName(v)).toBe('');
  });

  it('masks phones, keeping the mobile prefix or the area code and the last 4', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('027-88881234')).toBe('027-****1234');
    expect(maskPhone('0711-3201234')).toBe('0711-***1234');
    expect(maskPhone('02788881234')).toBe('027****1234');
    expect(maskPhone('07113201234')).toBe('0711***1234');
    expect(maskPhone('3201234')).toBe('****234');
    expect(maskPhone('13812341234/0711-3201234')).toBe('138****1234/0711-***1234');
    expect(maskPhone('13812341234、13987654321')).toBe('138****1234、139****4321');
    for (const v of [null, undefined, '']) expect(maskPhone(v)).toBe('');
  });
});

describe('index', () => {
  it('re-exports every validator', () => {
    expect(validators.parseIdCard).toBe(parseIdCard);
    expect(validators.idCardCheckChar).toBe(idCardCheckChar);
    expect(validators.ageOn).toBe(ageOn);
    expect(validators.checkCreditCode).toBe(checkCreditCode);
    expect(validators.creditCodeCheckChar).toBe(creditCodeCheckChar);
    expect(validators.checkPhone).toBe(checkPhone);
    expect(validators.maskIdCard).toBe(maskIdCard);
    expect(validators.maskName).toBe(maskName);
    expect(validators.maskPhone).toBe(maskPhone);
  });
});
