import { z } from 'zod';

/**
 * A field of a record, declared once: its Chinese label (used in messages, history and exports), how it is
 * stored in SQLite, and the zod schema that checks it. Records are built from these so the form, the
 * database columns, the audit trail and the import mapping all agree on one list.
 */
export type FieldKind = 'text' | 'int' | 'real' | 'bool' | 'json' | 'date';
export type Sensitivity = 'idCard' | 'name' | 'phone';

export interface FieldSpec<Z extends z.ZodType = z.ZodType, K extends FieldKind = FieldKind> {
  readonly label: string;
  readonly kind: K;
  readonly zod: Z;
  readonly required: boolean;
  readonly sensitive?: Sensitivity;
  readonly options?: readonly string[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** Today as YYYY-MM-DD in local time (a clerk's "today", not UTC). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Required fields give the bare schema type; optional ones its nullable variant. */
type Pick2<R, A, B> = R extends true ? A : B;
function field<R extends boolean, A extends z.ZodType, B extends z.ZodType, K extends FieldKind>(
  label: string,
  kind: K,
  required: R | undefined,
  whenRequired: A,
  whenOptional: B,
  sensitive?: Sensitivity,
): FieldSpec<Pick2<R, A, B>, K> {
  const zod = (required ? whenRequired : whenOptional) as Pick2<R, A, B>;
  return spec(label, kind, zod, required ?? false, sensitive);
}

/** A required value left empty is "请填写…", not a complaint about its type (a form sends an empty field as null). */
const typeError = (label: string, wrongType: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null || iss.input === '' ? `请填写${label}` : wrongType;

const blankToNull = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

interface TextOpts<R extends boolean = boolean> {
  required?: R;
  max?: number;
  sensitive?: Sensitivity;
}
export function text<R extends boolean = false>(label: string, opts: TextOpts<R> = {}) {
  const max = opts.max ?? 200;
  const base = z.string({ error: typeError(label, `${label}应为文字`) }).max(max, { error: `${label}不能超过 ${max} 个字` });
  return field(
    label,
    'text',
    opts.required,
    base.trim().min(1, { error: `请填写${label}` }),
    base.nullish().transform(blankToNull),
    opts.sensitive,
  );
}

interface NumOpts<R extends boolean = boolean> {
  required?: R;
  min?: number;
  max?: number;
}
/** Whole, non-negative counts (床位, 人次, 人数 …). */
export function int<R extends boolean = false>(label: string, opts: NumOpts<R> = {}) {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000_000;
  const base = z
    .number({ error: typeError(label, `${label}应填写数字`) })
    .int({ error: `${label}应为整数` })
    .min(min, { error: min === 0 ? `${label}不能为负数` : `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });
  return field(
    label,
    'int',
    opts.required,
    base,
    base.nullish().transform((v) => v ?? null),
  );
}

/** Money in 元, ≥ 0 with at most 2 decimals (spec §6.3). */
export function money<R extends boolean = false>(label: string, opts: NumOpts<R> = {}) {
  const base = z
    .number({ error: typeError(label, `${label}应填写金额数字`) })
    .min(opts.min ?? 0, { error: `${label}不能为负数` })
    .max(opts.max ?? 1e10, { error: `${label}金额过大,请核对` })
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: `${label}最多保留两位小数(分)` });
  return field(
    label,
    'real',
    opts.required,
    base,
    base.nullish().transform((v) => v ?? null),
  );
}

/** Non-negative decimal measures (面积 ㎡, 比例 …). */
export function decimal<R extends boolean = false>(label: string, opts: NumOpts<R> = {}) {
  const base = z
    .number({ error: typeError(label, `${label}应填写数字`) })
    .min(opts.min ?? 0, { error: `${label}不能为负数` })
    .max(opts.max ?? 1e9, { error: `${label}数值过大,请核对` });
  return field(
    label,
    'real',
    opts.required,
    base,
    base.nullish().transform((v) => v ?? null),
  );
}

interface DateOpts<R extends boolean = boolean> {
  required?: R;
  /** Planned dates (整改期限, 许可证有效期) may lie in the future; recorded facts may not. */
  allowFuture?: boolean;
}
export function date<R extends boolean = false>(label: string, opts: DateOpts<R> = {}) {
  const base = z
    .string({ error: typeError(label, `${label}应为日期`) })
    .refine((s) => isRealDate(s), { error: `${label}不是有效日期,请按 年-月-日 填写,例如 2024-05-06` })
    .refine((s) => opts.allowFuture || s <= todayIso(), { error: `${label}不能晚于今天` });
  return field(label, 'date', opts.required, base, z.string().nullish().transform(blankToNull).pipe(base.nullable()));
}

export function oneOf<const T extends readonly [string, ...string[]], R extends boolean = false>(
  label: string,
  options: T,
  opts: { required?: R } = {},
) {
  // Nothing chosen reads as 请选择…, a value outside the list as the list to choose from (unless the stored
  // values are program codes such as facility/canteen: the clerk only ever sees their Chinese names).
  const choices = options.some((o) => /[A-Za-z]/.test(o)) ? '请从列表中选择' : `应为以下之一:${options.join('、')}`;
  const base = z.enum(options, {
    error: (iss) => (iss.input === undefined || iss.input === null || iss.input === '' ? `请选择${label}` : `${label}${choices}`),
  });
  return { ...field(label, 'text', opts.required, base, z.string().nullish().transform(blankToNull).pipe(base.nullable())), options };
}

export function manyOf<const T extends readonly [string, ...string[]]>(label: string, options: T) {
  const zod = z
    .array(z.enum(options, { error: `${label}应为以下之一:${options.join('、')}` }), { error: `${label}应为列表` })
    .max(options.length)
    .nullish()
    .transform((v) => [...new Set(v ?? [])]);
  return { ...spec(label, 'json', zod, false), options };
}

export function flag(label: string) {
  return spec(
    label,
    'bool',
    z
      .boolean({ error: `${label}应为 是/否` })
      .nullish()
      .transform((v) => v ?? false),
    false,
  );
}

/** 12-digit division code of the township (统计用区划代码). Existence is checked by the service. */
export function divisionCode(label = '乡镇(街道)') {
  return spec(label, 'text', z.string({ error: `请选择${label}` }).regex(/^\d{12}$/, { error: `请选择${label}` }), true);
}

/** Reference to another record by its UUID. */
export function ref<R extends boolean = false>(label: string, opts: { required?: R } = {}) {
  const base = z.string({ error: `请选择${label}` }).uuid({ error: `请选择${label}` });
  return field(label, 'text', opts.required, base, z.string().nullish().transform(blankToNull).pipe(base.nullable()));
}

/** A field from its own zod schema (for kinds the helpers above do not cover). */
export function spec<Z extends z.ZodType, K extends FieldKind>(
  label: string,
  kind: K,
  zod: Z,
  required: boolean,
  sensitive?: Sensitivity,
): FieldSpec<Z, K> {
  return sensitive ? { label, kind, zod, required, sensitive } : { label, kind, zod, required };
}
