import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { seed, type SeedSummary } from '../../electron/seed/generate';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { tempDir } from '../helpers/app';

const TODAY = '2026-06-30';
const made: { app: LedgerApp; dir: string }[] = [];
async function seeded(seedNo: number): Promise<{ app: LedgerApp; summary: SeedSummary }> {
  const dir = tempDir('seed-');
  const app = new LedgerApp({ dataDir: dir, now: () => Date.parse(`${TODAY}T10:00:00`) });
  made.push({ app, dir });
  return { app, summary: await seed(app, { scale: 'township', seed: seedNo, today: TODAY }) };
}
afterAll(() => {
  for (const { app, dir } of made) {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const dump = (app: LedgerApp, table: string) => JSON.stringify(app.store.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY id`).all());

describe('synthetic data (township scale)', () => {
  let a: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    a = await seeded(7);
  }, 60_000);

  it('has the township-scale counts', () => {
    expect(a.summary.counts).toMatchObject({ facilities: 25, canteens: 14, households: 500, inspections: 1000, answers: 52000 });
    expect(a.summary.counts.months).toBeGreaterThan(14 * 12);
    expect(a.summary.counts.hazards).toBeGreaterThan(300);
  });

  it('is deterministic: the same seed gives identical rows, another seed different ones', async () => {
    const b = await seeded(7);
    const c = await seeded(8);
    for (const t of ['facilities', 'canteen_months', 'households', 'household_steps', 'hazards']) {
      expect(dump(b.app, t).replace(new RegExp(b.app.office()!.id, 'g'), 'OFFICE'), t).toBe(
        dump(a.app, t).replace(new RegExp(a.app.office()!.id, 'g'), 'OFFICE'),
      );
    }
    expect(dump(c.app, 'households')).not.toBe(dump(a.app, 'households'));
  }, 60_000);

  it('every record passes the shared schemas and rules, including the ones that need the database', () => {
    const checked: Record<string, number> = {};
    for (const name of [
      'facilities',
      'facilityQuarters',
      'canteens',
      'canteenMonths',
      'households',
      'householdItems',
      'householdSteps',
      'targets',
      'inspections',
      'hazards',
    ] as EntityName[]) {
      const e = ENTITIES[name] as unknown as EntityDef;
      const rows = a.app.records.list(name, { pageSize: 500 }).rows as unknown as Record<string, unknown>[];
      for (const row of rows.slice(0, 300)) {
        const value = Object.fromEntries(Object.keys(e.fields).map((k) => [k, row[k]]));
        expect(() => a.app.records.validate(name, value, row.id as string), `${name} ${row.id}`).not.toThrow();
      }
      checked[name] = Math.min(rows.length, 300);
    }
    expect(Object.values(checked).every((n) => n > 0)).toBe(true);
  });

  it('inspections have one answer per checklist item and a hazard for every 不符合', () => {
    const db = a.app.store.sqlite;
    const items = (db.prepare('SELECT count(*) AS n FROM checklist_items').get() as { n: number }).n;
    expect(
      db
        .prepare('SELECT count(*) AS n FROM (SELECT inspectionId, count(*) c FROM inspection_answers GROUP BY inspectionId HAVING c != ?)')
        .get(items),
    ).toEqual({ n: 0 });
    const bad = db
      .prepare(
        `SELECT count(*) AS n FROM inspection_answers a WHERE a.result = '不符合' AND (SELECT count(*) FROM hazards h WHERE h.inspectionId = a.inspectionId AND h.itemCode = a.itemCode) != 1`,
      )
      .get();
    expect(bad).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM hazards WHERE status NOT IN ('已整改','已销号') AND deadline < ?").get(TODAY)).not.toEqual(
      { n: 0 },
    ); // some are overdue
    expect(
      db
        .prepare('SELECT count(*) AS n FROM inspections i JOIN facilities f ON f.id = i.facilityId WHERE f.townshipCode != i.townshipCode')
        .get(),
    ).toEqual({ n: 0 });
  });

  it('household money adds up to the plan, and workflow dates never go backwards', () => {
    const db = a.app.store.sqlite;
    const money = db
      .prepare(
        'SELECT h.totalCost, h.subsidy, h.selfPaid, (SELECT sum(quantity * unitPrice) FROM household_items i WHERE i.householdId = h.id) AS plan FROM households h WHERE h.totalCost IS NOT NULL',
      )
      .all() as { totalCost: number; subsidy: number; selfPaid: number; plan: number }[];
    expect(money.length).toBeGreaterThan(50);
    for (const m of money) {
      expect(m.subsidy + m.selfPaid).toBeCloseTo(m.totalCost, 2);
      expect(m.plan).toBeCloseTo(m.totalCost, 2);
    }
    const steps = db
      .prepare("SELECT householdId, step, date FROM household_steps WHERE step != '退出' ORDER BY householdId, rowid")
      .all() as { householdId: string; step: string; date: string }[];
    for (let i = 1; i < steps.length; i++)
      if (steps[i].householdId === steps[i - 1].householdId) expect(steps[i].date >= steps[i - 1].date).toBe(true);
    expect(
      db
        .prepare(
          "SELECT count(*) AS n FROM households h WHERE h.status IN ('竣工验收','回访','归档') AND NOT EXISTS (SELECT 1 FROM household_items i WHERE i.householdId = h.id AND i.done = 1)",
        )
        .get(),
    ).toEqual({ n: 0 });
  });
});
