import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef } from '../../shared/domain/entity';
import { ADJUST_REASON } from '../../shared/domain/records';
import { quarterName } from '../../shared/reporting/cycle';
import type { FigureChange } from '../../shared/reporting/types';
import { maskName } from '../../shared/validators/mask';
import type { LedgerApp } from '../app';
import type { AfterWrite, GuardedWrite } from '../records/guards';
import { recordEvent } from '../system/audit';
import { asPreview, compareTables, rollUpRows, sumsByTownship, townshipRows, townshipsOf } from './figures';
import { readSources, tablesTouchedBy, type TableId, type TableSources } from './sources';
import { factsFrom, isLocked, openWindow } from './status';
import { decisions, submissions, type SubmissionRow } from './store';
import { unitOf, type Unit } from './units';

/*
 * Locking (spec §10, issue 15): once a unit's quarter is approved (or submitted, by setting), a write that
 * changes any of that quarter's figures is refused for a 填报员 with a message naming the quarter and the
 * figure; a 审核员 or 管理员 makes it only as an audited 调整 with a reason (or inside an adjustment window a
 * reviewer opened), which marks the quarter 报送后有调整 at both levels.
 *
 * The decision is exact: within the write's transaction the figures of every locked quarter the write could
 * affect are computed before and after it and compared. What "could affect" means is a prefilter only
 * (cheap, and wider than needed): the record kinds the write touches against the tables each report table
 * reads (from its SQL), the township(s) of the record before and after, and the quarters its dates can count in.
 */

const REPORTING_KINDS = new Set<string>(['reportSubmissions', 'reportSubmissionParts', 'reportDecisions', 'reportAdjustments']);

interface LockedQuarter {
  unit: Unit;
  year: number;
  quarter: number;
  latest: SubmissionRow;
  state: '已报送' | '已审核';
  window: { id: string; reason: string } | undefined;
}

const periodKey = (y: number, q: number) => `${y}-${q}`;

/** Locked quarters of every unit (a township, or a roll-up) whose area holds one of these townships. */
function lockedQuarters(app: LedgerApp, towns: ReadonlySet<string>): LockedQuarter[] {
  const db = app.store.sqlite;
  if (!db.prepare('SELECT 1 FROM report_submissions WHERE deletedAt IS NULL LIMIT 1').get()) return [];
  const rollUps = (
    db
      .prepare("SELECT DISTINCT townshipCode FROM report_submissions WHERE level = 'district' AND deletedAt IS NULL")
      .pluck()
      .all() as string[]
  )
    .map((c) => unitOf(app, c, 'district'))
    .filter((u) => [...towns].some((t) => u.area.has(t)));
  const units = [...[...towns].map((c) => unitOf(app, c, 'township')), ...rollUps];
  const subs = submissions(app, { units: units.map((u) => u.code) });
  if (!subs.length) return [];
  const decs = decisions(
    app,
    subs.map((s) => s.id),
  );
  const out: LockedQuarter[] = [];
  const groups = new Map<string, SubmissionRow[]>();
  for (const s of subs) {
    const k = `${s.unitCode}|${s.level}|${periodKey(s.year, s.quarter)}`;
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  for (const chain of groups.values()) {
    const f = factsFrom(chain, decs);
    if (!f.latest || !isLocked(app, f.state)) continue;
    const unit = units.find((u) => u.code === f.latest!.unitCode && u.level === f.latest!.level)!;
    const w = openWindow(app, unit.code, f.latest.year, f.latest.quarter);
    out.push({
      unit,
      year: f.latest.year,
      quarter: f.latest.quarter,
      latest: f.latest,
      state: f.state as LockedQuarter['state'],
      window: w,
    });
  }
  return out;
}

/**
 * The quarters a record can count in (of the record before and after the write), or 'all' for records counted
 * "as of quarter end" in every quarter they exist (a facility's beds count in every quarter since it opened).
 */
export function quartersOf(app: LedgerApp, w: GuardedWrite): Set<string> | 'all' {
  const out = new Set<string>();
  const db = app.store.sqlite;
  const year4 = (y: unknown) => {
    if (typeof y === 'number') for (const q of [1, 2, 3, 4]) out.add(periodKey(y, q));
  };
  const onDate = (d: unknown) => {
    if (typeof d === 'string' && /^\d{4}-\d{2}/.test(d)) out.add(periodKey(Number(d.slice(0, 4)), Math.ceil(Number(d.slice(5, 7)) / 3)));
  };
  const householdYear = (id: unknown) =>
    db.prepare('SELECT projectYear FROM households WHERE id = ?').pluck().get(id) as number | undefined;
  const inspectedOn = (id: unknown) => db.prepare('SELECT inspectedOn FROM inspections WHERE id = ?').pluck().get(id) as string | undefined;
  for (const r of [w.before, w.after]) {
    if (!r) continue;
    switch (w.entity) {
      case 'facilityQuarters':
        if (typeof r.year === 'number' && typeof r.quarter === 'number') out.add(periodKey(r.year, r.quarter));
        break;
      case 'canteenMonths':
        if (typeof r.year === 'number' && typeof r.month === 'number') out.add(periodKey(r.year, Math.ceil(r.month / 3)));
        break;
      case 'households':
        year4(r.projectYear);
        break;
      case 'householdItems':
      case 'householdSteps':
      case 'householdPhotos':
        year4(householdYear(r.householdId));
        break;
      case 'targets':
        year4(r.year);
        break;
      case 'inspections':
        onDate(r.inspectedOn);
        break;
      case 'inspectionAnswers':
      case 'hazards':
        onDate(inspectedOn(r.inspectionId));
        break;
      default:
        return 'all';
    }
  }
  return out;
}

type Measured = Map<string, TableSources[]>;
function measure(app: LedgerApp, periods: { year: number; quarter: number }[], tables: TableId[], towns: string[]): Measured {
  return new Map(periods.map((p) => [periodKey(p.year, p.quarter), readSources(app.store.sqlite, p.year, p.quarter, tables, towns)]));
}

/** The figures of a locked quarter that this write changed (its unit's rows in its own layout). */
function changedFigures(app: LedgerApp, l: LockedQuarter, before: TableSources[], after: TableSources[], towns: string[]): FigureChange[] {
  const out: FigureChange[] = [];
  for (let i = 0; i < before.length; i++) {
    const table = before[i].table;
    if (l.unit.level === 'township') {
      const a = asPreview(table, townshipRows(before[i], l.unit.code), 'township', {});
      const b = asPreview(table, townshipRows(after[i], l.unit.code), 'township', {});
      out.push(...compareTables([a], [b], l.quarter));
      continue;
    }
    // A roll-up: the rows of the townships written; its 合计 only where their sums moved but no row figure did
    // (a ratio or a rounded 万元 figure of 合计 can still change), from every township of the unit.
    const mine = townshipsOf(app.store.sqlite, l.unit).filter((t) => towns.includes(t.code));
    const sa = sumsByTownship(before[i]);
    const sb = sumsByTownship(after[i]);
    const rowsA = rollUpRows(sa, mine).slice(1);
    const rowsB = rollUpRows(sb, mine).slice(1);
    const found = compareTables([asPreview(table, rowsA, 'district', {})], [asPreview(table, rowsB, 'district', {})], l.quarter);
    out.push(...found);
    if (found.length || JSON.stringify(rowsA.map((r) => r.sums)) === JSON.stringify(rowsB.map((r) => r.sums))) continue;
    const all = townshipsOf(app.store.sqlite, l.unit);
    const others = sumsByTownship(
      readSources(
        app.store.sqlite,
        l.year,
        l.quarter,
        [table.id],
        all.map((t) => t.code),
      )[0],
    );
    const withBefore = new Map(others);
    for (const t of mine) withBefore.set(t.code, sa.get(t.code) ?? {});
    const ta = asPreview(table, rollUpRows(withBefore, all).slice(0, 1), 'district', {});
    const tb = asPreview(table, rollUpRows(others, all).slice(0, 1), 'district', {});
    out.push(...compareTables([ta], [tb], l.quarter));
  }
  return out;
}

const MAX_SHOWN = 3;
function describeChanges(changes: FigureChange[]): string {
  const shown = changes
    .slice(0, MAX_SHOWN)
    .map((c) => `${c.tableName.split(' ')[0]}·${c.rowLabel}·${c.columnLabel} ${c.before ?? '—'} → ${c.after ?? '—'}`)
    .join(';');
  return `${shown}${changes.length > MAX_SHOWN ? ` 等 ${changes.length} 项` : ''}`;
}

function titleOf(w: GuardedWrite): string | null {
  const e = ENTITIES[w.entity] as unknown as EntityDef;
  const raw = (w.after ?? w.before)?.[e.titleField];
  if (raw === null || raw === undefined) return null;
  return e.fields[e.titleField]?.sensitive === 'name' ? maskName(String(raw)) : String(raw).slice(0, 200);
}

/** Installs the lock on this app's records engine (called wherever the engine is built); returns its removal. */
export function installLock(app: LedgerApp): () => void {
  return app.records.addGuard((w) => lockGuard(app, w));
}

function lockGuard(app: LedgerApp, w: GuardedWrite): AfterWrite | undefined {
  if (REPORTING_KINDS.has(w.entity)) return undefined;
  const tables = tablesTouchedBy(w.touches);
  if (!tables.length) return undefined;
  const towns = [...new Set([w.before?.townshipCode, w.after?.townshipCode].filter((t): t is string => typeof t === 'string'))];
  const locked = lockedQuarters(app, new Set(towns));
  if (!locked.length) return undefined;
  const periods = quartersOf(app, w);
  const hits = locked.filter((l) => periods === 'all' || periods.has(periodKey(l.year, l.quarter)));
  if (!hits.length) return undefined;
  const distinct = [...new Map(hits.map((h) => [periodKey(h.year, h.quarter), { year: h.year, quarter: h.quarter }])).values()];
  const before = measure(app, distinct, tables, towns);
  return ({ id }) => {
    const after = measure(app, distinct, tables, towns);
    const changed = hits
      .map((l) => ({
        l,
        changes: changedFigures(app, l, before.get(periodKey(l.year, l.quarter))!, after.get(periodKey(l.year, l.quarter))!, towns),
      }))
      .filter((x) => x.changes.length);
    if (!changed.length) return;
    const needs = changed.filter((x) => !x.l.window);
    if (needs.length) {
      const first = needs[0];
      const what = `这次修改会改变${first.l.state}的${first.l.unit.name}${quarterName(first.l.year, first.l.quarter)}报表数字(${describeChanges(first.changes)})${needs.length > 1 ? `,以及另外 ${needs.length - 1} 个已报送季度` : ''}。`;
      if (w.actor.role === 'clerk')
        throw new AppError(
          'CONFLICT',
          `${what}填报员不能修改已报送季度的数字。如确需修改,请由审核员或管理员修改并填写调整原因。没有保存任何改动。`,
        );
      if (!w.reason)
        throw new AppError(
          'CONFLICT',
          `${what}如确需修改,请填写调整原因:这次修改将作为“调整”记录,该季度标记为“报送后有调整”。没有保存任何改动。`,
          [{ field: ADJUST_REASON, level: 'error', message: `${what}请填写调整原因。` }],
        );
    }
    for (const { l, changes } of changed) recordAdjustment(app, w, id, l, changes, l.window?.reason ?? w.reason!);
  };
}

/** The 调整 itself: a record under the submission it departs from (it travels like every record) and an audit event. */
function recordAdjustment(app: LedgerApp, w: GuardedWrite, id: string, l: LockedQuarter, changes: FigureChange[], reason: string): void {
  const office = app.requireOffice();
  // A whole facility deleted at a district can change hundreds of figures: the first ones are kept, and how many.
  let kept = changes.slice(0, 200);
  while (JSON.stringify(kept).length > 59_000) kept = kept.slice(0, Math.floor(kept.length / 2));
  app.records.create(
    'reportAdjustments',
    {
      submissionId: l.latest.id,
      reason,
      adjustedAt: new Date(app.now()).toISOString(),
      adjustedBy: w.actor.userName,
      officeName: office.name,
      action: w.action,
      recordEntity: w.entity,
      recordId: id,
      recordTitle: titleOf(w),
      changes: JSON.stringify(kept),
    },
    w.actor,
  );
  recordEvent(app, w.actor, {
    action: 'report-adjust',
    entity: w.entity,
    recordId: id,
    newValue: `${l.unit.code} ${l.year}Q${l.quarter}`,
    note: `调整${l.unit.name}${quarterName(l.year, l.quarter)}(${l.window ? '解锁调整期间;' : ''}原因:${reason}):${describeChanges(changes)}`,
  });
}
