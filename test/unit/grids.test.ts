import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { checkGrid, loadGrid, saveGrid } from '../../electron/grids/service';
import type { AppError } from '../../shared/api/errors';
import { parseClipboardBlock, parseGridNumber } from '../../shared/grids/cells';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';

/** The batch entry grids (issue 16): the records engine's rules per row, every valid row in one transaction. */

let t: Awaited<ReturnType<typeof makeApp>>;
const ids: Record<string, string> = {};
const facility = (name: string, over: Record<string, unknown> = {}) =>
  t.app.records.create(
    'facilities',
    { townshipCode: FENGHUANG, name, type: '民办养老机构', status: '运营', bedsTotal: 50, ...over },
    t.actor,
  ).record.id;

beforeAll(async () => {
  t = await makeApp({ now: () => Date.UTC(2026, 10, 20, 2) }); // 2026-11-20: the 4th quarter has begun
  ids.a = facility('甲敬老院');
  ids.b = facility('乙颐养院');
  ids.c = facility('丙护理院', { bedsTotal: 20 });
  ids.closed = facility('丁老年公寓', { status: '停业(注销)', statusDate: '2025-01-01' });
  ids.planned = facility('戊康养中心', { status: '筹建' });
  t.app.records.create('facilityQuarters', { facilityId: ids.a, year: 2026, quarter: 3, residents: 30, residentsDisabled: 10 }, t.actor);
  t.app.records.create('facilityQuarters', { facilityId: ids.b, year: 2026, quarter: 4, residents: 12 }, t.actor);
});
afterAll(() => t.cleanup());

describe('grid cells', () => {
  it('reads numbers as clerks paste them, and refuses what could mean two things', () => {
    expect(parseGridNumber('1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseGridNumber(' １２ ')).toEqual({ ok: true, value: 12 });
    expect(parseGridNumber('56人次')).toEqual({ ok: true, value: 56 });
    expect(parseGridNumber('1,234.50元')).toEqual({ ok: true, value: 1234.5 });
    expect(parseGridNumber('')).toEqual({ ok: true, value: null });
    expect(parseGridNumber('—')).toEqual({ ok: true, value: null });
    expect(parseGridNumber(12.5)).toEqual({ ok: true, value: 12.5 });
    expect(parseGridNumber('1,23')).toMatchObject({ ok: false, error: expect.stringContaining('逗号位置不对') });
    expect(parseGridNumber('12 34')).toMatchObject({ ok: false, error: '“12 34”不是数字' });
    expect(parseGridNumber('3万元')).toMatchObject({ ok: false });
    expect(parseGridNumber('50%')).toMatchObject({ ok: false });
    expect(parseGridNumber('约30')).toMatchObject({ ok: false });
  });

  it('splits a block copied from Excel or WPS', () => {
    expect(parseClipboardBlock('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseClipboardBlock('1\t2\n3\t4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseClipboardBlock('5\r')).toEqual([['5']]);
    expect(parseClipboardBlock('\t7\n')).toEqual([['', '7']]);
    expect(parseClipboardBlock('"a\tb"\t"say ""hi"""\n')).toEqual([['a\tb', 'say "hi"']]);
    expect(parseClipboardBlock('"1,234"\t9')).toEqual([['1,234', '9']]);
    expect(parseClipboardBlock('')).toEqual([]);
  });
});

describe('季度填报 grid', () => {
  it('lists the running facilities with this quarter’s row and the last quarter’s figures', () => {
    const g = loadGrid(t.app, 'facilityQuarters', 2026, 4);
    expect(g.rows.map((r) => r.name).sort()).toEqual(['丙护理院', '乙颐养院', '甲敬老院'].sort());
    const a = g.rows.find((r) => r.parentId === ids.a)!;
    expect(a).toMatchObject({ record: null, previous: { residents: 30, residentsDisabled: 10, residentsTekun: null }, info: '床位 50 张' });
    expect(g.rows.find((r) => r.parentId === ids.b)!.record).toMatchObject({ values: { residents: 12 } });
  });

  it('refuses per row what the record form refuses, with the same messages, and writes nothing on a check', () => {
    const before = dumpDb(t.app);
    const res = checkGrid(t.app, 'facilityQuarters', 2026, 4, [
      { parentId: ids.a, values: { residents: '40', residentsDisabled: '41' } },
      { parentId: ids.c, values: { residents: 'abc' } },
    ]);
    // The same input through the record's own create gives the same message.
    let formError: AppError | undefined;
    try {
      t.app.records.create(
        'facilityQuarters',
        { facilityId: ids.a, year: 2026, quarter: 4, residents: 40, residentsDisabled: 41 },
        t.actor,
      );
    } catch (e) {
      formError = e as AppError;
    }
    expect(res[0]).toMatchObject({ status: 'refused' });
    expect(res[0].issues.filter((i) => i.level === 'error').map((i) => i.message)).toEqual(
      formError!.fieldErrors!.filter((i) => i.level === 'error').map((i) => i.message),
    );
    expect(res[0].issues[0]).toMatchObject({ field: 'residentsDisabled', message: '失能/半失能人数不能多于在住老年人数' });
    expect(res[1]).toMatchObject({ status: 'refused', issues: [{ field: 'residents', message: '季末在住老年人数:“abc”不是数字' }] });
    // A warning of the database's rules (more residents than beds) comes with the check too.
    expect(checkGrid(t.app, 'facilityQuarters', 2026, 4, [{ parentId: ids.c, values: { residents: '25' } }])[0]).toMatchObject({
      status: 'saved',
      issues: [{ field: 'residents', level: 'warning', message: '在住老年人数(25)多于机构的床位总数(20 张),请核对' }],
    });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('saves every valid row in one transaction and says which were refused and why', () => {
    const g = loadGrid(t.app, 'facilityQuarters', 2026, 4);
    const b = g.rows.find((r) => r.parentId === ids.b)!.record!;
    const res = saveGrid(t.app, t.actor, 'facilityQuarters', 2026, 4, [
      { parentId: ids.a, values: { residents: '1,234', residentsDisabled: '' } },
      { parentId: ids.b, id: b.id, baseHlc: b.hlc, values: { residents: 12, residentsDisabled: '13' } },
      { parentId: ids.c, values: { residents: '18', residentsTekun: '2' } },
    ]);
    expect(res).toMatchObject({ saved: 2, refused: 1 });
    expect(res.results[1]).toMatchObject({ parentId: ids.b, status: 'refused', issues: [{ field: 'residentsDisabled' }] });
    const rows = t.app.records.list('facilityQuarters', { filters: { year: 2026, quarter: 4 } }).rows;
    expect(Object.fromEntries(rows.map((r) => [r.facilityId, [r.residents, r.residentsDisabled, r.residentsTekun]]))).toEqual({
      [ids.a]: [1234, null, null],
      [ids.b]: [12, null, null],
      [ids.c]: [18, null, 2],
    });
    // Audited as the clerk's own creates, one entry per filled field.
    const audit = t.app.store.sqlite
      .prepare("SELECT field, newValue, userName FROM audit_log WHERE entity = 'facilityQuarters' AND recordId = ? ORDER BY id")
      .all(res.results[2].record!.id);
    expect(audit).toEqual(
      expect.arrayContaining([
        { field: 'residents', newValue: '18', userName: '王管理' },
        { field: 'residentsTekun', newValue: '2', userName: '王管理' },
      ]),
    );
  });

  it('leaves unchanged rows alone, refuses a stale row, a cleared row and a quarter not begun', () => {
    const g = loadGrid(t.app, 'facilityQuarters', 2026, 4);
    const a = g.rows.find((r) => r.parentId === ids.a)!.record!;
    const before = dumpDb(t.app);
    const res = saveGrid(t.app, t.actor, 'facilityQuarters', 2026, 4, [
      { parentId: ids.a, id: a.id, baseHlc: a.hlc, values: { residents: 1234 } },
      // Opened before someone else entered this facility's quarter: not overwritten.
      { parentId: ids.c, values: { residents: '19' } },
      { parentId: ids.b, id: g.rows.find((r) => r.parentId === ids.b)!.record!.id, values: { residents: '' } },
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['unchanged', 'refused', 'refused']);
    expect(res.results[1].issues[0].message).toContain('已由他人录入');
    expect(res.results[2].issues[0].message).toContain('表格不删除已保存的数据');
    expect(dumpDb(t.app)).toBe(before);
    const future = saveGrid(t.app, t.actor, 'facilityQuarters', 2027, 1, [{ parentId: ids.a, values: { residents: '3' } }]);
    expect(future.results[0]).toMatchObject({
      status: 'refused',
      issues: [{ field: 'quarter', message: '2027 年第 1 季度还没有开始,不能填报这个季度的数据' }],
    });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('an unexpected failure in the middle rolls back the rows already written', () => {
    const before = dumpDb(t.app);
    const real = t.app.records.create.bind(t.app.records);
    let calls = 0;
    const spy = vi.spyOn(t.app.records, 'create').mockImplementation((...args) => {
      if (++calls === 2) throw new Error('disk I/O error');
      return real(...args);
    });
    expect(() =>
      saveGrid(t.app, t.actor, 'facilityQuarters', 2026, 2, [
        { parentId: ids.a, values: { residents: '5' } },
        { parentId: ids.c, values: { residents: '6' } },
      ]),
    ).toThrow('disk I/O error');
    spy.mockRestore();
    expect(dumpDb(t.app)).toBe(before);
  });

  it('through the API: a cell that is too long, an unknown column and a row outside the area are refused', async () => {
    const call = (m: string, p: unknown) => dispatch(t.ctx, m, p);
    expect(
      await call('grids.save', {
        kind: 'facilityQuarters',
        year: 2026,
        period: 4,
        rows: [{ parentId: ids.a, values: { x: 'y'.repeat(61) } }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const r = await call('grids.save', {
      kind: 'facilityQuarters',
      year: 2026,
      period: 1,
      rows: [
        { parentId: ids.a, values: { bedsTotal: '9' } },
        { parentId: '00000000-0000-4000-8000-000000000000', values: { residents: '9' } },
      ],
    });
    expect(r).toMatchObject({ ok: true });
    const v = (r as { value: { results: { status: string; issues: { message: string }[] }[] } }).value.results;
    expect(v.map((x) => [x.status, x.issues[0].message])).toEqual([
      ['refused', '不认识的栏目:bedsTotal'],
      ['refused', '这个养老机构不存在、已删除或不在本单位管辖范围内,这一行没有保存'],
    ]);
    expect(await call('grids.load', { kind: 'facilityQuarters', year: 2026, period: 5 })).toMatchObject({
      ok: false,
      error: { message: '季度应为 1–4' },
    });
  });
});

describe('月度运营填报 grid', () => {
  it('checks a canteen month by the month’s rules (parts ≤ totals, days in the month)', () => {
    const canteen = t.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '凤凰幸福食堂', type: '老年食堂(幸福食堂)', status: '运营', foodLicenseNo: 'JY1' },
      t.actor,
    ).record.id;
    expect(loadGrid(t.app, 'canteenMonths', 2026, 2).rows.map((r) => r.name)).toEqual(['凤凰幸福食堂']);
    const res = saveGrid(t.app, t.actor, 'canteenMonths', 2026, 2, [
      { parentId: canteen, values: { openDays: '29', mealsTotal: '1,200', mealsElderly: '900', subsidyAmount: '3,000.50' } },
    ]);
    expect(res.results[0]).toMatchObject({
      status: 'refused',
      issues: [{ field: 'openDays', message: '开餐天数不能超过当月天数(28 天)' }],
    });
    const ok = saveGrid(t.app, t.actor, 'canteenMonths', 2026, 2, [
      { parentId: canteen, values: { openDays: '28', mealsTotal: '1,200', mealsElderly: '900', subsidyAmount: '3,000.50' } },
    ]);
    expect(ok.saved).toBe(1);
    expect(t.app.records.getRaw('canteenMonths', ok.results[0].record!.id)).toMatchObject({
      mealsTotal: 1200,
      subsidyAmount: 3000.5,
      month: 2,
    });
  });
});
