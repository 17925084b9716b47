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
    refused: async (p: ImportPreview, message: RegExp, mode: 'valid' | 'all' = 'valid') => {
      const before = dumpDb(e.app);
      let err: unknown = null;
      try {
        await svc.commit({ previewId: p.previewId, mode }, e.actor);
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

  it('a 年度 column reads 2024, 2024年 and 2024年度; a date or a range there is refused, not cut to its year', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '改造台账',
      header: [[...householdHeader, '年度']],
      rows: [
        household(1, ['2024年']),
        household(2, ['2023年度']),
        household(3, [' 2022 ']),
        household(4, [new Date(Date.UTC(2024, 4, 6))]),
        household(5, ['2023-2024']),
      ],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(issuesOf(p, 7)).toEqual(['error|年度|“2024-05-06”不是年度,请写成 2024 或 2024年']);
    expect(issuesOf(p, 8)).toEqual(['error|年度|“2023-2024”不是年度,请写成 2024 或 2024年']);
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(e.sql('select name, projectYear from households order by name')).toEqual([
      { name: '老人1', projectYear: 2024 },
      { name: '老人2', projectYear: 2023 },
      { name: '老人3', projectYear: 2022 },
    ]);
  });

  it('monthly operations with bare months (5月): the year is asked, from the file name; rows with 2024年6月 keep theirs', async () => {
    const e = await start();
    e.app.records.create(
      'canteens',
      { townshipCode: '420704001000', name: '东湖幸福食堂', type: '老年食堂(幸福食堂)', status: '运营' },
      e.actor,
    );
    const csv = ['助餐点名称,月份,就餐人次', '东湖幸福食堂,5月,1200', '东湖幸福食堂,2023年6月,1300'].join('\n');
    const p = await e.preview('canteenMonths', '东湖食堂2024年运营情况.csv', Buffer.from(csv));
    const q = p.questions.find((x) => x.key === 'year')!;
    expect(q.detail).toContain('有 1 行没有填年度');
    expect(q.options.map((o) => o.value)).toEqual(['2024']);
    await e.refused(p, /哪一年度/);
    const answered = await e.svc.remap({ previewId: p.previewId, mapping: mappingOf(p), defaults: { ...p.defaults, year: 2024 } }, e.actor);
    await e.svc.commit({ previewId: answered.previewId, mode: 'all' }, e.actor);
    expect(e.sql('select year, month, mealsTotal from canteen_months order by year, month')).toEqual([
      { year: 2023, month: 6, mealsTotal: 1300 },
      { year: 2024, month: 5, mealsTotal: 1200 },
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
  // The .xls is made by LibreOffice: generous on a loaded machine.
  for (const [label, name, make] of formats)
    it(`${label}: the visible 床位数 is 床位总数, the hidden one is listed and not imported; the hidden row waits for the clerk`, {
      timeout: 180_000,
    }, async () => {
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

const issuesOf = (p: ImportPreview, row: number) =>
  p.rows.find((r) => r.row === row)?.issues.map((i) => `${i.level}|${i.column ?? ''}|${i.message}`) ?? [];

describe('3. units in cells and headers are converted; anything else that is not a number is refused', () => {
  it('万/千/元 in money cells; a header in 万元 scales plain numbers only; other words are refused with row, column and how to write it', async () => {
    const e = await start();
    const cells: (string | number)[] = [
      '1.2万',
      '3千',
      '2千5',
      '3,000元',
      '1.2万元',
      '1万2千5',
      ' 4 500 ',
      '约3000',
      '3000元左右',
      '1,2',
      '60张',
      '1.2.3',
    ];
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '改造总费用(元)']],
      rows: cells.map((c, i) => [i + 1, `老人${i + 1}`, idCardFor('1948-03-01', i + 1), 2024, c]),
    });
    const p = await e.preview('households', 'a.xlsx', file);
    const stored = [12000, 3000, 2500, 3000, 12000, 12500, 4500];
    for (let i = stored.length; i < cells.length; i++) {
      const issues = issuesOf(p, 4 + i);
      expect(issues, String(cells[i])).toHaveLength(1);
      expect(issues[0]).toMatch(/^error\|改造总费用\(元\)\|“.+”不是数字,请只填写数字;金额可写成 3000、3,000元、1\.2万元/);
    }
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(e.sql<{ totalCost: number }>('select totalCost from households order by name').map((r) => r.totalCost)).toEqual(
      sortByName(cells.length, stored),
    );
  });

  it('金额(万元) headers: 1.2 is 12,000 元; a cell that says 元 keeps its own unit; counts refuse money words', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '改造总费用(万元)', '政府补贴(万元)', '个人自付(元)']],
      rows: [
        [1, '老人1', idCardFor('1948-03-01', 1), 2024, 1.2, 1, 2000],
        [2, '老人2', idCardFor('1948-03-01', 2), 2024, '0.5', '4000元', '1千'],
      ],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(p.counts.error).toBe(0);
    await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect(e.sql('select name, totalCost, subsidy, selfPaid from households order by name')).toEqual([
      { name: '老人1', totalCost: 12000, subsidy: 10000, selfPaid: 2000 },
      { name: '老人2', totalCost: 5000, subsidy: 4000, selfPaid: 1000 },
    ]);
    const beds = await ledgerXlsx({
      title: '机构台账',
      header: [['机构名称', '乡镇(街道)', '机构类型', '床位数', '建筑面积']],
      rows: [
        ['甲院', '凤凰街道', '民办养老机构', '60张', '1,200平方米'],
        ['乙院', '凤凰街道', '民办养老机构', '60元', '300元'],
      ],
    });
    const q = await e.preview('facilities', 'b.xlsx', beds);
    expect(issuesOf(q, 5)).toEqual([
      'error|床位数|“60元”不是数字,请只填写数字;如 60 或 60张;较大的数可写 1.2万',
      'error|建筑面积|“300元”不是数字,请只填写数字;如 350 或 350平方米',
    ]);
    await e.svc.commit({ previewId: q.previewId, mode: 'valid' }, e.actor);
    expect(e.sql('select name, bedsTotal, floorArea from facilities')).toEqual([{ name: '甲院', bedsTotal: 60, floorArea: 1200 }]);
  });
});

/** The values of a generated column as the households sort by name (老人1, 老人10, 老人11, 老人2 …). */
function sortByName(n: number, values: number[]): number[] {
  return Array.from({ length: n }, (_, i) => ({ name: `老人${i + 1}`, v: values[i] }))
    .filter((x) => x.v !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((x) => x.v);
}

describe('3. percentages', () => {
  it('0.6 in a (%) column is asked for (60% or 0.6%?); 60 and 60% are 60', async () => {
    const e = await start();
    const csv = ['乡镇(街道),年度,护理型床位占比(%),持证率(%)', '凤凰街道,2025,0.6,60%', '凤凰街道,2026,55,70'].join('\n');
    const p = await e.preview('targets', 't.csv', Buffer.from(csv));
    expect(issuesOf(p, 2)).toEqual(['error|护理型床位占比(%)|“0.6”分不清是 60% 还是 0.6%,请写成 60 或 60%']);
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(e.sql('select year, nursingBedRatio, certifiedRate from targets')).toEqual([
      { year: 2026, nursingBedRatio: 55, certifiedRate: 70 },
    ]);
  });
});

describe('4. choices match exactly or through a declared synonym, else are refused with the allowed values', () => {
  it('不太满意 is not 满意; 比较满意 and 五保户 are declared synonyms, said once per file; ambiguous words are refused', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '对象类别', '满意度']],
      rows: [
        [1, '老人1', idCardFor('1948-03-01', 1), 2024, '五保户', '满意'],
        [2, '老人2', idCardFor('1948-03-01', 2), 2024, '低保户、独居老人', '比较满意'],
        [3, '老人3', idCardFor('1948-03-01', 3), 2024, '特困', '不太满意'],
        [4, '老人4', idCardFor('1948-03-01', 4), 2024, '五保户', '一般'],
        [5, '老人5', idCardFor('1948-03-01', 5), 2024, '困难户', '满意'],
        [6, '老人6', idCardFor('1948-03-01', 6), 2024, '分散供养特困', '非常满意'],
      ],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(issuesOf(p, 6)).toEqual([
      'error|满意度|“不太满意”不是可选的值,应为以下之一:满意、基本满意、不满意。请在台账中改成其中之一后重新导入',
    ]);
    expect(issuesOf(p, 7)).toEqual([
      'error|满意度|“一般”不是可选的值,应为以下之一:满意、基本满意、不满意。请在台账中改成其中之一后重新导入',
    ]);
    expect(issuesOf(p, 8)[0]).toMatch(/^error\|对象类别\|“困难户”不是可选的值,应为以下之一:分散供养特困、低保、低保边缘/);
    const notes = p.notes.join('\n');
    expect(notes).toContain('“对象类别”列中的“五保户”按“分散供养特困”导入(2 行)');
    expect(notes).toContain('“满意度”列中的“比较满意”按“基本满意”导入(1 行)');
    expect(notes).toContain('“对象类别”列中的“特困”按“分散供养特困”导入(1 行)');
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(e.sql('select name, categories, conditions, satisfaction from households order by name')).toEqual([
      { name: '老人1', categories: '["分散供养特困"]', conditions: '[]', satisfaction: '满意' },
      { name: '老人2', categories: '["低保"]', conditions: '["独居"]', satisfaction: '基本满意' },
      { name: '老人6', categories: '["分散供养特困"]', conditions: '[]', satisfaction: '满意' },
    ]);
  });

  it('facility types: 敬老院 and 民办 are declared; 福利院 (two types) and 养老院 are refused', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '机构台账',
      header: [['机构名称', '乡镇(街道)', '机构类型', '运营方式']],
      rows: [
        ['甲院', '凤凰街道', '敬老院', '公建民营'],
        ['乙院', '凤凰街道', '民办', '民办'],
        ['丙院', '凤凰街道', '福利院', '公建民营'],
        ['丁院', '凤凰街道', '养老院', '民营'],
      ],
    });
    const p = await e.preview('facilities', 'a.xlsx', file);
    expect(issuesOf(p, 6)[0]).toMatch(/^error\|机构类型\|“福利院”不是可选的值/);
    expect(issuesOf(p, 7)).toEqual([
      expect.stringMatching(/^error\|机构类型\|“养老院”不是可选的值/),
      'error|运营方式|“民营”不是可选的值,应为以下之一:公建公营、公建民营、民办。请在台账中改成其中之一后重新导入',
    ]);
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    expect(e.sql('select name, type, operationMode from facilities order by name')).toEqual([
      { name: '乙院', type: '民办养老机构', operationMode: '民办' },
      { name: '甲院', type: '农村福利院(特困供养服务机构)', operationMode: '公建民营' },
    ]);
  });
});

describe('5. numbers are not read as dates', () => {
  it('成立日期: 2019.1 and 2020 refused; year-months stored as the 1st with a warning; every typed date spelling read', async () => {
    const e = await start();
    const cells: [string | number | Date, string | null, RegExp | null][] = [
      [2019.1, null, /^error\|成立日期\|“2019\.1”是数字,不是日期\(分不清是 2019年1月 还是 2019年10月\)。请把该列设为“文本”格式/],
      [2020, null, /^error\|成立日期\|“2020”只有年份,不是日期。请写明月份/],
      ['2019.10', '2019-10-01', /^warning\|成立日期\|“2019\.10”只写了年月,按 2019-10-01\(当月 1 日\)导入/],
      [2019.12, '2019-12-01', /^warning\|成立日期\|“2019\.12”只写了年月/],
      ['2019年10月', '2019-10-01', /^warning\|成立日期\|/],
      ['2018-7', '2018-07-01', /^warning\|成立日期\|/],
      ['2023年5月6号', '2023-05-06', null],
      ['2023.05.06', '2023-05-06', null],
      ['2023/5/6 0:00', '2023-05-06', null],
      ['2023 - 5 - 6', '2023-05-06', null],
      [20230506, '2023-05-06', null],
      [new Date(Date.UTC(2021, 0, 15)), '2021-01-15', null],
      [45052, '2023-05-06', /^warning\|成立日期\|“45052”是 Excel 的日期序号/],
      ['23.5.6', null, /^error\|成立日期\|“23\.5\.6”不是日期。请写成 2023-05-06/],
      ['5/6/2023', null, /^error\|成立日期\|“5\/6\/2023”不是日期/],
      ['2019年', null, /^error\|成立日期\|“2019年”只有年份/],
    ];
    const file = await ledgerXlsx({
      title: '机构台账',
      header: [['机构名称', '乡镇(街道)', '机构类型', '成立日期']],
      rows: cells.map(([c], i) => [`院${String(i).padStart(2, '0')}`, '凤凰街道', '民办养老机构', c]),
    });
    const p = await e.preview('facilities', 'a.xlsx', file);
    cells.forEach(([c, , message], i) => {
      const issues = issuesOf(p, 4 + i);
      if (message) expect(issues, String(c)).toEqual([expect.stringMatching(message)]);
      else expect(issues, String(c)).toEqual([]);
    });
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    const stored = e.sql<{ name: string; openedOn: string }>('select name, openedOn from facilities order by name');
    expect(stored).toEqual(cells.flatMap(([, v], i) => (v ? [{ name: `院${String(i).padStart(2, '0')}`, openedOn: v }] : [])));
  });

  it('a step date is a day: 2024.3 (a month) and 2024 are refused there', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '申请日期']],
      rows: [
        [1, '老人1', idCardFor('1948-03-01', 1), 2024, 2024.3],
        [2, '老人2', idCardFor('1948-03-01', 2), 2024, '2024.3'],
        [3, '老人3', idCardFor('1948-03-01', 3), 2024, 2024],
      ],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(issuesOf(p, 4)).toEqual([expect.stringMatching(/^error\|申请日期\|“2024\.3”是数字,不是日期/)]);
    expect(issuesOf(p, 5)).toEqual([expect.stringMatching(/^error\|申请日期\|“2024\.3”只有年月,没有日/)]);
    expect(issuesOf(p, 6)).toEqual([expect.stringMatching(/^error\|申请日期\|“2024”只有年份/)]);
    await e.refused(p, /有 3 行有错误.*没有导入任何数据/, 'all');
  });
});

describe('6. phones are normalised; a cell with two numbers keeps both', () => {
  it('spaces, dashes and brackets go; the second number goes to the 备注 with a warning; no "20 个字" message', async () => {
    const e = await start();
    const cells: [string | number, string | null, string | null, RegExp | null][] = [
      ['138 1234 5678', '13812345678', null, null],
      ['138-1234-5678', '13812345678', null, null],
      [13812345678, '13812345678', null, null],
      ['0711-1234567', '0711-1234567', null, null],
      ['(0711)1234567', '0711-1234567', null, null],
      ['0711 1234 567', '0711-1234567', null, null],
      ['010-12345678', '010-12345678', null, null],
      ['手机:13812345678', '13812345678', null, null],
      [
        '13812345678/0711-1234567',
        '13812345678',
        '联系电话另有:0711-1234567',
        /^warning\|联系电话\|一格里有 2 个号码:13812345678 记为联系电话,0711-1234567 记入备注/,
      ],
      ['13812345678、139 8765 4321', '13812345678', '联系电话另有:13987654321', /^warning\|联系电话\|一格里有 2 个号码/],
      ['无', null, null, null],
      ['1381234567', null, null, /^error\|联系电话\|“1381234567”不是电话号码:手机号为 11 位/],
      ['13812345678/办公室', null, null, /^error\|联系电话\|“13812345678\/办公室”不是电话号码/],
    ];
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '联系电话']],
      rows: cells.map(([c], i) => [i + 1, `老人${String(i).padStart(2, '0')}`, idCardFor('1948-03-01', i + 1), 2024, c]),
      textColumns: [4],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    cells.forEach(([c, , , message], i) => {
      const issues = issuesOf(p, 4 + i);
      expect(issues, String(c)).toEqual(message ? [expect.stringMatching(message)] : []);
      expect(issues.join(), String(c)).not.toContain('20 个字');
    });
    await e.svc.commit({ previewId: p.previewId, mode: 'valid' }, e.actor);
    const stored = e.sql<{ name: string; phone: string | null; remark: string | null }>(
      'select name, phone, remark from households order by name',
    );
    expect(stored).toEqual(
      cells.flatMap(([, phone, remark, message], i) =>
        message?.source.startsWith('^error') ? [] : [{ name: `老人${String(i).padStart(2, '0')}`, phone, remark }],
      ),
    );
  });
});

describe('7–10. structures: two-row headers, merged footers, every column visible, readable warnings', () => {
  it('7. a second header row repeating the first except under a group header is header, never data', async () => {
    const e = await start();
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [
        ['序号', '姓名', '身份证号码', '项目年度', '改造项目', null, '改造金额(元)'],
        ['序号', '姓名', '身份证号码', '项目年度', '基础类', '可选类', '改造金额(元)'],
      ],
      merges: ['A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:F3', 'G3:G4'],
      rows: [
        [1, '老人1', idCardFor('1948-03-01', 1), 2024, '扶手', '', 3000],
        [2, '老人2', idCardFor('1948-03-01', 2), 2024, '防滑', '智能', '4,500元'],
      ],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(p.headerRow).toBe(4);
    expect(p.counts.total).toBe(2);
    const cols = Object.fromEntries(p.columns.map((c) => [c.header, c.key]));
    expect(cols).toMatchObject({ '改造项目/基础类': null, '改造项目/可选类': null, '改造金额(元)': 'totalCost', 姓名: 'name' });
    expect(p.notes.join()).toContain('这些列没有对应的项目,不会导入:“改造项目/基础类”、“改造项目/可选类”');
    await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect(e.sql('select name, totalCost from households order by name')).toEqual([
      { name: '老人1', totalCost: 3000 },
      { name: '老人2', totalCost: 4500 },
    ]);
  });

  it('8. footer and note lines merged across the sheet are skipped wherever they are below the data', async () => {
    const e = await start();
    const sheet: PlainSheet = {
      rows: [
        ['凤凰街道养老机构台账', null, null, null, null],
        ['机构名称', '乡镇(街道)', '机构类型', '床位数', '备注'],
        ['甲院', '凤凰街道', '民办养老机构', 60, null],
        ['注:床位数含临时床位。', null, null, null, null],
        ['乙院', '凤凰街道', '民办养老机构', 40, null],
        ['说明:数据截至2024年6月30日', null, null, null, null],
        ['填表人:张三       审核人:李四       填报日期:2024年7月5日', null, null, null, null],
        ['注1、本表由乡镇填报', null, null, null, null],
      ],
      merges: [
        [0, 0, 0, 4],
        [3, 0, 3, 4],
        [5, 0, 5, 4],
        [6, 0, 6, 4],
        [7, 0, 7, 4],
      ],
    };
    for (const [name, bytes] of [
      ['a.xlsx', await plainXlsx([sheet])],
      ['a.xls', htmlTableXls(sheet)],
    ] as const) {
      const p = await e.preview('facilities', name, bytes);
      expect(p.counts, name).toMatchObject({ total: 2, create: 2, error: 0 });
      expect(p.notes.join(), name).toContain('第 4、6、7、8 行是填表人、审核人等落款,没有导入');
    }
  });

  it('8. group labels merged across a row and a header repeated under the data are not records', async () => {
    const e = await start();
    const sheet: PlainSheet = {
      rows: [
        ['机构名称', '乡镇(街道)', '机构类型', '床位数'],
        ['一、公办机构', null, null, null],
        ['甲院', '凤凰街道', '敬老院', '60张床'],
        ['机构名称', '乡镇(街道)', '机构类型', '床位数'],
        ['二、民办机构', null, null, null],
        ['乙院', '凤凰街道', '民办养老机构', 40],
      ],
      merges: [
        [1, 0, 1, 3],
        [4, 0, 4, 3],
      ],
    };
    const p = await e.preview('facilities', 'a.xlsx', await plainXlsx([sheet]));
    expect(p.counts).toMatchObject({ total: 2, create: 2, error: 0 });
    expect(p.notes).toEqual(expect.arrayContaining(['第 2、5 行是分组标题(整行只有一段文字),没有导入。', '第 4 行重复了表头,没有导入。']));
    await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
    expect(e.sql('select name, bedsTotal from facilities order by bedsTotal')).toEqual([
      { name: '乙院', bedsTotal: 40 },
      { name: '甲院', bedsTotal: 60 },
    ]);
  });

  it('9. every column is listed, unnamed ones too; 其中:护理型床位 and （张） headers map after normalising', async () => {
    const e = await start();
    const file = await plainXlsx([
      {
        rows: [
          ['机构名称', '乡镇（街道）', '机构类型', '床位数（张）', '其中：护理型床位', '建 筑 面 积', '旧编号', null],
          ['甲院', '凤凰街道', '民办养老机构', 60, 20, 300, 'A-01', '手写备注'],
        ],
      },
    ]);
    const p = await e.preview('facilities', 'a.xlsx', file);
    expect(p.columns.map((c) => [c.header, c.key])).toEqual([
      ['机构名称', 'name'],
      // Shown as cellText reads them: full-width brackets and colons folded.
      ['乡镇(街道)', 'township'],
      ['机构类型', 'type'],
      ['床位数(张)', 'bedsTotal'],
      ['其中:护理型床位', 'bedsNursing'],
      ['建 筑 面 积', 'floorArea'],
      ['旧编号', null],
      ['(无表头)第 H 列', null],
    ]);
    expect(p.notes.join()).toContain('这些列没有对应的项目,不会导入:“旧编号”、“(无表头)第 H 列”');
  });

  it('10. a warning on every row is said once with its count; a warning of one row stays on that row', async () => {
    const e = await start();
    const rows: Row[] = Array.from({ length: 6 }, (_, i) => [
      i + 1,
      `老人${i + 1}`,
      idCardFor('1948-03-01', i + 1),
      2024,
      '2024-03-01',
      '2024-05-01',
    ]);
    // One 15-digit 身份证号: converted, and said on its own row.
    rows.push([7, '老人7', '420704480301007', 2024, '2024-03-01', '2024-05-01']);
    const file = await ledgerXlsx({
      title: '2024年适老化改造台账',
      header: [['序号', '姓名', '身份证号码', '项目年度', '申请日期', '竣工验收日期']],
      rows,
      textColumns: [2],
    });
    const p = await e.preview('households', 'a.xlsx', file);
    expect(p.sharedWarnings).toEqual([
      '第 4、5、6、7、8、9、10 行:竣工验收日期:竣工验收日期照台账记入;该户还没有已完成的改造项目,请在导入后到一户一案中补录',
    ]);
    const own = p.rows.filter((r) => r.issues.length);
    expect(own.map((r) => r.row)).toEqual([10]);
    expect(own[0].issues).toEqual([
      expect.objectContaining({ level: 'warning', column: '身份证号码', message: expect.stringContaining('15 位') }),
    ]);
    expect(p.counts.warning).toBe(1);
  });
});
