import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/service';
import { computeTable } from '../../electron/reports/engine';
import { REPORT_TABLES } from '../../shared/reports/tables';
import { AppError } from '../../shared/api/errors';
import type { ImportPreview } from '../../shared/import/contract';
import type { ImportKind } from '../../shared/import/kinds';
import { dumpDb, FENGHUANG, GULOU, makeApp } from '../helpers/app';
import { encodeGb18030, HOUSEHOLD_LEDGER_HEADER, idCardFor, ledgerXlsx, type Row } from '../helpers/ledgers';

type Env = Awaited<ReturnType<typeof makeApp>>;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

async function start(opts: Parameters<typeof makeApp>[0] = {}) {
  env = await makeApp(opts);
  return { ...env, svc: new ImportService(env.app) };
}

const b64 = (b: Buffer) => b.toString('base64');
const sql = <T>(e: Env, q: string, ...p: unknown[]) => e.app.store.sqlite.prepare(q).all(...p) as T[];
const errorsOf = (p: ImportPreview, row: number) =>
  p.rows
    .find((r) => r.row === row)
    ?.issues.filter((i) => i.level === 'error')
    .map((i) => `${i.column ?? ''}:${i.message}`) ?? [];

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

const facilityHeader: Row[] = [
  ['序号', '机构名称', '乡镇(街道)', '机构类型', '床位数', null, '成立日期', '投保责任险', '负责人电话', '运营状态'],
  ['序号', '机构名称', '乡镇(街道)', '机构类型', '总数', '其中护理型', '成立日期', '投保责任险', '负责人电话', '运营状态'],
];
const facilityMerges = ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:F3', 'G3:G4', 'H3:H4', 'I3:I4', 'J3:J4'];

describe('import of an existing facility ledger', () => {
  it('title, merged two-row header, 栏次, blank rows, 合计 and footer; dates, flags and numbers in every spelling', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '凤凰街道养老机构基本情况台账',
      header: facilityHeader,
      merges: facilityMerges,
      columnNumbers: true,
      rows: [
        [1, '阳光养老院', '凤凰街道', '民办', '60张', '20', 45052, '是', '13912345678', '正常运营'],
        [2, '凤凰敬老院', '凤凰', '敬老院', 80, 30, '2019.5.6', '√', null, '运营'],
        [null, null, null, null, null, null, null, null, null, null],
        [3, '幸福日间照料中心', '凤凰街道', '日间照料中心', 10, 0, '2021年10月1日', '×', null, '运营'],
        [4, '东湖颐养中心', '凤凰街道', '民办养老机构', 50, 10, '20220506', '否', null, '运营'],
        [5, '江滨互助照料中心', '凤凰街道', '互助照料中心', 12, null, new Date(Date.UTC(2020, 0, 15)), null, null, '在建'],
        ['合计', null, null, null, 212, 60, null, null, null, null],
      ],
      footer: [['填表人:张三', null, null, '审核人:李四']],
    });
    const p = await e.svc.preview({ kind: 'facilities', fileName: '机构台账.xlsx', dataBase64: b64(file) }, e.actor);
    expect(p.headerRow).toBe(4);
    const mapped = Object.fromEntries(p.columns.map((c) => [c.header, c.key]));
    expect(mapped).toMatchObject({
      机构名称: 'name',
      '乡镇(街道)': 'township',
      机构类型: 'type',
      '床位数/总数': 'bedsTotal',
      '床位数/其中护理型': 'bedsNursing',
      成立日期: 'openedOn',
      投保责任险: 'liabilityInsurance',
      负责人电话: 'contactPhone',
      运营状态: 'status',
      序号: null,
    });
    expect(p.counts).toMatchObject({ total: 5, create: 5, update: 0, error: 0 });
    expect(p.notes.join('\n')).toMatch(/第 12 行是合计/);
    expect(p.notes.join('\n')).toMatch(/第 13 行是填表人/);
    expect(p.notes.join('\n')).toMatch(/跳过了 1 个空行/);
    const before = sql<{ n: number }>(e, 'select count(*) n from facilities')[0].n;
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect(s).toMatchObject({ created: 5, updated: 0, skipped: 0, failed: [] });
    expect(s.backupName).toMatch(/-import$/);
    const rows = sql<Record<string, unknown>>(
      e,
      'select name, townshipCode, type, bedsTotal, bedsNursing, openedOn, liabilityInsurance, contactPhone, status from facilities order by name',
    );
    expect(rows.length - before).toBe(5);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.阳光养老院).toEqual({
      name: '阳光养老院',
      townshipCode: FENGHUANG,
      type: '民办养老机构',
      bedsTotal: 60,
      bedsNursing: 20,
      openedOn: '2023-05-06',
      liabilityInsurance: 1,
      contactPhone: '13912345678',
      status: '运营',
    });
    expect(byName.凤凰敬老院).toMatchObject({ type: '农村福利院(特困供养服务机构)', openedOn: '2019-05-06', liabilityInsurance: 1 });
    expect(byName.幸福日间照料中心).toMatchObject({
      type: '社区日间照料中心/养老服务站',
      openedOn: '2021-10-01',
      liabilityInsurance: 0,
    });
    expect(byName.东湖颐养中心).toMatchObject({ openedOn: '2022-05-06' });
    expect(byName.江滨互助照料中心).toMatchObject({
      type: '农村互助照料中心',
      openedOn: '2020-01-15',
      status: '筹建',
      bedsNursing: null,
    });
    // Each record is in the audit trail like a hand-entered one, and the import itself is one event.
    expect(sql(e, "select 1 from audit_log where action = 'create' and entity = 'facilities'").length).toBeGreaterThanOrEqual(5);
    expect(sql<{ note: string }>(e, "select note from audit_log where action = 'import'")[0].note).toContain('新增 5');
  });

  it('row errors name the Excel row and the sheet column; mode all changes nothing, mode valid imports the rest in one go', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '机构台账',
      header: [['机构名称', '乡镇', '机构类型', '床位总数', '其中护理型床位', '成立日期']],
      rows: [
        ['甲院', '凤凰街道', '民办', 10, 2, '2020-01-01'],
        ['乙院', '古楼街道', '民办', 10, 2, '2020-01-01'], // another township: not this office's
        ['丙院', '凤凰街道', '民办', 10, 20, '2020-01-01'], // more nursing beds than beds
        ['丁院', '凤凰街道', '医院', 10, 2, '2020-02-30'], // unknown type, impossible date
        ['甲院', '凤凰', '民办', 12, 2, '2020-01-01'], // the same facility twice
        ['戊院', '凤凰街道', '民办', 8, 1, '2021/3/4'],
      ],
    });
    const p = await e.svc.preview({ kind: 'facilities', fileName: 'a.xlsx', dataBase64: b64(file) }, e.actor);
    expect(p.counts).toMatchObject({ total: 6, create: 2, error: 4 });
    expect(errorsOf(p, 5)[0]).toMatch(/^乡镇:“古楼街道”不是本单位管辖的乡镇/);
    expect(errorsOf(p, 6)[0]).toMatch(/^其中护理型床位:护理型床位不能多于床位总数/);
    expect(errorsOf(p, 7)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^机构类型:“医院”不是可选的值/),
        expect.stringMatching(/^成立日期:“2020-02-30”不是真实存在的日期/),
      ]),
    );
    expect(errorsOf(p, 8)[0]).toContain('与第 4 行是同一条记录');
    const before = dumpDb(e.app);
    const err = await rejects(e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor));
    expect(err.message).toMatch(/有 4 行有错误.*没有导入任何数据/);
    expect(dumpDb(e.app)).toBe(before);
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(s).toMatchObject({ created: 2, updated: 0 });
    expect(s.failed.map((f) => f.row)).toEqual([5, 6, 7, 8]);
    expect(sql<{ name: string }>(e, "select name from facilities where name like '_院' order by name").map((r) => r.name)).toEqual([
      '戊院',
      '甲院',
    ]);
  });
});

describe('import of households (一户一案 ledger)', () => {
  const header = HOUSEHOLD_LEDGER_HEADER;
  const good = (i: number): Row => [
    i,
    `老人${i}`,
    idCardFor(`1948-03-0${(i % 9) + 1}`, i),
    `139${String(i).padStart(8, '0')}`,
    '东湖社区',
    '分散供养特困',
    i % 2 ? '√' : '',
    i % 3 ? '' : '√',
    2024,
    '5,000.00元',
    4000,
    '1000',
  ];

  it('身份证 as text is kept; Excel-damaged numbers are refused with how to fix the sheet; √ columns fill 对象类别 and 老人情况', async () => {
    const e = await start();
    const old15 = '420704480306123';
    const rows: Row[] = [good(1), good(2), good(3)];
    // biome-ignore lint/correctness/noPrecisionLoss: a 身份证号 destroyed by Excel, on purpose.
    rows.push([4, '张四', 420704194803061234, null, null, null, null, null, 2024, null, null, null]); // read back as 420704194803061200
    rows.push([5, '张五', '4.20704E+17', null, null, null, null, null, 2024, null, null, null]);
    rows.push([6, '张六', '420704194803062000', null, null, null, null, null, 2024, null, null, null]); // trailing zeros
    rows.push([7, '张七', old15, null, null, '低保、独居', null, null, 2024, null, null, null]);
    rows.push([8, '张八', idCardFor('1950-01-01', 8), null, null, null, null, null, 2024, 3000, 2000, 500]); // 2000 + 500 ≠ 3000
    const file = await ledgerXlsx({ title: '2024年适老化改造对象台账', header, rows, textColumns: [2] });
    const p = await e.svc.preview({ kind: 'households', fileName: 'h.xlsx', dataBase64: b64(file) }, e.actor);
    expect(p.headerRow).toBe(3);
    expect(p.counts).toMatchObject({ total: 8, create: 4, error: 4 });
    for (const r of [7, 8, 9]) expect(errorsOf(p, r)[0]).toMatch(/^身份证号码:身份证号被 Excel 当成数字损坏了.*设置为“文本”格式/);
    expect(errorsOf(p, 11)[0]).toMatch(/改造总费用\(元\):政府补贴 \+ 个人自付\(2500\.00 元\)应等于改造总费用\(3000\.00 元\)/);
    const r10 = p.rows.find((r) => r.row === 10)!;
    expect(r10.issues.some((i) => i.level === 'warning' && i.message.includes('15 位旧身份证号'))).toBe(true);
    // Names and 身份证 are masked in the preview as in every list.
    expect(p.rows.find((r) => r.row === 4)!.title).toBe(`老*1 420704********${idCardFor('1948-03-02', 1).slice(-4)}`);
    expect(JSON.stringify(p.rows)).not.toContain(idCardFor('1948-03-02', 1));
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    const got = sql<{
      name: string;
      idCard: string;
      categories: string;
      conditions: string;
      totalCost: number;
      sex: string;
      birthDate: string;
    }>(e, 'select name, idCard, categories, conditions, totalCost, sex, birthDate from households order by name');
    expect(got.map((g) => g.name)).toEqual(['张七', '老人1', '老人2', '老人3']);
    const zhang7 = got[0];
    expect(zhang7.idCard).toHaveLength(18);
    expect(zhang7.birthDate).toBe('1948-03-06');
    expect(JSON.parse(zhang7.categories)).toEqual(['低保']);
    expect(JSON.parse(zhang7.conditions)).toEqual(['独居']);
    const one = got[1];
    expect(JSON.parse(one.categories)).toEqual(['分散供养特困', '低保']);
    expect(one.totalCost).toBe(5000);
    const three = got[3];
    expect(JSON.parse(three.conditions)).toEqual(['独居']);
  });

  it('step dates become dated workflow steps that 表3 counts; out-of-order or future dates are refused; re-import changes only a changed date', async () => {
    const e = await start({ now: () => new Date('2025-09-20T10:00:00+08:00').getTime() });
    const stepHeader: Row[] = [
      ['序号', '姓名', '身份证号码', '项目年度', '申请日期', '评估日期', '方案日期', '开工日期', '验收日期', '进度'],
    ];
    const id = (i: number) => idCardFor(`1947-06-1${i}`, i);
    const rows: Row[] = [
      [1, '刘一', id(1), 2025, '2025.3.6', '2025/3/20', '2025年4月2日', '20250415', '2025-06-03', null], // no 进度: the last step dated
      [2, '刘二', id(2), 2025, '2025-03-10', '2025-03-28', null, null, null, '申请'], // 进度 behind its dates: a warning
      [3, '刘三', id(3), 2025, '2025-05-10', '2025-04-01', null, null, null, null], // 评估 before 申请
      [4, '刘四', id(4), 2025, '2025-05-10', '2025-10-01', null, null, null, null], // a date after today
    ];
    const file = await ledgerXlsx({ title: '2025年适老化改造台账', header: stepHeader, rows, textColumns: [2] });
    const p = await e.svc.preview({ kind: 'households', fileName: '改造台账.xlsx', dataBase64: b64(file) }, e.actor);
    expect(p.columns.filter((c) => c.key?.startsWith('steps=')).map((c) => `${c.header}→${c.key}`)).toEqual([
      '申请日期→steps=申请',
      '评估日期→steps=入户评估',
      '方案日期→steps=制定方案',
      '开工日期→steps=施工',
      '验收日期→steps=竣工验收',
    ]);
    expect(p.counts).toMatchObject({ create: 2, error: 2 });
    expect(errorsOf(p, 6)).toEqual(['评估日期:“入户评估”的日期(2025-04-01)早于上一步“申请”(2025-05-10),请核对']);
    expect(errorsOf(p, 7)).toEqual(['评估日期:入户评估日期 2025-10-01 晚于今天,请核对']);
    const warnings = (row: number) =>
      p.rows
        .find((r) => r.row === row)!
        .issues.filter((i) => i.level === 'warning')
        .map((i) => i.message);
    expect(warnings(4)).toEqual([expect.stringContaining('竣工验收日期照台账记入')]);
    expect(warnings(5)).toEqual([expect.stringContaining('进度写的是“申请”,但表中已有“入户评估”的日期;导入后进度记为“入户评估”')]);
    expect(p.notes.join('')).toContain('记为改造进度的环节');
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(s).toMatchObject({ created: 2, failed: [{ row: 6 }, { row: 7 }] });
    expect(s.message).toContain('环节日期 7 个');
    const steps = sql<{ name: string; status: string; step: string; date: string; byName: string; note: string; warnings: string }>(
      e,
      'select h.name, h.status, s.step, s.date, s.byName, s.note, s.warnings from household_steps s join households h on h.id = s.householdId order by h.name, s.date',
    );
    expect(steps.map((x) => `${x.name} ${x.status} ${x.step} ${x.date}`)).toEqual([
      '刘一 竣工验收 申请 2025-03-06',
      '刘一 竣工验收 入户评估 2025-03-20',
      '刘一 竣工验收 制定方案 2025-04-02',
      '刘一 竣工验收 施工 2025-04-15',
      '刘一 竣工验收 竣工验收 2025-06-03',
      '刘二 入户评估 申请 2025-03-10',
      '刘二 入户评估 入户评估 2025-03-28',
    ]);
    expect(steps[0]).toMatchObject({ byName: '台账导入', note: '由“改造台账.xlsx”第 4 行导入' });
    // The acceptance without an item list carries its warning on the step, as a form entry cannot.
    expect(JSON.parse(steps[4].warnings)[0].message).toContain('还没有已完成的改造项目');
    expect(() =>
      e.app.records.create(
        'householdSteps',
        {
          householdId: sql<{ id: string }>(e, "select id from households where name = '刘二'")[0].id,
          step: '竣工验收',
          date: '2025-09-01',
          byName: '王',
        },
        e.actor,
      ),
    ).toThrow(/竣工验收前至少要有一个已完成的改造项目/);
    // 表3 counts them by their dates: by the end of Q2 two applied and assessed, one planned and accepted.
    const t3 = computeTable(e.app, REPORT_TABLES.find((t) => t.id === 't3')!, 2025, 2).rows[0].values;
    expect(t3).toMatchObject({ applied: 2, assessed: 2, planned: 1, completed: 1 });
    expect(computeTable(e.app, REPORT_TABLES.find((t) => t.id === 't3')!, 2025, 1).rows[0].values).toMatchObject({
      applied: 2,
      assessed: 2,
      planned: 0,
      completed: 0,
    });

    // The same file again changes nothing; a corrected date updates that one step only.
    const again = await e.svc.preview({ kind: 'households', fileName: '改造台账.xlsx', dataBase64: b64(file) }, e.actor);
    expect(again.counts).toMatchObject({ create: 0, update: 0, skip: 2 });
    rows[0] = [...rows[0]];
    rows[0][8] = '2025-06-05';
    const fixed = await e.svc.preview(
      {
        kind: 'households',
        fileName: '改造台账.xlsx',
        dataBase64: b64(await ledgerXlsx({ title: '2025年适老化改造台账', header: stepHeader, rows, textColumns: [2] })),
      },
      e.actor,
    );
    expect(fixed.counts).toMatchObject({ update: 1, skip: 1 });
    expect(fixed.rows.find((r) => r.row === 4)!.changes).toEqual(['竣工验收日期']);
    await e.svc.commit({ previewId: fixed.previewId, mode: 'valid' }, e.actor);
    expect(sql<{ n: number }>(e, 'select count(*) n from household_steps')[0].n).toBe(7);
    expect(sql<{ date: string }>(e, "select date from household_steps where step = '竣工验收'")[0].date).toBe('2025-06-05');
  });

  it('one 身份证 in two rows of different years: each passes alone in the preview, the commit checks them together', async () => {
    const e = await start();
    const same = idCardFor('1948-05-05', 5);
    const rows: Row[] = [
      good(1),
      [2, '王二', same, null, null, null, null, null, 2024, null, null, null],
      [3, '王二', same, null, null, null, null, null, 2025, null, null, null],
    ];
    const file = await ledgerXlsx({ title: '适老化改造对象台账', header, rows, textColumns: [2] });
    const p = await e.svc.preview({ kind: 'households', fileName: 'h.xlsx', dataBase64: b64(file) }, e.actor);
    expect(p.counts).toMatchObject({ create: 3, error: 0 });
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(s.created).toBe(2);
    expect(s.failed).toEqual([{ row: 6, message: expect.stringContaining('该身份证号已在 2024 年度的另一户改造记录中') }]);
    expect(sql<{ n: number }>(e, 'select count(*) n from households where idCard = ?', same)[0].n).toBe(1);
  });

  it('re-importing the same file creates nothing; a changed cell updates that field only; the mapping is remembered', async () => {
    const e = await start();
    const rows = Array.from({ length: 30 }, (_, i) => good(i + 1));
    const file = await ledgerXlsx({ title: '台账', header, rows, textColumns: [2] });
    const first = await e.svc.preview({ kind: 'households', fileName: 'h.xlsx', dataBase64: b64(file) }, e.actor);
    expect(first.rememberedMapping).toBe(false);
    // The clerk says the 序号 column is not to be used and 村(社区) is the address instead (an odd choice,
    // but theirs): the next file with this layout gets the same choice back.
    const mapping = Object.fromEntries(first.columns.map((c) => [String(c.index), c.header === '村(社区)' ? 'address' : c.key]));
    const remapped = await e.svc.remap({ previewId: first.previewId, mapping }, e.actor);
    expect(remapped.counts.create).toBe(30);
    await e.svc.commit({ previewId: remapped.previewId, mode: 'all' }, e.actor);
    expect(sql<{ n: number }>(e, 'select count(*) n from households')[0].n).toBe(30);
    expect(sql<{ address: string }>(e, 'select address from households limit 1')[0].address).toBe('东湖社区');

    const again = await e.svc.preview({ kind: 'households', fileName: 'h (1).xlsx', dataBase64: b64(file) }, e.actor);
    expect(again.rememberedMapping).toBe(true);
    expect(again.columns.find((c) => c.header === '村(社区)')!.key).toBe('address');
    expect(again.counts).toMatchObject({ create: 0, update: 0, skip: 30, error: 0 });
    const s = await e.svc.commit({ previewId: again.previewId, mode: 'all' }, e.actor);
    expect(s).toMatchObject({ created: 0, updated: 0, skipped: 30 });
    expect(s.backupName).toBeNull(); // nothing to write, nothing to back up
    expect(sql<{ n: number }>(e, 'select count(*) n from households')[0].n).toBe(30);

    rows[4] = [...rows[4]];
    rows[4][3] = '13800001111';
    const changed = await ledgerXlsx({ title: '台账', header, rows, textColumns: [2] });
    const third = await e.svc.preview({ kind: 'households', fileName: 'h.xlsx', dataBase64: b64(changed) }, e.actor);
    expect(third.counts).toMatchObject({ create: 0, update: 1, skip: 29 });
    expect(third.rows.find((r) => r.action === 'update')).toMatchObject({ row: 8, changes: ['联系电话'] });
    await e.svc.commit({ previewId: third.previewId, mode: 'all' }, e.actor);
    expect(sql(e, 'select 1 from households where phone = ?', '13800001111')).toHaveLength(1);
    expect(sql(e, "select 1 from audit_log where action = 'update' and entity = 'households'")).toHaveLength(1);
  });

  it('20,000 rows: previewed with progress, imported in one transaction, idempotent on re-import', async () => {
    const e = await start();
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const r = good(i + 1);
      r[2] = idCardFor(`19${40 + (i % 20)}-0${(i % 9) + 1}-1${i % 10}`, i % 1000, String(420704 + Math.floor(i / 1000)));
      return r;
    });
    const file = await ledgerXlsx({ title: '台账', header, rows, textColumns: [2] });
    const t0 = performance.now();
    const p = await e.svc.preview({ kind: 'households', fileName: 'big.xlsx', dataBase64: b64(file), jobId: 'job-big-0001' }, e.actor);
    const t1 = performance.now();
    expect(p.counts).toMatchObject({ total: 20_000, create: 20_000, error: 0 });
    expect(p.rows.length).toBeLessThanOrEqual(3000); // the counts cover all; the table shows a sample
    expect(e.svc.getProgress('job-big-0001')).toEqual({ step: '核对完成', done: 20_000, total: 20_000 });
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    const t2 = performance.now();
    expect(s.created).toBe(20_000);
    expect(sql<{ n: number }>(e, 'select count(*) n from households')[0].n).toBe(20_000);
    console.log(`20,000-row import: preview ${Math.round(t1 - t0)} ms, commit ${Math.round(t2 - t1)} ms`);
    const again = await e.svc.preview({ kind: 'households', fileName: 'big.xlsx', dataBase64: b64(file) }, e.actor);
    expect(again.counts).toMatchObject({ create: 0, skip: 20_000 });
  }, 240_000);
});

describe('CSV ledgers, canteens and their months, targets', () => {
  const canteenCsv = [
    '凤凰街道老年助餐点台账,,,,',
    '',
    '名称,类型,地址,座位数,送餐上门',
    '东湖幸福食堂,幸福食堂,"东湖路1号,东门",40,是',
    '江滨助餐点,助餐点,江滨路8号,20,否',
    '合计,,,60,',
  ].join('\r\n');

  for (const [label, bytes] of [
    ['GB18030 (Excel on a Chinese PC)', () => encodeGb18030(canteenCsv)],
    ['UTF-8 with BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(canteenCsv)])],
    ['UTF-8 without BOM', () => Buffer.from(canteenCsv)],
  ] as const)
    it(`canteens from a CSV in ${label}`, async () => {
      const e = await start();
      const p = await e.svc.preview({ kind: 'canteens', fileName: '助餐点.csv', dataBase64: b64(bytes()) }, e.actor);
      expect(p.encoding).toBe(label.startsWith('GB') ? 'gb18030' : 'utf-8');
      expect(p.counts).toMatchObject({ create: 2, error: 0 });
      await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
      expect(sql(e, 'select name, type, address, seats, delivery from canteens order by seats')).toEqual([
        { name: '江滨助餐点', type: '老年助餐点', address: '江滨路8号', seats: 20, delivery: 0 },
        { name: '东湖幸福食堂', type: '老年食堂(幸福食堂)', address: '东湖路1号,东门', seats: 40, delivery: 1 },
      ]);
    });

  it('a GB18030 file read as UTF-8 by choice shows 乱码 and no header; choosing GB18030 again fixes it', async () => {
    const e = await start();
    const err = await rejects(
      e.svc.preview({ kind: 'canteens', fileName: 'x.csv', dataBase64: b64(encodeGb18030(canteenCsv)), encoding: 'utf-8' }, e.actor),
    );
    expect(err.message).toContain('没有找到助餐点台账的表头');
  });

  it('monthly operations by canteen name and 2024年5月; the month row takes its canteen; re-import updates', async () => {
    const e = await start();
    const c = e.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '东湖幸福食堂', type: '老年食堂(幸福食堂)', status: '运营' },
      e.actor,
    ).record;
    const csv = [
      '助餐点名称,月份,开餐天数,就餐人次,其中老年人次',
      '东湖幸福食堂,2024年5月,31,1200,1000',
      '东湖幸福食堂,2024-06,30,"1,300",1100',
      '西湖食堂,2024年6月,30,10,5',
    ].join('\n');
    const p = await e.svc.preview({ kind: 'canteenMonths', fileName: 'm.csv', dataBase64: b64(Buffer.from(csv)) }, e.actor);
    expect(p.counts).toMatchObject({ create: 2, error: 1 });
    expect(errorsOf(p, 4)[0]).toMatch(/^助餐点名称:本单位没有名为“西湖食堂”的助餐点/);
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(sql(e, 'select canteenId, year, month, openDays, mealsTotal, townshipCode from canteen_months order by month')).toEqual([
      { canteenId: c.id, year: 2024, month: 5, openDays: 31, mealsTotal: 1200, townshipCode: FENGHUANG },
      { canteenId: c.id, year: 2024, month: 6, openDays: 30, mealsTotal: 1300, townshipCode: FENGHUANG },
    ]);
    const p2 = await e.svc.preview(
      { kind: 'canteenMonths', fileName: 'm.csv', dataBase64: b64(Buffer.from(csv.replace('31,1200', '31,1250'))) },
      e.actor,
    );
    expect(p2.counts).toMatchObject({ create: 0, update: 1, skip: 1, error: 1 });
  });

  it('a district imports targets per township by name; a township outside the district is refused', async () => {
    const e = await start({ level: 'district', divisionCode: '420704000000' });
    const csv = ['乡镇(街道),年度,适老化改造户数,新建助餐点', '凤凰街道,2025,120,3', '古楼,2025,80,2', '太和镇,2025,50,1'].join('\n');
    const p = await e.svc.preview({ kind: 'targets', fileName: 't.csv', dataBase64: b64(Buffer.from(csv)) }, e.actor);
    expect(p.counts).toMatchObject({ create: 2, error: 1 });
    expect(errorsOf(p, 4)[0]).toContain('“太和镇”不是本单位管辖的乡镇');
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(sql(e, 'select townshipCode, year, retrofitHouseholds, newCanteens from targets order by townshipCode')).toEqual([
      { townshipCode: FENGHUANG, year: 2025, retrofitHouseholds: 120, newCanteens: 3 },
      { townshipCode: GULOU, year: 2025, retrofitHouseholds: 80, newCanteens: 2 },
    ]);
  });
});

describe('broken and foreign files change nothing and say what to do', () => {
  const cases: [string, string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['random bytes named .xlsx', 'a.xlsx', () => randomBytes(5000), /不是有效的 Excel 文件/],
    ['a zip that is not a workbook', 'b.xlsx', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(3000)]), /无法读取/],
    [
      'an old .xls',
      'c.xls',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(2000)]),
      /另存为.*\.xlsx/,
    ],
    ['a Word file', 'd.docx', () => randomBytes(100), /不是 Excel\(\.xlsx\)或 CSV 文件/],
    [
      'a sheet of something else',
      'e.xlsx',
      () => ledgerXlsx({ title: '商品价格表', header: [['商品', '单价', '库存']], rows: [['苹果', 5, 10]] }),
      /没有找到养老机构台账的表头/,
    ],
  ];
  for (const [label, name, bytes, message] of cases)
    it(label, async () => {
      const e = await start();
      const before = dumpDb(e.app);
      const err = await rejects(
        e.svc.preview({ kind: 'facilities' as ImportKind, fileName: name, dataBase64: b64(await bytes()) }, e.actor),
      );
      expect(err.message).toMatch(message);
      expect(dumpDb(e.app)).toBe(before);
    });

  it('a record entered by hand between preview and import is matched at import time, not duplicated', async () => {
    const e = await start();
    const csv = '机构名称,机构类型,床位总数\n甲院,民办,10\n乙院,民办,8\n';
    const p = await e.svc.preview({ kind: 'facilities', fileName: 'f.csv', dataBase64: b64(Buffer.from(csv)) }, e.actor);
    expect(p.counts.create).toBe(2);
    e.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '甲院', type: '民办养老机构', status: '运营', bedsTotal: 12 },
      e.actor,
    );
    const s = await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect(s).toMatchObject({ created: 1, updated: 1 });
    expect(sql(e, 'select name, bedsTotal from facilities order by name')).toEqual([
      { name: '乙院', bedsTotal: 8 },
      { name: '甲院', bedsTotal: 10 },
    ]);
  });

  it('a preview cannot be committed twice or by another user', async () => {
    const e = await start();
    const csv = '机构名称,机构类型,床位总数\n甲院,民办,10\n';
    const p = await e.svc.preview({ kind: 'facilities', fileName: 'f.csv', dataBase64: b64(Buffer.from(csv)) }, e.actor);
    const other = { ...e.actor, userId: 'someone-else' };
    expect((await rejects(e.svc.commit({ previewId: p.previewId, mode: 'all' }, other))).message).toContain('预览已失效');
    await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect((await rejects(e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor))).message).toContain('预览已失效');
    expect(sql(e, 'select 1 from facilities')).toHaveLength(1);
  });
});
