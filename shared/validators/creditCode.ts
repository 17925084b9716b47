/**
 * 统一社会信用代码 (GB 32100-2015). Some real early codes fail the check, so this only ever warns.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

const KIND_HINTS: Record<string, string> = { '52': '民办非企业单位', '12': '事业单位', '91': '企业' };

export function checkCreditCode(raw: unknown): { value: string; valid: boolean; warning?: string; kindHint?: string } {
  const value = typeof raw === 'string' ? raw.replace(/\s+/g, '').toUpperCase() : String(raw ?? '');
  const kindHint = KIND_HINTS[value.slice(0, 2)];
  const withHint = (r: { value: string; valid: boolean; warning?: string }) => (kindHint ? { ...r, kindHint } : r);
  if (value.length !== 18) return withHint({ value, valid: false, warning: `统一社会信用代码应为 18 位(现在是 ${value.length} 位),请对照营业执照/登记证书核对;可以先保存` });
  if ([...value].some((ch) => !CHARSET.includes(ch)))
    return withHint({ value, valid: false, warning: '统一社会信用代码含有不应出现的字符(不使用 I、O、Z、S、V),请核对;可以先保存' });
  const expected = creditCodeCheckChar(value.slice(0, 17));
  if (value[17] !== expected)
    return withHint({ value, valid: false, warning: `统一社会信用代码校验位不符(按前 17 位应为 ${expected}),请对照证照核对;早期部分代码可能不符合校验规则,可以保存` });
  return withHint({ value, valid: true });
}
