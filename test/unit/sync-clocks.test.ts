import { afterEach, describe, expect, it } from 'vitest';
import { ownClock, repairClock } from '../../electron/sync/clocks';
import { listHeld } from '../../electron/sync/quarantine';
import { exportPackage, importAck, importPackage, retryHeld, stateHash, syncStatus } from '../../electron/sync/service';
import { status } from '../../electron/system/service';
import { FENGHUANG } from '../helpers/app';
import { makeHierarchy } from '../helpers/sync';

/*
 * Honest offices with wrong clocks (issue 13, docs/sync.md "Clocks"): a township PC set to 2099 by accident,
 * a district PC whose date fell back to before this program existed. Nobody's clock is poisoned, no edit is
 * lost, and each end is told whose clock is wrong and in which direction, until it is put right.
 */

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const REAL = Date.UTC(2026, 9, 15, 2, 0, 0);
const YEAR = 365 * 86400_000;

async function pair() {
  const clocks = [REAL, REAL]; // district, 凤凰
  let tick = 0;
  const h = await makeHierarchy([FENGHUANG], { named: true, nowOf: (i) => () => clocks[i] + tick++ });
  cleanup = h.cleanup;
  const d = h.district;
  const [t] = h.townships;
  const f = t.app.records.create(
    'facilities',
    { townshipCode: FENGHUANG, name: '凤凰养老院', type: '其他', status: '运营', bedsTotal: 50 },
    t.actor,
  ).record;
  const dId = d.app.office()!.id;
  const tId = t.app.office()!.id;
  importAck(t.app, t.actor, Buffer.from(importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes).ack!.bytes));
  return { d, t, f, dId, tId, clocks };
}

describe('a township whose PC date is set years ahead', () => {
  it('its packages are held at the district until it puts the date right and re-stamps; then every edit gets in', async () => {
    const { d, t, f, dId, tId, clocks } = await pair();
    clocks[1] = REAL + 73 * YEAR; // someone set the township PC to 2099
    t.app.records.update('facilities', { id: f.id, patch: { bedsTotal: 80 } }, t.actor);
    t.app.records.update('facilities', { id: f.id, patch: { address: '凤凰路 1 号' } }, t.actor);
    // The township cannot know: its clock agrees with its own stamps.
    expect(ownClock(t.app).warning).toBeNull();
    const first = importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    expect(first.ack).toBeNull();
    expect(first.summary.hold?.message).toMatch(/比本机时间.*晚约 73 年.*很可能是“凤凰街道民政办”电脑的日期设快了/);
    // Another package, still stamped 2099: it replaces the one held before (it carries everything it did).
    t.app.records.update('facilities', { id: f.id, patch: { bedsNursing: 20 } }, t.actor);
    importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    expect(listHeld(d.app).map((p) => p.status)).toEqual(['held', 'superseded']);
    // The district: nothing applied, its clock where the PC's is, the township's clock named as fast.
    expect(d.app.records.getRaw('facilities', f.id)).toMatchObject({ bedsTotal: 50, address: null });
    expect(d.app.clock.aheadOfWallMs()).toBeLessThanOrEqual(0);
    expect(syncStatus(d.app)[0].clock).toMatchObject({
      direction: 'ahead',
      text: expect.stringMatching(/^对方电脑的时间比本机快约 73 年/),
    });
    expect(status(d.app, null).clockWarning).toBeNull(); // the district is not told its own clock is slow
    // The district's own edits keep working, and reach the township.
    d.app.records.update('facilities', { id: f.id, patch: { name: '凤凰中心养老院' } }, d.actor);
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
    // From the township's end: the district's package looks 73 years old, which may be this PC's fault.
    expect(syncStatus(t.app)[0].clock).toMatchObject({ direction: 'behind', text: expect.stringContaining('也可能是本机的日期快了') });

    // The clerk puts the date right: the township is told its stamps are ahead, and re-stamps them.
    clocks[1] = REAL + 3600_000;
    const mine = ownClock(t.app);
    expect(mine).toMatchObject({ canRepair: true, futureChanges: 3, wallImplausible: false });
    expect(mine.warning).toMatch(/电脑的日期曾被设到将来,或现在被调慢了.*“校正时间戳”.*3 项修改需要校正/);
    expect(repairClock(t.app, t.actor)).toEqual({ restamped: 3, edits: 3 });
    expect(ownClock(t.app).warning).toBeNull();
    expect(t.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'clock-repair'").pluck().get()).toBe(1);
    // Its next package is applied; the held one is settled; both copies agree; every edit is there.
    const next = importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    expect(next.summary.hold).toBeUndefined();
    importAck(t.app, t.actor, Buffer.from(next.ack!.bytes));
    expect(d.app.records.getRaw('facilities', f.id)).toMatchObject({
      bedsTotal: 80,
      address: '凤凰路 1 号',
      bedsNursing: 20,
      name: '凤凰中心养老院',
    });
    expect(listHeld(d.app).map((p) => p.status)).toEqual(['superseded', 'superseded']);
    expect(syncStatus(d.app)[0].clock).toBeNull();
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
    expect(stateHash(t.app)).toBe(stateHash(d.app));
    expect(d.app.clock.aheadOfWallMs()).toBeLessThan(24 * 3600_000);
  });

  it('re-stamping keeps what pointed at the old stamps: an edit made on top of another, the record’s own stamp', async () => {
    const { t, f, clocks } = await pair();
    clocks[1] = REAL + 2 * YEAR;
    t.app.records.update('facilities', { id: f.id, patch: { bedsTotal: 60 } }, t.actor);
    t.app.records.update('facilities', { id: f.id, patch: { bedsTotal: 70 } }, t.actor);
    clocks[1] = REAL + 7200_000;
    repairClock(t.app, t.actor);
    const rows = t.app.store.sqlite
      .prepare("SELECT value, hlc, baseHlc FROM change_log WHERE entity = 'facilities' AND field = 'bedsTotal' ORDER BY seq")
      .all() as { value: string; hlc: string; baseHlc: string | null }[];
    const [, sixty, seventy] = rows.map((r) => r);
    expect(rows.map((r) => r.value)).toEqual(['50', '60', '70']);
    expect(seventy.baseHlc).toBe(sixty.hlc);
    expect(Number(sixty.hlc.slice(0, 15))).toBeLessThan(REAL + 7200_000 + 1000);
    expect(t.app.records.getRaw('facilities', f.id).hlc).toBe(seventy.hlc);
  });
});

describe('a district whose PC date fell back (behind everyone)', () => {
  it('holds what looks ahead, says its own date is impossible, refuses to re-stamp; once put right it applies the held package', async () => {
    const { d, t, f, dId, clocks } = await pair();
    clocks[0] = Date.UTC(2025, 2, 1); // the district PC's battery died: March 2025
    t.app.records.update('facilities', { id: f.id, patch: { bedsTotal: 65 } }, t.actor);
    const res = importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    expect(res.ack).toBeNull();
    expect(res.summary.hold?.message).toContain('如果是本机的日期慢了,请改正本机日期后,在“暂存的同步包”中点“重新检查”');
    expect(ownClock(d.app)).toMatchObject({ wallImplausible: true, canRepair: false });
    expect(status(d.app, null).clockWarning).toMatch(/电脑的日期\(2025-03-01\)早于本程序的制作时间,肯定不对/);
    expect(() => repairClock(d.app, d.actor)).toThrow(/早于本程序的制作时间.*没有做任何改动/);
    // Checked again while still wrong: still held, nothing changed.
    const [held] = listHeld(d.app);
    expect(retryHeld(d.app, d.actor, held.packageId).ack).toBeNull();
    expect(d.app.records.getRaw('facilities', f.id).bedsTotal).toBe(50);
    clocks[0] = REAL + 60_000;
    const again = retryHeld(d.app, d.actor, held.packageId);
    expect(again.ack).not.toBeNull();
    expect(d.app.records.getRaw('facilities', f.id).bedsTotal).toBe(65);
    expect(listHeld(d.app)[0].status).toBe('applied');
    importAck(t.app, t.actor, Buffer.from(again.ack!.bytes));
    expect(() => retryHeld(d.app, d.actor, held.packageId)).toThrow(/已经处理过了/);
  });
});
