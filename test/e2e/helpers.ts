import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LedgerApp } from '../../electron/app';
import { startWebBridge, type WebBridge } from '../../electron/web/server';

export const CHROMIUM = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
export const RENDERER = resolve(import.meta.dirname, '../../out/renderer');
export const SHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');

/**
 * The real renderer in Debian Chromium against a real app on a temp folder, through the browser bridge.
 * Chromium flags are the ones that work headless as root on these machines (see toolchain.md).
 */
export async function startBrowserSession(opts: { dataDir?: string } = {}) {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('界面尚未构建:请先运行 npm run build(npm test 会自动构建)');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const app = new LedgerApp({ dataDir });
  const bridge: WebBridge = await startWebBridge(app, { rendererDir: RENDERER });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright gives every launch a fresh, temporary profile of its own

  });
  const page: Page = await browser.newPage({ viewport: { width: 1366, height: 820 }, locale: 'zh-CN' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(bridge.url);
  mkdirSync(SHOTS, { recursive: true });
  return {
    app,
    bridge,
    browser,
    page,
    errors,
    dataDir,
    /** Screenshot once drawers and dialogs have finished their animations. */
    shot: async (name: string) => {
      await page.waitForTimeout(450);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await bridge.close();
      app.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** First start through the UI: a township office (鄂州市 › 鄂城区 › 凤凰街道) and its admin. */
export async function setupThroughUi(page: Page, shot?: (n: string) => Promise<unknown>) {
  await page.getByText('首次设置').waitFor();
  await page.getByRole('combobox', { name: '所在区划' }).click();
  await page.getByRole('menuitemcheckbox', { name: '鄂州市' }).or(page.locator('.ant-cascader-menu-item', { hasText: '鄂州市' })).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂城区' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '凤凰街道' }).first().click();
  await page.getByLabel('单位名称').fill('鄂城区凤凰街道民政办');
  await shot?.('01-setup-office');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('姓名').fill('王管理');
  await page.getByLabel('密码', { exact: true }).fill('Admin12345');
  await page.getByLabel('确认密码').fill('Admin12345');
  await shot?.('02-setup-admin');
  await page.getByRole('button', { name: '完成设置' }).click();
  await page.locator('.app-brand').waitFor();
}
