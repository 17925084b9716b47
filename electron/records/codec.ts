import type { FieldIssue } from '../../shared/api/errors';
import type { EntityDef } from '../../shared/domain/entity';
import type { RecordMeta } from '../../shared/domain/records';

/** Converts between API values and SQLite columns: booleans as 0/1, lists as JSON text. */
export function toStored(entity: EntityDef, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(entity.fields)) {
    const v = value[k];
    if (v === undefined) continue;
    out[k] = f.kind === 'bool' ? (v ? 1 : 0) : f.kind === 'json' ? JSON.stringify(v ?? []) : v;
  }
  return out;
}

export function fromStored<T>(entity: EntityDef, row: Record<string, unknown>): T & RecordMeta {
  const out: Record<string, unknown> = { ...row };
  for (const [k, f] of Object.entries(entity.fields)) {
    const v = row[k];
    if (f.kind === 'bool') out[k] = v === 1 || v === true;
    else if (f.kind === 'json') out[k] = typeof v === 'string' ? JSON.parse(v) : (v ?? []);
  }
  out.warnings = typeof row.warnings === 'string' ? (JSON.parse(row.warnings) as FieldIssue[]) : [];
  delete out.idCardLast4;
  delete out.phoneLast4;
  return out as T & RecordMeta;
}

/** A field value as text for the audit trail and sync log (null stays null). */
export function auditText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return auditText(a ?? null) === auditText(b ?? null);
}
