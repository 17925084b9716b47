import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../electron/system/users';
import { type BrowserSession, loginThroughUi, setupThroughUi, withBrowserSession } from './helpers';

let s: BrowserSession;
withBrowserSession((x) => (s = x));

async function shots(page: Page, name: string) {
  await s.shot(`${name}-1366`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await s.shot(`${name}-1920`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('login lockout through the UI (issue 14.4)', () => {
  it('5 wrong passwords lock the account with a message that stays and says until when; the admin sees it and unlocks', async () => {
    const { page } = s;
    await setupThroughUi(page);
    const admin = s.app.store.sqlite.prepare("SELECT id, displayName FROM users WHERE username = 'admin'").get() as {
      id: string;
      displayName: string;
    };
    await createUser(
      s.app,
      { userId: admin.id, userName: admin.displayName, role: 'admin' },
      {
        username: 'clerk1',
        displayName: '李填报',
        role: 'clerk',
        password: 'Clerk12345',
      },
    );
    await page.getByRole('button', { name: '退出登录' }).click();
    const failures = () => s.app.store.sqlite.prepare("SELECT failedLogins FROM users WHERE username = 'clerk1'").pluck().get() as number;
    for (let i = 1; i <= 5; i++) {
      await page.getByRole('button', { name: '登录' }).waitFor();
      await page.getByLabel('用户名').fill('clerk1');
      await page.getByLabel('密码').fill(`wrong-${i}`);
      await page.getByRole('button', { name: '登录' }).click();
      // Each try is counted before the next (the button is busy while the password is checked).
      await page.locator('button.ant-btn-loading').waitFor({ state: 'detached', timeout: 30_000 });
      expect(failures()).toBe(i);
    }
    const alert = page.locator('.ant-alert-error');
    await alert.getByText(/连续 5 次输错密码.*暂时锁定到 \d\d:\d\d:\d\d.*约 1 分钟后/).waitFor();
    await shots(page, '40-login-locked');

    await loginThroughUi(page);
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '用户管理' }).click();
    const row = page.getByRole('row').filter({ hasText: 'clerk1' });
    await row.getByText(/已锁定至/).waitFor();
    await shots(page, '41-users-locked');
    await row.getByRole('button', { name: '解锁' }).click();
    await page.getByText('已解锁“李填报”,可以重新登录').waitFor();
    await row.getByText(/已锁定至/).waitFor({ state: 'detached' });
    expect(failures()).toBe(0);
    expect(s.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'unlock'").pluck().get()).toBe(1);
    await page.getByRole('button', { name: '退出登录' }).click();
    await loginThroughUi(page, 'clerk1', 'Clerk12345');
    expect(s.errors).toEqual([]);
  }, 180_000);
});
