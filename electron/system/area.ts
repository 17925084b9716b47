import type { Kysely } from 'kysely';
import type { OfficeInfo } from '../../shared/system/types';
import type { SyncRunner } from '../db/run';
import type { DB } from '../db/schema';

/**
 * The township codes an office keeps records for: a township its own code; a district (or a reporting unit
 * such as 葛店经开区) the townships under its division plus those assigned to it; a city everything below it.
 */
export function areaOf(db: Kysely<DB>, run: SyncRunner, office: Pick<OfficeInfo, 'level' | 'divisionCode'>): Set<string> {
  if (office.level === 'township') return new Set([office.divisionCode]);
  const counties =
    office.level === 'city'
      ? run.all(db.selectFrom('divisions').select('code').where('parentCode', '=', office.divisionCode)).map((r) => r.code)
      : [];
  const parents = [office.divisionCode, ...counties];
  const below = run
    .all(db.selectFrom('divisions').select('code').where('level', '=', 'township').where('parentCode', 'in', parents))
    .map((r) => r.code);
  const assigned = run
    .all(
      db
        .selectFrom('reporting_unit_townships')
        .innerJoin('reporting_units', 'reporting_units.id', 'reporting_unit_townships.unitId')
        .select('reporting_unit_townships.townshipCode')
        .where('reporting_units.code', '=', office.divisionCode),
    )
    .map((r) => r.townshipCode);
  return new Set([...below, ...assigned]);
}

/**
 * The places an office's records may carry: its area, and its own division for records of the office itself
 * (a district's roll-up submission to the city, spec §10). What a peer may send and what is sent down to it.
 */
export function placesOf(db: Kysely<DB>, run: SyncRunner, office: Pick<OfficeInfo, 'level' | 'divisionCode'>): Set<string> {
  return new Set([...areaOf(db, run, office), office.divisionCode]);
}
