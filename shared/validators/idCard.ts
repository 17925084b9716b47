/**
 * 居民身份证号码 (GB 11643-1999): 6 address + 8 birth date + 3 sequence (17th digit odd = 男) + check char.
 * Messages are for clerks: they say what is wrong and what to do, in Chinese.
 */
export type IdCardResult =
  | { ok: true; value: string; birthDate: string; sex: '男' | '女'; age: number; warnings: string[] }
  | { ok: false; error: string; excelDamaged?: boolean };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getFullYear() - y;
  if (on.getMonth() + 1 < m || (on.getMonth() + 1 === m && on.getDate() < d)) age--;
  return age;
}

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const EXCEL_MSG =
  '身份证号被 Excel 当成数字显示或截断了(例如 4.20704E+17,或最后几位变成 0),无法还原。请把该列设置为“文本”格式,重新输入完整的 18 位号码后再导入。';

export function parseIdCard(raw: unknown, today: Date = new Date()): IdCardResult {
  // A number (not a string) has already lost digits: JavaScript and Excel keep only ~15-16 significant digits.
  if (typeof raw === 'number') return { ok: false, error: EXCEL_MSG, excelDamaged: true };
  if (typeof raw !== 'string') return { ok: false, error: '请填写身份证号' };
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!s) return { ok: false, error: '请填写身份证号' };
  if (/^\d(\.\d+)?E\+?\d+$/.test(s)) return { ok: false, error: EXCEL_MSG, excelDamaged: true };

  const warnings: string[] = [];
  let id = s;
  if (/^\d{15}$/.test(s)) {
    // Legacy 15-digit number: the year lacks "19" and there is no check char (GB 11643 annex).
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id = first17 + idCardCheckChar(first17);
    warnings.push(`这是 15 位旧身份证号,已按国家标准转换为 18 位:${id}。请与本人身份证核对。`);
  } else if (s.length !== 18) {
    return { ok: false, error: `身份证号应为 18 位(现在是 ${s.length} 位),请核对后重新输入` };
  }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: '身份证号只能包含数字,最后一位可以是 X' };

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const expected = idCardCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    if (/000$/.test(id)) return { ok: false, error: EXCEL_MSG, excelDamaged: true };
    return { ok: false, error: `身份证号校验位不对:按前 17 位计算,最后一位应为 ${expected}。请核对是否有数字输错` };
  }
  if (y < 1800 || !realDate(y, m, d)) return { ok: false, error: `身份证号中的出生日期 ${birthDate} 不是有效日期,请核对` };
  const todayIso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  if (birthDate > todayIso) return { ok: false, error: `身份证号中的出生日期 ${birthDate} 晚于今天,请核对` };

  const sex = Number(id[16]) % 2 === 1 ? '男' : '女';
  return { ok: true, value: id, birthDate, sex, age: ageOn(birthDate, today), warnings };
}
