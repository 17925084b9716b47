const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** Phone numbers (spec §6.3): mobile `1[3-9]` + 9 digits, or landline `0xx(x)-xxxxxxx(x)`. Empty is fine. */
export function checkPhone(raw: unknown): { value: string; valid: boolean; kind?: 'mobile' | 'landline'; error?: string } {
  const value = typeof raw === 'string' ? raw.replace(/\s+/g, '') : raw == null ? '' : String(raw);
  if (!value) return { value: '', valid: true };
  if (MOBILE.test(value)) return { value, valid: true, kind: 'mobile' };
  if (LANDLINE.test(value)) return { value, valid: true, kind: 'landline' };
  return { value, valid: false, error: '电话号码格式不对:手机号为 11 位(如 13812345678),固话为 区号-号码(如 0711-3201234)' };
}
