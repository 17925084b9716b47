import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { ConflictRow } from '../../shared/sync/types';
import { maskValue } from '../records/mask';

/** Masks both values of a conflict on a sensitive field (身份证号, names, phones). */
export function maskConflict(c: ConflictRow): ConflictRow {
  const f = (ENTITIES[c.entity as EntityName] as unknown as EntityDef | undefined)?.fields[c.field];
  if (!f?.sensitive) return c;
  const m = (v: string | null) => (v === null ? null : JSON.stringify(maskValue(f.sensitive!, JSON.parse(v) as string)));
  return { ...c, appliedValue: m(c.appliedValue), otherValue: m(c.otherValue) };
}
