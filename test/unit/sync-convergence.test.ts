import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportPackage, importAck, importPackage, stateHash } from '../../electron/sync/service';
import { FENGHUANG, GULOU } from '../helpers/app';
import { makeHierarchy, type TestApp } from '../helpers/sync';

/**
 * Property (spec §9): several offices edit and delete at random with skewed clocks; packages travel in
 * random order, some twice, some lost and sent again. Once everyone has finally received everything, every
 * copy holds the same state for the records it shares, and every edit that was overwritten by a concurrent
 * one (without its author's knowledge) is in a conflict log.
 */
type Action =
  | { kind: 'create'; office: number; township: 0 | 1; name: string }
  | { kind: 'edit'; office: number; pick: number; field: 'bedsTotal' | 'address' | 'name'; value: number }
  | { kind: 'delete'; office: number; pick: number }
  | { kind: 'restore'; office: number; pick: number }
  | { kind: 'send'; from: number; to: number }
  | { kind: 'deliver'; pick: number; twice: boolean }
  | { kind: 'drop'; pick: number }
  | { kind: 'ack'; pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      office: fc.nat(2),
      township: fc.constantFrom(0 as const, 1 as const),
      name: fc.constantFrom('甲', '乙', '丙', '丁'),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      office: fc.nat(2),
      pick: fc.nat(3),
      field: fc.constantFrom('bedsTotal' as const, 'address' as const, 'name' as const),
      value: fc.nat(5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), office: fc.nat(2), pick: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), office: fc.nat(2), pick: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.nat(2), to: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), twice: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }) },
);

const TOWNSHIPS = [FENGHUANG, GULOU];
const YEAR = 365 * 86400_000;

describe('sync convergence (property)', () => {
  it('any order, repetition, loss and clock skew end in the same state with every clash recorded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 5, maxLength: 40 }),
        fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 })),
        async (actions, skews) => {
          let tick = Date.UTC(2026, 5, 1);
          const clockFor = (i: number) => () => (tick += 7) + skews[i] * YEAR;
          const h = await makeHierarchyWithClocks(clockFor);
          const offices: TestApp[] = [h.district, ...h.townships]; // 0 = district, 1 = 凤凰, 2 = 古楼
          const ids = offices.map((o) => o.app.office()!.id);
          const inFlight: { bytes: Buffer; from: number; to: number }[] = [];
          const acks: { bytes: Buffer; to: number }[] = [];
          const visible = (o: number) =>
            offices[o].app.records.list('facilities', { includeDeleted: true, pageSize: 500, sort: { field: 'createdAt', order: 'asc' } })
              .rows;
          const linked = (a: number, b: number) => a !== b && (a === 0 || b === 0);
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
                  importAck(offices[from].app, offices[from].actor, Buffer.from(res.ack.bytes));
                }
          };
          try {
            // Two facilities per township that every office knows, so edits collide often.
            for (const t of [1, 2])
              for (const name of ['共有甲', '共有乙'])
                offices[t].app.records.create(
                  'facilities',
                  { townshipCode: TOWNSHIPS[t - 1], name, type: '其他', status: '运营' },
                  offices[t].actor,
                );
            exchangeAll();
            for (const a of actions) {
              try {
                if (a.kind === 'create') {
                  const o = a.office === 0 ? 0 : a.township + 1;
                  offices[o].app.records.create(
                    'facilities',
                    { townshipCode: TOWNSHIPS[o === 0 ? a.township : o - 1], name: a.name, type: '其他', status: '运营' },
                    offices[o].actor,
                  );
                } else if (a.kind === 'edit' || a.kind === 'delete' || a.kind === 'restore') {
                  const rows = visible(a.office);
                  if (!rows.length) continue;
                  const r = rows[a.pick % rows.length];
                  const t = offices[a.office];
                  if (a.kind === 'delete') t.app.records.remove('facilities', r.id, t.actor);
                  else if (a.kind === 'restore') t.app.records.restore('facilities', r.id, t.actor);
                  else if (!r.deletedAt)
                    t.app.records.update(
                      'facilities',
                      { id: r.id, patch: { [a.field]: a.field === 'bedsTotal' ? a.value * 10 : `${a.field}-${a.value}` } },
                      t.actor,
                    );
                } else if (a.kind === 'send') {
                  if (!linked(a.from, a.to)) continue;
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
                  if (a.kind === 'deliver') {
                    const res = importPackage(offices[p.to].app, offices[p.to].actor, p.bytes);
                    acks.push({ bytes: Buffer.from(res.ack.bytes), to: p.from });
                  }
                } else if (a.kind === 'ack') {
                  if (!acks.length) continue;
                  const [ack] = acks.splice(a.pick % acks.length, 1);
                  try {
                    importAck(offices[ack.to].app, offices[ack.to].actor, ack.bytes);
                  } catch (e) {
                    if (!/导入过/.test((e as Error).message)) throw e; // a replayed ack is refused, by design
                  }
                }
              } catch (e) {
                // Validation refusals of random edits (e.g. a deleted record) are expected; anything else is a bug.
                if (!/没有保存|已被删除|不能修改|已经导入过/.test((e as Error).message)) throw e;
              }
            }
            // Finally everyone exchanges everything (twice, so changes relayed by the district reach the townships).
            exchangeAll();
            for (const t of [1, 2]) expect(stateHash(offices[t].app)).toBe(stateHash(offices[0].app, new Set([TOWNSHIPS[t - 1]])));
            // Every overwritten leaf edit whose winner did not build on it is in some conflict log.
            const all = offices.flatMap(
              (o) =>
                o.app.store.sqlite
                  .prepare("SELECT entity, recordId, field, value, hlc, baseHlc FROM change_log WHERE entity = 'facilities'")
                  .all() as { recordId: string; field: string; value: string; hlc: string; baseHlc: string | null }[],
            );
            const byField = new Map<string, typeof all>();
            for (const c of all)
              byField.set(`${c.recordId}|${c.field}`, [
                ...(byField.get(`${c.recordId}|${c.field}`) ?? []).filter((x) => x.hlc !== c.hlc),
                c,
              ]);
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
                expect(logged.has(e.hlc), `lost edit ${e.field}=${e.value}`).toBe(true);
              }
            }
          } finally {
            h.cleanup();
          }
        },
      ),
      { numRuns: Number(process.env.SYNC_RUNS ?? 25) },
    );
  }, 240_000);
});

async function makeHierarchyWithClocks(clockFor: (i: number) => () => number) {
  // The hierarchy helper takes one clock; offices get their own by wrapping now() per app after creation.
  const h = await makeHierarchy(TOWNSHIPS);
  [h.district, ...h.townships].forEach((o, i) => {
    const now = clockFor(i);
    (o.app as unknown as { now: () => number }).now = now;
    (o.app.clock as unknown as { now: () => number }).now = now;
  });
  return h;
}
