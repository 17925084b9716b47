import { describe, expect, it } from 'vitest';
import { type BrowserSession, loginThroughUi, setupThroughUi, startBrowserSession, until, withBrowserSession } from './helpers';

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

  it('exports a 迁移包 and restores it on a "new PC" from the first-start screen; the same admin logs in and sees the data', async () => {
    const { page } = s;
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '备份' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出迁移包(换电脑用)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/迁移包-\d{8}\.ledger\.tar$/);
    const archive = (await download.path())!;

    const fresh = await startBrowserSession();
    try {
      const p2 = fresh.page;
      await p2.getByText('换了新电脑?').waitFor();
      await fresh.shot('34-setup-archive');
      await p2.locator('input[type=file]').setInputFiles(archive);
      await p2.locator('.ant-modal-confirm-title', { hasText: '已从迁移包恢复' }).waitFor({ timeout: 30_000 });
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
