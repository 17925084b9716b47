import { useEffect, useMemo, useState } from 'react';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { useSession } from '../system/sessionStore';
import { recordApi, type AnyRecord } from './recordApi';

/** Mirrors the main process's rule (spec §8); the main process enforces it, this only hides a button that would fail. */
export const mayReveal = (role: string | undefined) => role === 'admin' || role === 'reviewer';

/**
 * Personal data (姓名, 电话, 身份证号) reaches the renderer masked (138****1234). In an edit form a masked value
 * must never be saved back or taken for the real one: such a field starts empty with the masked text as its
 * hint, so leaving it empty keeps the stored value and typing replaces it. An admin or reviewer may ask for
 * the full values; the main process writes that request to the audit trail.
 */
export function useMaskedFields(name: EntityName, entity: EntityDef, record: AnyRecord | null, open: boolean) {
  const role = useSession((s) => s.status?.user?.role);
  const [full, setFull] = useState<AnyRecord | null>(null);
  // Full values last only while the form is open: the next opening asks (and is audited) again.
  useEffect(() => {
    if (!open) setFull(null);
  }, [open]);
  const revealed = full && record && full.id === record.id && full.hlc === record.hlc ? full : null;

  const masked = useMemo(
    () =>
      record && !revealed
        ? Object.entries(entity.fields)
            .filter(([k, f]) => f.sensitive && typeof record[k] === 'string' && (record[k] as string).includes('*'))
            .map(([k]) => k)
        : [],
    [entity, record, revealed],
  );

  /** The record as the form should start: full values if revealed, otherwise masked fields blank. */
  const values = useMemo(() => {
    const source = revealed ?? record;
    return source && masked.length ? { ...source, ...Object.fromEntries(masked.map((k) => [k, null])) } : source;
  }, [revealed, record, masked]);

  return {
    values,
    masked,
    hint: (field: string) => (masked.includes(field) && record ? `已隐藏:${String(record[field])}(不修改请留空)` : undefined),
    canReveal: masked.length > 0 && mayReveal(role),
    /** Fetches the full record (audited) and returns it; the form then shows the full values. */
    async reveal(): Promise<AnyRecord | null> {
      if (!record) return null;
      const r = await recordApi(name).get(record.id, true);
      setFull(r);
      return r;
    },
  };
}
