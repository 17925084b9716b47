import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { Actor } from '../../electron/records/actor';
import { computeAll } from '../../electron/reports/engine';
import { overview, progress } from '../../electron/reporting/overview';
import { decide } from '../../electron/reporting/review';
import { detail, snapshotDrill, submitted, workbook } from '../../electron/reporting/snapshots';
import { precheck, submit } from '../../electron/reporting/submit';
import { relock, unlock } from '../../electron/reporting/windows';
import { updateSettings } from '../../electron/system/users';
import { leafColumns } from '../../shared/reports/tables';
import type { PreviewTable } from '../../shared/reports/contract';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';

/*
 * The reporting cycle at one office (issue 15): 报送 stores exactly what reports.preview showed, later edits
 * change the live figures but never the snapshot, a locked quarter refuses a clerk's edit that changes its
 * figures (database unchanged) and takes a reviewer's as an audited 调整, and the diff lists exactly the
 * figures that changed. Sync of these records is in reporting-sync.test.ts.
 */

// 2025-08-15: Q1 and Q2 of 2025 have ended; Q3 is under way.
const NOW = Date.parse('2025-08-15T10:00:00+08:00');
type T = Awaited<ReturnType<typeof makeApp>>;
let t: T | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

const clerk = (a: Actor): Actor => ({ ...a, userId: 'clerk-1', userName: '李填报', role: 'clerk' });
const reviewer = (a: Actor): Actor => ({ ...a, userId: 'rev-1', userName: '赵审核', role: 'reviewer' });

/** A township with two facilities in two villages, their Q1 and Q2 figures, a canteen month and a household. */
async function township() {
  t = await makeApp({ now: () => NOW });
  const { app, actor } = t;
  const f1 = app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '凤凰敬老院',
      type: '农村福利院(特困供养服务机构)',
      status: '运营',
      village: '凤凰村',
      bedsTotal: 80,
      bedsNursing: 50,
      caregivers: 10,
      caregiversCertified: 9,
      openedOn: '2010-01-01',
    },
    actor,
  ).record;
  const f2 = app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '西山日间照料中心',
      type: '社区日间照料中心/养老服务站',
      status: '运营',
      village: '西山社区',
      bedsTotal: 20,
      bedsNursing: 5,
      openedOn: '2020-05-01',
    },
    actor,
  ).record;
  const q1 = app.records.create('facilityQuarters', { facilityId: f1.id, year: 2025, quarter: 1, residents: 60 }, actor).record;
  app.records.create('facilityQuarters', { facilityId: f2.id, year: 2025, quarter: 1, residents: 12 }, actor);
  app.records.create('facilityQuarters', { facilityId: f1.id, year: 2025, quarter: 2, residents: 62 }, actor);
  const c = app.records.create(
    'canteens',
    {
      townshipCode: FENGHUANG,
      name: '凤凰幸福食堂',
      type: '老年餐桌(合作餐厅)',
      operationMode: '自营',
      status: '运营',
      village: '凤凰村',
      openedOn: '2021-01-01',
    },
    actor,
  ).record;
  const m = app.records.create(
    'canteenMonths',
    { canteenId: c.id, year: 2025, month: 2, openDays: 20, mealsTotal: 900, mealsElderly: 800 },
    actor,
  ).record;
  return { app, actor, f1, f2, q1, c, m };
}

const cell = (tables: PreviewTable[], tableId: string, label: string, key: string) =>
  tables.find((x) => x.table.id === tableId)!.rows.find((r) => r.label === label)!.values[key];

/** Every cell of two versions of the tables that differs, listed without the module's own comparison. */
function cellsThatDiffer(a: PreviewTable[], b: PreviewTable[]): string[] {
  const out: string[] = [];
  for (const ta of a) {
    const tb = b.find((x) => x.table.id === ta.table.id)!;
    const labels = new Set([...ta.rows.map((r) => r.label), ...tb.rows.map((r) => r.label)]);
    for (const label of labels)
      for (const c of leafColumns(ta.table)) {
        const va = ta.rows.find((r) => r.label === label)?.values[c.key] ?? null;
        const vb = tb.rows.find((r) => r.label === label)?.values[c.key] ?? null;
        if ((va ?? 0) !== (vb ?? 0) || (va === null) !== (vb === null)) out.push(`${ta.table.id}|${label}|${c.key}|${va}→${vb}`);
      }
  }
  return out.sort();
}

describe('报送: the snapshot is what reports.preview showed at that moment', () => {
  it('stores every figure of 表1–表4 and the workbook, and later edits change the live figures but not the snapshot', async () => {
    const { app, actor, f1, q1 } = await township();
    const before = JSON.parse(JSON.stringify(computeAll(app, 2025, 1))) as PreviewTable[];
    const state = await submit(app, actor, { year: 2025, quarter: 1, note: '第一季度按时报送' });
    // Q1's deadline was 2025-04-05: sent in August, it is late.
    expect(state).toMatchObject({ state: '已报送', timeliness: '逾期报送', deadline: '2025-04-05', locked: false });
    expect(state.submission).toMatchObject({ kind: '报送', submittedBy: '王管理', note: '第一季度按时报送' });
    const snap = submitted(app, 2025, 1)!;
    expect(snap.tables).toEqual(before);
    expect(cell(snap.tables, 't1', '合计', 'beds')).toBe(100);
    expect(cell(snap.tables, 't1', '凤凰村', 'residents')).toBe(60);

    // The workbook as exported: the same sheets and the same figures as the report export.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(workbook(app, state.submission!.id).dataBase64, 'base64') as unknown as ArrayBuffer);
    const t1 = book.getWorksheet('表1 养老机构基本情况')!;
    const totalRow = t1.getRows(1, t1.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    expect(totalRow.values).toContain(100);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['表1 养老机构基本情况', '表4 安全检查情况']));

    // Not locked yet (lock on approval by default): a clerk may correct Q1; the live figures move, the snapshot not.
    app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 61 } }, clerk(actor));
    app.records.update('facilities', { id: f1.id, patch: { bedsTotal: 90 } }, clerk(actor));
    const live = computeAll(app, 2025, 1);
    expect(cell(live, 't1', '凤凰村', 'residents')).toBe(61);
    expect(cell(live, 't1', '合计', 'beds')).toBe(110);
    expect(submitted(app, 2025, 1)!.tables).toEqual(before);

    // The diff lists exactly the cells that differ (checked against a plain cell-by-cell comparison).
    const d = detail(app, state.submission!.id);
    expect(
      d.changes
        .map(
          (c) =>
            `${c.tableId}|${d.tables.find((x) => x.table.id === c.tableId)!.rows.find((r) => r.label === c.rowLabel)!.label}|${c.columnKey}|${c.before}→${c.after}`,
        )
        .sort(),
    ).toEqual(cellsThatDiffer(before, live));
    expect(d.changes.length).toBeGreaterThanOrEqual(4); // residents ×2 rows, beds ×2 rows, nursing ratio ×2 rows
    expect(d.current).toEqual(live.map((t) => ({ ...t, warnings: t.warnings })));

    // The snapshot's drill-down lists the records behind a figure then and now.
    const dr = snapshotDrill(app, { submissionId: state.submission!.id, tableId: 't1', columnKey: 'residents', rowKey: 'v:凤凰村' });
    expect(dr.rows).toEqual([expect.objectContaining({ id: q1.id, sent: { residents: 60 }, now: { residents: 61 }, change: 'changed' })]);
    expect(dr.totalsThen).toEqual({ residents: 60 });
  });

  it('needs a 审核员 or 管理员, a quarter that has ended, and shows the failing checks first', async () => {
    const { app, actor } = await township();
    await expect(submit(app, clerk(actor), { year: 2025, quarter: 1 })).rejects.toThrow(/需要审核员或管理员/);
    await expect(submit(app, actor, { year: 2025, quarter: 3 })).rejects.toThrow(/2025-09-30 才结束/);
    const p = precheck(app, actor, 2025, 1);
    // No inspection at all: every month's expert coverage is 0 %, below 30 %; nursing beds 55 / 100 < 60 %.
    expect(p.items.map((i) => i.text).join('\n')).toMatch(/表4 安全检查情况·1月·覆盖率低于 30%:合计 0\.0%/);
    expect(p.items.map((i) => i.text).join('\n')).toMatch(/护理型床位占比低于 60%:合计 55\.0%/);
    expect(p.items.every((i) => i.level === 'warning')).toBe(true);
    expect(p.replaces).toBeNull();
    expect(dumpDb(app)).toBe(dumpDb(app));
  });
});

describe('locking a reported quarter', () => {
  async function approvedQ1() {
    const x = await township();
    // A township's quarter locks on the district's approval; here the setting locks it on submission.
    updateSettings(x.app, x.actor, { reportLockWhen: 'submitted' });
    const s = await submit(x.app, x.actor, { year: 2025, quarter: 1 });
    expect(s.locked).toBe(true);
    return { ...x, submissionId: s.submission!.id };
  }

  it('refuses a 填报员 edit that changes Q1 figures, naming the quarter and the figure; the database is unchanged', async () => {
    const { app, actor, q1, f1, m } = await approvedQ1();
    const before = dumpDb(app);
    expect(() => app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 70 } }, clerk(actor))).toThrow(
      /已报送的凤凰街道2025年第1季度报表数字\(表1·合计·在住老年人\(人\)·合计 72 → 82;表1·凤凰村·在住老年人\(人\)·合计 60 → 70\)/,
    );
    expect(() => app.records.remove('canteenMonths', m.id, clerk(actor))).toThrow(/填报员不能修改已报送季度的数字/);
    expect(() => app.records.update('facilities', { id: f1.id, patch: { bedsTotal: 81 } }, clerk(actor))).toThrow(/床位数/);
    expect(() =>
      app.records.create('facilityQuarters', { facilityId: f1.id, year: 2025, quarter: 1, residents: 1 }, clerk(actor)),
    ).toThrow(); // a second row of the same quarter is refused by its own rule anyway
    expect(dumpDb(app)).toBe(before);
  });

  it('lets edits through that change no Q1 figure: another quarter, a field no figure uses', async () => {
    const { app, actor, f1, q1 } = await approvedQ1();
    app.records.update('facilities', { id: f1.id, patch: { contactPhone: '0711-3456789', address: '凤凰路 1 号' } }, clerk(actor));
    app.records.create('facilityQuarters', { facilityId: f1.id, year: 2025, quarter: 3, residents: 63 }, clerk(actor));
    // Residents 60 → 60 with another field of the same row that no table reads: no figure moves.
    app.records.update('facilityQuarters', { id: q1.id, patch: { admissions: 3 } }, clerk(actor));
    expect(app.store.sqlite.prepare('SELECT count(*) FROM report_adjustments').pluck().get()).toBe(0);
  });

  it('takes a 审核员 edit with a reason as an audited 调整 that marks the quarter; without a reason it asks for one', async () => {
    const { app, actor, q1, submissionId } = await approvedQ1();
    const before = dumpDb(app);
    let asked: unknown;
    try {
      app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 58 } }, reviewer(actor));
    } catch (e) {
      asked = e;
    }
    expect(asked).toMatchObject({ code: 'CONFLICT', fieldErrors: [expect.objectContaining({ field: 'adjustReason' })] });
    expect(dumpDb(app)).toBe(before);
    app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 58 } }, reviewer(actor), {
      reason: '院方更正:2 人 3 月底已离院',
    });
    const adj = app.store.sqlite.prepare('SELECT * FROM report_adjustments').all() as Record<string, string>[];
    expect(adj).toHaveLength(1);
    expect(adj[0]).toMatchObject({
      submissionId,
      reason: '院方更正:2 人 3 月底已离院',
      adjustedBy: '赵审核',
      action: 'update',
      recordId: q1.id,
    });
    expect(JSON.parse(adj[0].changes)).toEqual(
      expect.arrayContaining([expect.objectContaining({ tableId: 't1', rowLabel: '合计', columnKey: 'residents', before: 72, after: 70 })]),
    );
    const audit = app.store.sqlite.prepare("SELECT userName, note FROM audit_log WHERE action = 'report-adjust'").all() as {
      note: string;
    }[];
    expect(audit).toEqual([{ userName: '赵审核', note: expect.stringMatching(/调整凤凰街道2025年第1季度\(原因:院方更正.*在住老年人/) }]);
    // The record's own history keeps the field change as usual.
    expect(app.records.history('facilityQuarters', q1.id).some((h) => h.field === 'residents' && h.newValue === '58')).toBe(true);
    const q = overview(app, 2025).own.find((x) => x.quarter === 1)!;
    expect(q).toMatchObject({ state: '已报送', adjustments: 1, differs: 2 });
    expect(progress(app).attention.map((x) => `${x.year}Q${x.quarter}`)).toEqual(['2025Q1']);
    // The same through the API: the reason travels with the update.
    const ctx = { ...t!.ctx, session: { ...t!.ctx.session, user: { ...t!.ctx.session.user!, role: 'reviewer' as const } } };
    const refused = await dispatch(ctx, 'facilityQuarters.update', { id: q1.id, patch: { residents: 57 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', fieldErrors: [{ field: 'adjustReason' }] } });
    const ok = await dispatch(ctx, 'facilityQuarters.update', { id: q1.id, patch: { residents: 57 }, adjustReason: '再次核对' });
    expect(ok).toMatchObject({ ok: true });
    expect(app.store.sqlite.prepare('SELECT count(*) FROM report_adjustments').pluck().get()).toBe(2);
  });

  it('a 更正报送 after adjustments replaces the submission; an unchanged quarter cannot be sent twice', async () => {
    const { app, actor, q1, submissionId } = await approvedQ1();
    expect(precheck(app, actor, 2025, 1).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'error', text: expect.stringMatching(/无需重新报送/) })]),
    );
    app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 59 } }, actor, { reason: '更正在住人数' });
    const p = precheck(app, actor, 2025, 1);
    expect(p.replaces?.id).toBe(submissionId);
    expect(p.changes.map((c) => `${c.rowLabel}:${c.columnKey}`).sort()).toEqual(['凤凰村:residents', '合计:residents']);
    const s2 = await submit(app, actor, { year: 2025, quarter: 1, note: '更正在住人数' });
    expect(s2.submission).toMatchObject({ kind: '更正报送', replacesId: submissionId });
    expect(s2.adjustments).toBe(0);
    expect(cell(submitted(app, 2025, 1)!.tables, 't1', '合计', 'residents')).toBe(71);
    expect(detail(app, s2.submission!.id).chain.map((c) => c.kind)).toEqual(['更正报送', '报送']);
  });

  it('an adjustment window lets every write through as an 调整 until it is closed', async () => {
    const { app, actor, q1, m } = await approvedQ1();
    expect(() => unlock(app, clerk(actor), { unitCode: FENGHUANG, year: 2025, quarter: 1, reason: '区里要求更正' })).toThrow(
      /审核员或管理员/,
    );
    unlock(app, reviewer(actor), { unitCode: FENGHUANG, year: 2025, quarter: 1, reason: '区里要求更正就餐人次' });
    app.records.update('canteenMonths', { id: m.id, patch: { mealsTotal: 950 } }, clerk(actor));
    const adj = app.store.sqlite.prepare('SELECT reason, adjustedBy FROM report_adjustments').all();
    expect(adj).toEqual([{ reason: '区里要求更正就餐人次', adjustedBy: '李填报' }]);
    relock(app, reviewer(actor), { unitCode: FENGHUANG, year: 2025, quarter: 1 });
    expect(() => app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 1 } }, clerk(actor))).toThrow(/填报员不能修改/);
    const events = app.store.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE 'report-%' ORDER BY id").pluck().all();
    expect(events).toEqual(['report-submit', 'report-unlock', 'report-adjust', 'report-relock']);
  });

  it('a returned quarter is open again; an approved one locks (the decision of the level above)', async () => {
    const { app, actor, q1 } = await township();
    const s = await submit(app, actor, { year: 2025, quarter: 1 });
    // No district here: its decision is written as the district would (sync tests carry it for real).
    expect(() => decide(app, actor, { submissionId: s.submission!.id, decision: '审核通过' })).toThrow(/下级单位/);
    app.records.update('facilityQuarters', { id: q1.id, patch: { residents: 64 } }, clerk(actor));
    expect(overview(app, 2025).own[0]).toMatchObject({ state: '已报送', locked: false, adjustments: 0, differs: 2 });
  });
});
