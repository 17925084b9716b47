/**
 * Issue 12, the silent errors: ledgers made the way the offices make them, where a plausible wrong value
 * used to be stored without a word. Each must become the right value, a question in the preview, or a
 * refused row naming its row, column and what to do; a refused commit leaves the database byte-identical.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/service';
import { AppError } from '../../shared/api/errors';
import type { ImportPreview } from '../../shared/import/contract';
import type { ImportKind } from '../../shared/import/kinds';
import { dumpDb, makeApp } from '../helpers/app';
import { idCardFor, ledgerXlsx, type Row } from '../helpers/ledgers';
import { convertWithLibreOffice, htmlTableXls, type PlainSheet, plainXlsx } from '../helpers/officeFiles';

type Env = Awaited<ReturnType<typeof makeApp>>;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});
async function start() {
  env = await makeApp();
  const e = env;
  const svc = new ImportService(e.app);
  return {
    ...e,
    svc,
    preview: (kind: ImportKind, fileName: string, bytes: Buffer) =>
      svc.preview({ kind, fileName, dataBase64: bytes.toString('base64') }, e.actor),
    sql: <T>(q: string) => e.app.store.sqlite.prepare(q).all() as T[],
    /** The commit is refused, with this message, and the database is byte-for-byte what it was. */
    refused: async (p: ImportPreview, message: RegExp) => {
      const before = dumpDb(e.app);
      let err: unknown = null;
      try {
        await svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(message);
      expect(dumpDb(e.app)).toBe(before);
    },
  };
}

const householdHeader = ['序号', '姓名', '身份证号码', '村(社区)', '对象类别', '改造总费用(元)'];
const household = (i: number, extra: Row = []): Row => [
  i,
  `老人${i}`,
  idCardFor(`1948-03-0${(i % 9) + 1}`, i),
  '东湖社区',
  '低保',
  3000,
  ...extra,
];

describe('1. the year of a file is never taken from today', () => {
  it('no 年度 column: the title’s year is offered and must be confirmed; the commit waits; the answer is stored', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年凤凰街道困难老年人家庭适老化改造对象台账',
      header: [householdHeader],
      rows: [household(1), household(2), household(3)],
    });
    const p = await e.preview('households', '改造台账.xlsx', file);
    const q = p.questions.find((x) => x.key === 'year');
    expect(q).toBeDefined();
    expect(q!.answer).toBeNull();
    expect(q!.options.map((o) => o.value)).toEqual(['2024']);
    expect(q!.options[0].label).toContain('标题“2024年凤凰街道');
    // The 填报日期 line above the table (2024年7月5日) is when it was filled in, not another year to offer.
    expect(q!.detail).toMatch(/没有“项目年度”列.*不会按今天的日期猜年度/);
    await e.refused(p, /还有 1 个问题没有回答.*哪一年度.*没有导入任何数据/);
    const answered = await e.svc.remap({ previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, year: 2024 } }, e.actor);
    expect(answered.questions.find((x) => x.key === 'year')!.answer).toBe('2024');
    const s = await e.svc.commit({ previewId: answered.previewId, mode: 'all' }, e.actor);
    expect(s.created).toBe(3);
    expect(e.sql<{ projectYear: number }>('select projectYear from households').map((r) => r.projectYear)).toEqual([2024, 2024, 2024]);
  });

  it('years in the sheet name and the file name are offered with where they were found; dates are not', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '凤凰街道适老化改造对象台账',
      sheetName: '2023年度',
      header: [householdHeader],
      rows: [household(1)],
    });
    const p = await e.preview('households', '2022改造名单(导出2025-01-10).xlsx', file);
    const q = p.questions.find((x) => x.key === 'year')!;
    expect(q.options).toEqual([
      { value: '2023', label: '2023 年度(见工作表名“2023年度”)' },
      { value: '2022', label: '2022 年度(见文件名“2022改造名单(导出2025-01-10).xlsx”)' },
    ]);
    expect(q.answer).toBeNull();
    // Another year than any offered is the clerk's to type.
    const answered = await e.svc.remap({ previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, year: 2021 } }, e.actor);
    await e.svc.commit({ previewId: answered.previewId, mode: 'all' }, e.actor);
    expect(e.sql<{ projectYear: number }>('select projectYear from households')).toEqual([{ projectYear: 2021 }]);
  });

  it('no year anywhere: nothing is offered, the rows cannot be imported until the clerk gives one', async () => {
    const e = await start();
    const file = await ledgerXlsx({ title: '凤凰街道适老化改造对象台账', header: [householdHeader], rows: [household(1), household(2)] });
    const p = await e.preview('households', '改造名单.xlsx', file);
    const q = p.questions.find((x) => x.key === 'year')!;
    expect(q.options).toEqual([]);
    expect(q.detail).toContain('都没有写年度');
    expect(p.blockers.join()).toContain('项目年度');
    await e.refused(p, /项目年度/);
    const answered = await e.svc.remap({ previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, year: 2025 } }, e.actor);
    expect(answered.blockers).toEqual([]);
    expect((await e.svc.commit({ previewId: answered.previewId, mode: 'all' }, e.actor)).created).toBe(2);
  });

  it('a 年度 column with a blank cell: only that row needs the file’s year, and the question says how many rows', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [[...householdHeader, '项目年度']],
      rows: [household(1, [2023]), household(2, [null]), household(3, [2024])],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    const q = p.questions.find((x) => x.key === 'year')!;
    expect(q.detail).toContain('有 1 行没有填项目年度');
    const answered = await e.svc.remap({ previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, year: 2024 } }, e.actor);
    await e.svc.commit({ previewId: answered.previewId, mode: 'all' }, e.actor);
    expect(e.sql<{ name: string; projectYear: number }>('select name, projectYear from households order by name')).toEqual([
      { name: '老人1', projectYear: 2023 },
      { name: '老人2', projectYear: 2024 },
      { name: '老人3', projectYear: 2024 },
    ]);
  });

  it('every row with its own year: no question at all', async () => {
    const e = await start();
    const file = await ledgerXlsx({ title: '改造台账', header: [[...householdHeader, '年度']], rows: [household(1, [2023])] });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(p.questions).toEqual([]);
    expect((await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor)).created).toBe(1);
  });
});

const mappingOf = (p: ImportPreview) => Object.fromEntries(p.columns.map((c) => [String(c.index), c.key]));

describe('2. hidden rows and columns are shown as hidden and never preferred', () => {
  /** An old 床位数 column hidden before the visible one, 其中:护理型床位 after it; an old row hidden. */
  const sheet: PlainSheet = {
    name: '机构台账',
    rows: [
      ['凤凰街道养老机构台账'],
      ['机构名称', '乡镇(街道)', '机构类型', '床位数', '床位数', '其中:护理型床位'],
      ['阳光养老院', '凤凰街道', '民办养老机构', 45, 60, 20],
      ['已撤并的老院', '凤凰街道', '民办养老机构', 10, 10, 0],
      ['凤凰敬老院', '凤凰街道', '敬老院', 70, 80, 30],
    ],
    hiddenColumns: [3],
    hiddenRows: [3],
  };
  const formats: [string, string, () => Promise<Buffer>][] = [
    ['xlsx', 'a.xlsx', () => plainXlsx([sheet])],
    ['xls', 'a.xls', async () => convertWithLibreOffice(await plainXlsx([sheet]), 'xls')],
    ['html', 'a.xls', async () => htmlTableXls(sheet)],
  ];
  for (const [label, name, make] of formats)
    it(`${label}: the visible 床位数 is 床位总数, the hidden one is listed and not imported; the hidden row waits for the clerk`, async () => {
      const e = await start();
      const p = await e.preview('facilities', name, await make());
      const byIndex = new Map(p.columns.map((c) => [c.index, c]));
      expect(byIndex.get(3)).toMatchObject({ header: '床位数', key: null, hidden: true });
      expect(byIndex.get(4)).toMatchObject({ header: '床位数', key: 'bedsTotal', hidden: false });
      expect(byIndex.get(5)).toMatchObject({ key: 'bedsNursing' });
      expect(p.notes.join()).toContain('这些列在表中是隐藏的,不会导入:“床位数”');
      const q = p.questions.find((x) => x.key === 'hiddenRows')!;
      expect(q).toMatchObject({ title: '表中有 1 行是隐藏的,要导入吗?', answer: null });
      expect(q.detail).toContain('第 4 行');
      // Not asked yet: the hidden row is not among the rows to import.
      expect(p.counts.create).toBe(2);
      await e.refused(p, /要导入吗/);
      const no = await e.svc.remap(
        { previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, includeHiddenRows: false } },
        e.actor,
      );
      expect(no.questions.find((x) => x.key === 'hiddenRows')!.answer).toBe('no');
      expect(no.notes.join()).toContain('第 4 行在表中是隐藏的,没有导入(按你的选择)');
      await e.svc.commit({ previewId: no.previewId, mode: 'all' }, e.actor);
      expect(e.sql('select name, bedsTotal, bedsNursing from facilities order by bedsTotal')).toEqual([
        { name: '阳光养老院', bedsTotal: 60, bedsNursing: 20 },
        { name: '凤凰敬老院', bedsTotal: 80, bedsNursing: 30 },
      ]);
    });

  it('hidden rows imported when the clerk says so', async () => {
    const e = await start();
    const p = await e.preview('facilities', 'a.xlsx', await plainXlsx([sheet]));
    const yes = await e.svc.remap(
      { previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, includeHiddenRows: true } },
      e.actor,
    );
    expect(yes.counts.create).toBe(3);
    await e.svc.commit({ previewId: yes.previewId, mode: 'all' }, e.actor);
    expect(e.sql<{ name: string }>('select name from facilities order by bedsTotal').map((r) => r.name)).toEqual([
      '已撤并的老院',
      '阳光养老院',
      '凤凰敬老院',
    ]);
  });

  it('the clerk may choose a hidden column; it is then imported', async () => {
    const e = await start();
    const p = await e.preview('facilities', 'a.xlsx', await plainXlsx([sheet]));
    const mapping = { ...mappingOf(p), '3': 'bedsTotal', '4': null };
    const chosen = await e.svc.remap({ previewId: p.previewId, mapping, defaults: { ...p.defaults, includeHiddenRows: false } }, e.actor);
    expect(chosen.columns.find((c) => c.index === 3)).toMatchObject({ key: 'bedsTotal', hidden: true });
    await e.svc.commit({ previewId: chosen.previewId, mode: 'all' }, e.actor);
    expect(e.sql<{ bedsTotal: number }>('select bedsTotal from facilities order by bedsTotal').map((r) => r.bedsTotal)).toEqual([45, 70]);
  });
});
