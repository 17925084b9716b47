import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/records/actor';
import { setupThroughUi, withBrowserSession, type BrowserSession } from './helpers';

/**
 * 季度填报 and 月度运营填报 (issue 16 item 1) in Chromium: the keyboard of a spreadsheet, a block pasted from
 * Excel through the real clipboard, cells checked by the record's rules as the clerk types, and one save that
 * writes the valid rows and names the refused ones.
 */

const FENGHUANG = '420704001000';
const seedActor: Actor = { userId: 'seed', userName: '测试数据', role: 'admin' };
const now = new Date();
const year = now.getFullYear();
const quarter = Math.ceil((now.getMonth() + 1) / 3);
const prev = quarter > 1 ? { year, quarter: quarter - 1 } : { year: year - 1, quarter: 4 };

const cell = (page: Page, name: string, label: string) => page.getByLabel(`${name} ${label}`, { exact: true });
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

/** Picks an option of one of the grid's pickers (year, quarter, month) and waits for its list to close. */
async function choose(page: Page, label: string, option: string) {
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await page.locator('.batch-grid').getByLabel(label, { exact: true }).click();
  await dropdown.getByText(option, { exact: true }).click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Puts text on the browser's clipboard and pastes it with Ctrl+V into the focused cell, as from Excel. */
async function pasteBlock(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+v');
}

describe('季度填报 grid end to end', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));

  it('keyboard, paste from Excel, per-cell checks, one save with the refused rows named', async () => {
    const { page } = s;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await setupThroughUi(page);
    const make = (name: string, beds: number) =>
      s.app.records.create(
        'facilities',
        { townshipCode: FENGHUANG, name, type: '民办养老机构', status: '运营', bedsTotal: beds },
        seedActor,
      ).record.id;
    const a = make('凤凰敬老院', 60);
    const b = make('古楼颐养中心', 40);
    const c = make('西山护理院', 20);
    const d = make('滨湖老年公寓', 30);
    s.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '已停业的院', type: '其他', status: '停业(注销)', statusDate: '2024-01-01' },
      seedActor,
    );
    s.app.records.create(
      'facilityQuarters',
      { facilityId: a, year: prev.year, quarter: prev.quarter, residents: 50, residentsDisabled: 20 },
      seedActor,
    );

    await page.getByRole('menuitem', { name: '养老机构' }).click();
    await page.getByRole('tab', { name: '季度填报' }).click();
    const grid = page.locator('.batch-grid');
    await expect.poll(() => grid.getByTestId('grid-summary').textContent()).toBe('已填 0 / 4 个养老机构');
    // Year and quarter are pickers showing the current quarter; the closed facility is not listed.
    await grid.getByLabel('年度', { exact: true }).locator('..').getByText(`${year} 年`).waitFor();
    expect(await grid.getByText('已停业的院').count()).toBe(0);
    await s.shot('60-grid-quarter-empty');

    // Keyboard: typing overwrites, Tab moves right, Enter moves down, arrows move, Esc undoes the cell.
    await cell(page, '凤凰敬老院', '季末在住老年人数').click();
    await page.keyboard.type('52');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('凤凰敬老院 其中失能/半失能');
    await page.keyboard.type('21');
    await page.keyboard.press('Enter');
    expect(await focusedLabel(page)).toBe('古楼颐养中心 其中失能/半失能');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedLabel(page)).toBe('古楼颐养中心 季末在住老年人数');
    await page.keyboard.type('99');
    await page.keyboard.press('Escape');
    expect(await cell(page, '古楼颐养中心', '季末在住老年人数').inputValue()).toBe('');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('53'); // overwrites the 52 typed before
    expect(await cell(page, '凤凰敬老院', '季末在住老年人数').inputValue()).toBe('53');
    // F2 edits inside the cell: the arrows then move the caret, not the cell.
    await page.keyboard.press('F2');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('1');
    expect(await cell(page, '凤凰敬老院', '季末在住老年人数').inputValue()).toBe('513');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('53');

    // Rows are in the order of a Chinese list (pinyin): 滨湖, 凤凰, 古楼, 西山.
    expect(await page.locator('.grid-table tbody .grid-name').allTextContents()).toEqual([
      '滨湖老年公寓',
      '凤凰敬老院',
      '古楼颐养中心',
      '西山护理院',
    ]);
    // A block copied from Excel (CR LF, trailing line break) pasted at 古楼颐养中心; one cell with a thousands separator.
    await cell(page, '古楼颐养中心', '季末在住老年人数').click();
    await pasteBlock(page, '38\t12\t3\t2\t1\r\n25\t30\t\t\t\r\n');
    expect(await cell(page, '古楼颐养中心', '本季度离院').inputValue()).toBe('1');
    expect(await cell(page, '西山护理院', '其中失能/半失能').inputValue()).toBe('30');
    await cell(page, '滨湖老年公寓', '季末在住老年人数').click();
    await pasteBlock(page, '1,028\r\n');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    expect(await cell(page, '滨湖老年公寓', '季末在住老年人数').inputValue()).toBe('1,028');
    // The rules of the record, cell by cell: 西山 has more disabled than residents (error), 滨湖 more residents than beds (warning).
    const disabled = cell(page, '西山护理院', '其中失能/半失能');
    await expect.poll(() => disabled.getAttribute('aria-invalid')).toBe('true');
    expect(await disabled.getAttribute('title')).toBe('失能/半失能人数不能多于在住老年人数');
    await expect
      .poll(() => cell(page, '滨湖老年公寓', '季末在住老年人数').getAttribute('title'))
      .toBe('在住老年人数(1028)多于机构的床位总数(30 张),请核对');
    await disabled.focus();
    await page.locator('.ant-tooltip', { hasText: '失能/半失能人数不能多于在住老年人数' }).waitFor();
    await s.shot('60-grid-quarter-errors');

    // A block that does not fit is refused whole, with what to do.
    await cell(page, '西山护理院', '本季度离院').click();
    await pasteBlock(page, '1\t2\n3\t4\n');
    await grid.getByText('粘贴的内容有 2 行 2 列,从当前单元格起只有 1 行 1 列可填,没有粘贴').waitFor();
    expect(await cell(page, '西山护理院', '本季度离院').inputValue()).toBe('');

    // Ctrl+S: three valid rows in one save, 西山 refused and named.
    await page.keyboard.press('Control+s');
    await grid.getByText('已保存 3 行;1 行没有保存').waitFor();
    await grid.getByText('西山护理院:失能/半失能人数不能多于在住老年人数').waitFor();
    const rows = s.app.records.list('facilityQuarters', { filters: { year, quarter } }).rows;
    expect(
      Object.fromEntries(rows.map((r) => [r.facilityId, [r.residents, r.residentsDisabled, r.residentsTekun, r.admissions, r.discharges]])),
    ).toEqual({
      [a]: [53, 21, null, null, null],
      [b]: [38, 12, 3, 2, 1],
      [d]: [1028, 5, null, null, null],
    });
    expect(rows.find((r) => r.facilityId === d)!.warnings).toMatchObject([{ field: 'residents', level: 'warning' }]);
    expect(rows.some((r) => r.facilityId === c)).toBe(false);
    await expect.poll(() => grid.getByTestId('grid-summary').textContent()).toBe('已填 3 / 4 个养老机构,1 行未保存');
    const dRow = grid.locator(`tr[data-row-id="${d}"]`);
    await dRow.getByText('⚠ 1 条提示').waitFor();
    // Saved rows are not pre-filled over (凤凰 had last quarter's figures; now it has this quarter's).
    expect(await grid.getByRole('button', { name: '按上季度预填' }).isDisabled()).toBe(true);
    await s.shot('60-grid-quarter-saved');

    // Corrected, saved; the audit trail has the clerk's creates.
    await disabled.click();
    await page.keyboard.type('10');
    await page.keyboard.press('Control+s');
    await grid.getByText(`已保存 1 行${year} 年第 ${quarter} 季度的数据`).waitFor();
    expect(s.app.records.list('facilityQuarters', { filters: { facilityId: c, year, quarter } }).rows[0]).toMatchObject({
      residents: 25,
      residentsDisabled: 10,
    });
    const audited = s.app.store.sqlite
      .prepare(
        "SELECT count(*) AS n FROM audit_log WHERE entity = 'facilityQuarters' AND action = 'create' AND userName = '王管理' AND field = 'residents'",
      )
      .get() as { n: number };
    expect(audited.n).toBe(4);
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('pre-fills from last quarter, and a block with names goes to the rows of those names', async () => {
    const { page } = s;
    const grid = page.locator('.batch-grid');
    const e = s.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '新开的康养院', type: '民办养老机构', status: '运营', bedsTotal: 80 },
      seedActor,
    ).record.id;
    s.app.records.create(
      'facilityQuarters',
      { facilityId: e, year: prev.year, quarter: prev.quarter, residents: 40, residentsTekun: 4, admissions: 6 },
      seedActor,
    );
    await grid.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => grid.getByTestId('grid-summary').textContent()).toBe('已填 4 / 5 个养老机构');
    await grid.getByRole('button', { name: '按上季度预填' }).click();
    const eRow = grid.locator(`tr[data-row-id="${e}"]`);
    await eRow.getByText('预填,未保存').waitFor();
    expect(await cell(page, '新开的康养院', '季末在住老年人数').inputValue()).toBe('40');
    expect(await cell(page, '新开的康养院', '本季度新入住').inputValue()).toBe('6');
    await s.shot('60-grid-quarter-prefilled');

    // Names in the first column, in another order than the grid's: each line goes to its own facility.
    await grid.locator('input[data-row="0"][data-col="0"]').click();
    await pasteBlock(page, '西山护理院\t26\t11\t\t\t\r\n滨湖老年公寓\t29\t5\t\t\t\r\n');
    await grid.getByText('已按名称粘贴 2 行').waitFor();
    expect(await cell(page, '西山护理院', '季末在住老年人数').inputValue()).toBe('26');
    expect(await cell(page, '滨湖老年公寓', '季末在住老年人数').inputValue()).toBe('29');
    // A name the grid does not have: nothing of the block is pasted, the name is said.
    await grid.locator('input[data-row="0"][data-col="0"]').click();
    await pasteBlock(page, '西山护理院\t27\t\t\t\t\r\n不存在的院\t5\t\t\t\t\r\n');
    await grid.getByText('表格中没有“不存在的院”').waitFor();
    expect(await cell(page, '西山护理院', '季末在住老年人数').inputValue()).toBe('26');

    // Switching the quarter with unsaved rows asks first; 继续编辑 is the default button.
    await choose(page, '季度', `第 ${quarter === 1 ? 2 : 1} 季度`);
    const confirm = page.locator('.ant-modal-confirm');
    // (antd keeps a hidden copy of the title for the dialog's label: the shown one is the confirm's own.)
    await confirm.locator('.ant-modal-confirm-title', { hasText: '有 3 行尚未保存' }).waitFor();
    await s.shot('60-grid-quarter-discard');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('继续编辑');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await cell(page, '西山护理院', '季末在住老年人数').inputValue()).toBe('26');

    await grid.getByRole('button', { name: '保存(Ctrl+S)' }).click();
    await grid.getByText(`已保存 3 行${year} 年第 ${quarter} 季度的数据`).waitFor();
    const rows = s.app.records.list('facilityQuarters', { filters: { year, quarter } }).rows;
    expect(rows.find((r) => r.facilityId === e)).toMatchObject({ residents: 40, residentsTekun: 4, admissions: 6 });
    expect(
      s.app.store.sqlite
        .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'facilityQuarters' AND action = 'update' AND field = 'residents'")
        .get(),
    ).toEqual({ n: 2 });
    expect(s.errors).toEqual([]);
  }, 60_000);
});

describe('月度运营填报 grid end to end', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));

  it('a month of every canteen pasted from Excel and saved; the month’s own rules refuse what they must', async () => {
    const { page } = s;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await setupThroughUi(page);
    const make = (name: string) =>
      s.app.records.create('canteens', { townshipCode: FENGHUANG, name, type: '老年助餐点', status: '运营' }, seedActor).record.id;
    const ids = [make('凤凰助餐点'), make('古楼助餐点'), make('西山助餐点')];
    await page.getByRole('menuitem', { name: '助餐服务' }).click();
    await page.getByRole('tab', { name: '月度运营填报' }).click();
    const grid = page.locator('.batch-grid');
    await expect.poll(() => grid.getByTestId('grid-summary').textContent()).toBe('已填 0 / 3 个助餐点');
    // February of last year: 28 days, so 29 开餐天数 is refused by the month's rule.
    await choose(page, '年度', `${year - 1} 年`);
    await choose(page, '月份', '2 月');
    await cell(page, '凤凰助餐点', '开餐天数').click();
    await pasteBlock(page, '20\t1,200\t900\t100\t50\t60\t3,000.50\r\n29\t800\t700\t\t\t40\t2000\r\n18\t500\t600\t\t\t30\t1000\r\n');
    await expect.poll(() => cell(page, '古楼助餐点', '开餐天数').getAttribute('title')).toBe(`开餐天数不能超过当月天数(28 天)`);
    await expect.poll(() => cell(page, '西山助餐点', '其中老年人次').getAttribute('title')).toBe('老年人次不能多于就餐总人次');
    await s.shot('61-grid-month-errors');
    await page.keyboard.press('Control+s');
    await grid.getByText('已保存 1 行;2 行没有保存').waitFor();
    const rows = s.app.records.list('canteenMonths', { filters: { year: year - 1, month: 2 } }).rows;
    expect(rows.map((r) => [r.canteenId, r.openDays, r.mealsTotal, r.mealsElderly, r.subsidyAmount])).toEqual([
      [ids[0], 20, 1200, 900, 3000.5],
    ]);
    expect(s.errors).toEqual([]);
  }, 60_000);
});
