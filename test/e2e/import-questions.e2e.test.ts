import { describe, expect, it } from 'vitest';
import { type PlainSheet, plainXlsx } from '../helpers/officeFiles';
import { type BrowserSession, setupThroughUi, until, withBrowserSession } from './helpers';

let s: BrowserSession;
withBrowserSession((x) => {
  s = x;
});

const q = <T>(sql: string, ...p: unknown[]) => s.app.store.sqlite.prepare(sql).all(...p) as T[];

describe('导入台账: what the import will not guess is asked in the preview', () => {
  it('a hidden column is shown as hidden and not used, hidden rows wait for the clerk, shared warnings are said once', {
    timeout: 90_000,
  }, async () => {
    const { page } = s;
    await setupThroughUi(page);
    const sheet: PlainSheet = {
      name: '机构台账',
      rows: [
        ['凤凰街道养老机构台账', null, null, null, null, null],
        ['机构名称', '乡镇(街道)', '机构类型', '床位数', '床位数', '成立日期'],
        ['阳光养老院', '凤凰街道', '民办', 45, 60, '2021.7'],
        ['已撤并的老院', '凤凰街道', '民办养老机构', 10, 10, '2010.5'],
        ['凤凰敬老院', '凤凰街道', '敬老院', 70, 80, '2015年3月'],
        ['东湖颐养中心', '凤凰街道', '民办', 20, 30, '2021.7'],
        ['江滨养老院', '凤凰街道', '养老院', 20, 30, '2021.7'],
        ['注:床位数含临时床位', null, null, null, null, null],
      ],
      merges: [
        [0, 0, 0, 5],
        [7, 0, 7, 5],
      ],
      hiddenColumns: [3],
      hiddenRows: [3],
    };
    await page.getByRole('menuitem', { name: '导入台账' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '机构台账.xlsx', mimeType: 'application/octet-stream', buffer: await plainXlsx([sheet]) });
    const hiddenQuestion = page.locator('[data-question=hiddenRows]');
    await hiddenQuestion.getByText('表中有 1 行是隐藏的,要导入吗?').waitFor();
    await page.getByText('请先回答上方的 1 个问题。').waitFor();
    expect(await page.getByRole('button', { name: /^导入/ }).isDisabled()).toBe(true);
    // The hidden 床位数 is marked and not imported; the visible one is 床位总数.
    const hiddenColumn = page.locator('.import-mapping-item').nth(3);
    expect(await hiddenColumn.textContent()).toMatch(/^隐藏床位数\(不导入\)/);
    expect(await page.locator('.import-mapping-item').nth(4).textContent()).toMatch(/^床位数床位总数/);
    await page.getByText('这些列在表中是隐藏的,不会导入:“床位数”').waitFor();
    // The same warning on every row is said once; the refused 养老院 keeps its own message.
    await page.getByText('多行相同的提醒(已从各行中合并到这里)').waitFor();
    await page.getByText('第 3、6、7 行:成立日期:“2021.7”只写了年月,按 2021-07-01(当月 1 日)导入').waitFor();
    await page.getByText(/“养老院”不是可选的值,应为以下之一/).waitFor();
    await page.getByText(/“机构类型”列中的“民办”按“民办养老机构”导入\(2 行\)/).waitFor();
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await s.shot(`24-import-hidden-${w}`);
    }
    await page.setViewportSize({ width: 1366, height: 820 });
    await hiddenQuestion.getByRole('radio', { name: '不导入隐藏的行' }).click();
    await until(async () => (await hiddenQuestion.getAttribute('class'))?.includes('ant-alert-success') ?? false, 'hidden rows answered');
    await page.getByRole('button', { name: '导入(新增 3,更新 0)', exact: true }).click();
    await page.getByText(/导入完成:新增 3 条/).waitFor();
    expect(q('select name, bedsTotal, openedOn from facilities order by name')).toEqual([
      { name: '东湖颐养中心', bedsTotal: 30, openedOn: '2021-07-01' },
      { name: '凤凰敬老院', bedsTotal: 80, openedOn: '2015-03-01' },
      { name: '阳光养老院', bedsTotal: 60, openedOn: '2021-07-01' },
    ]);
  });
});
