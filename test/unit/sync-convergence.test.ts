import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef } from '../../shared/domain/entity';
import { clockBoundMs, ownClock, repairClock } from '../../electron/sync/clocks';
import { exportPackage, importAck, importPackage, stateHash } from '../../electron/sync/service';
import { FENGHUANG, GULOU } from '../helpers/app';
import { makeHierarchy, type TestApp } from '../helpers/sync';
import { createRecord, KINDS, RECIPES, touchRecord } from '../helpers/syncWorld';

/**
 * Property (spec §9): a district and two townships create, edit, delete and restore records of every synced
 * kind, with their PC clocks a year fast, a year slow or right; packages travel in random order, some
 * twice, some lost and sent again. While a clock is wrong, packages it would poison are held back and no
 * office's clock runs ahead of its PC's by more than the bound. Once the clocks are put right (and the fast
 * office has re-stamped its own changes, docs/sync.md "Clocks") and everyone has received everything, every
 * copy holds the same state for the records it shares, every photo's file is where its record says, nothing
 * is left held, and every edit overwritten by a concurrent one (without its author's knowledge) is in a
 * conflict log.
 */
type Action =
  | { kind: 'create'; office: number; township: 0 | 1; entity: number; seed: number }
  | { kind: 'touch'; office: number; entity: number; pick: number; seed: number; what: 'edit' | 'delete' | 'restore' }
  | { kind: 'send'; from: number; to: number }
  | { kind: 'deliver'; pick: number; twice: boolean }
  | { kind: 'drop'; pick: number }
  | { kind: 'ack'; pick: number };

const entity = fc.nat(KINDS.length - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      office: fc.nat(2),
      township: fc.constantFrom(0 as const, 1 as const),
      entity,
      seed: fc.nat(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('touch' as const),
      office: fc.nat(2),
      entity,
      pick: fc.nat(9),
      seed: fc.nat(),
      what: fc.constantFrom('edit' as const, 'edit' as const, 'edit' as const, 'delete' as const, 'restore' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.nat(2), to: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), twice: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }) },
);

const TOWNSHIPS = [FENGHUANG, GULOU];
const YEAR = 365 * 86400_000;
const REAL = Date.UTC(2026, 5, 1);

describe('sync convergence (property)', () => {
  it('every kind, any order, repetition and loss, clocks a year off: the same state once clocks are right, every clash recorded', async () => {
    const runs = Number(process.env.SYNC_RUNS ?? 12);
    let heldSeen = 0;
    const made = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 10, maxLength: 45 }),
        fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 })),
        async (actions, skews) => {
          let tick = REAL;
          const offset = [0, 0, 0];
          const h = await makeHierarchy(TOWNSHIPS, {
            nowOf: (i) => () => {
              tick += 7;
              return tick + offset[i];
            },
          });
          const offices: TestApp[] = [h.district, ...h.townships]; // 0 = district, 1 = 凤凰, 2 = 古楼
          const ids = offices.map((o) => o.app.office()!.id);
          const inFlight: { bytes: Buffer; from: number; to: number }[] = [];
          const acks: { bytes: Buffer; to: number }[] = [];
          const linked = (a: number, b: number) => a !== b && (a === 0 || b === 0);
          /** Imports, and checks that the import moved no clock beyond its PC's time + the bound. */
          const deliver = (bytes: Buffer, from: number, to: number) => {
            const app = offices[to].app;
            const before = app.clock.aheadOfWallMs() + app.now();
            const res = importPackage(app, offices[to].actor, bytes);
            const now = app.now();
            expect(app.clock.aheadOfWallMs() + now).toBeLessThanOrEqual(Math.max(before, now + clockBoundMs(app)));
            if (res.ack) acks.push({ bytes: Buffer.from(res.ack.bytes), to: from });
            else heldSeen++;
            return res;
          };
          const exchangeAll = () => {
            for (let round = 0; round < 2; round++)
              for (const t of [1, 2])
                for (const [from, to] of [
                  [t, 0],
                  [0, t],
                ]) {
                  const res = importPackage(
                    offices[to].app,
                    offices[to].actor,
                    exportPackage(offices[from].app, offices[from].actor, ids[to]).bytes,
                  );
                  expect(res.summary.hold, 'nothing is held once the clocks are right').toBeUndefined();
                  importAck(offices[from].app, offices[from].actor, Buffer.from(res.ack!.bytes));
                }
          };
          try {
            // Each township starts with one record of every kind (parents first), known to the district.
            for (const t of [1, 2])
              for (const k of KINDS)
                if (RECIPES[k].madeAt !== 'district')
                  expect(createRecord(offices[t], k, TOWNSHIPS[t - 1], t * 100 + KINDS.indexOf(k)), k).toBeTruthy();
            exchangeAll();
            // Kinds only the office above writes (a decision on a township's submission), once the district holds their parents.
            for (const t of [1, 2])
              for (const k of KINDS)
                if (RECIPES[k].madeAt === 'district')
                  expect(createRecord(offices[0], k, TOWNSHIPS[t - 1], t * 100 + KINDS.indexOf(k)), k).toBeTruthy();
            exchangeAll();
            // Then the clocks go wrong.
            skews.forEach((s, i) => {
              offset[i] = s * YEAR;
            });
            for (const a of actions) {
              if (a.kind === 'create') {
                const o = a.office === 0 ? 0 : a.office;
                if (createRecord(offices[o], KINDS[a.entity], TOWNSHIPS[o === 0 ? a.township : o - 1], a.seed))
                  made.set(KINDS[a.entity], (made.get(KINDS[a.entity]) ?? 0) + 1);
              } else if (a.kind === 'touch') touchRecord(offices[a.office], KINDS[a.entity], a.pick, a.seed, a.what);
              else if (a.kind === 'send') {
                if (linked(a.from, a.to))
                  inFlight.push({
                    bytes: exportPackage(offices[a.from].app, offices[a.from].actor, ids[a.to]).bytes,
                    from: a.from,
                    to: a.to,
                  });
              } else if (a.kind === 'deliver' || a.kind === 'drop') {
                if (!inFlight.length) continue;
                const i = a.pick % inFlight.length;
                const p = inFlight[i];
                if (a.kind === 'drop' || !a.twice) inFlight.splice(i, 1);
                if (a.kind === 'deliver') deliver(p.bytes, p.from, p.to);
              } else if (a.kind === 'ack') {
                if (!acks.length) continue;
                const [ack] = acks.splice(a.pick % acks.length, 1);
                try {
                  importAck(offices[ack.to].app, offices[ack.to].actor, ack.bytes);
                } catch (e) {
                  if (!/导入过/.test((e as Error).message)) throw e; // a replayed ack is refused, by design
                }
              }
            }
            // Whatever the actions were, the clock path is reached when the clocks differ: the faster of two
            // linked offices makes a record and sends it to the slower one, which must hold it. The district makes it
            // in the receiving township (a package carries only what its receiver's area holds).
            const pair = [
              [0, 1],
              [0, 2],
              [1, 0],
              [2, 0],
            ].find(([a, b]) => skews[a] > skews[b]);
            if (pair) {
              const [a, b] = pair;
              expect(createRecord(offices[a], KINDS[0], TOWNSHIPS[a === 0 ? b - 1 : a - 1], 999)).toBeTruthy();
              expect(
                deliver(exportPackage(offices[a].app, offices[a].actor, ids[b]).bytes, a, b).ack ?? null,
                'held at the slower office',
              ).toBeNull();
            }
            // The clocks are put right; an office whose clock was fast re-stamps its own changes.
            offset.fill(0);
            for (const o of offices) if (ownClock(o.app).canRepair) repairClock(o.app, o.actor);
            for (const o of offices) expect(ownClock(o.app).warning).toBeNull();
            // Finally everyone exchanges everything (twice, so changes relayed by the district reach the townships).
            exchangeAll();
            for (const t of [1, 2]) expect(stateHash(offices[t].app)).toBe(stateHash(offices[0].app, new Set([TOWNSHIPS[t - 1]])));
            for (const o of offices) {
              expect(o.app.store.sqlite.prepare("SELECT count(*) FROM sync_quarantine WHERE status = 'held'").pluck().get()).toBe(0);
              // Every photo record's file is where it says, with the bytes its checksum names.
              for (const p of o.app.store.sqlite.prepare('SELECT householdId, fileName, sha256 FROM household_photos').all() as {
                householdId: string;
                fileName: string;
                sha256: string;
              }[]) {
                const file = join(o.app.photosDir, p.householdId, p.fileName);
                expect(existsSync(file), `photo ${p.fileName}`).toBe(true);
                expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(p.sha256);
              }
            }
            // Every overwritten leaf edit whose winner did not build on it is in some conflict log.
            const all = offices.flatMap(
              (o) =>
                o.app.store.sqlite.prepare('SELECT entity, recordId, field, value, hlc, baseHlc FROM change_log').all() as {
                  entity: string;
                  recordId: string;
                  field: string;
                  value: string;
                  hlc: string;
                  baseHlc: string | null;
                }[],
            );
            const byField = new Map<string, typeof all>();
            for (const c of all) {
              const k = `${c.entity}|${c.recordId}|${c.field}`;
              byField.set(k, [...(byField.get(k) ?? []).filter((x) => x.hlc !== c.hlc), c]);
            }
            const logged = new Set(
              offices.flatMap((o) =>
                (
                  o.app.store.sqlite.prepare('SELECT appliedHlc, otherHlc FROM sync_conflicts').all() as {
                    appliedHlc: string;
                    otherHlc: string;
                  }[]
                ).flatMap((r) => [r.otherHlc, r.appliedHlc]),
              ),
            );
            for (const edits of byField.values()) {
              const winner = edits.reduce((a, b) => (b.hlc > a.hlc ? b : a));
              for (const e of edits) {
                const builtOn = edits.some((x) => x.baseHlc === e.hlc);
                if (e === winner || builtOn || winner.baseHlc === e.hlc || e.value === winner.value || e.baseHlc === null) continue;
                expect(logged.has(e.hlc), `lost edit ${e.entity}.${e.field}=${e.value}`).toBe(true);
              }
            }
          } finally {
            h.cleanup();
          }
        },
      ),
      {
        numRuns: runs,
        // One run with three different clocks always comes first, so the held-package path is reached whatever
        // the random tuples are (fast-check may draw equal clocks for every office in a short run).
        examples: [[[], [1, 0, -1]]],
        ...(process.env.SYNC_SEED ? { seed: Number(process.env.SYNC_SEED) } : {}),
      },
    );
    // The property reached the clock paths it claims to test: some packages were held and later got in.
    expect(heldSeen).toBeGreaterThan(0);
    console.log(`sync convergence: ${runs} runs, ${heldSeen} packages held, records made: ${JSON.stringify(Object.fromEntries(made))}`);
  }, 600_000);

  it('knows how to make and edit every synced kind', () => {
    expect(KINDS.sort()).toEqual(Object.keys(ENTITIES).sort());
    for (const e of Object.values(ENTITIES) as unknown as EntityDef[]) expect(e.table).toBeTruthy();
  });
});
