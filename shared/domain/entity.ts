import { z } from 'zod';
import type { FieldIssue } from '../api/errors';
import type { FieldSpec } from './fields';
// Every zod message in Chinese (zh-CN locale plus the app's wording): set before any schema is used.
import './zodLocale';

export type FieldMap = Record<string, FieldSpec>;
export type ValueOf<F extends FieldMap> = { [K in keyof F]: z.output<F[K]['zod']> };
/** How a field is held in SQLite: booleans as 0/1, lists as JSON text, everything else as itself. */
export type StoredOf<F extends FieldMap> = {
  [K in keyof F]: F[K]['kind'] extends 'bool' ? number : F[K]['kind'] extends 'json' ? string : z.output<F[K]['zod']>;
};
export type InputValueOf<F extends FieldMap> = { [K in keyof F]?: z.input<F[K]['zod']> };

/** Context for cross-field rules that depend on the clerk's day (dates, ages). */
export interface RuleContext {
  today: string;
  /** Days before a licence expires that it is flagged (settings; 60 by default). */
  licenceWarnDays?: number;
}

/**
 * A record type: its fields, its cross-field rules (spec §3; each issue is an error that blocks saving or a
 * warning that is saved with the record), and where it hangs (child records name their parent field).
 */
export interface EntityDef<F extends FieldMap = FieldMap> {
  readonly name: EntityName;
  readonly table: string;
  readonly label: string;
  readonly fields: F;
  readonly schema: z.ZodType<ValueOf<F>>;
  // Method syntax on purpose: lets a specific entity stand where any entity is expected (bivariant).
  rules(value: ValueOf<F>, ctx: RuleContext): FieldIssue[];
  /** The field shown as the record's title in lists, history and messages. */
  readonly titleField: keyof F & string;
  readonly parent?: { entity: EntityName; field: keyof F & string };
  /** false: written only by its domain's service (no generic list/get/create/update/delete methods in the API). */
  readonly recordMethods?: false;
  /** false: field values are not copied into the audit trail (bulky content; its domain audits one event). */
  readonly auditValues?: false;
  /** 'office': the record's place is the writing office's own division (a district's roll-up), not a township. */
  readonly place?: 'office';
}

export const ENTITY_NAMES = [
  'facilities',
  'facilityQuarters',
  'canteens',
  'canteenMonths',
  'households',
  'householdItems',
  'householdSteps',
  'householdPhotos',
  'inspections',
  'inspectionAnswers',
  'hazards',
  'targets',
  'reportSubmissions',
  'reportSubmissionParts',
  'reportDecisions',
  'reportAdjustments',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export function defineEntity<F extends FieldMap>(def: {
  name: EntityName;
  table: string;
  label: string;
  fields: F;
  titleField: keyof F & string;
  rules?: (value: ValueOf<F>, ctx: RuleContext) => FieldIssue[];
  parent?: { entity: EntityName; field: keyof F & string };
  recordMethods?: false;
  auditValues?: false;
  place?: 'office';
}): EntityDef<F> {
  const shape = Object.fromEntries(Object.entries(def.fields).map(([k, f]) => [k, f.zod])) as { [K in keyof F]: F[K]['zod'] };
  // strictObject: an unknown key is a mistake (or an attack), never silently dropped into the database.
  const schema = z.strictObject(shape) as unknown as z.ZodType<ValueOf<F>>;
  return { ...def, schema, rules: def.rules ?? (() => []) };
}

/** Turns zod issues into field issues with Chinese labels, so every message names the field in the form. */
export function zodIssuesToFieldIssues(error: z.ZodError, fields?: FieldMap): FieldIssue[] {
  return error.issues.map((iss) => {
    const field = iss.path.map(String).join('.') || '(整体)';
    const top = String(iss.path[0] ?? '');
    const label = fields?.[top]?.label;
    let message = iss.message;
    // A message without its field's name gets the label: “床位总数应为数字”, “请填写老人姓名”.
    if (label && message === '缺少必填的内容') message = `请填写${label}`;
    else if (label && message === '缺少必选的内容') message = `请选择${label}`;
    else if (label && !message.includes(label)) message = /^[应不至最格中]/.test(message) ? `${label}${message}` : `${label}:${message}`;
    return label ? { field, label, level: 'error', message } : { field, level: 'error', message };
  });
}

export function issue(field: string, level: 'error' | 'warning', message: string): FieldIssue {
  return { field, level, message };
}
