/**
 * 统一社会信用代码 (GB 32100-2015), spec §6.2: 18 characters over a 31-character set (no I, O, Z, S, V,
 * so they cannot be confused with 1, 0, 2, 5, U); the last one is a mod-31 check char.
 *
 * Some codes issued early in the 2015–2017 changeover do not satisfy the check, and the clerk cannot change
 * what is printed on the certificate — so this module only ever warns, never blocks saving.
 */
export type CreditCodeCheck = { value: string; valid: boolean; warning?: string; kindHint?: string };

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The 18th character for the given first 17. Throws on characters outside the set: indexOf would give −1
 * and a meaningless check char otherwise. checkCreditCode checks the characters before calling this.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`计算统一社会信用代码校验位需要 17 个字符,收到的是“${first17}”`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`统一社会信用代码中不能出现“${first17[i]}”`);
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

/**
 * 登记管理部门码 + 机构类别码 (first two chars) per GB 32100 Table 1. Elder-care operators are mostly
 * 民办非企业单位 (52), 事业单位 (12, public homes) or 企业 (91); the rest help the clerk spot a mistyped code.
 */
const KIND_HINTS: Record<string, string> = {
  '11': '机关',
  '12': '事业单位',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
  '91': '企业',
  '92': '个体工商户',
  '93': '农民专业合作社',
};

/** What a clerk most likely meant when typing a letter the code never uses. */
const LOOKALIKE: Record<string, string> = { I: '1', O: '0', Z: '2', S: '5', V: 'U' };

function normalise(raw: unknown): string {
  // Only text and numbers can hold a code; String() on some objects throws, and this module must never throw.
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') return '';
  // Full-width letters/digits come from a Chinese IME; spaces and a leading apostrophe come from Excel/WPS.
  return String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/^'/, '')
    .toUpperCase();
}

const CAN_SAVE = '可以先保存';

export function checkCreditCode(raw: unknown): CreditCodeCheck {
  const value = normalise(raw);
  const hint = KIND_HINTS[value.slice(0, 2)];
  const out = (valid: boolean, warning?: string): CreditCodeCheck => ({
    value,
    valid,
    ...(warning ? { warning } : {}),
    ...(hint ? { kindHint: hint } : {}),
  });

  if (!value) return out(false, '未填写统一社会信用代码,请对照营业执照/登记证书补填');
  if (value.length !== 18)
    return out(false, `统一社会信用代码应为 18 位(现在是 ${value.length} 位),请对照营业执照/登记证书核对;${CAN_SAVE}`);
  const bad = [...value].findIndex((ch) => !CHARSET.includes(ch));
  if (bad >= 0) {
    const ch = value[bad];
    const maybe = LOOKALIKE[ch] ? `,可能是“${LOOKALIKE[ch]}”` : '';
    return out(
      false,
      `统一社会信用代码第 ${bad + 1} 位的字符“${ch}”不应出现${maybe}(代码中不使用字母 I、O、Z、S、V),请对照证照核对;${CAN_SAVE}`,
    );
  }
  const expected = creditCodeCheckChar(value.slice(0, 17));
  if (value[17] !== expected)
    return out(
      false,
      `统一社会信用代码校验位不符(按前 17 位计算最后一位应为 ${expected}),请核对营业执照/登记证书;早期部分代码可能不符合校验规则,核对无误可以保存`,
    );
  return out(true);
}
