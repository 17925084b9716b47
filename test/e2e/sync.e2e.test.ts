import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { exportOfficeCard, exportPackage, importAck, registerOffice } from '../../electron/sync/service';
import { setup } from '../../electron/system/service';
import { startBrowserSession } from './helpers';

const actor = { userId: 't', userName: '乡镇填报员', role: 'admin' as const };
let s: Awaited<ReturnType<typeof startBrowserSession>>;
const townships: LedgerApp[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  const districtDir = mkdtempSync(join(tmpdir(), 'ledger-district-'));
  dirs.push(districtDir);
  const district = new LedgerApp({ dataDir: districtDir });
  await setup(district, {
    office: { level: 'district', divisionCode: '420704000000', name: '鄂城区民政局' },
    admin: { username: 'admin', displayName: '区管理员', password: 'Admin12345' },
  });
  for (const [code, name] of [
    ['420704001000', '凤凰街道民政办'],
    ['420704002000', '古楼街道民政办'],
  ]) {
    const d = mkdtempSync(join(tmpdir(), 'ledger-town-'));
    dirs.push(d);
    const t = new LedgerApp({ dataDir: d });
    await setup(t, {
      office: { level: 'township', divisionCode: code, name },
      admin: { username: 'admin', displayName: name, password: 'Admin12345' },
    });
    registerOffice(district, actor, exportOfficeCard(t).bytes);
    registerOffice(t, actor, exportOfficeCard(district).bytes);
    townships.push(t);
  }
  district.close();
  s = await startBrowserSession({ dataDir: districtDir });
  await s.page.getByLabel('用户名').fill('admin');
  await s.page.getByLabel('密码').fill('Admin12345');
  await s.page.getByRole('button', { name: '登录' }).click();
  await s.page.locator('.app-brand').waitFor();
}, 60_000);
afterAll(async () => {
  await s?.close();
  for (const t of townships) t.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function importThroughUi(bytes: Buffer, name: string): Promise<Buffer> {
  const file = join(tmpdir(), name);
  writeFileSync(file, bytes);
  const { page } = s;
  await page
    .getByRole('button', { name: '导入同步包…' })
    .locator('xpath=ancestor::span[contains(@class,"ant-upload")]')
    .locator('input[type=file]')
    .setInputFiles(file);
  await page.getByRole('dialog').getByText('导入同步包').first().waitFor();
  await s.shot(`10-sync-preview-${name}`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '确认导入' }).click();
  const d = await download;
  const path = await d.path();
  await page.getByText('已导入').first().waitFor();
  return readFileSync(path!);
}

describe('sync between two townships and their district through the district’s UI', () => {
  it('imports both townships, shows a conflict on the same household and restores the other value', async () => {
    const [fh, gl] = townships;
    const { record: h } = fh.records.create(
      'households',
      {
        townshipCode: '420704001000',
        name: '李秀英',
        idCard: '11010519491231002X',
        projectYear: 2026,
        status: '申请',
        phone: '13800000001',
      },
      actor,
    );
    gl.records.create('facilities', { townshipCode: '420704002000', name: '古楼敬老院', type: '其他', status: '运营' }, actor);
    const districtId = fh.office()!.parentOfficeId!;

    await s.page.getByRole('menuitem', { name: '数据交换' }).click();
    await s.page.getByText('凤凰街道民政办').waitFor();
    const ack1 = await importThroughUi(exportPackage(fh, actor, districtId).bytes, 'fh-1.ecsync');
    importAck(fh, actor, ack1);
    await importThroughUi(exportPackage(gl, actor, districtId).bytes, 'gl-1.ecsync');

    // Both sides change the same household's phone before they hear from each other.
    fh.records.update('households', { id: h.id, patch: { phone: '13800000002' } }, actor);
    const districtDb = new LedgerApp({ dataDir: dirs[0] });
    districtDb.records.update('households', { id: h.id, patch: { phone: '13900000003' } }, { ...actor, userName: '区审核员' });
    districtDb.close();
    await importThroughUi(exportPackage(fh, actor, districtId).bytes, 'fh-2.ecsync');

    await s.page.getByRole('tab', { name: /待确认冲突\(1\)/ }).click();
    await s.page.getByText('联系电话').first().waitFor();
    await s.shot('11-sync-conflict');
    await s.page.getByRole('button', { name: '改用另一方的值' }).click();
    await s.page.getByRole('tab', { name: /待确认冲突\(0\)/ }).waitFor();

    const check = new LedgerApp({ dataDir: dirs[0] });
    try {
      const after = check.records.getRaw('households', h.id);
      const c = check.store.sqlite.prepare('SELECT appliedValue, otherValue, status FROM sync_conflicts').all() as {
        appliedValue: string;
        otherValue: string;
        status: string;
      }[];
      expect(c).toHaveLength(1);
      expect(c[0].status).toBe('restored');
      expect(JSON.stringify(after.phone)).toBe(c[0].otherValue);
      expect(check.records.list('facilities', {}).rows.map((r) => r.name)).toEqual(['古楼敬老院']);
    } finally {
      check.close();
    }
    await s.page.getByRole('tab', { name: '交换记录' }).click();
    await s.shot('12-sync-history');
    // 古楼's acknowledgement was never carried back: it is saved again from the history, and 古楼 accepts it.
    const glRow = s.page.getByRole('tabpanel').locator('tr.ant-table-row').filter({ hasText: '古楼街道民政办' }).first();
    const again = s.page.waitForEvent('download');
    await glRow.getByRole('button', { name: '再次保存回执' }).click();
    const ackAgain = readFileSync((await (await again).path())!);
    expect(importAck(gl, actor, ackAgain)).toMatchObject({ receiverName: expect.stringContaining('区') });
    expect(gl.store.sqlite.prepare('SELECT count(*) FROM sync_outbox WHERE ackedAt IS NULL').pluck().get()).toBe(0);

    // The district's roll-up says how current each township's rows are.
    await s.page.getByRole('menuitem', { name: '统计报表' }).click();
    const panel = s.page.getByRole('tabpanel').first();
    const row = (name: string) => panel.locator('tr.ant-table-row').filter({ hasText: name }).first();
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await expect.poll(() => row('凤凰街道').textContent(), { timeout: 15_000 }).toContain(iso.slice(0, 7));
    expect(await row('古楼街道').textContent()).toContain(iso.slice(0, 7));
    expect(await panel.getByText('尚未收到数据').count()).toBeGreaterThan(0); // the district's other townships
    await s.shot('13-reports-freshness');

    // 古楼 moved to a new PC: the admin ends the old registration; its data stays.
    await s.page.getByRole('menuitem', { name: '数据交换' }).click();
    const peers = s.page.locator('.ant-card').filter({ hasText: '上下级单位' });
    await peers.locator('tr.ant-table-row').filter({ hasText: '古楼街道民政办' }).getByRole('button', { name: '解除登记' }).click();
    await s.page.getByRole('button', { name: '解除登记', exact: true }).last().click();
    await s.page.getByText(/已解除与“.*古楼街道民政办”的登记/).waitFor();
    await expect.poll(() => peers.locator('tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    await s.shot('14-sync-unregistered');
    const after = new LedgerApp({ dataDir: dirs[0] });
    try {
      expect(after.records.list('facilities', {}).rows.map((r) => r.name)).toEqual(['古楼敬老院']);
    } finally {
      after.close();
    }
    expect(s.errors).toEqual([]);
  }, 120_000);
});
