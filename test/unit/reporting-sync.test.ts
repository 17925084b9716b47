import { afterEach, describe, expect, it } from 'vitest';
import { decodeFile, type Body, type Manifest } from '../../electron/sync/format';
import {
  exportOfficeCard,
  exportPackage,
  importAck,
  importPackage,
  openPackage,
  registerOffice,
  writePackage,
} from '../../electron/sync/service';
import { overview, progress } from '../../electron/reporting/overview';
import { decide } from '../../electron/reporting/review';
import { detail, workbook } from '../../electron/reporting/snapshots';
import { submit } from '../../electron/reporting/submit';
import type { LedgerApp } from '../../electron/app';
import type { Actor } from '../../electron/records/actor';
import { dumpDb, FENGHUANG, GULOU, makeApp } from '../helpers/app';
import { makeHierarchy, type TestApp } from '../helpers/sync';

/*
 * The reporting cycle's records travel like every other record (issue 15): a submission goes up with the
 * next package, a 退回 or 审核通过 comes down, a district's roll-up goes to the city the same way; replaying a
 * package changes nothing, and what one office may not write (another township's submission, a decision on
 * its own submission, a change to a submission once made) refuses the package with nothing applied.
 */

const NOW = Date.parse('2025-04-03T10:00:00+08:00'); // Q1 2025 has ended; its deadline is 2025-04-05.
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const clerk = (a: Actor): Actor => ({ ...a, userId: 'clerk-1', userName: '李填报', role: 'clerk' });

/** Sends everything new from one office to another and brings the acknowledgement back. */
function send(from: TestApp, to: TestApp) {
  const pkg = exportPackage(from.app, from.actor, to.app.office()!.id);
  const res = importPackage(to.app, to.actor, pkg.bytes);
  importAck(from.app, from.actor, res.ack!.bytes as Buffer);
  return pkg;
}

function facilityWithQ1(t: TestApp, code: string, name: string, residents: number) {
  const f = t.app.records.create(
    'facilities',
    { townshipCode: code, name, type: '其他', status: '运营', bedsTotal: 50, bedsNursing: 30, openedOn: '2020-01-01' },
    t.actor,
  ).record;
  const q = t.app.records.create('facilityQuarters', { facilityId: f.id, year: 2025, quarter: 1, residents }, t.actor).record;
  return { f, q };
}

const state = (app: LedgerApp, code: string, quarter = 1) => {
  const o = overview(app, 2025);
  return [...o.own, ...o.below].find((x) => x.unitCode === code && x.quarter === quarter)!;
};

/** A package opened by its receiver, its body changed, then signed and sealed again by its (compromised) sender. */
function tampered(sender: LedgerApp, receiver: LedgerApp, bytes: Buffer, change: (b: Body) => void): Buffer {
  const file = decodeFile(openPackage(receiver, bytes), '同步包');
  const body = JSON.parse(file.body!) as Body;
  change(body);
  const m = file.manifest as Manifest;
  return writePackage(sender, { id: m.receiverId }, body, { full: m.full, fromSeq: m.fromSeq, toSeq: m.toSeq }).bytes;
}

describe('submissions and decisions travel between township and district', () => {
  it('报送 goes up, 退回 with its reason comes down, the correction goes up, 审核通过 comes down and locks', async () => {
    const h = await makeHierarchy([FENGHUANG, GULOU], { now: () => NOW });
    cleanup = h.cleanup;
    const [fh, gl] = h.townships;
    const d = h.district;
    const { q } = facilityWithQ1(fh, FENGHUANG, '凤凰敬老院', 30);
    facilityWithQ1(gl, GULOU, '古楼敬老院', 20);
    send(fh, d);
    send(gl, d);
    expect(state(d.app, FENGHUANG)).toMatchObject({ state: '未报送', officeName: '测试民政办', timeliness: '未到期' });

    const sent = await submit(fh.app, fh.actor, { year: 2025, quarter: 1 });
    send(fh, d);
    const atDistrict = state(d.app, FENGHUANG);
    expect(atDistrict).toMatchObject({ state: '已报送', timeliness: '按时', differs: 0 });
    expect(atDistrict.submission!.id).toBe(sent.submission!.id);
    // The district holds exactly what the township submitted: the figures and the workbook's bytes.
    const there = detail(d.app, sent.submission!.id);
    expect(there.tables).toEqual(detail(fh.app, sent.submission!.id).tables);
    expect(there.changes).toEqual([]);
    expect(workbook(d.app, sent.submission!.id).dataBase64).toBe(workbook(fh.app, sent.submission!.id).dataBase64);
    expect(progress(d.app).below).toMatchObject({ total: expect.any(Number), submitted: 1, approved: 0 });

    // 退回 travels down with its reason; the township's dashboard shows it.
    expect(() => decide(d.app, clerk(d.actor), { submissionId: sent.submission!.id, decision: '退回', reason: '在住人数偏少' })).toThrow(
      /审核员或管理员/,
    );
    expect(() => decide(d.app, d.actor, { submissionId: sent.submission!.id, decision: '退回' })).toThrow(/退回原因/);
    decide(d.app, d.actor, { submissionId: sent.submission!.id, decision: '退回', reason: '凤凰敬老院在住人数与民政系统不符,请核对' });
    send(d, fh);
    expect(state(fh.app, FENGHUANG)).toMatchObject({
      state: '已退回',
      decision: { reason: '凤凰敬老院在住人数与民政系统不符,请核对', officeName: '测试民政办' },
    });
    expect(progress(fh.app).attention.map((x) => x.decision?.reason)).toEqual(['凤凰敬老院在住人数与民政系统不符,请核对']);

    // Returned: open for correction, then sent again as a 更正报送.
    fh.app.records.update('facilityQuarters', { id: q.id, patch: { residents: 35 } }, clerk(fh.actor));
    const again = await submit(fh.app, fh.actor, { year: 2025, quarter: 1, note: '已核对民政系统' });
    expect(again.submission).toMatchObject({ kind: '更正报送', replacesId: sent.submission!.id });
    send(fh, d);
    expect(state(d.app, FENGHUANG)).toMatchObject({ state: '已报送', timeliness: '按时' });
    // Only the latest submission is decided on.
    expect(() => decide(d.app, d.actor, { submissionId: sent.submission!.id, decision: '审核通过' })).toThrow(/请审核最新的一次/);
    decide(d.app, d.actor, { submissionId: again.submission!.id, decision: '审核通过' });
    send(d, fh);
    expect(state(fh.app, FENGHUANG)).toMatchObject({ state: '已审核', locked: true, decision: { decision: '审核通过' } });
    // Approved at the district: the township's own clerk can no longer change Q1's figures …
    expect(() => fh.app.records.update('facilityQuarters', { id: q.id, patch: { residents: 36 } }, clerk(fh.actor))).toThrow(
      /已审核的凤凰街道2025年第1季度/,
    );
    // … and neither can the district's clerk in its copy of the township's records.
    expect(() => d.app.records.update('facilityQuarters', { id: q.id, patch: { residents: 36 } }, clerk(d.actor))).toThrow(
      /已审核的凤凰街道2025年第1季度/,
    );
    // An adjustment at the township travels up and marks the quarter at the district too.
    fh.app.records.update('facilityQuarters', { id: q.id, patch: { residents: 34 } }, fh.actor, { reason: '1 人 3 月 31 日离院' });
    send(fh, d);
    expect(state(d.app, FENGHUANG)).toMatchObject({ state: '已审核', adjustments: 1, differs: 2 });
    expect(detail(d.app, again.submission!.id).adjustments).toEqual([
      expect.objectContaining({
        reason: '1 人 3 月 31 日离院',
        recordId: q.id,
        changes: expect.arrayContaining([expect.objectContaining({ columnKey: 'residents', before: 35, after: 34 })]),
      }),
    ]);
  });

  it('replaying a package changes nothing', async () => {
    const h = await makeHierarchy([FENGHUANG], { now: () => NOW });
    cleanup = h.cleanup;
    const [fh] = h.townships;
    const d = h.district;
    facilityWithQ1(fh, FENGHUANG, '凤凰敬老院', 30);
    await submit(fh.app, fh.actor, { year: 2025, quarter: 1 });
    const pkg = exportPackage(fh.app, fh.actor, d.app.office()!.id);
    importPackage(d.app, d.actor, pkg.bytes);
    const once = dumpDb(d.app);
    expect(importPackage(d.app, d.actor, pkg.bytes).summary.alreadyImported).toBe(true);
    expect(dumpDb(d.app)).toBe(once);
  });

  it('a township cannot submit for another township: the package is refused and nothing changes', async () => {
    const h = await makeHierarchy([FENGHUANG, GULOU], { now: () => NOW });
    cleanup = h.cleanup;
    const [fh] = h.townships;
    const d = h.district;
    facilityWithQ1(fh, FENGHUANG, '凤凰敬老院', 30);
    await submit(fh.app, fh.actor, { year: 2025, quarter: 1 });
    const pkg = exportPackage(fh.app, fh.actor, d.app.office()!.id);
    // 凤凰's key signs a package whose submission (and its parts) claim to be 古楼's.
    const forged = tampered(fh.app, d.app, pkg.bytes, (b) => {
      for (const r of b.records) if (r.entity.startsWith('report')) r.townshipCode = GULOU;
      for (const c of b.changes) if (c.entity === 'reportSubmissions' && c.field === 'townshipCode') c.value = JSON.stringify(GULOU);
    });
    const before = dumpDb(d.app);
    expect(() => importPackage(d.app, d.actor, forged)).toThrow(/古楼街道/);
    expect(dumpDb(d.app)).toBe(before);
    expect(state(d.app, GULOU).state).toBe('未报送');
  });
});

describe('what an office may not write about a submission (shared/sync/rules.ts)', () => {
  async function submitted() {
    const h = await makeHierarchy([FENGHUANG], { now: () => NOW });
    cleanup = h.cleanup;
    const [fh] = h.townships;
    facilityWithQ1(fh, FENGHUANG, '凤凰敬老院', 30);
    const s = await submit(fh.app, fh.actor, { year: 2025, quarter: 1 });
    send(fh, h.district);
    return { fh, d: h.district, id: s.submission!.id };
  }

  it('a township cannot approve its own submission: a decision it wrote refuses the package', async () => {
    const { fh, d, id } = await submitted();
    // A compromised township writes the decision straight into its database (its service would refuse).
    fh.app.records.create(
      'reportDecisions',
      {
        submissionId: id,
        decision: '审核通过',
        reason: null,
        decidedAt: new Date(NOW).toISOString(),
        decidedBy: '自己',
        officeName: '测试民政办',
      },
      fh.actor,
    );
    const before = dumpDb(d.app);
    expect(() => send(fh, d)).toThrow(/这类记录只能由凤凰街道的上级单位填写/);
    expect(dumpDb(d.app)).toBe(before);
    expect(state(d.app, FENGHUANG).state).toBe('已报送');
  });

  it('a submission never changes once made: an altered figure part refuses the package', async () => {
    const { fh, d, id } = await submitted();
    const part = fh.app.store.sqlite
      .prepare("SELECT id, data FROM report_submission_parts WHERE submissionId = ? AND part = 'content'")
      .get(id) as {
      id: string;
      data: string;
    };
    // The engine refuses to change it; a compromised township's own code writes the row and its change anyway.
    const altered = `${part.data.slice(0, -8)}AAAAAAA=`;
    expect(() => fh.app.records.update('reportSubmissionParts', { id: part.id, patch: { data: altered } }, fh.actor)).toThrow(
      /创建后不能修改/,
    );
    fh.app.store.sqlite.prepare('UPDATE report_submission_parts SET data = ? WHERE id = ?').run(altered, part.id);
    fh.app.store.sqlite
      .prepare(
        "INSERT INTO change_log (entity, recordId, field, value, hlc, officeId, userId, baseHlc) VALUES ('reportSubmissionParts', ?, 'data', ?, ?, ?, NULL, NULL)",
      )
      .run(part.id, JSON.stringify(altered), fh.app.clock.next(), fh.app.office()!.id);
    const before = dumpDb(d.app);
    expect(() => send(fh, d)).toThrow(/创建后不能再改的“数据”/);
    expect(dumpDb(d.app)).toBe(before);
    expect(detail(d.app, id).changes).toEqual([]);
  });
});

describe('a district’s roll-up goes to the city the same way', () => {
  it('the city sees the district’s submission, returns it, and approves the correction', async () => {
    const h = await makeHierarchy([FENGHUANG], { now: () => NOW });
    const city = await makeApp({ level: 'city', divisionCode: '420700000000', now: () => NOW });
    cleanup = () => {
      h.cleanup();
      city.cleanup();
    };
    registerOffice(city.app, city.actor, exportOfficeCard(h.district.app).bytes);
    registerOffice(h.district.app, h.district.actor, exportOfficeCard(city.app).bytes);
    const [fh] = h.townships;
    const d = h.district;
    facilityWithQ1(fh, FENGHUANG, '凤凰敬老院', 30);
    const t = await submit(fh.app, fh.actor, { year: 2025, quarter: 1 });
    send(fh, d);
    decide(d.app, d.actor, { submissionId: t.submission!.id, decision: '审核通过' });
    // The district's checks name the townships that have not sent (鄂城区 has more than 凤凰).
    const mine = await submit(d.app, d.actor, { year: 2025, quarter: 1 });
    expect(mine).toMatchObject({ unitCode: '420704000000', level: 'district', state: '已报送' });
    send(d, city);
    const atCity = state(city.app, '420704000000');
    expect(atCity).toMatchObject({ state: '已报送', unitName: '鄂城区', officeName: '测试民政办', differs: 0 });
    expect(
      detail(city.app, mine.submission!.id)
        .tables.find((x) => x.table.id === 't1')!
        .rows.find((r) => r.code === FENGHUANG)!.values.residents,
    ).toBe(30);
    // The township's own submission and the district's decision on it were relayed too.
    expect(city.app.store.sqlite.prepare("SELECT count(*) FROM report_decisions WHERE decision = '审核通过'").pluck().get()).toBe(1);
    decide(city.app, city.actor, { submissionId: mine.submission!.id, decision: '退回', reason: '请补齐其他街道的数据' });
    send(city, d);
    expect(state(d.app, '420704000000')).toMatchObject({ state: '已退回', decision: { reason: '请补齐其他街道的数据' } });
    // A district cannot submit for one of its townships: its roll-up, given new ids (the city holds the
    // original) and relabelled as 凤凰's, is refused.
    const pkg = exportPackage(d.app, d.actor, city.app.office()!.id, true);
    const forged = tampered(d.app, city.app, pkg.bytes, (b) => {
      const ids = new Map(b.records.filter((r) => r.townshipCode === '420704000000').map((r) => [r.id, crypto.randomUUID()]));
      for (const r of b.records)
        if (ids.has(r.id)) {
          r.id = ids.get(r.id)!;
          r.townshipCode = FENGHUANG;
        }
      for (const c of b.changes) {
        if (!ids.has(c.recordId)) continue;
        c.recordId = ids.get(c.recordId)!;
        if (c.field === 'townshipCode') c.value = JSON.stringify(FENGHUANG);
        if (c.field === 'submissionId') c.value = JSON.stringify(ids.get(JSON.parse(c.value!)) ?? JSON.parse(c.value!));
      }
    });
    const cityBefore = dumpDb(city.app);
    expect(() => importPackage(city.app, city.actor, forged)).toThrow(/这类记录只能由凤凰街道自己填写/);
    expect(dumpDb(city.app)).toBe(cityBefore);
    // The city's decision on the district's roll-up does not go down to the township.
    send(d, fh);
    expect(fh.app.store.sqlite.prepare('SELECT count(*) FROM report_decisions').pluck().get()).toBe(1);
  });
});
