import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordInspection } from '../../electron/inspections/service';
import type { Actor } from '../../electron/records/actor';
import { catalogues } from '../../electron/system/service';
import type { EntityName } from '../../shared/domain/entity';
import { deleteRow, rowAction, setupThroughUi, until, withBrowserSession, type BrowserSession } from './helpers';

/**
 * 助餐服务 (with the monthly operations grid), 安全检查 › 检查记录 (the list) and 年度任务 end to end: create,
 * edit, search, filter, sort, history and delete through the real UI in Chromium, checked against the
 * database and the audit trail. One browser session per record type.
 */

const FENGHUANG = '420704001000'; // 鄂城区 凤凰街道
const GULOU = '420704002000'; // 鄂城区 古楼街道
const XISHAN = '420704003000'; // 鄂城区 西山街道
/** Starting data written straight into the app (not what is under test). */
const seedActor: Actor = { userId: 'seed', userName: '测试数据', role: 'admin' };

const listTotal = (page: Page) => page.getByTestId('list-total').textContent();
/** The text of each row's cell in the given data column (0 = first after the row's selection box), in screen order. */
const columnTexts = (list: Locator, col = 0) =>
  list
    .locator('.ant-table-tbody tr.ant-table-row')
    .evaluateAll(
      (trs, i) => trs.map((tr) => tr.querySelectorAll('td:not(.ant-table-selection-column)')[i]?.textContent?.trim() ?? ''),
      col,
    );
/** An open drawer by its title. */
const drawerTitled = (page: Page, title: string) =>
  page.locator('.ant-drawer-open').filter({ has: page.locator('.ant-drawer-title', { hasText: title }) });
/** Picks an option in an antd select: open it, type to narrow (optional), click the option in the visible list. */
async function pick(page: Page, select: Locator, option: string, type?: string) {
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await select.click();
  // Type only once the list shows: keys sent while it opens can be lost.
  await dropdown.waitFor();
  if (type) await select.pressSequentially(type);
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
  // The option may have been over a sortable column header: move away so its 点击升序 tooltip does not cover the toolbar.
  await page.mouse.move(0, 0);
}

/** Clears a toolbar filter (antd's clear icon shows on hover). */
async function clearFilter(page: Page, label: string) {
  const select = page.locator('.list-toolbar .ant-select').filter({ has: page.getByLabel(label, { exact: true }) });
  await select.hover();
  await select.locator('.ant-select-clear').click();
}
/** The audit trail of one record, oldest first. */
function audit(s: BrowserSession, entity: EntityName, id: string) {
  return s.app.store.sqlite
    .prepare('SELECT action, field, oldValue, newValue, userName FROM audit_log WHERE entity = ? AND recordId = ? ORDER BY id')
    .all(entity, id) as {
    action: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    userName: string;
  }[];
}
const deletedAtOf = (s: BrowserSession, table: string, id: string) =>
  (s.app.store.sqlite.prepare(`SELECT deletedAt FROM ${table} WHERE id = ?`).get(id) as { deletedAt: string | null }).deletedAt;

/**
 * Deletes a row through its 删除 button and the confirmation; the row leaves the list, the count drops, and
 * the record stays as a tombstone with its delete in the audit trail (by the user at the keyboard).
 */
async function deleteThroughUi(
  s: BrowserSession,
  row: Locator,
  opts: { done: string | RegExp; total: string; table: string; entity: EntityName; id: string; userName: string },
) {
  const { page } = s;
  await deleteRow(page, row);
  await page.getByText(opts.done).waitFor();
  await row.waitFor({ state: 'detached' });
  await expect.poll(() => listTotal(page)).toContain(opts.total);
  expect(deletedAtOf(s, opts.table, opts.id)).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(audit(s, opts.entity, opts.id).at(-1)).toMatchObject({ action: 'delete', field: null, userName: opts.userName });
}

/** First start as a district office (鄂州市 › 鄂城区, 鄂城区民政局), whose area is all of 鄂城区's townships. */
async function setupDistrictThroughUi(page: Page) {
  await page.getByText('首次设置').waitFor();
  await page.getByText('区/县(市)', { exact: true }).click();
  await page.getByRole('combobox', { name: '所在区划' }).click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂州市' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂城区' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂城区' }).first().waitFor({ state: 'hidden' });
  await until(async () => (await page.getByLabel('单位名称').inputValue()) === '鄂城区民政局', '单位名称 prefilled from the division');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('姓名').fill('区管理员');
  await page.getByLabel('密码', { exact: true }).fill('Admin12345');
  await page.getByLabel('确认密码').fill('Admin12345');
  await page.getByRole('button', { name: '完成设置' }).click();
  await page.locator('.app-brand').waitFor();
}

describe('助餐服务 end to end (Chromium through the browser bridge)', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));
  const canteens = (q: Record<string, unknown> = {}) => s.app.records.list('canteens', q);

  it('create, search, filter, sort, edit, history, monthly operations with the quarter total, delete', async () => {
    const { page } = s;
    await setupThroughUi(page);
    s.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '滨湖老年餐桌', type: '老年餐桌(合作餐厅)', status: '运营', mealCapacity: 30 },
      seedActor,
    );
    s.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '吴楚社区助餐点', type: '老年助餐点', status: '暂停', statusDate: '2026-10-01', mealCapacity: 50 },
      seedActor,
    );

    await page.getByRole('menuitem', { name: '助餐服务' }).click();
    const list = page.locator('.record-list');
    await expect.poll(() => listTotal(page)).toContain('共 2 条');

    // Create through the form: the township is prefilled with the office's own.
    await page.getByRole('button', { name: '新增助餐点' }).click();
    const form = drawerTitled(page, '新增助餐点');
    await form.getByLabel('名称', { exact: true }).fill('凤凰幸福食堂');
    await form
      .locator('.ant-form-item')
      .filter({ has: page.locator('#townshipCode') })
      .getByText('凤凰街道')
      .waitFor();
    await pick(page, form.getByLabel('类型', { exact: true }), '老年食堂(幸福食堂)');
    await pick(page, form.getByLabel('运营模式'), '委托运营');
    await form.getByLabel('运营主体', { exact: true }).fill('凤凰餐饮管理有限公司');
    await form.getByLabel('负责人', { exact: true }).fill('李四梅');
    await form.getByLabel('负责人电话').fill('13912345678');
    await form.getByLabel('地址').fill('凤凰街道滨湖南路 8 号');
    await form.getByLabel('座位数').fill('40');
    await form.getByLabel('供餐能力(人/餐)').fill('80');
    await form.getByLabel('送餐上门').click();
    await form.getByLabel('套餐价格(元)').fill('12');
    await form.getByLabel('食品经营许可证号').fill('JY34207040012345');
    await form.getByLabel('食品经营许可证有效期至').click();
    await page.keyboard.type('2028-06-30');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByLabel('食品经营许可证有效期至').inputValue()).toBe('2028-06-30');
    await s.shot('50-canteen-form');
    await form.getByLabel('座位数').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await form.waitFor({ state: 'hidden' });

    const created = canteens({ search: '凤凰幸福食堂' }).rows[0];
    expect(created).toMatchObject({
      name: '凤凰幸福食堂',
      townshipCode: FENGHUANG,
      type: '老年食堂(幸福食堂)',
      operationMode: '委托运营',
      operator: '凤凰餐饮管理有限公司',
      status: '运营',
      contactName: '李四梅',
      contactPhone: '13912345678',
      address: '凤凰街道滨湖南路 8 号',
      seats: 40,
      mealCapacity: 80,
      delivery: true,
      mealPrice: 12,
      foodLicenseNo: 'JY34207040012345',
      foodLicenseExpiry: '2028-06-30',
      creditCode: null,
    });
    expect(created.warnings).toEqual([]);
    const createdAudit = audit(s, 'canteens', created.id);
    expect(createdAudit.every((a) => a.action === 'create' && a.userName === '王管理')).toBe(true);
    expect(createdAudit.find((a) => a.field === 'mealCapacity')).toMatchObject({ oldValue: null, newValue: '80' });

    const row = list.getByRole('row').filter({ hasText: '凤凰幸福食堂' });
    await row.waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 3 条');
    for (const text of ['老年食堂(幸福食堂)', '运营', '80', '是', '2028-06-30', '李*梅'])
      await row.getByText(text, { exact: true }).first().waitFor();
    await s.shot('50-canteen-list');

    // Search: by name and by address; nothing found says so.
    const search = page.getByLabel('搜索');
    await search.fill('滨湖南路');
    await search.press('Enter');
    await expect.poll(() => columnTexts(list)).toEqual(['凤凰幸福食堂']);
    await search.fill('没有这个食堂');
    await search.press('Enter');
    await page.getByText('没有符合条件的记录').waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 0 条');
    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // Filter by 类型, then by 状态 (the list and the database agree).
    await pick(page, page.locator('.list-toolbar').getByLabel('类型', { exact: true }), '老年餐桌(合作餐厅)');
    await expect.poll(() => columnTexts(list)).toEqual(['滨湖老年餐桌']);
    expect(canteens({ filters: { type: '老年餐桌(合作餐厅)' } }).rows.map((r) => r.name)).toEqual(['滨湖老年餐桌']);
    await clearFilter(page, '类型');
    await pick(page, page.locator('.list-toolbar').getByLabel('状态', { exact: true }), '暂停');
    await expect.poll(() => columnTexts(list)).toEqual(['吴楚社区助餐点']);
    await s.shot('50-canteen-filtered');
    await clearFilter(page, '状态');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // Sort by 供餐能力: ascending, then descending — the same order the service gives.
    const capacityHeader = list.locator('th', { hasText: '供餐能力(人/餐)' });
    await capacityHeader.click();
    await expect.poll(() => columnTexts(list)).toEqual(['滨湖老年餐桌', '吴楚社区助餐点', '凤凰幸福食堂']);
    expect(canteens({ sort: { field: 'mealCapacity', order: 'asc' } }).rows.map((r) => r.name)).toEqual([
      '滨湖老年餐桌',
      '吴楚社区助餐点',
      '凤凰幸福食堂',
    ]);
    await capacityHeader.click();
    await expect.poll(() => columnTexts(list)).toEqual(['凤凰幸福食堂', '吴楚社区助餐点', '滨湖老年餐桌']);

    // Edit one field: only that field is written, by the logged-in user.
    await row.getByRole('button', { name: '编辑' }).click();
    const editForm = drawerTitled(page, '编辑助餐点');
    await expect.poll(() => editForm.getByLabel('供餐能力(人/餐)').inputValue()).toBe('80');
    await editForm.getByLabel('供餐能力(人/餐)').fill('120');
    await editForm.getByLabel('供餐能力(人/餐)').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await editForm.waitFor({ state: 'hidden' });
    await row.getByText('120', { exact: true }).waitFor();
    expect(s.app.records.getRaw('canteens', created.id)).toMatchObject({
      mealCapacity: 120,
      contactName: '李四梅',
      contactPhone: '13912345678',
      updatedBy: '王管理',
    });
    expect(audit(s, 'canteens', created.id).filter((a) => a.action === 'update')).toEqual([
      { action: 'update', field: 'mealCapacity', oldValue: '80', newValue: '120', userName: '王管理' },
    ]);

    // History: old → new, who.
    await rowAction(page, row, '历史');
    const history = drawerTitled(page, '修改历史 · 凤凰幸福食堂');
    const changeRow = history.getByRole('row').filter({ hasText: '供餐能力(人/餐)' }).filter({ hasText: '修改' });
    await changeRow.getByText('80 → 120').waitFor();
    await changeRow.getByText('王管理').waitFor();
    await history.getByRole('row').filter({ hasText: '新增' }).first().waitFor();
    await s.shot('50-canteen-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // Monthly operations: two months of Q1 2025 are there; the clerk enters February in the grid.
    s.app.records.create(
      'canteenMonths',
      {
        canteenId: created.id,
        year: 2025,
        month: 1,
        openDays: 22,
        mealsTotal: 1000,
        mealsElderly: 800,
        mealsSpecial: 200,
        mealsDelivered: 50,
        registeredElders: 55,
        subsidyAmount: 3000,
      },
      seedActor,
    );
    s.app.records.create(
      'canteenMonths',
      {
        canteenId: created.id,
        year: 2025,
        month: 4,
        openDays: 21,
        mealsTotal: 900,
        mealsElderly: 700,
        mealsSpecial: 100,
        mealsDelivered: 40,
        registeredElders: 58,
        subsidyAmount: 2500.5,
      },
      seedActor,
    );
    await rowAction(page, row, '月度运营');
    const grid = drawerTitled(page, '月度运营 · 凤凰幸福食堂');
    await expect.poll(() => grid.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    await grid.getByRole('button', { name: '新增一行' }).click();
    const monthForm = drawerTitled(page, '新增助餐点月度运营');
    // Defaults to this month; the clerk catches up on February 2025.
    const now = new Date();
    await expect.poll(() => monthForm.getByLabel('年度').inputValue()).toBe(String(now.getFullYear()));
    expect(await monthForm.getByLabel('月份').inputValue()).toBe(String(now.getMonth() + 1));
    await monthForm.getByLabel('年度').fill('2025');
    await monthForm.getByLabel('月份').fill('2');
    await monthForm.getByLabel('开餐天数').fill('20');
    await monthForm.getByLabel('就餐总人次').fill('1200');
    await monthForm.getByLabel('其中老年人次').fill('900');
    await monthForm.getByLabel('其中特殊困难老年人人次').fill('300');
    await monthForm.getByLabel('送餐上门人次').fill('100');
    await monthForm.getByLabel('登记就餐老年人数').fill('60');
    await monthForm.getByLabel('补贴金额(元)').fill('4500');
    await s.shot('50-canteen-month-form');
    await monthForm.getByLabel('补贴金额(元)').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await monthForm.waitFor({ state: 'hidden' });
    await expect.poll(() => grid.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(3);
    await grid.getByRole('row').filter({ hasText: '2025 年 2 月' }).getByText('1200', { exact: true }).waitFor();
    const months = s.app.records.list('canteenMonths', { filters: { canteenId: created.id }, sort: { field: 'month', order: 'asc' } }).rows;
    expect(months.map((m) => `${m.year}-${m.month}`)).toEqual(['2025-1', '2025-2', '2025-4']);
    expect(months[1]).toMatchObject({
      townshipCode: FENGHUANG,
      openDays: 20,
      mealsTotal: 1200,
      mealsElderly: 900,
      mealsSpecial: 300,
      mealsDelivered: 100,
      registeredElders: 60,
      subsidyAmount: 4500,
    });
    expect(audit(s, 'canteenMonths', months[1].id).some((a) => a.action === 'create' && a.userName === '王管理')).toBe(true);
    // Quarter totals: Q1 = January + February, Q2 = April alone.
    const totals = grid.locator('.totals-table');
    const q1 = totals.getByRole('row').filter({ hasText: '2025 年第 1 季度' });
    await expect.poll(() => q1.locator('td').allTextContents()).toEqual(['2025 年第 1 季度', '2200', '1700', '500', '150', '7500.00']);
    await expect
      .poll(() => totals.getByRole('row').filter({ hasText: '2025 年第 2 季度' }).locator('td').allTextContents())
      .toEqual(['2025 年第 2 季度', '900', '700', '100', '40', '2500.50']);
    // Newest quarter first, whatever order the months come from the database.
    expect(await totals.locator('tbody tr td:first-child').allTextContents()).toEqual(['2025 年第 2 季度', '2025 年第 1 季度']);
    // Every column, 操作 included, fits the drawer on a 1366-wide screen (no sideways scrolling to reach 删除).
    // Measured in one frame (the drawer may still be sliding back from the closed month form), relative to each other.
    const fit = await grid.locator('.ant-drawer-body').evaluate((body) => {
      const del = [...body.querySelectorAll('.ant-table-tbody tr.ant-table-row button')].find((b) => b.textContent?.includes('删除'))!;
      const content = body.querySelector('.ant-table-content') as HTMLElement;
      const pad = parseFloat(getComputedStyle(body).paddingRight);
      return {
        overflowRight: del.getBoundingClientRect().right - (body.getBoundingClientRect().right - pad),
        sideways: content.scrollWidth - content.clientWidth,
      };
    });
    expect(fit.overflowRight).toBeLessThanOrEqual(0);
    expect(fit.sideways).toBeLessThanOrEqual(0);
    await s.shot('50-canteen-months-quarter-total');

    // A month whose parts exceed its total is refused on the field, and nothing is saved.
    await grid.getByRole('button', { name: '新增一行' }).click();
    await monthForm.getByLabel('年度').fill('2025');
    await monthForm.getByLabel('月份').fill('3');
    await monthForm.getByLabel('就餐总人次').fill('100');
    await monthForm.getByLabel('其中老年人次').fill('150');
    await monthForm.getByLabel('其中老年人次').press('Control+s');
    await monthForm
      .locator('.ant-form-item')
      .filter({ has: page.locator('#mealsElderly') })
      .getByText('老年人次不能多于就餐总人次')
      .waitFor();
    expect(s.app.records.list('canteenMonths', { filters: { canteenId: created.id } }).total).toBe(3);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '不保存,关闭' }).click();
    await monthForm.waitFor({ state: 'hidden' });
    await grid.locator('.ant-drawer-close').click();
    await grid.waitFor({ state: 'hidden' });

    // Delete: confirm, told so, gone from the list, a tombstone in the database and in the audit trail.
    await deleteThroughUi(s, row, {
      done: '已删除“凤凰幸福食堂”',
      total: '共 2 条',
      table: 'canteens',
      entity: 'canteens',
      id: created.id,
      userName: '王管理',
    });
    expect(
      canteens()
        .rows.map((r) => r.name)
        .sort(),
    ).toEqual(['吴楚社区助餐点', '滨湖老年餐桌'].sort());
    await s.shot('50-canteen-deleted');
    expect(s.errors).toEqual([]);
  }, 120_000);
});

describe('安全检查 › 检查记录 list end to end (district office)', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));

  it('search, filter by 检查类型 and 乡镇, sort, edit the header, history, delete', async () => {
    const { page } = s;
    await setupDistrictThroughUi(page);
    expect(s.app.office()).toMatchObject({ name: '鄂城区民政局', level: 'district', divisionCode: '420704000000' });
    // Three inspections recorded the normal way (recording itself is covered in inspections.e2e.test.ts).
    const facilityId = s.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '农村福利院(特困供养服务机构)', status: '运营' },
      seedActor,
    ).record.id;
    const canteenId = s.app.records.create(
      'canteens',
      { townshipCode: GULOU, name: '古楼幸福食堂', type: '老年食堂(幸福食堂)', status: '运营', foodLicenseNo: 'JY1' },
      seedActor,
    ).record.id;
    const answers = catalogues(s.app).checklist.map((i) => ({ itemCode: i.code, result: '符合' as const }));
    const record = (inspection: Record<string, unknown>) => recordInspection(s.app, seedActor, { inspection, answers }).inspection;
    const a = record({
      subjectType: 'facility',
      facilityId,
      inspectionType: '乡镇排查',
      inspectedOn: '2026-11-05',
      inspectors: '张三、李四',
      remark: '例行排查',
    });
    const b = record({
      subjectType: 'canteen',
      canteenId,
      inspectionType: '第三方专家检查',
      inspectedOn: '2026-11-20',
      inspectors: '王专家',
    });
    const c = record({ subjectType: 'facility', facilityId, inspectionType: '机构自查', inspectedOn: '2026-10-10', inspectors: '刘院长' });

    await page.getByRole('menuitem', { name: '安全检查' }).click();
    await page.getByRole('tab', { name: '检查记录', selected: true }).waitFor();
    const list = page.getByRole('tabpanel').locator('.record-list');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');
    // Newest first by default; the subject's name and the township's name, not ids and codes.
    await expect.poll(() => columnTexts(list)).toEqual(['2026-11-20', '2026-11-05', '2026-10-10']);
    await expect.poll(() => columnTexts(list, 1)).toEqual(['古楼幸福食堂', '凤凰敬老院', '凤凰敬老院']);
    expect(await columnTexts(list, 4)).toEqual(['古楼街道', '凤凰街道', '凤凰街道']);
    await s.shot('50-inspections-list');

    // Search by inspector and by remark.
    const search = page.getByLabel('搜索');
    await search.fill('王专家');
    await search.press('Enter');
    await expect.poll(() => columnTexts(list, 1)).toEqual(['古楼幸福食堂']);
    await search.fill('例行');
    await search.press('Enter');
    await expect.poll(() => columnTexts(list)).toEqual(['2026-11-05']);
    expect(s.app.records.list('inspections', { search: '例行' }).rows.map((r) => r.id)).toEqual([a.id]);
    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // Filter by 检查类型, then by 乡镇.
    await pick(page, list.locator('.list-toolbar').getByLabel('检查类型'), '机构自查');
    await expect.poll(() => columnTexts(list)).toEqual(['2026-10-10']);
    await clearFilter(page, '检查类型');
    await pick(page, list.locator('.list-toolbar').getByLabel('乡镇(街道)'), '古楼街道', '古楼');
    await expect.poll(() => columnTexts(list, 1)).toEqual(['古楼幸福食堂']);
    expect(s.app.records.list('inspections', { filters: { townshipCode: GULOU } }).rows.map((r) => r.id)).toEqual([b.id]);
    await s.shot('50-inspections-filtered');
    await clearFilter(page, '乡镇(街道)');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // Sort by 检查日期 (oldest first), then by 检查人员.
    await list.locator('th', { hasText: '检查日期' }).click();
    await expect.poll(() => columnTexts(list)).toEqual(['2026-10-10', '2026-11-05', '2026-11-20']);
    await list.locator('th', { hasText: '检查人员' }).click();
    const byInspectors = s.app.records.list('inspections', { sort: { field: 'inspectors', order: 'asc' } }).rows.map((r) => r.inspectors);
    await expect.poll(() => columnTexts(list, 3)).toEqual(byInspectors);

    // Edit the header: 检查类型 and 检查人员.
    const rowA = list.getByRole('row').filter({ hasText: '张三、李四' });
    await rowA.getByRole('button', { name: '编辑' }).click();
    const form = drawerTitled(page, '编辑安全检查');
    await expect.poll(() => form.getByLabel('检查人员').inputValue()).toBe('张三、李四');
    await pick(page, form.getByLabel('检查类型'), '区级排查');
    await form.getByLabel('检查人员').fill('张三、李四、赵六');
    await s.shot('50-inspection-edit');
    await form.getByLabel('检查人员').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await form.waitFor({ state: 'hidden' });
    await list.getByRole('row').filter({ hasText: '张三、李四、赵六' }).getByText('区级排查').waitFor();
    expect(s.app.records.getRaw('inspections', a.id)).toMatchObject({
      inspectionType: '区级排查',
      inspectors: '张三、李四、赵六',
      remark: '例行排查',
      inspectedOn: '2026-11-05',
      facilityId,
      townshipCode: FENGHUANG,
    });
    const updates = audit(s, 'inspections', a.id).filter((x) => x.action === 'update');
    expect(updates.map((x) => [x.field, x.oldValue, x.newValue, x.userName]).sort()).toEqual(
      [
        ['inspectionType', '乡镇排查', '区级排查', '区管理员'],
        ['inspectors', '张三、李四', '张三、李四、赵六', '区管理员'],
      ].sort(),
    );

    // History: both changes, old → new.
    const rowA2 = list.getByRole('row').filter({ hasText: '张三、李四、赵六' });
    await rowAction(page, rowA2, '历史');
    const history = drawerTitled(page, '凤凰敬老院 2026-11-05');
    await history.getByText('乡镇排查 → 区级排查').waitFor();
    await history.getByText('张三、李四 → 张三、李四、赵六').waitFor();
    await expect.poll(() => history.locator('tr').filter({ hasText: '修改' }).filter({ hasText: '区管理员' }).count()).toBe(2);
    await s.shot('50-inspection-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // Delete the canteen's inspection.
    const rowB = list.getByRole('row').filter({ hasText: '王专家' });
    await deleteThroughUi(s, rowB, {
      done: /已删除“古楼幸福食堂 2026-11-20/,
      total: '共 2 条',
      table: 'inspections',
      entity: 'inspections',
      id: b.id,
      userName: '区管理员',
    });
    expect(
      s.app.records
        .list('inspections', {})
        .rows.map((r) => r.id)
        .sort(),
    ).toEqual([a.id, c.id].sort());
    await s.shot('50-inspections-deleted');
    expect(s.errors).toEqual([]);
  }, 120_000);
});

describe('年度任务 end to end (district office)', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));
  const targets = (q: Record<string, unknown> = {}) => s.app.records.list('targets', q);
  const year = new Date().getFullYear();

  it('the district creates, filters, sorts, edits, sees the history and deletes a township’s targets', async () => {
    const { page } = s;
    await setupDistrictThroughUi(page);
    s.app.records.create(
      'targets',
      { townshipCode: GULOU, year: year - 1, retrofitHouseholds: 40, newCanteens: 1, nursingBedRatio: 55, certifiedRate: 85 },
      seedActor,
    );
    s.app.records.create(
      'targets',
      { townshipCode: XISHAN, year, retrofitHouseholds: 80, newCanteens: 3, nursingBedRatio: 60, certifiedRate: 90 },
      seedActor,
    );

    await page.getByRole('menuitem', { name: '年度任务' }).click();
    const list = page.locator('.record-list');
    await expect.poll(() => listTotal(page)).toContain('共 2 条');

    // Create: the year and the Hubei KPI targets come prefilled; the district picks the township.
    await page.getByRole('button', { name: '新增年度任务' }).click();
    const form = drawerTitled(page, '新增年度任务');
    await expect.poll(() => form.getByLabel('年度', { exact: true }).inputValue()).toBe(String(year));
    expect(await form.getByLabel('护理型床位占比(%)').inputValue()).toBe('60.00');
    expect(await form.getByLabel('持证率(%)').inputValue()).toBe('90.00');
    await pick(page, form.getByLabel('乡镇(街道)'), '凤凰街道', '凤凰');
    await form.getByLabel('适老化改造户数').fill('120');
    await form.getByLabel('新建幸福食堂/助餐点数').fill('2');
    await s.shot('50-target-form');
    await form.getByLabel('新建幸福食堂/助餐点数').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await form.waitFor({ state: 'hidden' });
    const created = targets({ filters: { townshipCode: FENGHUANG } }).rows[0];
    expect(created).toMatchObject({
      townshipCode: FENGHUANG,
      year,
      retrofitHouseholds: 120,
      newCanteens: 2,
      nursingBedRatio: 60,
      certifiedRate: 90,
    });
    expect(audit(s, 'targets', created.id).every((x) => x.action === 'create' && x.userName === '区管理员')).toBe(true);
    const row = list.getByRole('row').filter({ hasText: '凤凰街道' });
    await row.getByText('120', { exact: true }).waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // The same township and year a second time is refused on the field; nothing is saved.
    await page.getByRole('button', { name: '新增年度任务' }).click();
    await pick(page, form.getByLabel('乡镇(街道)'), '凤凰街道', '凤凰');
    await form.getByLabel('适老化改造户数').fill('99');
    await form.getByLabel('适老化改造户数').press('Control+s');
    await form.getByText(`该乡镇 ${year} 年的年度任务已经录入过,请直接修改`).first().waitFor();
    await s.shot('50-target-duplicate');
    expect(targets().total).toBe(3);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '不保存,关闭' }).click();
    await form.waitFor({ state: 'hidden' });
    // The closed drawer hands the focus back when its animation ends: a list opened before then would close at once.
    await expect.poll(() => page.locator('.ant-drawer, .ant-modal-confirm').count()).toBe(0);

    // Filter by 乡镇 (the only filter this list has).
    await pick(page, page.locator('.list-toolbar').getByLabel('乡镇(街道)'), '西山街道', '西山');
    await expect.poll(() => columnTexts(list, 1)).toEqual(['西山街道']);
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await clearFilter(page, '乡镇(街道)');
    await expect.poll(() => listTotal(page)).toContain('共 3 条');

    // Sort by 适老化改造户数, ascending then descending.
    const header = list.locator('th', { hasText: '适老化改造户数' });
    await header.click();
    await expect.poll(() => columnTexts(list, 2)).toEqual(['40', '80', '120']);
    await header.click();
    await expect.poll(() => columnTexts(list, 2)).toEqual(['120', '80', '40']);
    await s.shot('50-target-list-sorted');

    // Edit one field.
    await row.getByRole('button', { name: '编辑' }).click();
    const editForm = drawerTitled(page, '编辑年度任务');
    await expect.poll(() => editForm.getByLabel('适老化改造户数').inputValue()).toBe('120');
    await editForm.getByLabel('适老化改造户数').fill('150');
    await editForm.getByLabel('适老化改造户数').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await editForm.waitFor({ state: 'hidden' });
    await row.getByText('150', { exact: true }).waitFor();
    expect(s.app.records.getRaw('targets', created.id)).toMatchObject({ retrofitHouseholds: 150, newCanteens: 2 });
    expect(audit(s, 'targets', created.id).filter((x) => x.action === 'update')).toEqual([
      { action: 'update', field: 'retrofitHouseholds', oldValue: '120', newValue: '150', userName: '区管理员' },
    ]);

    // History.
    await rowAction(page, row, '历史');
    const history = drawerTitled(page, `${year} 年度任务`);
    await history.getByRole('row').filter({ hasText: '适老化改造户数' }).filter({ hasText: '修改' }).getByText('120 → 150').waitFor();
    await history.getByRole('row').filter({ hasText: '乡镇(街道)' }).getByText('(空) → 凤凰街道').waitFor();
    await s.shot('50-target-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // Delete.
    await deleteThroughUi(s, row, {
      done: new RegExp(`已删除“.*${year} 年度任务”`),
      total: '共 2 条',
      table: 'targets',
      entity: 'targets',
      id: created.id,
      userName: '区管理员',
    });
    expect(
      targets()
        .rows.map((r) => r.townshipCode)
        .sort(),
    ).toEqual([GULOU, XISHAN].sort());
    expect(s.errors).toEqual([]);
  }, 90_000);

  // Targets are searched by their year (they have no text to search).
  it('search finds a year’s targets', async () => {
    const { page } = s;
    const list = page.locator('.record-list');
    const search = page.getByLabel('搜索');
    await search.fill(String(year - 1));
    await search.press('Enter');
    await s.shot('50-target-search');
    await expect.poll(() => columnTexts(list, 1), { timeout: 3000 }).toEqual(['古楼街道']);
  }, 30_000);

  // The flaky failure seen in CI (the edit drawer never closed after Ctrl+S): the form put the cursor in its first
  // field on a timer after opening; on a loaded machine that timer fired after the clerk had clicked into another
  // field, and the rest of the typing went into 年度 (2026150: refused, the drawer stayed open). The page's clock
  // is held here so the timer fires exactly in the middle of the typing.
  it('the form’s first-field focus never takes the cursor from a field the clerk is already typing in', async () => {
    const { page } = s;
    const list = page.locator('.record-list');
    await page.getByLabel('搜索').fill('');
    await page.getByLabel('搜索').press('Enter');
    await expect.poll(() => listTotal(page)).toContain('共 2 条');
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 60_000);
    await list.getByRole('row').filter({ hasText: '西山街道' }).getByRole('button', { name: '编辑' }).click({ force: true });
    const form = drawerTitled(page, '编辑年度任务');
    const households = form.getByLabel('适老化改造户数');
    await households.waitFor();
    await households.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('15');
    await page.clock.runFor(500);
    await page.keyboard.type('0');
    expect(await households.inputValue()).toBe('150');
    expect(await form.getByLabel('年度', { exact: true }).inputValue()).toBe(String(year));
    await page.clock.resume();
    await households.press('Control+s');
    await form.waitFor({ state: 'hidden' });
    expect(targets({ filters: { townshipCode: XISHAN } }).rows[0]).toMatchObject({ year, retrofitHouseholds: 150 });
    expect(s.errors).toEqual([]);
  }, 30_000);
});

describe('年度任务 in a township office', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x));
  const year = new Date().getFullYear();

  it('the district’s target is read-only (it would sync back up); the township’s own stays editable', async () => {
    const { page } = s;
    await setupThroughUi(page);
    s.app.records.create('targets', { townshipCode: FENGHUANG, year: year - 1, retrofitHouseholds: 30 }, seedActor);
    const sent = s.app.records.create('targets', { townshipCode: FENGHUANG, year, retrofitHouseholds: 80 }, seedActor).record;
    // As if it had arrived in the district's package: written by the district office.
    s.app.store.sqlite.prepare("UPDATE targets SET officeId = 'district-office' WHERE id = ?").run(sent.id);

    await page.getByRole('menuitem', { name: '年度任务' }).click();
    const list = page.locator('.record-list');
    await expect.poll(() => listTotal(page)).toContain('共 2 条');
    const sentRow = list
      .locator('tr.ant-table-row')
      .filter({ hasText: String(year) })
      .filter({ hasText: '80' });
    const ownRow = list.locator('tr.ant-table-row').filter({ hasText: String(year - 1) });
    await sentRow.getByText('只读').waitFor();
    expect(await sentRow.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await sentRow.getByRole('button', { name: '删除' }).count()).toBe(0);
    await ownRow.getByRole('button', { name: '编辑' }).waitFor();
    await sentRow.getByText('只读').hover();
    await page.getByText('这是区(县)民政局下达的任务,乡镇不能修改或删除').waitFor();
    await s.shot('50-target-township-readonly');
    expect(s.errors).toEqual([]);
  }, 60_000);
});
