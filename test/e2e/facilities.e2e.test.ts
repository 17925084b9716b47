import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRow, loginThroughUi, rowAction, setupThroughUi, startBrowserSession, type BrowserSession } from './helpers';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Types into the focused field and presses Enter, then checks where the focus went (Enter never submits). */
async function typeEnter(page: Page, text: string, expectNext: string) {
  if (text) await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedId(page)).toBe(expectNext);
}
const listTotal = (page: Page) => page.getByTestId('list-total').textContent();
const facilities = (opts: { includeDeleted?: boolean } = {}) => s.app.records.list('facilities', opts);

describe('养老机构 end to end (Chromium through the browser bridge)', () => {
  it('first start, login, keyboard entry, search, edit, history, delete; a broken rule saves nothing', async () => {
    const { page } = s;

    // First start: office and first admin, then out and back in through the login page.
    await setupThroughUi(page, s.shot);
    expect(s.app.office()).toMatchObject({ name: '鄂城区凤凰街道民政办', level: 'township', divisionCode: '420704001000' });
    await page.getByRole('button', { name: '退出登录' }).click();
    await loginThroughUi(page, 'admin', 'Admin12345', () => s.shot('02-login'));
    await page.getByText('王管理').waitFor();
    await page.getByText('管理员', { exact: true }).waitFor();
    // The first screen of a new office: nothing to check yet, said in words (no 0/0 已达标 beside empty bars).
    await page.getByText('还没有在运营的养老机构需要检查').waitFor();
    expect(await page.getByText('已达标').count()).toBe(0);
    await s.shot('02b-dashboard-empty');

    await page.getByRole('menuitem', { name: '养老机构' }).click();
    await page.getByText('还没有养老机构记录').waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 0 条');

    // New facility with the keyboard only: type, Enter to the next field, Ctrl+S to save.
    await page.getByRole('button', { name: '新增养老机构' }).click();
    const drawer = page.locator('.ant-drawer-body');
    await expect.poll(() => focusedId(page)).toBe('name');
    await typeEnter(page, '凤凰街道颐养中心', 'townshipCode'); // prefilled with the office's own township
    await typeEnter(page, '', 'type');
    await typeEnter(page, '综合体', 'operationMode'); // typing narrows the list, Enter takes the option
    await typeEnter(page, '公建民营', 'operator');
    await typeEnter(page, '凤凰康养服务有限公司', 'creditCode');
    await typeEnter(page, '', 'status');
    await typeEnter(page, '', 'statusDate'); // 状态 defaults to 运营
    await typeEnter(page, '', 'urbanRural');
    await typeEnter(page, '城市', 'openedOn');
    await typeEnter(page, '2019-06-01', 'village');
    await typeEnter(page, '', 'contactName');
    await typeEnter(page, '张三华', 'contactPhone');
    await typeEnter(page, '13812341234', 'floorArea');
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('#type') })
      .getByText('街道(乡镇)养老服务综合体')
      .waitFor();
    await drawer.evaluate((el) => el.scrollTo(0, 0));
    await s.shot('03-facility-form');
    await drawer.getByLabel('床位总数').focus();
    await typeEnter(page, '100', 'bedsNursing');
    await page.keyboard.type('70');
    await page.keyboard.press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await drawer.waitFor({ state: 'hidden' });
    expect(facilities().rows).toHaveLength(1);
    expect(facilities().rows[0]).toMatchObject({
      name: '凤凰街道颐养中心',
      townshipCode: '420704001000',
      type: '街道(乡镇)养老服务综合体',
      operationMode: '公建民营',
      operator: '凤凰康养服务有限公司',
      status: '运营',
      urbanRural: '城市',
      openedOn: '2019-06-01',
      contactName: '张三华',
      contactPhone: '13812341234',
      bedsTotal: 100,
      bedsNursing: 70,
      creditCode: null, // left empty: sent as null, not ''
    });

    // In the list, with the personal data masked by the main process.
    const row = page.getByRole('row').filter({ hasText: '凤凰街道颐养中心' });
    await row.waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    for (const text of ['公建民营', '运营', '100', '70', '张*华', '138****1234'])
      await row.getByText(text, { exact: true }).first().waitFor();
    // A township office has one township: no column repeating it on every row, no filter with one choice.
    expect(
      await page
        .locator('.record-list th')
        .filter({ hasText: /^乡镇$/ })
        .count(),
    ).toBe(0);
    expect(await page.locator('.list-toolbar').getByLabel('乡镇(街道)').count()).toBe(0);
    await s.shot('04-facility-list');

    // A rule broken (more nursing beds than beds): the Chinese error sits on the field and nothing is saved.
    await page.getByRole('button', { name: '新增养老机构' }).click();
    await expect.poll(() => focusedId(page)).toBe('name');
    await typeEnter(page, '错误示例养老院', 'townshipCode');
    await typeEnter(page, '', 'type');
    await typeEnter(page, '民办养老', 'operationMode');
    await drawer.getByLabel('床位总数').focus();
    await typeEnter(page, '10', 'bedsNursing');
    await page.keyboard.type('20');
    await page.keyboard.press('Control+s');
    const nursingItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('其中护理型床位') });
    await nursingItem.getByText('护理型床位不能多于床位总数').waitFor();
    await s.shot('05-facility-validation');
    expect(facilities().total).toBe(1);
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    // Corrected, but the name emptied: the old message goes, the new one says what to fill in.
    await drawer.getByLabel('其中护理型床位').fill('5');
    await drawer.getByLabel('机构名称').fill('');
    await page.keyboard.press('Control+s');
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('机构名称') })
      .getByText('请填写机构名称')
      .first()
      .waitFor();
    await expect.poll(() => nursingItem.getByText('护理型床位不能多于床位总数').count()).toBe(0);
    expect(facilities().total).toBe(1);
    // A negative count is said, not quietly turned into 0.
    await drawer.getByLabel('机构名称').fill('错误示例养老院');
    await drawer.getByLabel('床位总数').fill('-5');
    await page.keyboard.press('Control+s');
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('床位总数') })
      .getByText('床位总数不能为负数')
      .first()
      .waitFor();
    expect(facilities().total).toBe(1);
    // Esc with unsaved changes asks first.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '不保存,关闭' }).click();
    await drawer.waitFor({ state: 'hidden' });
    expect(facilities().total).toBe(1);

    // Search: typing searches after a pause; Enter searches at once.
    const search = page.getByLabel('搜索');
    await search.fill('不存在的机构');
    await page.getByText('没有符合条件的记录').waitFor();
    await search.fill('颐养');
    await search.press('Enter');
    await row.waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 1 条');

    // Edit. Personal data arrives masked: the field starts empty with the masked value as its hint, so the
    // mask can never be saved back; an admin may show the full values (audited).
    await row.getByRole('button', { name: '编辑' }).click();
    const phone = drawer.getByLabel('负责人电话');
    await expect.poll(() => phone.getAttribute('placeholder')).toContain('138****1234');
    expect(await phone.inputValue()).toBe('');
    await s.shot('05b-facility-edit-masked');
    await page.getByRole('button', { name: '显示完整个人信息' }).click();
    await expect.poll(() => phone.inputValue()).toBe('13812341234');
    // Change the beds and give a short credit code (a warning: saved, and the clerk is told).
    await drawer.getByLabel('床位总数').fill('120');
    await drawer.getByLabel('统一社会信用代码').fill('5242070400000000');
    await drawer.getByLabel('统一社会信用代码').press('Control+s');
    await page.getByTestId('save-warnings').getByText('统一社会信用代码应为 18 位', { exact: false }).waitFor();
    await row.getByText('120', { exact: true }).waitFor();
    const edited = facilities().rows[0];
    expect(edited).toMatchObject({
      bedsTotal: 120,
      bedsNursing: 70,
      creditCode: '5242070400000000',
      contactName: '张三华',
      contactPhone: '13812341234',
    });
    expect(edited.warnings.map((w: { field: string }) => w.field)).toEqual(['creditCode']);

    // History: who, what, old → new; the edit sent only the two changed fields.
    await rowAction(page, row, '历史');
    const history = page.locator('.ant-drawer-open').filter({ hasText: '修改历史' });
    await history.getByText('100 → 120').waitFor();
    await history.getByText('(空) → 5242070400000000').waitFor();
    await expect.poll(() => history.locator('tr').filter({ hasText: '修改' }).count()).toBe(2);
    await history.locator('tr').filter({ hasText: '查看完整信息' }).first().waitFor();
    await history.getByRole('row').filter({ hasText: '床位总数' }).filter({ hasText: '修改' }).getByText('王管理').waitFor();
    // Personal values are masked in the history too, until an admin asks (audited).
    await history.getByText('(空) → 138****1234').waitFor();
    const reveals = () => s.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'reveal'").pluck().get() as number;
    const before = reveals();
    await history.getByRole('button', { name: '显示完整个人信息' }).click();
    await history.getByText('(空) → 13812341234').waitFor();
    expect(reveals()).toBe(before + 1);
    await s.shot('06-facility-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // Delete: confirm, told so, gone from the list, kept as a tombstone.
    await deleteRow(page, row);
    await page.getByText('已删除“凤凰街道颐养中心”').waitFor();
    await page.getByText('没有符合条件的记录').waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 0 条');
    expect(facilities().total).toBe(0);
    expect(facilities({ includeDeleted: true }).total).toBe(1);
    expect(s.errors).toEqual([]);
  }, 120_000);
});
