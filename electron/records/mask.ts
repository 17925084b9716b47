import type { Sensitivity } from '../../shared/domain/fields';
import type { EntityDef } from '../../shared/domain/entity';
import type { Role } from '../../shared/domain/enums';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';

export function maskValue(kind: Sensitivity, v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  return kind === 'idCard' ? maskIdCard(v) : kind === 'name' ? maskName(v) : maskPhone(v);
}

/**
 * Roles that may see full personal data (spec §8) when they ask for it. Lists are masked for everyone;
 * a full value is given only on an explicit reveal, which is written to the audit trail.
 */
export function mayReveal(role: Role): boolean {
  return role === 'admin' || role === 'reviewer';
}

/** Masks every sensitive field of a record (身份证, names, phones) for display. */
export function maskRecord<T extends Record<string, unknown>>(entity: EntityDef, rec: T): T {
  const out: Record<string, unknown> = { ...rec };
  for (const [k, f] of Object.entries(entity.fields))
    if (f.sensitive && typeof out[k] === 'string') out[k] = maskValue(f.sensitive, out[k] as string);
  return out as T;
}
