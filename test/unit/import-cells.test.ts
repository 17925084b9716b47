import { describe, expect, it } from 'vitest';
import { matchOption, parseDateCell, parseFlagCell, parseMonthCell, parseNumberCell, splitList } from '../../shared/import/cells';
import { detectHeader, skipReason } from '../../shared/import/header';
import { importColumns, OPTION_ALIASES } from '../../shared/import/kinds';
import { FACILITY_TYPES } from '../../shared/domain/enums';
import { decodeText, parseCsv } from '../../electron/import/csv';
import { encodeGb18030 } from '../helpers/ledgers';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('cells of a real ledger', () => {
  it('dates: Excel serials, Date cells and every text spelling; impossible dates refused with the accepted forms', () => {
    expect(value(parseDateCell(45052))).toBe('2023-05-06'); // Excel serial
    expect(value(parseDateCell(45052.75))).toBe('2023-05-06'); // serial with a time of day
    expect(value(parseDateCell(new Date(Date.UTC(2023, 4, 6))))).toBe('2023-05-06');
    for (const t of [
      '2023-05-06',
      '2023/5/6',
      '2023.5.6',
      '2023年5月6日',
      '20230506',
      ' 2023-5-6 ',
      '２０２３．５．６',
      '2023-05-06 00:00:00',
      '2023年05月06日',
    ])
      expect(value(parseDateCell(t)), t).toBe('2023-05-06');
    expect(value(parseDateCell(20230506))).toBe('2023-05-06'); // typed as a number
    expect(value(parseDateCell(''))).toBeNull();
    const bad = parseDateCell('2023.2.30');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('不是真实存在的日期');
    const words = parseDateCell('去年五月');
    expect(!words.ok && words.error).toMatch(/“去年五月”不是日期.*2023年5月6日/);
  });

  it('months with or without their year', () => {
    expect(value(parseMonthCell('2024年5月'))).toEqual({ year: 2024, month: 5 });
    expect(value(parseMonthCell('2024-05'))).toEqual({ year: 2024, month: 5 });
    expect(value(parseMonthCell('2024.5'))).toEqual({ year: 2024, month: 5 });
    expect(value(parseMonthCell(202405))).toEqual({ year: 2024, month: 5 });
    expect(value(parseMonthCell('5月'))).toEqual({ year: null, month: 5 });
    expect(value(parseMonthCell(7))).toEqual({ year: null, month: 7 });
    expect(value(parseMonthCell(45422))).toEqual({ year: 2024, month: 5 }); // a date cell in May 2024
    expect(parseMonthCell('13月').ok).toBe(false);
  });

  it('flags: 是/否, √/×, 有/无, 1/0, booleans; blank is no value; anything else says what is accepted', () => {
    for (const t of ['是', '√', '有', 'Y', '1', true]) expect(value(parseFlagCell(t)), String(t)).toBe(true);
    for (const t of ['否', '×', '无', 'N', '0', false, 'x']) expect(value(parseFlagCell(t)), String(t)).toBe(false);
    expect(value(parseFlagCell(' '))).toBeNull();
    const r = parseFlagCell('待定');
    expect(!r.ok && r.error).toContain('是/否');
  });

  it('numbers typed as text, with separators and units; 万元 scaled to 元; halves of people refused', () => {
    expect(value(parseNumberCell('1,200'))).toBe(1200);
    expect(value(parseNumberCell('60张', { integer: true }))).toBe(60);
    expect(value(parseNumberCell('５０人', { integer: true }))).toBe(50);
    expect(value(parseNumberCell('5,000.50元'))).toBe(5000.5);
    expect(value(parseNumberCell('1.25', { scale: 10000 }))).toBe(12500);
    expect(value(parseNumberCell('-'))).toBeNull();
    expect(value(parseNumberCell(12.0000000001, { integer: true }))).toBe(12);
    expect(parseNumberCell(12.5, { integer: true }).ok).toBe(false);
    expect(parseNumberCell('约五十').ok).toBe(false);
  });

  it('options: exact, the words clerks use, and a unique containing match; a wrong word lists the choices', () => {
    expect(value(matchOption('敬老院', FACILITY_TYPES, OPTION_ALIASES.type))).toBe('农村福利院(特困供养服务机构)');
    expect(value(matchOption('民办', FACILITY_TYPES, OPTION_ALIASES.type))).toBe('民办养老机构');
    expect(value(matchOption('社会福利院/城市福利中心', FACILITY_TYPES))).toBe('社会福利院/城市福利中心');
    const r = matchOption('医院', FACILITY_TYPES, OPTION_ALIASES.type);
    expect(!r.ok && r.error).toContain('应为以下之一');
    expect(splitList('低保、独居,空巢；高龄')).toEqual(['低保', '独居', '空巢', '高龄']);
  });

  it('finds the header under a title, with a two-row merged header and a 栏次 row; skips 合计, footer and blank rows', () => {
    const grid = [
      ['凤凰街道养老机构台账', '凤凰街道养老机构台账', '凤凰街道养老机构台账', '凤凰街道养老机构台账'],
      ['填报单位:凤凰街道', null, null, '单位:张'],
      ['机构名称', '机构类型', '床位数', '床位数'],
      ['机构名称', '机构类型', '总数', '其中护理型'],
      ['甲', 1, 2, 3],
      ['阳光', '民办', 10, 2],
    ];
    const h = detectHeader(grid, importColumns('facilities'));
    expect(h.row).toBe(3);
    expect(h.skipAfter).toBe(1);
    expect(h.columns.map((c) => c.header)).toEqual(['机构名称', '机构类型', '床位数/总数', '床位数/其中护理型']);
    expect(skipReason(['合 计', null, 10])).toBe('total');
    expect(skipReason([null, '小计', 10])).toBe('total');
    expect(skipReason(['填表人:张三', null, '审核人:李四'])).toBe('footer');
    expect(skipReason([null, ' ', ''])).toBe('blank');
    expect(skipReason(['阳光', '民办', 10])).toBeNull();
  });
});

describe('CSV encodings', () => {
  const text = '名称,类型,地址\n凤凰幸福食堂,老年食堂,"凤凰路1号,东门"\n';
  it('UTF-8 with and without BOM, and GB18030 (as Excel saves on a Chinese PC) are detected', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(decodeText(bom)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    const gb = encodeGb18030(text);
    expect(gb.length).toBeLessThan(Buffer.from(text, 'utf8').length); // two bytes per 汉字, not three
    expect(decodeText(gb)).toEqual({ text, encoding: 'gb18030' });
  });
  it('quoted fields with commas, quotes and line breaks; CRLF; tab-separated', () => {
    expect(parseCsv('a,"b,""c""\nd"\r\n1,2\r\n')).toEqual([
      ['a', 'b,"c"\nd'],
      ['1', '2'],
    ]);
    expect(parseCsv('名称\t类型\n食堂\t助餐点')).toEqual([
      ['名称', '类型'],
      ['食堂', '助餐点'],
    ]);
  });
});
