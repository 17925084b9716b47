/**
 * Phone numbers (spec §6.3): mobile `1[3-9]` + 9 digits, or a landline with area code `0xx(x)-xxxxxxx(x)`.
 * An empty value is valid: whether the field is required is the form's business, not this module's.
 */
export type PhoneCheck = { value: string; valid: boolean; kind?: 'mobile' | 'landline'; error?: string };

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/**
 * Full-width digits and dashes come from a Chinese IME, and a mobile number stored as a number in an Excel
 * cell arrives as a JS number; none of that changes the number, so it is normalised rather than rejected.
 */
function normalise(raw: unknown): string {
  // Only text and numbers can hold a phone number; String() on some objects throws.
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') return '';
  return String(raw)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0D\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u200B\uFEFF]+/g, '');
}

export function checkPhone(raw: unknown): PhoneCheck {
  const value = normalise(raw);
  if (!value) return { value: '', valid: true };
  if (MOBILE.test(value)) return { value, valid: true, kind: 'mobile' };
  if (LANDLINE.test(value)) return { value, valid: true, kind: 'landline' };
  const digits = value.replace(/\D/g, '');
  // A specific reason where one is obvious; otherwise the two accepted shapes with examples.
  const why =
    /^1/.test(digits) && digits.length !== 11
      ? `手机号应为 11 位(现在是 ${digits.length} 位)`
      : /^[2-9]\d{6,7}$/.test(value)
        ? '固定电话缺少区号'
        : '格式不对';
  return {
    value,
    valid: false,
    error: `电话号码${why}:手机号为 11 位(如 13812345678),固定电话为 区号-号码(如 0711-3201234),请核对后重新输入`,
  };
}
