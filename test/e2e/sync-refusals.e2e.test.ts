import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { exportOfficeCard, exportPackage, registerOffice, writePackage } from '../../electron/sync/service';
import { setup } from '../../electron/system/service';
import { startBrowserSession, until } from './helpers';

/*
 * What the district's clerk sees when a package is not imported (issue 13, 14.1): a package for another
 * office, a damaged one, one whose content a township may not write, and one held because the township's
 * PC date is years ahead. Each is shown whole, in Chinese, at 1366×768 and 1920×1080.
 */

const actor = { userId: 't', userName: '乡镇管理员', role: 'admin' as const };
const YEAR = 365 * 86400_000;
let s: Awaited<ReturnType<typeof startBrowserSession>>;
const others: LedgerApp[] = [];
const dirs: string[] = [];
let fenghuang: LedgerApp;
let gulou: LedgerApp;
let fast: { offset: number };

async function office(level: 'district' | 'township', divisionCode: string, name: string, now?: () => number) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-refusals-'));
  dirs.push(dir);
  const app = new LedgerApp({ dataDir: dir, now });
  await setup(app, { office: { level, divisionCode, name }, admin: { username: 'admin', displayName: name, password: 'Admin12345' } });
  return { app, dir };
}

beforeAll(async () => {
  const district = await office('district', '420704000000', '鄂城区民政局');
  fast = { offset: 0 };
  fenghuang = (await office('township', '420704001000', '凤凰街道民政办', () => Date.now() + fast.offset)).app;
  gulou = (await office('township', '420704002000', '古楼街道民政办')).app;
  for (const t of [fenghuang, gulou]) {
    registerOffice(district.app, actor, exportOfficeCard(t).bytes);
    registerOffice(t, actor, exportOfficeCard(district.app).bytes);
  }
  others.push(fenghuang, gulou);
  district.app.close();
  s = await startBrowserSession({ dataDir: district.dir });
  await s.page.getByLabel('用户名').fill('admin');
  await s.page.getByLabel('密码').fill('Admin12345');
  await s.page.getByRole('button', { name: '登录' }).click();
  await s.page.locator('.app-brand').waitFor();
  await s.page.getByRole('menuitem', { name: '数据交换' }).click();
  await s.page.getByText('凤凰街道民政办').first().waitFor();
}, 60_000);
afterAll(async () => {
  await s?.close();
  for (const t of others) t.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function choose(bytes: Buffer, name: string) {
  const file = join(tmpdir(), name);
  writeFileSync(file, bytes);
  await s.page
    .getByRole('button', { name: '导入同步包…' })
    .locator('xpath=ancestor::span[contains(@class,"ant-upload")]')
    .locator('input[type=file]')
    .setInputFiles(file);
}

/** Both screen sizes the offices use. */
async function shots(name: string) {
  await s.shot(`${name}-1366`);
  await s.page.setViewportSize({ width: 1920, height: 1080 });
  await s.shot(`${name}-1920`);
  await s.page.setViewportSize({ width: 1366, height: 768 });
}

/** The refusal dialog: its whole message, then closed. */
async function refusal(pattern: RegExp, shot: string) {
  const dialog = s.page.locator('.ant-modal-confirm-error');
  await dialog.locator('.ant-modal-confirm-title').getByText('同步包没有导入', { exact: true }).waitFor();
  const text = (await dialog.locator('.ant-modal-confirm-content').textContent()) ?? '';
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/[A-Za-z]{3,}/); // no English fragment or error text
  await shots(shot);
  await dialog.getByRole('button', { name: '知道了' }).click();
  await until(async () => (await dialog.count()) === 0, 'the refusal dialog closed');
  return text;
}

describe('packages the district does not import, as its clerk sees them', () => {
  it('another office’s package, a damaged one, a township writing another’s records, a held one', async () => {
    const districtId = fenghuang.office()!.parentOfficeId!;
    const before = s.app.store.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get();

    // 1. A package 华容区's township made for 华容区: this district cannot read it.
    const hr = await office('district', '420703000000', '华容区民政局');
    const gd = await office('township', '420703101000', '葛店镇民政办');
    others.push(hr.app, gd.app);
    registerOffice(hr.app, actor, exportOfficeCard(gd.app).bytes);
    registerOffice(gd.app, actor, exportOfficeCard(hr.app).bytes);
    gd.app.records.create('facilities', { townshipCode: '420703101000', name: '葛店敬老院', type: '其他', status: '运营' }, actor);
    await choose(exportPackage(gd.app, actor, hr.app.office()!.id).bytes, 'other.ecsync');
    await refusal(
      /^这个同步包是发给其他单位的,不是发给本单位\(鄂城区民政局\)的,本机无法解密,也不能导入。.*没有导入任何数据。$/,
      '15-sync-refused-not-ours',
    );

    // 2. The same township's package, cut off on the stick.
    gulou.records.create(
      'households',
      { townshipCode: '420704002000', name: '李秀英', idCard: '11010519491231002X', projectYear: 2026, status: '申请' },
      actor,
    );
    const gl = exportPackage(gulou, actor, districtId).bytes;
    await choose(gl.subarray(0, gl.length - 40), 'cut.ecsync');
    await refusal(/^这个同步包无法解密:文件不完整或被改动过/, '16-sync-refused-damaged');

    // 3. 古楼's household arrives; then 凤凰 (its key, its signature) sends a rename of that household.
    await choose(gl, 'gulou.ecsync');
    await s.page.getByRole('button', { name: '确认导入' }).click();
    await s.page
      .getByText(/已导入/)
      .first()
      .waitFor();
    const household = s.app.records.list('households', {}).rows[0];
    const attack = writePackage(
      fenghuang,
      { id: districtId },
      {
        records: [],
        changes: [
          {
            entity: 'households',
            recordId: household.id,
            field: 'name',
            value: JSON.stringify('王五'),
            hlc: `${String(Date.now() + 1000).padStart(15, '0')}-000000-${fenghuang.office()!.id.replace(/-/g, '').slice(0, 16)}`,
            baseHlc: null,
            officeId: fenghuang.office()!.id,
            userName: '凤凰',
          },
        ],
        photos: [],
      },
      { full: false, fromSeq: 0, toSeq: 1 },
    );
    const afterGulou = s.app.store.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get();
    await choose(attack.bytes, 'attack.ecsync');
    await refusal(/“凤凰街道民政办”的同步包.*古楼街道.*适老化改造户.*整个同步包都没有导入/, '17-sync-refused-foreign-record');
    expect(s.app.records.getRaw('households', household.id).name).toBe('李秀英');
    expect(s.app.store.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(afterGulou);
    expect(afterGulou).toBeGreaterThan(before as number);

    // 4. 凤凰's PC date two years ahead: its package is held, the clerk is told whose date is wrong.
    fast.offset = 2 * YEAR;
    fenghuang.records.create('facilities', { townshipCode: '420704001000', name: '凤凰养老院', type: '其他', status: '运营' }, actor);
    await choose(exportPackage(fenghuang, actor, districtId).bytes, 'fast.ecsync');
    const preview = s.page.getByRole('dialog').filter({ hasText: '导入同步包:来自' });
    await preview.getByText(/很可能是“凤凰街道民政办”电脑的日期设快了/).waitFor();
    await shots('18-sync-held-preview');
    await preview.getByRole('button', { name: '暂存(不导入)' }).click();
    const warning = s.page.locator('.ant-modal-confirm-warning');
    await warning.locator('.ant-modal-confirm-title').getByText('同步包已暂存,没有导入', { exact: true }).waitFor();
    await warning.getByRole('button', { name: '知道了' }).click();
    const heldCard = s.page.locator('.ant-card').filter({ hasText: '暂存的同步包(1)' });
    await heldCard.locator('tr.ant-table-row').filter({ hasText: '凤凰街道民政办' }).waitFor();
    const peerRow = s.page
      .locator('.ant-card')
      .filter({ hasText: '上下级单位' })
      .locator('tr.ant-table-row')
      .filter({ hasText: '凤凰街道民政办' });
    await peerRow.getByText(/对方时间快/).waitFor();
    await shots('19-sync-held-list');
    expect(s.app.records.list('facilities', {}).rows.map((r) => r.name)).not.toContain('凤凰养老院');
    expect(s.errors).toEqual([]);
  }, 120_000);
});
