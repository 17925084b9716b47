import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { exportOfficeCard, exportPackage, importAck, importPackage, registerOffice } from '../../electron/sync/service';
import { setup } from '../../electron/system/service';
import { roundOf } from '../../shared/reporting/cycle';
import { todayIso } from '../../shared/domain/fields';
import { loginThroughUi, startBrowserSession, until, type BrowserSession } from './helpers';

/*
 * The reporting cycle through the real UI of two offices (issue 15): the township submits its quarter, the
 * district sees 已报送 and returns it with a reason, the township sees the reason on its 首页, corrects and
 * submits again, the district approves; the approved quarter is locked, so the township's reviewer changes a
 * figure only as an 调整 with a reason, and the reports page shows 按报送时 / 按当前数据 with the differences.
 * Packages travel between the two apps through the sync service (the 数据交换 screens have their own test).
 */

const admin = { userId: 'setup', userName: '王管理', role: 'admin' as const };
const FENGHUANG = '420704001000';
const { year, quarter } = roundOf(todayIso());
const Q = `${year}年第${quarter}季度`;
let town: BrowserSession;
let district: BrowserSession;
const dirs: string[] = [];
let facilityId = '';
let quarterId = '';

async function office(level: 'township' | 'district', code: string, name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${level}-`));
  dirs.push(dir);
  const app = new LedgerApp({ dataDir: dir });
  await setup(app, {
    office: { level, divisionCode: code, name },
    admin: { username: 'admin', displayName: level === 'township' ? '王管理' : '区审核', password: 'Admin12345' },
  });
  app.close();
  return dir;
}

/** Everything new from one office to the other, and the acknowledgement back (what the USB stick carries). */
function carry(from: LedgerApp, to: LedgerApp) {
  const pkg = exportPackage(from, admin, to.office()!.id);
  importAck(from, admin, importPackage(to, admin, pkg.bytes).ack!.bytes as Buffer);
}

const reporting = async (page: Page) => {
  await page.getByRole('menuitem', { name: '季度报送' }).click();
  await page.getByText('本单位报送').or(page.getByText('下级单位报送情况')).first().waitFor();
};
const ownRow = (page: Page) => page.locator('tr.ant-table-row').filter({ hasText: Q }).first();

/** The main screens again at 1920×1080 (office PCs come in both sizes). */
async function wide(s: BrowserSession, name: string) {
  await s.page.setViewportSize({ width: 1920, height: 1080 });
  await s.shot(`${name}-1920`);
  await s.page.setViewportSize({ width: 1366, height: 768 });
}

beforeAll(async () => {
  const townDir = await office('township', FENGHUANG, '凤凰街道民政办');
  const districtDir = await office('district', '420704000000', '鄂城区民政局');
  town = await startBrowserSession({ dataDir: townDir, viewport: { width: 1366, height: 768 } });
  district = await startBrowserSession({ dataDir: districtDir, viewport: { width: 1366, height: 768 } });
  registerOffice(district.app, admin, exportOfficeCard(town.app).bytes);
  registerOffice(town.app, admin, exportOfficeCard(district.app).bytes);
  const f = town.app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '凤凰敬老院',
      type: '农村福利院(特困供养服务机构)',
      status: '运营',
      village: '凤凰村',
      bedsTotal: 60,
      bedsNursing: 40,
      openedOn: '2015-03-01',
    },
    admin,
  ).record;
  facilityId = f.id;
  quarterId = town.app.records.create('facilityQuarters', { facilityId: f.id, year, quarter, residents: 42, residentsDisabled: 10 }, admin)
    .record.id;
  carry(town.app, district.app);
  await loginThroughUi(town.page);
  await loginThroughUi(district.page);
}, 90_000);

afterAll(async () => {
  await town?.close();
  await district?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('报送 → 退回 → 更正报送 → 审核通过 between a township and its district', () => {
  it('goes round the cycle through both offices’ screens, then locks the quarter', async () => {
    // 1. The township submits: the checks that fail are shown first, then it is 已报送 (late: the deadline passed).
    const tp = town.page;
    await reporting(tp);
    await town.shot('60-reporting-township-before');
    await ownRow(tp).getByRole('button', { name: '报送…' }).click();
    const dialog = tp.getByRole('dialog').filter({ hasText: `报送 ${Q}` });
    await dialog.getByText('报送前请核对').waitFor();
    expect(await dialog.textContent()).toMatch(/覆盖率低于 30%/);
    await dialog.getByLabel('报送说明').fill('按时核对后报送');
    await town.shot('61-reporting-submit-checks');
    await dialog.getByRole('button', { name: /确认报送/ }).click();
    await ownRow(tp).getByText('已报送').waitFor();
    expect(await ownRow(tp).textContent()).toContain('逾期报送');
    await town.shot('62-reporting-township-submitted');

    // 2. The district sees 已报送 for 凤凰街道, opens it (figures equal its own copy), and returns it with a reason.
    carry(town.app, district.app);
    const dp = district.page;
    await reporting(dp);
    const fhRow = dp.locator('tr.ant-table-row').filter({ hasText: '凤凰街道' }).first();
    await fhRow.getByRole('button', { name: new RegExp(`凤凰街道${Q}:已报送`) }).waitFor();
    await expect.poll(() => dp.getByText(/已报送 1 \/ \d+/).count()).toBe(1);
    await district.shot('63-reporting-district-grid');
    await wide(district, '63-reporting-district-grid');
    await fhRow.getByRole('button', { name: new RegExp(`凤凰街道${Q}`) }).click();
    const drawer = dp.locator('.ant-drawer-open').filter({ hasText: `凤凰街道 ${Q}` });
    await drawer.getByText('与本机当前数据一致').waitFor();
    await drawer.getByText('按时核对后报送').waitFor();
    await district.shot('64-reporting-district-submission');
    await drawer.getByRole('button', { name: '退回…' }).click();
    const back = dp.getByRole('dialog').filter({ hasText: '退回报送' });
    await back.getByLabel('退回原因').fill('凤凰敬老院在住人数与入住登记不符,请核对后重报');
    await district.shot('65-reporting-district-return');
    await back.getByRole('button', { name: '退回', exact: true }).click();
    await drawer.getByText('已退回:凤凰敬老院在住人数与入住登记不符,请核对后重报').waitFor();
    await drawer.locator('.ant-drawer-close').click();
    await fhRow.getByText('已退回').waitFor();

    // 3. The township sees the reason on its 首页, corrects the figure and submits again (a 更正报送).
    carry(district.app, town.app);
    await tp.getByRole('menuitem', { name: '首页' }).click();
    await tp.getByText(`${Q}的报送已被鄂城区民政局退回`).waitFor();
    await tp.getByText('退回原因:凤凰敬老院在住人数与入住登记不符,请核对后重报', { exact: false }).waitFor();
    await town.shot('66-dashboard-township-returned');
    await wide(town, '66-dashboard-township-returned');
    town.app.records.update(
      'facilityQuarters',
      { id: quarterId, patch: { residents: 45 } },
      { ...admin, userName: '李填报', role: 'clerk' },
    );
    await reporting(tp);
    await ownRow(tp).getByText('已退回').waitFor();
    await ownRow(tp).getByRole('button', { name: '更正报送…' }).click();
    const again = tp.getByRole('dialog').filter({ hasText: `更正报送 ${Q}` });
    await again.getByText(/与上次报送相比有 \d+ 个数字不同/).waitFor();
    expect(await again.textContent()).toContain('在住老年人(人)·合计 42 → 45');
    await again.getByLabel('报送说明').fill('已核对入住登记');
    await town.shot('67-reporting-resubmit');
    await again.getByRole('button', { name: /确认报送/ }).click();
    await ownRow(tp).getByText('已报送').waitFor();

    // 4. The district approves the correction; the township's quarter is 已审核 and locked.
    carry(town.app, district.app);
    await dp.reload();
    await reporting(dp);
    await fhRow.getByRole('button', { name: new RegExp(`凤凰街道${Q}:已报送`) }).click();
    await drawer.getByText('已核对入住登记').waitFor();
    await drawer.getByRole('button', { name: '审核通过' }).click();
    await dp.getByRole('dialog').filter({ hasText: '审核通过凤凰街道' }).getByRole('button', { name: '审核通过' }).click();
    await until(async () => (await drawer.getByText('已审核').count()) > 0, 'the submission shows 已审核');
    await district.shot('68-reporting-district-approved');
    await drawer.locator('.ant-drawer-close').click();
    await fhRow.getByText('已审核').waitFor();
    carry(district.app, town.app);
    await tp.reload();
    await reporting(tp);
    await ownRow(tp).getByText('已审核').waitFor();
    await ownRow(tp).getByText('已锁定').waitFor();
    await town.shot('69-reporting-township-approved');
    expect(town.errors).toEqual([]);
    expect(district.errors).toEqual([]);
  }, 180_000);

  it('an approved quarter takes the reviewer’s edit only as an 调整 with a reason; the reports page shows both versions', async () => {
    const tp = town.page;
    // Beds change every quarter's "as of quarter end" figures: the form's save asks for the reason first.
    await tp.getByRole('menuitem', { name: '养老机构' }).click();
    const row = tp.locator('tr.ant-table-row').filter({ hasText: '凤凰敬老院' }).first();
    await row.getByRole('button', { name: '编辑' }).click();
    const form = tp.locator('.ant-drawer-open').filter({ has: tp.getByLabel('床位总数') });
    await form.getByLabel('床位总数').fill('66');
    await form.getByLabel('床位总数').press('Control+s');
    const ask = tp.getByRole('dialog').filter({ hasText: '请填写调整原因' });
    await ask.getByText(`这次修改会改变已审核的凤凰街道${Q}报表数字`, { exact: false }).waitFor();
    await town.shot('70-adjust-reason');
    await ask.getByLabel('调整原因').fill('新增 6 张床位,9 月已投入使用');
    await ask.getByRole('button', { name: '作为调整保存' }).click();
    await row.getByText('66', { exact: true }).waitFor(); // the 床位 column (护理型 is its own column)
    expect(town.app.records.getRaw('facilities', facilityId).bedsTotal).toBe(66);
    const adj = town.app.store.sqlite.prepare('SELECT reason, adjustedBy FROM report_adjustments').all();
    expect(adj).toEqual([{ reason: '新增 6 张床位,9 月已投入使用', adjustedBy: '王管理' }]);
    await reporting(tp);
    await ownRow(tp).getByText('报送后有调整').waitFor();

    // The reports page: 按报送时 by default, the differing cells marked; the switch shows the current figures.
    await tp.getByRole('menuitem', { name: '统计报表' }).click();
    await tp.getByLabel('年度').fill(String(year));
    await tp.getByLabel('年度').press('Enter');
    await tp.getByRole('combobox', { name: '季度' }).click();
    await tp
      .locator('.ant-select-item-option')
      .filter({ hasText: `第 ${quarter} 季度` })
      .click();
    const panel = tp.getByRole('tabpanel').first();
    await panel.getByText(/更正报送 .*有 \d+ 个数字与当前数据不同/).waitFor();
    const total = panel.locator('tr.ant-table-row').filter({ hasText: '合计' }).first();
    await expect.poll(() => total.locator('.figure-changed').count()).toBeGreaterThan(0);
    expect(await total.locator('.figure-changed').first().textContent()).toBe('60');
    await town.shot('71-reports-as-submitted');
    await wide(town, '71-reports-as-submitted');
    await panel.getByText('按当前数据').click();
    await expect.poll(async () => (await total.locator('.figure-changed').first().textContent()) ?? '').toBe('66');
    await town.shot('72-reports-current');
    // The submitted figure opens the records behind it then, and says what changed since.
    await panel.getByText('按报送时').click();
    await total.locator('.figure-changed').first().click();
    const drill = tp.locator('.ant-drawer-open').filter({ hasText: '报送时的数据来源' });
    await drill.getByText('报送后有改动').waitFor();
    expect(await drill.textContent()).toContain('凤凰敬老院');
    await town.shot('73-reports-submitted-drill');
    expect(town.errors).toEqual([]);
  }, 120_000);
});
