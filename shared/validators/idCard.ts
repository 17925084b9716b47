/**
 * 居民身份证号码 (GB 11643-1999): 6 address + 8 birth date YYYYMMDD + 3 sequence (17th digit odd = 男,
 * even = 女) + 1 check char. Spec §6.1.
 *
 * Messages are read by township clerks, so each one says what is wrong and what to do, in Chinese.
 * The module is pure and dependency-free: it runs in the renderer (as the clerk types), in the main
 * process (on save and import) and in tests.
 */
export type IdCardResult =
  | { ok: true; value: string; birthDate: string /* YYYY-MM-DD */; sex: '男' | '女'; age: number; warnings: string[] }
  | { ok: false; error: string; excelDamaged?: boolean };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * The 18th character for the given first 17 digits.
 * Throws on anything but 17 digits: a wrong caller would otherwise get a plausible-looking but meaningless
 * check char (Number('A') is NaN and CHECK_CHARS[NaN] is undefined).
 */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`计算身份证校验码需要 17 位数字,收到的是“${first17}”`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Full years between a YYYY-MM-DD birth date and a day (local calendar of `on`): one less until the birthday
 * has been reached that year. Someone born on 29 February becomes a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, on: Date): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  // Throwing beats returning NaN: NaN would silently pass every "age < 60" style rule.
  if (!m) throw new RangeError(`出生日期应为 YYYY-MM-DD 格式,收到的是“${birthDate}”`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const onMonth = on.getMonth() + 1;
  let age = on.getFullYear() - y;
  if (onMonth < mo || (onMonth === mo && on.getDate() < d)) age--;
  return age;
}

function isRealDate(y: number, m: number, d: number): boolean {
  // Date.UTC rolls 1950-02-30 over to 1950-03-02; a real date survives the round trip unchanged.
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function localIsoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Clerks type with a Chinese IME (full-width digits, full-width space) and paste from Excel/WPS
 * (leading apostrophe that forces text, non-breaking spaces). None of these change the number itself.
 */
function normalise(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/^'/, '')
    .toUpperCase();
}

const EXCEL_DAMAGED =
  '身份证号被 Excel 当成数字损坏了(显示成 4.20704E+17 这样的科学计数法,或最后几位变成了 0),原号码已无法还原。' +
  '请在 Excel/WPS 中把该列设置为“文本”格式,重新输入完整的 18 位号码后再导入或保存。';

const damaged = (): IdCardResult => ({ ok: false, error: EXCEL_DAMAGED, excelDamaged: true });

export function parseIdCard(raw: unknown, today: Date = new Date()): IdCardResult {
  let s: string;
  if (typeof raw === 'number') {
    // A double holds only ~15–16 significant digits, so an 18-digit number read from an Excel cell has
    // already lost its tail. A 15-digit legacy number is below 2^53 and survives intact, so it is kept.
    if (!Number.isSafeInteger(raw) || String(raw).length !== 15) return damaged();
    s = String(raw);
  } else if (typeof raw === 'bigint') {
    s = raw.toString(); // exact, nothing lost
  } else if (raw == null) {
    return { ok: false, error: '请填写身份证号' };
  } else if (typeof raw !== 'string') {
    return { ok: false, error: '身份证号格式不对,请重新输入 18 位号码' };
  } else {
    s = normalise(raw);
  }
  if (!s) return { ok: false, error: '请填写身份证号' };

  // Scientific notation as Excel shows it (4.20704E+17, 4.20704e17) or a thousands-separated number.
  if (/^\d+(\.\d+)?E[+]?\d+$/.test(s) || /^\d{1,3}(,\d{3}){4,}$/.test(s)) return damaged();

  const warnings: string[] = [];
  let id: string;
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return { ok: false, error: '15 位旧身份证号只能由数字组成,请核对后重新输入' };
    // Legacy number (GB 11643 annex): the birth year lacks its century and there is no check char.
    // Every 15-digit number was issued to someone born in the 1900s, hence "19".
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id = first17 + idCardCheckChar(first17);
    warnings.push(`这是 15 位旧身份证号,已按国家标准转换为 18 位:${id}。请与本人现用身份证核对。`);
  } else if (s.length === 18) {
    const bad = [...s].findIndex((ch, i) => (i < 17 ? !/\d/.test(ch) : !/[\dX]/.test(ch)));
    if (bad >= 0)
      return {
        ok: false,
        error: `身份证号第 ${bad + 1} 位“${s[bad]}”不对:前 17 位只能是数字,最后一位是数字或 X。请核对后重新输入`,
      };
    id = s;
  } else {
    return { ok: false, error: `身份证号应为 18 位(现在是 ${s.length} 位),请对照身份证核对后重新输入` };
  }

  const expected = idCardCheckChar(id.slice(0, 17));
  // Excel keeps 15 significant digits and pads the rest with zeros; a genuine number ending in 000
  // still passes the check, so only a failing one is taken as damaged.
  if (id[17] !== expected && /000$/.test(id)) return damaged();

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // The date is checked before the check char: a bad date tells the clerk where the typo is.
  // 1800 is the floor because the standard's own example (440524188001010014) was born in 1880.
  if (y < 1800 || !isRealDate(y, m, d))
    return { ok: false, error: `身份证号第 7–14 位的出生日期 ${birthDate} 不是有效日期,请核对是否输错` };
  if (birthDate > localIsoDate(today)) return { ok: false, error: `身份证号中的出生日期 ${birthDate} 晚于今天,请核对是否输错` };

  if (id[17] !== expected)
    return {
      ok: false,
      error: `身份证号校验码不对:按前 17 位计算,最后一位(校验位)应为 ${expected},现在是 ${id[17]}。请核对是否有数字输错`,
    };

  const age = ageOn(birthDate, today);
  // Not blocked (the standard's example is from 1880), but nobody in a current ledger is that old.
  if (y < 1900 || age > 120) warnings.push(`身份证号中的出生日期为 ${birthDate}(${age} 岁),早于 1900 年或超过 120 岁,请与本人身份证核对`);

  const sex = Number(id[16]) % 2 === 1 ? '男' : '女';
  return { ok: true, value: id, birthDate, sex, age, warnings };
}
