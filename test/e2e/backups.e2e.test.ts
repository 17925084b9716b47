import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type BrowserSession, loginThroughUi, setupThroughUi, startBrowserSession, until, withBrowserSession } from './helpers';

const PASS = '凤凰街道迁移 2026';

/** Both screen sizes the offices use. */
async function shots(page: Page, shot: (n: string) => Promise<unknown>, name: string) {
  await shot(`${name}-1366`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(`${name}-1920`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Types the 文件密码 (twice when sealing) into the open dialog and confirms. */
async function typePassphrase(page: Page, title: string, passphrase: string, ok: string, sealing: boolean) {
  const dialog = page.getByRole('dialog').filter({ hasText: title });
  await dialog.getByLabel('文件密码', { exact: true }).fill(passphrase);
  if (sealing) await dialog.getByLabel('再次输入文件密码').fill(passphrase);
  await dialog.getByRole('button', { name: ok }).click();
  return dialog;
}

let s: BrowserSession;
withBrowserSession((x) => (s = x));

describe('backups through the UI (admin)', () => {
  it('makes a manual backup, then restores it after a later change; the undo backup is listed', async () => {
    const { page } = s;
    await setupThroughUi(page);
    const actor = { userId: 'seed', userName: '测试', role: 'admin' as const };
    const facilities = () => s.app.store.sqlite.prepare('SELECT name FROM facilities WHERE deletedAt IS NULL ORDER BY name').pluck().all();
    s.app.records.create('facilities', { townshipCode: '420704001000', name: '甲敬老院', type: '其他', status: '运营' }, actor);

    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '备份' }).click();
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.getByText('已创建备份').waitFor();
    const manual = page.getByRole('row').filter({ hasText: '手动备份' });
    await manual.waitFor();

    s.app.records.create('facilities', { townshipCode: '420704001000', name: '乙敬老院', type: '其他', status: '运营' }, actor);
    expect(facilities()).toEqual(['乙敬老院', '甲敬老院']);

    await manual.getByRole('button', { name: '恢复' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '恢复数据?' });
    await confirm.getByText('恢复备份前').waitFor();
    await s.shot('32-restore-confirm');
    await confirm.getByRole('button', { name: '恢复' }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '数据已恢复' }).waitFor();
    expect(facilities()).toEqual(['甲敬老院']);
    await s.shot('33-restore-done');
    await page.getByRole('button', { name: '知道了' }).click();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });

    // The page reloads; whatever screen it opens on, the backups list now shows the undo backup.
    await until(async () => (await page.locator('.ant-layout, form').count()) > 0, '重新载入');
    const reasons = s.app.store.sqlite
      ? (await import('../../electron/backup/service')).listBackups(s.app.dataDir).map((b) => b.reason)
      : [];
    expect(reasons).toContain('恢复备份前');
    const audit = s.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup-restore'").pluck().get();
    expect(audit).toBe(1);
    expect(s.errors).toEqual([]);
  }, 90_000);

  it('saves a backup off the PC sealed with a 文件密码 and brings it back into the list', async () => {
    const { page } = s;
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '备份' }).click();
    const row = page.getByRole('row').filter({ hasText: '手动备份' }).first();
    await row.getByRole('button', { name: '另存' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '另存' });
    await dialog.getByText('程序不保存这个密码').waitFor();
    // Typed twice; a mismatch is caught on the spot.
    await dialog.getByLabel('文件密码', { exact: true }).fill(PASS);
    await dialog.getByLabel('再次输入文件密码').fill(`${PASS}x`);
    await dialog.getByRole('button', { name: '另存' }).click();
    await dialog.getByText('两次输入的文件密码不一致').waitFor();
    await shots(page, s.shot, '35-backup-save-passphrase');
    await dialog.getByLabel('再次输入文件密码').fill(PASS);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '另存' }).click()]);
    expect(download.suggestedFilename()).toMatch(/-备份-\d{8}-\d{6}\.ecbackup$/);
    const file = (await download.path())!;
    await dialog.waitFor({ state: 'detached' });

    const before = (await import('../../electron/backup/service')).listBackups(s.app.dataDir).length;
    await page.locator('input[type=file]').setInputFiles(file);
    const importing = await typePassphrase(page, '导入备份文件', 'wrong passphrase', '导入', false);
    await importing.getByText('文件密码不正确').waitFor({ timeout: 30_000 });
    await shots(page, s.shot, '36-backup-import-wrong');
    await typePassphrase(page, '导入备份文件', PASS, '导入', false);
    await importing.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('row').filter({ hasText: '从备份文件导入' }).waitFor();
    expect((await import('../../electron/backup/service')).listBackups(s.app.dataDir).length).toBe(before + 1);
    await shots(page, s.shot, '37-backups-list');
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('exports a 迁移包 and restores it on a "new PC" from the first-start screen; the same admin logs in and sees the data', async () => {
    const { page } = s;
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '备份' }).click();
    await page.getByRole('button', { name: '导出迁移包(换电脑用)' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), typePassphrase(page, '导出迁移包', PASS, '导出', true)]);
    expect(download.suggestedFilename()).toMatch(/迁移包-\d{8}\.ecmove$/);
    const archive = (await download.path())!;

    const fresh = await startBrowserSession();
    try {
      const p2 = fresh.page;
      await p2.getByText('换了新电脑?').waitFor();
      await fresh.shot('34-setup-archive');
      await p2.locator('input[type=file]').setInputFiles(archive);
      const asking = await typePassphrase(p2, '从迁移包', 'not the passphrase', '恢复', false);
      await asking.getByText('文件密码不正确').waitFor({ timeout: 30_000 });
      expect(fresh.app.office()).toBeNull();
      await shots(p2, fresh.shot, '38-archive-restore-passphrase');
      await typePassphrase(p2, '从迁移包', PASS, '恢复', false);
      await p2.locator('.ant-modal-confirm-title', { hasText: '已从迁移包恢复' }).waitFor({ timeout: 60_000 });
      await p2.getByRole('button', { name: '去登录' }).click();
      await p2.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await loginThroughUi(p2);
      await p2.getByRole('menuitem', { name: '养老机构' }).click();
      await p2.getByText('甲敬老院').waitFor();
      expect(fresh.app.office()?.name).toBe(s.app.office()?.name);
      expect(fresh.app.keys.publicKeyPem()).toBe(s.app.keys.publicKeyPem());
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
