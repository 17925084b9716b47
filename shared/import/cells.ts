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

/** Dates: Excel serials and Date cells, and text as 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日, 20230506. */
export function parseDateCell(c: Cell): Parsed<string | null> {
  if (isBlank(c)) return ok(null);
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? fail(`不是有效日期。${DATE_HINT}`) : ok(isoOfDate(c));
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 22001231) return parseDateCell(String(c));
    // 1 = 1900-01-01 … 109574 = 2199-12-31; anything else is not a date Excel would have shown.
    if (c >= 1 && c < 109575) return ok(excelSerialToIso(Math.floor(c)));
    return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  }
  if (typeof c === 'boolean') return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  const t = normaliseText(String(c)).replace(/\s+/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  // A time part after the date (2023-05-06 00:00:00, 2023/5/6 8:30) is dropped: the ledger records days.
  if (!m) m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\d{1,2}:\d{2}(:\d{2})?$/.exec(t);
  if (!m) return fail(`“${showCell(c)}”不是日期。${DATE_HINT}`);
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isRealDate(iso) ? ok(iso) : fail(`“${showCell(c)}”不是真实存在的日期,请核对年月日`);
}

/** A month as 2024年5月, 2024-05, 2024.5, 202405 or a date in that month; or a bare month number 1–12. */
export function parseMonthCell(c: Cell): Parsed<{ year: number | null; month: number } | null> {
  if (isBlank(c)) return ok(null);
  if (typeof c === 'number' && Number.isInteger(c) && c >= 1 && c <= 12) return ok({ year: null, month: c });
  if (typeof c === 'number' && Number.isInteger(c) && c >= 200001 && c <= 210012 && c % 100 >= 1 && c % 100 <= 12)
    return ok({ year: Math.floor(c / 100), month: c % 100 });
  if (c instanceof Date || typeof c === 'number') {
    const d = parseDateCell(c);
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

/**
 * Numbers, also when typed as text: thousands separators, full-width digits, a unit after the number
 * (元, 人, 张, 床, ㎡, %). `scale` turns 万元 into 元.
 */
export function parseNumberCell(c: Cell, opts: { integer?: boolean; scale?: number } = {}): Parsed<number | null> {
  if (isBlank(c)) return ok(null);
  let n: number;
  if (typeof c === 'number') n = c;
  else if (typeof c === 'string') {
    const t = normaliseText(c)
      .replace(/[,\s]/g, '')
      .replace(/(元|万元|人次|人|张|床|个|户|家|天|次|㎡|平方米|平米|m2|%|％)$/i, '');
    if (t === '-' || t === '—' || t === '/') return ok(null);
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return fail(`“${showCell(c)}”不是数字`);
    n = Number(t);
  } else return fail(`“${showCell(c)}”不是数字`);
  if (opts.scale) n = Math.round(n * opts.scale * 100) / 100;
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
    .replace(/[\s()（）【】\[\]《》<>:：*＊★"'“”‘’·.,，、\/\\-]/g, '')
    .toLowerCase();
}

/**
 * Picks the declared option a clerk's word means: exact, then an alias, then the one option that contains
 * it (民办 → 民办养老机构) or that it contains.
 */
export function matchOption(c: Cell, options: readonly string[], aliases: Record<string, string> = {}): Parsed<string | null> {
  if (isBlank(c)) return ok(null);
  const raw = cellText(c);
  if (options.includes(raw)) return ok(raw);
  const k = normaliseKey(raw);
  for (const o of options) if (normaliseKey(o) === k) return ok(o);
  for (const [alias, target] of Object.entries(aliases)) if (normaliseKey(alias) === k) return ok(target);
  const containing = options.filter((o) => normaliseKey(o).includes(k) || k.includes(normaliseKey(o)));
  if (k.length >= 2 && containing.length === 1) return ok(containing[0]);
  return fail(`“${showCell(c)}”不是可选的值,应为以下之一:${options.join('、')}`);
}
