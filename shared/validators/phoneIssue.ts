import type { FieldIssue } from '../api/errors';
import { checkPhone } from './phone';

/** A phone number that matches neither a mobile nor a landline pattern blocks saving (spec §6.3). */
export function phoneIssue(field: string, label: string, value: string | null | undefined): FieldIssue | null {
  if (!value) return null;
  const r = checkPhone(value);
  return r.valid
    ? null
    : { field, label, level: 'error', message: `${label}格式不对:手机号为 11 位(如 13812345678),固话为 区号-号码(如 0711-3201234)` };
}
