import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import type { EntityName } from '../../shared/domain/entity';
import { leafColumns } from '../../shared/reports/tables';
import type { LedgerApp } from '../../electron/app';
import type { Actor } from '../../electron/records/actor';
import type { GuardedWrite } from '../../electron/records/guards';
import { computeAll } from '../../electron/reports/engine';
import { quartersOf } from '../../electron/reporting/lock';
import { tablesTouchedBy } from '../../electron/reporting/sources';
import { seed } from '../../electron/seed/generate';
import { makeApp } from '../helpers/app';

/*
 * The lock decides by comparing a locked quarter's figures before and after a write; which quarters and tables
 * it compares is a prefilter (the write's record kinds against the tables each report table reads, and the
 * quarters the record's dates can count in). This checks the prefilter is never narrower than the truth: on
 * seeded township data, random writes of every kind are made while every quarter's four tables are computed
 * before and after each one, and every figure that moved must lie in a quarter and table the prefilter names.
 */

const TODAY = '2025-11-15';
const QUARTERS = [2024, 2025]
  .flatMap((year) => [1, 2, 3, 4].map((quarter) => ({ year, quarter })))
  .filter((q) => `${q.year}-${q.quarter * 3}` <= '2025-12');
const RUNS = Number(process.env.LOCK_PREFILTER_RUNS ?? 120);

let t: Awaited<ReturnType<typeof makeApp>>;
let app: LedgerApp;
let actor: Actor;
beforeAll(async () => {
  t = await makeApp({ now: () => Date.parse(`${TODAY}T10:00:00+08:00`) });
  app = t.app;
  actor = t.actor;
  await seed(app, { scale: 'township', seed: 7, today: TODAY });
}, 120_000);
afterAll(() => t?.cleanup());

/** A small deterministic generator (mulberry32): the same writes on every run. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Figures = Map<string, Map<string, string>>;
function allFigures(): Figures {
  const out: Figures = new Map();
  for (const q of QUARTERS)
    for (const table of computeAll(app, q.year, q.quarter))
      out.set(
        `${q.year}-${q.quarter}|${table.table.id}`,
        new Map(
          table.rows.map((r) => [`${r.code}|${r.village ?? ''}`, JSON.stringify(leafColumns(table.table).map((c) => r.values[c.key]))]),
        ),
      );
  return out;
}
function moved(a: Figures, b: Figures): string[] {
  const out: string[] = [];
  for (const [k, rows] of a) {
    const other = b.get(k)!;
    const keys = new Set([...rows.keys(), ...other.keys()]);
    if ([...keys].some((r) => rows.get(r) !== other.get(r))) out.push(k);
  }
  return out;
}

const TABLE: Record<string, string> = {
  facilities: 'facilities',
  facilityQuarters: 'facility_quarters',
  canteens: 'canteens',
  canteenMonths: 'canteen_months',
  households: 'households',
  householdItems: 'household_items',
  householdSteps: 'household_steps',
  inspections: 'inspections',
  inspectionAnswers: 'inspection_answers',
  hazards: 'hazards',
  targets: 'targets',
};

describe('the lock’s prefilter covers every figure a write can move', () => {
  it('random writes of every record kind move figures only in the quarters and tables the prefilter names', () => {
    const r = rng(20251115);
    const shift = (d: unknown, days: number) => {
      if (typeof d !== 'string') return d;
      const x = new Date(`${d}T00:00:00Z`);
      x.setUTCDate(x.getUTCDate() + days);
      const iso = x.toISOString().slice(0, 10);
      return iso > TODAY ? d : iso;
    };
    const mutations: Record<string, (row: Record<string, unknown>) => Record<string, unknown> | 'delete' | 'restore'> = {
      facilities: (f) =>
        r.pick([
          { bedsTotal: Number(f.bedsTotal ?? 0) + 3 },
          { openedOn: shift(f.openedOn, -200) },
          { status: '停业(注销)', statusDate: '2025-02-10' },
          { village: '新村' },
          { rating: '三级' },
          'delete',
        ]),
      facilityQuarters: (q) => r.pick([{ residents: Number(q.residents) + 1 }, { residentsTekun: 0 }, 'delete']),
      canteens: () => r.pick([{ type: '老年餐桌(合作餐厅)' }, { village: '新村' }, { foodLicenseNo: null }, 'delete']),
      canteenMonths: (m) => r.pick([{ mealsTotal: Number(m.mealsTotal) + 10 }, { registeredElders: 7 }, 'delete']),
      households: (h) =>
        r.pick([{ projectYear: Number(h.projectYear) === 2025 ? 2024 : 2025 }, { village: '新村' }, { acceptanceBy: '验收组' }, 'delete']),
      householdItems: (i) => r.pick([{ kind: i.kind === 'basic' ? 'optional' : 'basic' }, 'delete']),
      householdSteps: (s) => r.pick([{ date: shift(s.date, -40) }, { date: shift(s.date, 95) }, 'delete']),
      inspections: (i) =>
        r.pick([
          { inspectedOn: shift(i.inspectedOn, 31) },
          { inspectedOn: shift(i.inspectedOn, -95) },
          { inspectionType: '第三方专家检查' },
          'delete',
        ]),
      inspectionAnswers: () => r.pick([{ remark: '复核' }, 'delete']),
      hazards: (h) =>
        r.pick([{ level: '重大事故隐患' }, { deadline: shift(h.deadline, -60) }, { status: '已整改', completedOn: TODAY }, 'delete']),
      targets: (g) => r.pick([{ retrofitHouseholds: Number(g.retrofitHouseholds ?? 0) + 5 }, 'delete']),
    };
    let seen: { write: GuardedWrite; before: Figures } | null = null;
    const misses: string[] = [];
    const counted = new Map<string, number>();
    /** Writes that moved figures although their prefilter was narrower than "every quarter": the cases that test it. */
    let narrowAndMoved = 0;
    const remove = app.records.addGuard((write) => {
      seen = { write, before: allFigures() };
      return () => {
        const after = allFigures();
        const periods = quartersOf(app, write);
        const tables = tablesTouchedBy(write.touches);
        const changed = moved(seen!.before, after);
        if (changed.length && periods !== 'all') narrowAndMoved++;
        for (const k of changed) {
          const [period, table] = k.split('|');
          if ((periods !== 'all' && !periods.has(period)) || !tables.includes(table as never))
            misses.push(
              `${write.action} ${write.entity}: ${k} moved, prefilter ${periods === 'all' ? 'all' : [...periods].join(',')} / ${tables.join(',')}`,
            );
        }
        counted.set(write.entity, (counted.get(write.entity) ?? 0) + 1);
      };
    });
    try {
      let done = 0;
      for (let i = 0; i < RUNS * 3 && done < RUNS; i++) {
        const entity = r.pick(Object.keys(mutations)) as EntityName;
        const rows = app.store.sqlite.prepare(`SELECT * FROM "${TABLE[entity]}" ORDER BY id LIMIT 1 OFFSET ?`).all(r.int(200)) as Record<
          string,
          unknown
        >[];
        const row =
          rows[0] ?? (app.store.sqlite.prepare(`SELECT * FROM "${TABLE[entity]}" LIMIT 1`).get() as Record<string, unknown> | undefined);
        if (!row) continue;
        const m = row.deletedAt ? 'restore' : mutations[entity](row);
        try {
          if (m === 'delete') app.records.remove(entity, row.id as string, actor);
          else if (m === 'restore') app.records.restore(entity, row.id as string, actor);
          else app.records.update(entity, { id: row.id as string, patch: m }, actor);
          done++;
        } catch (e) {
          if (!(e instanceof AppError)) throw e; // a write its own rules refuse is no test of the lock
        }
      }
    } finally {
      remove();
    }
    expect(misses).toEqual([]);
    expect(narrowAndMoved).toBeGreaterThan(RUNS / 6);
    // The run reached writes of (nearly) every kind that feeds a table.
    expect([...counted.keys()].sort()).toEqual(
      expect.arrayContaining(['canteenMonths', 'facilities', 'facilityQuarters', 'hazards', 'householdSteps', 'households', 'inspections']),
    );
  }, 300_000);
});
