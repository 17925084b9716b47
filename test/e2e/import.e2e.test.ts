import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardFor, ledgerXlsx, type Row } from '../helpers/ledgers';
import { setupThroughUi, startBrowserSession, until, type BrowserSession } from './helpers';

let s: BrowserSession;
beforeAll(async () => {
  s = await startBrowserSession();
  await setupThroughUi(s.page);
  s.page.setDefaultTimeout(10_000);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const q = <T>(sql: string, ...p: unknown[]) => s.app.store.sqlite.prepare(sql).all(...p) as T[];

describe('导入台账 and the quarterly workbook, end to end in Chromium', () => {
  it('a messy household ledger: preview with row errors, a column re-mapped by the clerk, valid rows imported, re-import changes nothing', {
    timeout: 90_000,
  }, async () => {
    const { page } = s;
    const header: Row[] = [
      [
        '序号',
        '老人姓名',
        '身份证号码',
        '老人手机',
        '村(社区)',
        '对象类别',
        '独居',
        '申请日期',
        '改造总费用(元)',
        '政府补贴(元)',
        '个人自付(元)',
      ],
    ];
    const rows: Row[] = Array.from({ length: 12 }, (_, i) => [
      i + 1,
      `老人${i + 1}`,
      idCardFor(`1945-0${(i % 9) + 1}-1${i % 10}`, i + 1),
      `1390000${1000 + i}`,
      '东湖社区',
      i % 2 ? '低保' : '分散供养特困',
      i % 3 ? '' : '√',
      `2026.3.${i + 1}`,
      6000,
      5000,
      1000,
    ]);
    // biome-ignore lint/correctness/noPrecisionLoss: a 身份证号 destroyed by Excel, on purpose.
    rows.push([13, '张损坏', 420704194501011234, null, null, '低保', null, null, null, null, null]);
    rows.push([14, '李不等', idCardFor('1950-02-02', 14), null, null, '低保', null, null, 6000, 5000, 500]);
    rows.push(['合计', null, null, null, null, null, null, null, 78000, 65000, 12500]);
    const file = await ledgerXlsx({
      title: '凤凰街道2026年适老化改造对象台账',
      header,
      rows,
      textColumns: [2],
      footer: [['填表人:张三', null, null, '审核人:李四']],
    });

    await page.getByRole('menuitem', { name: '导入台账' }).click();
    await page.getByText('适老化改造户台账').click();
    await page.locator('input[type=file]').setInputFiles({
      name: '改造台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByText('表头在第 3 行').waitFor();
    await page.getByText('有错误 2', { exact: true }).waitFor();
    await page.getByText(/身份证号被 Excel 当成数字损坏了/).waitFor();
    await page.getByText(/政府补贴 \+ 个人自付\(5500\.00 元\)应等于改造总费用/).waitFor();
    await page.getByText(/第 18 行是合计/).waitFor();
    // 老人手机 is not a word the app knows for this ledger: the clerk maps it to 联系电话 by hand.
    const phoneChoice = page.getByRole('combobox', { name: '“老人手机”列对应' });
    await phoneChoice.click();
    await page.keyboard.type('联系电话');
    await page.keyboard.press('Enter');
    await until(
      async () => (await page.locator('.import-mapping-item', { hasText: '老人手机' }).textContent())?.includes('联系电话') ?? false,
      'mapping shows 联系电话',
    );
    // Personal data is masked in the preview too: the example cells and the row titles.
    expect(await page.locator('.import-mapping').textContent()).not.toMatch(/\d{17}[\dX]|1390000\d{4}/);
    // No 年度 column: the title's year is offered, never today's by itself; 导入 waits for the answer.
    const question = page.locator('[data-question=year]');
    await question.getByText('这份台账是哪一年度的?').waitFor();
    await page.getByText('请先回答上方的 1 个问题。').waitFor();
    expect(await page.getByRole('button', { name: /^导入/ }).isDisabled()).toBe(true);
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await s.shot(`20-import-question-${w}`);
    }
    await page.setViewportSize({ width: 1366, height: 820 });
    await question.getByRole('radio', { name: /2026 年度\(见标题“凤凰街道2026年适老化改造对象台账”\)/ }).click();
    await until(async () => (await question.getAttribute('class'))?.includes('ant-alert-success') ?? false, 'year answered');
    await s.shot('20-import-preview');
    await page.getByRole('button', { name: '导入(新增 12,更新 0)', exact: true }).click();
    await page.getByText('导入完成:新增 12 条,更新 0 条,0 条与已有记录相同未变化;记入改造进度环节日期 12 个,2 行有错误未导入。').waitFor();
    await s.shot('21-import-done');
    expect(q<{ n: number }>('select count(*) n from households')[0].n).toBe(12);
    expect(q('select 1 from households where phone = ?', '13900001000')).toHaveLength(1);
    // 申请日期 became each household's dated 申请 step (表3 counts households by these dates).
    expect(
      q<{ step: string; date: string }>('select step, date from household_steps order by date').map((r) => `${r.step} ${r.date}`),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `申请 2026-03-${String(i + 1).padStart(2, '0')}`));

    // The same file again: the mapping is remembered, nothing is new.
    await page.getByRole('button', { name: '继续导入' }).click();
    await page.getByText('适老化改造户台账').click();
    await page.locator('input[type=file]').setInputFiles({ name: '改造台账.xlsx', mimeType: 'application/octet-stream', buffer: file });
    await page.getByText('列对应(已沿用上次对这种表格的选择)').waitFor();
    await page.getByText('未变化 12', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^导入/ }).isDisabled()).toBe(true);
    // The year is asked again (answers are not remembered); another year can be typed.
    const again = page.locator('[data-question=year]');
    await page.getByRole('spinbutton', { name: '其他年度' }).pressSequentially('2025');
    await until(async () => (await again.getAttribute('class'))?.includes('ant-alert-success') ?? false, 'year typed');
    // The typed year reaches every row: these households are already in the ledger for 2026.
    await page.getByText('有错误 14', { exact: true }).waitFor();
    await page
      .getByText(/该身份证号已在 2026 年度的另一户改造记录中/)
      .first()
      .waitFor();
    await s.shot('21-import-year-typed');
    expect(q<{ projectYear: number }>('select distinct projectYear from households')).toEqual([{ projectYear: 2026 }]);
  });

  it('a file that is not a ledger is refused with what to do, and nothing changes', async () => {
    const { page } = s;
    await page.getByRole('button', { name: '重新选择文件' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '照片.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook at all') });
    await page.getByText(/不是有效的 Excel 文件.*另存为 \.xlsx/).waitFor();
    await s.shot('22-import-refused');
    expect(q<{ n: number }>('select count(*) n from households')[0].n).toBe(12);
  });

  it('the quarterly workbook downloads from 统计报表 and reads back with the figures of the database', async () => {
    const { page } = s;
    const admin = q<{ id: string }>("select id from users where username = 'admin'")[0];
    s.app.records.create(
      'facilities',
      { townshipCode: '420704001000', name: '凤凰颐养中心', type: '民办养老机构', status: '运营', openedOn: '2020-01-01', bedsTotal: 40 },
      { userId: admin.id, userName: '王管理', role: 'admin' },
    );
    await page.getByRole('menuitem', { name: '统计报表' }).click();
    // Drill-down: the 合计 of 床位 in 表1 opens the records behind it.
    await page.locator('.ant-table-row', { hasText: '合计' }).first().locator('.report-figure', { hasText: /^40$/ }).first().click();
    await page.locator('.ant-drawer').getByText('凤凰颐养中心').waitFor();
    await s.shot('23-report-drill');
    await page.locator('.ant-drawer-close').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel 报表/ }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['表1 养老机构基本情况', '表3 适老化改造进度', '适老化改造户名册']),
    );
    // The roster holds this year's imported households: masked names, and the costs of the database.
    const roster = wb.getWorksheet('适老化改造户名册')!;
    const data: unknown[][] = [];
    roster.eachRow((row, n) => n > 2 && data.push((row.values as unknown[]).slice(1)));
    expect(data).toHaveLength(12);
    for (const r of data) expect(String(r[2])).toMatch(/^老\*/);
    const sum = q<{ s: number }>('select sum(totalCost) s from households where deletedAt is null')[0].s;
    expect(data.reduce((a, r) => a + Number(r[8]), 0)).toBe(sum);
    expect(sum).toBe(72000);
  });
});
