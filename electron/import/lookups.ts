import type { Kysely } from 'kysely';
import { normaliseKey } from '../../shared/import/cells';
import type { ImportKind } from '../../shared/import/kinds';
import type { SyncRunner } from '../db/run';
import type { DB } from '../db/schema';

/**
 * What rows of a ledger are matched against, read once per preview: the office's townships by name, the
 * canteens and facilities by name, and the existing records by their natural key (spec §7: re-importing
 * the same file updates or skips, never duplicates).
 */
export interface Lookups {
  townships: { code: string; name: string; key: string }[];
  canteensByName: Map<string, { id: string; townshipCode: string }[]>;
  facilitiesByName: Map<string, { id: string; townshipCode: string }[]>;
  existing: Map<string, { id: string; townshipCode: string }>;
}

export const nameKey = (s: string) => normaliseKey(s);

/** The natural key of a row's values, or null when a part is missing (the row then has an error). */
export function naturalKey(kind: ImportKind, v: Record<string, unknown>): string | null {
  const parts =
    kind === 'facilities' || kind === 'canteens'
      ? [v.townshipCode, typeof v.name === 'string' ? nameKey(v.name) : null]
      : kind === 'households'
        ? [v.idCard, v.projectYear]
        : kind === 'canteenMonths'
          ? [v.canteenId, v.year, v.month]
          : [v.townshipCode, v.year];
  return parts.every((p) => p !== null && p !== undefined && p !== '') ? parts.join('|') : null;
}

function byName(rows: { id: string; name: string; townshipCode: string }[]) {
  const m = new Map<string, { id: string; townshipCode: string }[]>();
  for (const r of rows) {
    const k = nameKey(r.name);
    m.set(k, [...(m.get(k) ?? []), { id: r.id, townshipCode: r.townshipCode }]);
  }
  return m;
}

export function loadLookups(db: Kysely<DB>, run: SyncRunner, kind: ImportKind, area: ReadonlySet<string>): Lookups {
  const codes = [...area];
  const inArea = <T extends { townshipCode: string }>(rows: T[]) => rows.filter((r) => area.has(r.townshipCode));
  const townships = codes.length
    ? run.all(db.selectFrom('divisions').select(['code', 'name']).where('code', 'in', codes)).map((d) => ({ ...d, key: nameKey(d.name) }))
    : [];
  const canteens = inArea(run.all(db.selectFrom('canteens').select(['id', 'name', 'townshipCode']).where('deletedAt', 'is', null)));
  const facilities = inArea(run.all(db.selectFrom('facilities').select(['id', 'name', 'townshipCode']).where('deletedAt', 'is', null)));
  const existing = new Map<string, { id: string; townshipCode: string }>();
  const put = (k: string | null, r: { id: string; townshipCode: string }) =>
    k && existing.set(k, { id: r.id, townshipCode: r.townshipCode });
  if (kind === 'facilities') for (const r of facilities) put(naturalKey(kind, r), r);
  if (kind === 'canteens') for (const r of canteens) put(naturalKey(kind, r), r);
  if (kind === 'households')
    // Every township, not only this office's: the same 老人 in another township's list must be seen.
    for (const r of run.all(
      db.selectFrom('households').select(['id', 'idCard', 'projectYear', 'townshipCode']).where('deletedAt', 'is', null),
    ))
      put(naturalKey(kind, r), r);
  if (kind === 'canteenMonths')
    for (const r of run.all(
      db.selectFrom('canteen_months').select(['id', 'canteenId', 'year', 'month', 'townshipCode']).where('deletedAt', 'is', null),
    ))
      put(naturalKey(kind, r), r);
  if (kind === 'targets')
    for (const r of run.all(db.selectFrom('targets').select(['id', 'townshipCode', 'year']).where('deletedAt', 'is', null)))
      put(naturalKey(kind, r), r);
  return { townships, canteensByName: byName(canteens), facilitiesByName: byName(facilities), existing };
}

/** 凤凰街道, 凤凰, 420704001000 → the township's code, if it is in this office's area. */
export function resolveTownship(l: Lookups, text: string): { code: string } | { error: string } {
  const t = text.trim();
  if (/^\d{12}$/.test(t)) {
    const d = l.townships.find((x) => x.code === t);
    return d ? { code: d.code } : { error: `区划代码“${t}”不在本单位管辖范围内` };
  }
  const k = nameKey(t);
  const exact = l.townships.find((x) => x.key === k);
  if (exact) return { code: exact.code };
  // 凤凰 for 凤凰街道, 城关镇 for 城关: only when exactly one township fits.
  const near = l.townships.filter((x) => k.length >= 2 && (x.key.startsWith(k) || k.startsWith(x.key)));
  if (near.length === 1) return { code: near[0].code };
  const names = l.townships
    .slice(0, 8)
    .map((x) => x.name)
    .join('、');
  return {
    error: `“${t}”不是本单位管辖的乡镇(街道)${near.length > 1 ? '(有多个相近的名称)' : ''},应为:${names}${l.townships.length > 8 ? ' 等' : ''}`,
  };
}
