import type { UnitLevel } from '../../shared/reporting/schema';
import type { LedgerApp } from '../app';
import { areaOf } from '../system/area';

/**
 * A reporting unit: the place a submission is made for. A township office submits for its township; a district
 * office (or a reporting unit such as 葛店经开区) submits its roll-up under its own division code. A city
 * submits to no one here: it receives its districts' roll-ups.
 */
export interface Unit {
  code: string;
  level: UnitLevel;
  name: string;
  area: ReadonlySet<string>;
}

export function unitOf(app: LedgerApp, code: string, level: UnitLevel): Unit {
  const name = divisionName(app, code);
  const area = level === 'township' ? new Set([code]) : areaOf(app.store.db, app.run, { level: 'district', divisionCode: code });
  return { code, level, name, area };
}

/** This office's own unit, or null for a city. */
export function ownUnit(app: LedgerApp): Unit | null {
  const o = app.requireOffice();
  if (o.level === 'city') return null;
  return { code: o.divisionCode, level: o.level, name: o.name, area: app.area() };
}

/** The units that report to this office: a district's townships, a city's districts and reporting units. */
export function unitsBelow(app: LedgerApp): Unit[] {
  const o = app.requireOffice();
  const db = app.store.sqlite;
  if (o.level === 'township') return [];
  if (o.level === 'district')
    return (db.prepare("SELECT code FROM divisions WHERE level = 'township' ORDER BY code").pluck().all() as string[])
      .filter((c) => app.area().has(c))
      .map((c) => unitOf(app, c, 'township'));
  const counties = db
    .prepare("SELECT code FROM divisions WHERE level = 'county' AND parentCode = ? ORDER BY code")
    .pluck()
    .all(o.divisionCode) as string[];
  const units = db.prepare('SELECT code FROM reporting_units WHERE cityCode = ? ORDER BY code').pluck().all(o.divisionCode) as string[];
  return [...new Set([...counties, ...units])].map((c) => unitOf(app, c, 'district'));
}

/**
 * The office that reports for a unit, as this office knows it: itself for its own unit, else a child office
 * registered here with that division code (null: none, so nothing can arrive from it), and since when.
 */
export function reportingOffice(app: LedgerApp, code: string): { name: string; since: string } | null {
  const me = app.requireOffice();
  const row = app.store.sqlite
    .prepare(
      'SELECT name, createdAt AS since FROM offices WHERE divisionCode = ? AND (isSelf = 1 OR (parentOfficeId = ? AND publicKey IS NOT NULL)) ORDER BY isSelf DESC',
    )
    .get(code, me.id) as { name: string; since: string } | undefined;
  return row ?? null;
}

export function divisionName(app: LedgerApp, code: string): string {
  const d = app.store.sqlite.prepare('SELECT name FROM divisions WHERE code = ?').get(code) as { name: string } | undefined;
  if (d) return d.name;
  const u = app.store.sqlite.prepare('SELECT name FROM reporting_units WHERE code = ?').get(code) as { name: string } | undefined;
  return u?.name ?? code;
}
