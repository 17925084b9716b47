import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { recordInspection } from '../../electron/inspections/service';
import { MAX_PRINT_ROWS, tablePrint } from '../../electron/lists/print';
import { seed } from '../../electron/seed/generate';
import { LedgerApp } from '../../electron/app';
import { catalogues } from '../../electron/system/service';
import type { Envelope } from '../../shared/api/errors';
import type { SearchResult, TableRequest } from '../../shared/lists/contract';
import { idCardCheckChar } from '../../shared/validators/idCard';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import { CHROMIUM } from '../e2e/helpers';
import { addRoleUsers, ctxAs } from '../helpers/contractCalls';
import { dumpDb, FENGHUANG, GULOU, makeApp, tempDir } from '../helpers/app';

/**
 * Every list to Excel and to paper (issue 16 item 2), search that finds (item 3), batch delete (item 8):
 * workbooks read back with ExcelJS, printouts turned into PDF by Chromium and read with pdftotext.
 */
const OUT = resolve(import.meta.dirname, '../../test-output/pdf');
let t: Awaited<ReturnType<typeof makeApp>>;
let users: Record<'clerk' | 'reviewer' | 'admin', string>;
let browser: Browser;
const ids: Record<string, string> = {};
const id18 = (first17: string) => first17 + idCardCheckChar(first17);
const PEOPLE = [
  { name: '欧阳秀英', idCard: id18('42070419480305002'), phone: '13912345678', village: '一村', year: 2026, status: '施工' },
  { name: '张建国', idCard: id18('42070419500101003'), phone: '13800001111', village: '二村', year: 2026, status: '申请' },
  { name: '李桂兰', idCard: id18('42070419451231004'), phone: '13700002222', village: '一村', year: 2025, status: '归档' },
];

async function call<T>(userId: string, method: string, input: unknown): Promise<Envelope<T>> {
  return (await dispatch(ctxAs(t.app, userId), method, input)) as Envelope<T>;
}
async function value<T>(userId: string, method: string, input: unknown): Promise<T> {
  const r = await call<T>(userId, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}
async function readBack(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { ws, rows };
}
async function pdf(name: string, html: string) {
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.close();
  execFileSync('pdftoppm', ['-png', '-r', '50', file, join(OUT, name)]);
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
  };
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  t = await makeApp({ level: 'district', divisionCode: '420704000000', name: '鄂城区民政局', now: () => Date.UTC(2026, 10, 20, 2) });
  users = addRoleUsers(t.app);
  for (const p of PEOPLE)
    ids[p.name] = t.app.records.create(
      'households',
      {
        townshipCode: p.village === '二村' ? GULOU : FENGHUANG,
        name: p.name,
        idCard: p.idCard,
        phone: p.phone,
        village: p.village,
        projectYear: p.year,
        status: p.status,
        categories: ['低保'],
        totalCost: 3200.5,
      },
      t.actor,
    ).record.id;
  ids.home = t.app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '凤凰街道颐养中心',
      type: '民办养老机构',
      status: '运营',
      bedsTotal: 80,
      contactName: '司马光明',
      contactPhone: '13587654321',
    },
    t.actor,
  ).record.id;
  ids.canteen = t.app.records.create(
    'canteens',
    {
      townshipCode: GULOU,
      name: '古楼幸福食堂',
      type: '老年食堂(幸福食堂)',
      status: '运营',
      foodLicenseNo: 'JY1',
      foodLicenseExpiry: '2026-01-31',
    },
    t.actor,
  ).record.id;
  const items = catalogues(t.app).checklist;
  const inspect = (subject: Record<string, unknown>, on: string, bad: number[]) =>
    recordInspection(t.app, t.actor, {
      inspection: { ...subject, inspectionType: '乡镇排查', inspectedOn: on, inspectors: '检查员甲' },
      answers: items.map((i, k) =>
        bad.includes(k) ? { itemCode: i.code, result: '不符合' as const } : { itemCode: i.code, result: '符合' as const },
      ),
    }).inspection.id;
  ids.inspHome = inspect({ subjectType: 'facility', facilityId: ids.home }, '2026-11-02', [0, 3]);
  ids.inspCanteen = inspect({ subjectType: 'canteen', canteenId: ids.canteen }, '2026-11-05', []);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  t?.cleanup();
});

describe('search that finds', () => {
  it('inspections by the name of the unit inspected; the hazard list names the unit, its township and the checklist item', () => {
    expect(t.app.records.list('inspections', { search: '颐养' }).rows.map((r) => r.id)).toEqual([ids.inspHome]);
    expect(t.app.records.list('inspections', { search: '幸福食堂' }).rows.map((r) => r.id)).toEqual([ids.inspCanteen]);
    const inspections = t.app.records.list('inspections', {}).rows as unknown as Record<string, unknown>[];
    expect(inspections.map((r) => [r.subjectName, r.hazardCount])).toEqual([
      ['古楼幸福食堂', 0],
      ['凤凰街道颐养中心', 2],
    ]);
    const items = catalogues(t.app).checklist;
    const hazards = t.app.records.list('hazards', { search: '颐养中心' }).rows as unknown as Record<string, unknown>[];
    expect(hazards.map((h) => [h.subjectName, h.townshipCode, h.itemText, h.inspectedOn]).sort()).toEqual(
      [
        ['凤凰街道颐养中心', FENGHUANG, items[0].text, '2026-11-02'],
        ['凤凰街道颐养中心', FENGHUANG, items[3].text, '2026-11-02'],
      ].sort(),
    );
    // A search with % or _ is text, not a pattern.
    expect(t.app.records.list('inspections', { search: '%' }).total).toBe(0);
  });

  it('households by the full 身份证号, exactly and in the main process, as typed or pasted; the list stays masked', async () => {
    const p = PEOPLE[0];
    expect(t.app.records.list('households', { search: p.idCard }).rows.map((r) => r.id)).toEqual([ids[p.name]]);
    // Lower-case x, full-width digits, a 15-digit old number of the same person all find that one.
    const lower = PEOPLE.find((x) => x.idCard.endsWith('X'));
    if (lower) expect(t.app.records.list('households', { search: lower.idCard.toLowerCase() }).total).toBe(1);
    const fullWidth = p.idCard.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(t.app.records.list('households', { search: fullWidth }).rows.map((r) => r.id)).toEqual([ids[p.name]]);
    const old15 = p.idCard.slice(0, 6) + p.idCard.slice(8, 17);
    expect(t.app.records.list('households', { search: old15 }).rows.map((r) => r.id)).toEqual([ids[p.name]]);
    // Another person's number (or a digit off) finds nobody; a prefix is not a LIKE match over all numbers.
    expect(t.app.records.list('households', { search: `${p.idCard.slice(0, 16)}99` }).total).toBe(0);
    expect(t.app.records.list('households', { search: p.idCard.slice(0, 12) }).total).toBe(0);
    const page = await value<{ rows: Record<string, unknown>[] }>(users.clerk, 'households.list', { search: p.idCard });
    expect(page.rows[0]).toMatchObject({ idCard: maskIdCard(p.idCard), name: maskName(p.name), phone: maskPhone(p.phone) });
    expect(JSON.stringify(page)).not.toContain(p.idCard);
  });

  it('one search over every kind, household names masked, each hit naming what it is', async () => {
    const r = await value<SearchResult>(users.clerk, 'search.global', { term: '颐养' });
    expect(r.hits.map((h) => [h.kind, h.id])).toEqual(
      expect.arrayContaining([
        ['facilities', ids.home],
        ['inspections', ids.inspHome],
      ]),
    );
    expect(r.hits.filter((h) => h.kind === 'hazards')).toHaveLength(2);
    expect(r.hits.find((h) => h.kind === 'inspections')).toMatchObject({ title: '凤凰街道颐养中心 2026-11-02' });
    const byId = await value<SearchResult>(users.clerk, 'search.global', { term: PEOPLE[1].idCard });
    expect(byId.hits).toEqual([
      { kind: 'households', id: ids['张建国'], title: maskName('张建国'), detail: expect.stringContaining(maskIdCard(PEOPLE[1].idCard)) },
    ]);
    expect(JSON.stringify(byId)).not.toContain(PEOPLE[1].idCard);
    expect(JSON.stringify(byId)).not.toContain('张建国');
  });

  it('the demo data words a hazard as the checklist item it failed, not its code', async () => {
    const dir = tempDir('lists-seed-');
    const app = new LedgerApp({ dataDir: dir });
    await seed(app, { scale: 'township', seed: 3 });
    const rows = app.store.sqlite
      .prepare(
        `SELECT h.description, ci.text FROM hazards h JOIN inspections i ON i.id = h.inspectionId
         JOIN checklist_items ci ON ci.version = i.checklistVersion AND ci.code = h.itemCode LIMIT 50`,
      )
      .all() as { description: string; text: string }[];
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.description).toBe(`不符合:${r.text}`);
    app.close();
  }, 120_000);
});

describe('export any list to Excel', () => {
  const request = (over: Partial<TableRequest> = {}): TableRequest => ({
    source: { kind: 'list', list: 'households', filters: { townshipCode: FENGHUANG }, sort: { field: 'projectYear', order: 'asc' } },
    columns: ['name', 'idCard', 'townshipCode', 'village', 'projectYear', 'status', 'categories', 'totalCost', 'phone'],
    ...over,
  });

  it('with the list’s filters, sort and shown columns; rows and masking equal the list', async () => {
    const out = await value<{ fileName: string; dataBase64: string; rows: number }>(users.clerk, 'lists.export', request());
    expect(out.fileName).toBe('鄂城区民政局适老化改造户名册2026-11-20.xlsx');
    const { ws, rows } = await readBack(out.dataBase64);
    // (Title and conditions are merged across the columns: ExcelJS reads the value in every merged cell.)
    expect(rows[0][0]).toBe('鄂城区民政局 适老化改造户名册');
    expect(String(rows[1][0])).toContain('乡镇(街道):凤凰街道;按“项目年度”升序;个人信息已脱敏');
    expect(rows[2]).toEqual(['老人姓名', '身份证号', '乡镇', '村/社区', '项目年度', '进度', '对象类别', '改造总费用(元)', '联系电话']);
    // The same rows as the list shows them (masked for everyone), in its order; numbers stay numbers.
    const list = await value<{ rows: Record<string, unknown>[] }>(users.clerk, 'households.list', {
      filters: { townshipCode: FENGHUANG },
      sort: { field: 'projectYear', order: 'asc' },
    });
    expect(rows.slice(3)).toEqual(
      list.rows.map((r) => [
        r.name,
        r.idCard,
        '凤凰街道',
        r.village,
        r.projectYear,
        r.status,
        (r.categories as string[]).join('、'),
        r.totalCost,
        r.phone,
      ]),
    );
    expect(rows.slice(3).map((r) => r[0])).toEqual([maskName('李桂兰'), maskName('欧阳秀英')]);
    expect(typeof rows[3][4]).toBe('number');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(JSON.stringify(rows)).not.toMatch(/42070419\d{9}[\dX]/);
    // The export is audited (what, how many rows).
    const audit = t.app.store.sqlite.prepare("SELECT action, note FROM audit_log WHERE entity = 'lists' ORDER BY id DESC LIMIT 1").get();
    expect(audit).toEqual({ action: 'export', note: '导出“适老化改造户名册”2 条到 Excel' });
  });

  it('full values only for a role that may reveal, audited; a clerk asking is refused with nothing returned', async () => {
    const refused = await call(users.clerk, 'lists.export', request({ reveal: true }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const out = await value<{ dataBase64: string }>(users.reviewer, 'lists.export', request({ reveal: true }));
    const { rows } = await readBack(out.dataBase64);
    expect(rows.slice(3).map((r) => [r[0], r[1], r[8]])).toEqual([
      ['李桂兰', PEOPLE[2].idCard, PEOPLE[2].phone],
      ['欧阳秀英', PEOPLE[0].idCard, PEOPLE[0].phone],
    ]);
    const audit = t.app.store.sqlite
      .prepare("SELECT action, userName FROM audit_log WHERE entity = 'lists' ORDER BY id DESC LIMIT 2")
      .all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'reveal', userName: '测试reviewer' },
        { action: 'export', userName: '测试reviewer' },
      ]),
    );
  });

  it('the chosen rows only; a column the list does not have is refused', async () => {
    const out = await value<{ dataBase64: string; rows: number }>(
      users.clerk,
      'lists.export',
      request({ source: { kind: 'list', list: 'households', ids: [ids['张建国']] }, columns: ['village', 'status'] }),
    );
    const { rows } = await readBack(out.dataBase64);
    expect(rows.slice(2)).toEqual([
      ['村/社区', '进度'],
      ['二村', '申请'],
    ]);
    expect(String(rows[1][0])).toContain('所选 1 条');
    expect(await call(users.clerk, 'lists.export', request({ columns: ['passwordHash'] }))).toMatchObject({
      ok: false,
      error: { message: '列表没有这些列:passwordHash' },
    });
    expect(await call(users.clerk, 'lists.export', request({ columns: ['next'] }))).toMatchObject({ ok: false });
  });

  it('the records behind a report figure, and 首页’s to-do lists, export too', async () => {
    const drill = await value<{ dataBase64: string }>(users.clerk, 'lists.export', {
      source: { kind: 'drill', drill: { year: 2026, quarter: 4, tableId: 't1', columnKey: 'count', townshipCode: null } },
    });
    const d = await readBack(drill.dataBase64);
    expect(d.rows[2].slice(0, 3)).toEqual(['记录', '类别', '乡镇(街道)']);
    expect(d.rows.slice(3).map((r) => r[0])).toEqual(['凤凰街道颐养中心', '合计']);
    const due = await value<{ dataBase64: string }>(users.clerk, 'lists.export', {
      source: { kind: 'due', check: 'self', year: 2026, month: 11 },
    });
    expect((await readBack(due.dataBase64)).rows.slice(2)).toEqual([
      ['名称', '类别', '乡镇(街道)', '状态'],
      ['凤凰街道颐养中心', '养老机构', '凤凰街道', '运营'],
    ]);
    const lic = await value<{ dataBase64: string }>(users.clerk, 'lists.export', { source: { kind: 'licences' } });
    expect((await readBack(lic.dataBase64)).rows.slice(3)).toEqual([['助餐点', '古楼幸福食堂', 'JY1', '2026-01-31 已过期']]);
  });
});

describe('print any list on A4', () => {
  it('title, the conditions, the date, 第 x 页 共 y 页; landscape when wide; masked', async () => {
    for (let i = 0; i < 70; i++)
      t.app.records.create(
        'facilities',
        { townshipCode: GULOU, name: `古楼第${i + 1}敬老院`, type: '农村互助照料中心', status: '运营', bedsTotal: i },
        t.actor,
      );
    const doc = await value<{ title: string; html: string }>(users.clerk, 'lists.print', {
      source: {
        kind: 'list',
        list: 'facilities',
        filters: { status: '运营' },
        search: '敬老院',
        sort: { field: 'bedsTotal', order: 'desc' },
      },
      columns: [
        'name',
        'townshipCode',
        'type',
        'operationMode',
        'status',
        'bedsTotal',
        'bedsNursing',
        'contactName',
        'contactPhone',
        'updatedAt',
      ],
    });
    const { text, info } = await pdf('list-facilities', doc.html);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('鄂城区民政局养老机构名录');
    expect(flat).toContain('筛选条件:状态:运营;搜索:“敬老院”;按“床位”降序;个人信息已脱敏');
    expect(flat).toContain('打印日期:2026-11-20共70条');
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(flat).toContain(`第1页共${pages}页`);
    expect(flat).toContain(`第${pages}页共${pages}页`);
    // Wide (10 columns): A4 landscape (842 × 595 pt); the header repeats on every page.
    expect(info).toMatch(/Page size:\s+841\.\d+ x 594\.\d+ pts \(A4\)/);
    expect(flat.split('床位总数').length - 1 + (flat.split('床位护理型').length - 1)).toBeGreaterThanOrEqual(pages);
    expect(flat.indexOf('古楼第70敬老院')).toBeLessThan(flat.indexOf('古楼第1敬老院'));
    expect(flat).not.toContain('司马光明');
    expect(flat).not.toContain('13587654321');
  }, 60_000);

  it('a narrow list prints portrait; too many rows are refused with what to do', async () => {
    const doc = await value<{ html: string }>(users.clerk, 'lists.print', {
      source: { kind: 'list', list: 'targets' },
      columns: ['year', 'townshipCode'],
    });
    const { text, info } = await pdf('list-targets-empty', doc.html);
    expect(info).toMatch(/Page size:\s+594\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(text.replace(/\s+/g, '')).toContain('没有符合条件的记录');
    const book = {
      title: '很长的名册',
      conditions: [],
      columns: [{ title: '名称', width: 100 }],
      rows: Array.from({ length: MAX_PRINT_ROWS + 1 }, () => ['x']),
    };
    expect(() => tablePrint(t.app, book)).toThrow(`这个列表有 ${MAX_PRINT_ROWS + 1} 条,一次最多打印 ${MAX_PRINT_ROWS} 条`);
    expect(() => tablePrint(t.app, { ...book, rows: book.rows.slice(1) })).not.toThrow();
  }, 30_000);
});

describe('batch actions', () => {
  it('deletes the chosen records in one transaction, each audited; one it may not delete refuses them all', async () => {
    const made = [0, 1, 2].map(
      (i) =>
        t.app.records.create('canteens', { townshipCode: FENGHUANG, name: `待删助餐点${i}`, type: '老年助餐点', status: '运营' }, t.actor)
          .record.id,
    );
    const before = dumpDb(t.app);
    expect(
      await call(users.clerk, 'lists.delete', { list: 'canteens', ids: [made[0], '00000000-0000-4000-8000-000000000000'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(dumpDb(t.app)).toBe(before);
    expect(await value(users.clerk, 'lists.delete', { list: 'canteens', ids: made.slice(0, 2) })).toEqual({ deleted: 2 });
    expect(made.map((id) => !!t.app.records.getRaw('canteens', id).deletedAt)).toEqual([true, true, false]);
    const audited = t.app.store.sqlite
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'delete' AND entity = 'canteens' AND userName = '测试clerk'`)
      .get() as { n: number };
    expect(audited.n).toBe(2);
  });

  it('prints the blank checklists of the chosen units', async () => {
    const doc = await value<{ title: string; html: string }>(users.clerk, 'lists.blankChecklists', {
      subjects: [
        { subjectType: 'facility', id: ids.home },
        { subjectType: 'canteen', id: ids.canteen },
      ],
    });
    expect(doc.title).toBe('安全检查表(空白)· 2 份');
    const { text } = await pdf('list-blank-checklists', doc.html);
    expect(text).toContain('凤凰街道颐养中心');
    expect(text).toContain('古楼幸福食堂');
  }, 30_000);
});
