import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, setupThroughUi } from './helpers';

type Session = Awaited<ReturnType<typeof startBrowserSession>>;
let s: Session;

beforeAll(async () => {
  s = await startBrowserSession();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('facility slice end to end (Chromium through the browser bridge)', () => {
  it('first-start setup, create with the keyboard, find, edit, see history, delete', async () => {
    const { page } = s;
    await setupThroughUi(page, s.shot);
    expect(s.app.office()).toMatchObject({ name: '鄂城区凤凰街道民政办', level: 'township', divisionCode: '420704001000' });

    await page.getByRole('menuitem', { name: '养老机构' }).click();
    await page.getByRole('button', { name: '新增养老机构' }).click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByLabel('机构名称').fill('凤凰街道颐养中心');
    await drawer.getByLabel('机构名称').press('Enter'); // Enter moves on, it does not submit
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).not.toBe('name');
    await drawer.getByLabel('机构类型').click();
    await page.locator('.ant-select-item-option', { hasText: '街道(乡镇)养老服务综合体' }).click();
    await drawer.getByLabel('床位总数').fill('100');
    await drawer.getByLabel('其中护理型床位').fill('70');
    await drawer.getByLabel('负责人电话').fill('13812341234');
    await s.shot('03-facility-form');
    await drawer.getByLabel('其中护理型床位').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await expect.poll(() => s.app.records.list('facilities', {}).total).toBe(1);
    await page.getByText('凤凰街道颐养中心').waitFor();
    await expect.poll(async () => page.getByTestId('list-total').textContent()).toContain('共 1 条');
    await s.shot('04-facility-list');
    // The phone is masked in the list.
    await page.getByText('138****1234').waitFor();

    // A rule broken: more nursing beds than beds. The error is shown on the field and nothing is saved.
    await page.getByRole('button', { name: '新增养老机构' }).click();
    await drawer.getByLabel('机构名称').fill('错误示例养老院');
    await drawer.getByLabel('机构类型').click();
    await page.locator('.ant-select-item-option', { hasText: '民办养老机构' }).click();
    await drawer.getByLabel('床位总数').fill('10');
    await drawer.getByLabel('其中护理型床位').fill('20');
    await page.getByRole('button', { name: '保存' }).click();
    await drawer.getByText('护理型床位不能多于床位总数').first().waitFor();
    await s.shot('05-facility-validation');
    expect(s.app.records.list('facilities', {}).total).toBe(1);
    await drawer.getByLabel('机构名称').press('Escape');
    await page.getByRole('button', { name: '不保存,关闭' }).click();

    // Search finds it, edit changes it.
    await page.getByLabel('搜索').fill('颐养');
    await page.getByLabel('搜索').press('Enter');
    await page.getByText('凤凰街道颐养中心').waitFor();
    await page.getByRole('button', { name: '编辑' }).first().click();
    await drawer.getByLabel('床位总数').fill('120');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('120 / 70').waitFor();
    const rec = s.app.records.list('facilities', {}).rows[0];
    expect(rec.bedsTotal).toBe(120);

    // History shows the change, old → new.
    await page.getByRole('button', { name: '历史' }).first().click();
    await page.getByText('100 → 120').waitFor();
    await s.shot('06-facility-history');
    await page.locator('.ant-drawer-close').click();

    // Delete: gone from the list, kept as a tombstone.
    await page.getByRole('button', { name: '删除' }).first().click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await page.getByText('没有符合条件的记录').waitFor();
    expect(s.app.records.list('facilities', {}).total).toBe(0);
    expect(s.app.records.list('facilities', { includeDeleted: true }).total).toBe(1);
    expect(s.errors).toEqual([]);
  }, 90_000);
});
