/**
 * Turning one cell of a clerk's ledger into a field value. Real ledgers hold dates as Excel serials or as
 * text in half a dozen spellings, numbers as text with units, flags as 是/否 or √/×. Each function returns
 * the value or a Chinese message that says what the cell holds and what would be accepted. Pure: used by
 * the import in the main process and by its tests.
 */
import { isRealDate } from '../domain/fields';

/** A cell as read from xlsx or csv: ExcelJS gives numbers, booleans and Dates; csv gives strings. */
export type Cell = string | number | boolean | Date | null;
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Full-width digits/letters/punctuation to ASCII, non-breaking and ideographic spaces removed at the ends. */
export function normaliseText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u00A0\u3000\u200B\uFEFF]/g, ' ')
    .replace(/^'/, '')
    .trim();
}

export function isBlank(c: Cell): boolean {
  return c === null || (typeof c === 'string' && normaliseText(c) === '');
}

/** What a cell shows, as text (for names, addresses, messages). */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return isoOfDate(c);
  if (typeof c === 'boolean') return c ? '是' : '否';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(Number(c.toPrecision(15)));
  return normaliseText(c);
}

/** Short form of a cell for a message: long text cut, so a row error stays readable. */
export function showCell(c: Cell): string {
  const t = cellText(c);
  return t.length > 24 ? `${t.slice(0, 24)}…` : t;
}

// ExcelJS reads date-formatted cells as Dates at UTC midnight of the shown day.
function isoOfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

/** Excel's day number (1900 system, with its fictitious 1900-02-29) to YYYY-MM-DD. */
export function excelSerialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400_000); // 25569 = 1970-01-01
  return isoOfDate(new Date(ms));
}

const DATE_HINT = '请写成 2023-05-06、2023/5/6、2023.5.6、2023年5月6日 或 20230506 这样的日期';

/**
 * Dates: date cells, and text or numbers in a date pattern (2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日,
 * 20230506). A number is a date only as 20230506 or as an Excel day number of five digits (a date column
 * reformatted as 常规 shows 45052; said with a warning). A bare year (2020) or a decimal (2019.1, meant
 * 2019.10) is not a date: read as a day number it became 1905 (issue 12.5), so it is refused.
 * `yearMonth`: for 开业/成立 dates a ledger often gives only the month (2019.10, 2019年10月): stored as the
 * first of that month with a warning; a number such as 2019.1 (2019.10 with its 0 lost) stays refused.
 */
export function parseDateCell(c: Cell, opts: { yearMonth?: boolean } = {}): Parsed<string | null> & { warning?: string } {
  if (isBlank(c)) return ok(null);
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? fail(`不是有效日期。${DATE_HINT}`) : ok(isoOfDate(c));
  if (typeof c === 'boolean') return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 22001231) return parseDateCell(String(c));
    if (c >= 10000 && c < 109575) {
      const iso = excelSerialToIso(Math.floor(c));
      return { ok: true, value: iso, warning: `“${c}”是 Excel 的日期序号(该列被设成了常规或数字格式),按 ${iso} 导入,请核对` };
    }
    if (Number.isInteger(c) && c >= 1900 && c <= 2200)
      return fail(`“${c}”只有年份,不是日期。${opts.yearMonth ? '请写明月份,如 2019.10 或 2019年10月;' : ''}${DATE_HINT}`);
    if (!Number.isInteger(c) && c >= 1900 && c < 2201) {
      // 2019.12 or 2019.05 keep their month; 2019.1 could be 2019年1月 or 2019年10月 (the number lost the 0).
      const [y, frac] = String(c).split('.');
      if (opts.yearMonth && frac.length === 2 && Number(frac) >= 1 && Number(frac) <= 12) return yearMonthOf(c, Number(y), Number(frac));
      if (opts.yearMonth && frac.length === 1 && frac !== '1' && frac !== '0') return yearMonthOf(c, Number(y), Number(frac));
      const unclear = frac === '1' ? `(分不清是 ${y}年1月 还是 ${y}年10月)` : '';
      return fail(`“${c}”是数字,不是日期${unclear}。请把该列设为“文本”格式后重新填写完整的日期;${DATE_HINT}`);
    }
    return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  }
  const t = normaliseText(String(c)).replace(/\s+/g, '').replace(/号$/, '日');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  // A time part after the date (2023-05-06 00:00:00, 2023/5/6 8:30) is dropped: the ledger records days.
  if (!m) m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$/.exec(t);
  if (!m) {
    const ym = /^(\d{4})[-/.年](\d{1,2})月?(份)?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
    if (ym && opts.yearMonth && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return yearMonthOf(c, Number(ym[1]), Number(ym[2]));
    if (ym) return fail(`“${showCell(c)}”只有年月,没有日。${DATE_HINT}`);
    if (/^\d{4}年?$/.test(t))
      return fail(`“${showCell(c)}”只有年份,不是日期。${opts.yearMonth ? '请写明月份,如 2019.10 或 2019年10月;' : ''}${DATE_HINT}`);
    return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  }
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isRealDate(iso) ? ok(iso) : fail(`“${showCell(c)}”不是真实存在的日期,请核对年月日`);
}

/** A year-month of an 开业/成立 date: the first of the month, said. */
function yearMonthOf(c: Cell, y: number, month: number): Parsed<string | null> & { warning?: string } {
  const iso = `${y}-${String(month).padStart(2, '0')}-01`;
  if (!isRealDate(iso)) return fail(`“${showCell(c)}”不是真实存在的日期,请核对年月`);
  return { ok: true, value: iso, warning: `“${showCell(c)}”只写了年月,按 ${iso}(当月 1 日)导入` };
}

/** A month as 2024年5月, 2024-05, 2024.5, 202405 or a date in that month; or a bare month number 1–12. */
export function parseMonthCell(c: Cell): Parsed<{ year: number | null; month: number } | null> {
  if (isBlank(c)) return ok(null);
  if (typeof c === 'number' && Number.isInteger(c) && c >= 1 && c <= 12) return ok({ year: null, month: c });
  if (typeof c === 'number' && Number.isInteger(c) && c >= 200001 && c <= 210012 && c % 100 >= 1 && c % 100 <= 12)
    return ok({ year: Math.floor(c / 100), month: c % 100 });
  if (c instanceof Date || typeof c === 'number') {
    const d = parseDateCell(c, { yearMonth: true });
    if (!d.ok || !d.value) return fail(`“${showCell(c)}”不是月份,请写成 2024年5月 或 5`);
    return ok({ year: Number(d.value.slice(0, 4)), month: Number(d.value.slice(5, 7)) });
  }
  const t = normaliseText(String(c)).replace(/\s+/g, '');
  let m = /^(\d{1,2})月?(份)?$/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return ok({ year: null, month: Number(m[1]) });
  m = /^(\d{4})[-/.年](\d{1,2})月?(份)?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return ok({ year: Number(m[1]), month: Number(m[2]) });
  const d = parseDateCell(c);
  if (d.ok && d.value) return ok({ year: Number(d.value.slice(0, 4)), month: Number(d.value.slice(5, 7)) });
  return fail(`“${showCell(c)}”不是月份,请写成 2024年5月、2024-05 或 5`);
}

const TRUE_WORDS = new Set(['是', '√', '✓', '✔', '有', 'Y', 'YES', '1', 'TRUE', '已', '已投保', '已办理', '对']);
const FALSE_WORDS = new Set(['否', '×', '✗', '✘', 'X', '无', '没有', 'N', 'NO', '0', 'FALSE', '未', '未投保', '未办理', '不是']);

/** 是/否, √/×, 有/无, 1/0 … A blank cell is "no value", not 否. */
export function parseFlagCell(c: Cell): Parsed<boolean | null> {
  if (isBlank(c)) return ok(null);
  if (typeof c === 'boolean') return ok(c);
  const t = cellText(c).replace(/\s+/g, '').toUpperCase();
  if (TRUE_WORDS.has(t)) return ok(true);
  if (FALSE_WORDS.has(t)) return ok(false);
  return fail(`“${showCell(c)}”应为 是/否(也可写 √/×、有/无)`);
}

/** What a number field measures: the unit words a cell may carry for it (any other word is refused). */
export type NumberUnit = 'money' | 'count' | 'area' | 'percent';

const UNIT_WORDS: Record<NumberUnit, readonly string[]> = {
  money: ['元', '块'],
  count: ['人次', '人', '张', '床', '个', '户', '家', '天', '次', '位', '名', '间', '餐', '所', '座'],
  area: ['平方米', '平米', '平方', '㎡', 'm²', 'm2'],
  percent: ['%'],
};
const UNIT_HINT: Record<NumberUnit, string> = {
  money: '金额可写成 3000、3,000元、1.2万元、3千元 或 2千5',
  count: '如 60 或 60张;较大的数可写 1.2万',
  area: '如 350 或 350平方米',
  percent: '如 60 或 60%',
};
const MULTIPLIERS: Record<string, number> = { 万: 10_000, 千: 1_000, 百: 100 };

/** A header that states a multiplier for its column: 金额(万元), 补贴(千元), 服务人次(万人次). */
export function headerScale(header: string): number {
  const m = /(万|千)(元|人次|人|张|户|个|床)/.exec(normaliseText(header));
  return m ? MULTIPLIERS[m[1]] : 1;
}

/**
 * The amount a text states, with 万/千/百 as a clerk writes them: 1.2万, 3千, 2千5 (2500), 1万2 (12,000),
 * 1万2千5 (12,500), 3,000. Null when the text is anything else; `own` says whether it carried its own 万/千.
 */
function readAmount(t: string): { n: number; own: boolean } | null {
  const first = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?/.exec(t);
  if (!first) return null;
  const sign = t.startsWith('-') ? -1 : 1;
  let n = Number(first[0].replace(/[,+-]/g, ''));
  let rest = t.slice(first[0].length);
  if (rest === '') return { n: sign * n, own: false };
  let last = Number.POSITIVE_INFINITY;
  let total = 0;
  let own = false;
  // Groups: a number followed by its multiplier, each multiplier smaller than the one before.
  for (;;) {
    const unit = MULTIPLIERS[rest[0]];
    if (!unit || unit >= last) return null;
    total += n * unit;
    own = true;
    last = unit;
    rest = rest.slice(1);
    if (rest === '') return { n: sign * total, own };
    const next = /^\d+/.exec(rest);
    if (!next) return null;
    rest = rest.slice(next[0].length);
    n = Number(next[0]);
    if (rest === '') {
      // 2千5 = 2500, 1万2 = 12,000: one trailing digit is the next place down; anything longer is unclear.
      if (next[0].length !== 1 || last < 100) return null;
      return { n: sign * (total + (n * last) / 10), own };
    }
  }
}

/**
 * Numbers, also when typed as text: thousands separators, full-width digits, 万/千 (`1.2万`, `3千`, `2千5`)
 * and a unit word that fits the field (元 for money, 人/张 … for counts, ㎡ for areas, % for ratios).
 * `scale` is the header's multiplier (金额(万元)): it applies to plain numbers, not to a cell that says its
 * own unit (`3000元`, `1.2万元` under 万元 are 3000 and 12,000). Anything else is refused, never read in part.
 */
export function parseNumberCell(c: Cell, opts: { integer?: boolean; scale?: number; unit?: NumberUnit } = {}): Parsed<number | null> {
  if (isBlank(c)) return ok(null);
  const hint = opts.unit ? `;${UNIT_HINT[opts.unit]}` : '';
  const refuse = () => fail<number | null>(`“${showCell(c)}”不是数字,请只填写数字${hint}`);
  let n: number;
  if (typeof c === 'number') n = Number.isFinite(c) ? c * (opts.scale ?? 1) : Number.NaN;
  else if (typeof c === 'string') {
    let t = normaliseText(c).replace(/\s+/g, '');
    if (/^(-|—|——|\/)$/.test(t)) return ok(null);
    const words = opts.unit ? UNIT_WORDS[opts.unit] : Object.values(UNIT_WORDS).flat();
    const longestFirst = [...words].sort((a, b) => b.length - a.length);
    const word = longestFirst.find((w) => t.toLowerCase().endsWith(w));
    if (word) t = t.slice(0, t.length - word.length);
    // 60张床, 12人次: two unit words of the field one after the other.
    const second = word && opts.unit === 'count' ? longestFirst.find((w) => t.endsWith(w)) : undefined;
    if (second) t = t.slice(0, t.length - second.length);
    const amount = readAmount(t);
    if (!amount) return refuse();
    // A cell that names its unit (元, 万元, 3千) means what it says; a plain number takes the header's.
    n = amount.own || word === '元' || word === '块' ? amount.n : amount.n * (opts.scale ?? 1);
  } else return refuse();
  if (!Number.isFinite(n)) return refuse();
  // 1.2 × 10000 is 12000.000000000002 in floating point: the noise goes, real decimals stay.
  n = Math.round(n * 1e6) / 1e6;
  if (opts.integer && !Number.isInteger(n)) {
    // 12.0000000001 from a formula is 12; 12.5 people is a mistake the clerk must see.
    if (Math.abs(n - Math.round(n)) < 1e-9) n = Math.round(n);
    else return fail(`“${showCell(c)}”应为整数`);
  }
  return ok(n);
}

/** Lists in one cell: 低保、独居 / 低保,独居 / 低保;独居 / 低保 独居. */
export function splitList(c: Cell): string[] {
  if (isBlank(c)) return [];
  return cellText(c)
    .split(/[、,，;；/|\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** For matching headers and enum values: no spaces, brackets, units or punctuation; full-width folded. */
export function normaliseKey(s: string): string {
  return normaliseText(s)
    .replace(/[（(][^）)]*[)）]/g, (m) => (/[元㎡%]|万元|平方米|人|张|个|天/.test(m) ? '' : m))
    .replace(/[\s()（）【】[\]《》<>:：*＊★"'“”‘’·.,，、/\\-]/g, '')
    .toLowerCase();
}

/**
 * Picks the declared option a clerk's word means: the option itself (spacing, full-width and brackets
 * aside) or a word of its declared synonym list (kinds.ts OPTION_ALIASES). Nothing else: a word that only
 * contains an option (不太满意 contains 满意) or is contained in one is refused with the allowed values.
 */
export function matchOption(c: Cell, options: readonly string[], aliases: Record<string, string> = {}): Parsed<string | null> {
  if (isBlank(c)) return ok(null);
  const raw = cellText(c);
  if (options.includes(raw)) return ok(raw);
  const k = normaliseKey(raw);
  for (const o of options) if (normaliseKey(o) === k) return ok(o);
  for (const [alias, target] of Object.entries(aliases)) if (normaliseKey(alias) === k && options.includes(target)) return ok(target);
  return fail(`“${showCell(c)}”不是可选的值,应为以下之一:${options.join('、')}。请在台账中改成其中之一后重新导入`);
}

/** Whether a matched cell was a synonym rather than the option itself (said once per file in the preview). */
export function viaSynonym(c: Cell, option: string): boolean {
  return normaliseKey(cellText(c)) !== normaliseKey(option);
}

/**
 * One phone number as the app keeps it: a mobile as 11 digits, a landline as 区号-号码. Spaces, dashes,
 * dots and brackets a clerk types (138 1234 5678, 138-1234-5678, (0711)1234567, 0711 1234567) go; a
 * label before it (手机:) too. Null when the text is not one number.
 */
function onePhone(text: string): string | null {
  const t = normaliseText(text)
    .replace(/^[\u4e00-\u9fa5]{1,6}[:：]?/, '')
    .replace(/[\uFF0D\u2010-\u2015\u2212]/g, '-');
  if (!/^[\d\s\-.()（）+]+$/.test(t)) return null;
  let digits = t.replace(/\D/g, '');
  if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  // 010 and 02x have three-digit area codes, all others four; the number itself has 7 or 8 digits.
  const area = /^0(10|2\d)/.test(digits) ? 3 : 4;
  if (/^0\d+$/.test(digits) && digits.length - area >= 7 && digits.length - area <= 8)
    return `${digits.slice(0, area)}-${digits.slice(area)}`;
  return null;
}

/**
 * A phone cell: one number in any spelling, or several (13812345678/0711-1234567, …、…, …;…): the first is
 * the phone, the others are returned to be kept elsewhere (said with a warning). A cell that holds no
 * phone number is refused with the two accepted shapes.
 */
export function parsePhoneCell(c: Cell): Parsed<{ phone: string; others: string[] } | null> {
  if (isBlank(c)) return ok(null);
  const text = typeof c === 'number' ? String(c) : cellText(c);
  if (/^(无|暂无|没有|-|—|\/)$/.test(text)) return ok(null);
  const whole = onePhone(text);
  if (whole) return ok({ phone: whole, others: [] });
  const parts = text
    .split(/[/／、,，;；|｜\n]+|\s+或\s*|\s+和\s*|\s{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const phones = parts.map(onePhone);
  if (parts.length >= 2 && phones.every((p) => p !== null)) return ok({ phone: phones[0] as string, others: phones.slice(1) as string[] });
  return fail(`“${showCell(c)}”不是电话号码:手机号为 11 位(如 13812345678),固定电话为 区号-号码(如 0711-1234567);两个号码请用“/”隔开`);
}
