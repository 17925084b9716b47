import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { LedgerApp } from '../../electron/app';
import { startWebBridge, type WebBridge } from '../../electron/web/server';
import { StoreClient } from '../../electron/worker/client';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
export const RENDERER = resolve(import.meta.dirname, '../../out/renderer');
export const SHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');

/** The flags that work for headless Debian Chromium as root on these machines (see toolchain.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Toasts come and go on their own timer; hidden in screenshots unless the toast is what the picture is about. */
const HIDE_TOASTS = '.ant-message { visibility: hidden !important; }';

export interface ShotOptions {
  /** Keep antd message toasts in the picture (e.g. a warning after saving). */
  toasts?: boolean;
}

/**
 * The real renderer in Debian Chromium against a real app on a temp folder, through the browser bridge and
 * the store worker, as `npm run web` serves it (no child processes left behind). Needs `out/renderer` built
 * first. `app` is the test's own connection on the same file (see ownConnection).
 */
export async function startBrowserSession(opts: { dataDir?: string; viewport?: { width: number; height: number } } = {}) {
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(
      `界面尚未构建(缺少 ${join(RENDERER, 'index.html')}):请先运行 npx electron-vite build 或 npm run build(npm test 会自动构建)`,
    );
  if (!existsSync(CHROMIUM)) throw new Error(`找不到 Chromium(${CHROMIUM}):请安装 chromium fonts-noto-cjk,或用 LEDGER_CHROMIUM 指定路径`);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  // Opened first: a new database is created and migrated by this connection, then the worker opens it too.
  const own = ownConnection(dataDir);
  const store = await StoreClient.start({ dataDir, backups: false, dataCheckDelayMs: 0 });
  const bridge: WebBridge = await startWebBridge(store, { rendererDir: RENDERER });
  // chromium.launch always starts from a fresh temporary profile (its own --user-data-dir), removed on close.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // 1366-wide screens are common on office PCs: the screens must fit them. No timezoneId: the page must
  // keep the machine's zone, as the in-process main side does, or "today" differs between the two.
  const page: Page = await browser.newPage({ viewport: opts.viewport ?? { width: 1366, height: 820 }, locale: 'zh-CN' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(bridge.url);
  mkdirSync(SHOTS, { recursive: true });
  return {
    /** The test's own LedgerApp on the data folder: arrange data and check what the UI committed through it. */
    get app() {
      return own.app();
    },
    store,
    bridge,
    browser,
    page,
    errors,
    dataDir,
    /** Full-page screenshot into test-output/screenshots/<name>.png, animations finished. */
    shot: (name: string, o: ShotOptions = {}) => screenshot(page, name, o),
    async close() {
      await browser.close();
      await bridge.close();
      await store.close();
      own.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type BrowserSession = Awaited<ReturnType<typeof startBrowserSession>>;

/**
 * A LedgerApp of the test's own beside the store worker's connection to the same file (WAL: each sees what
 * the other committed; LedgerApp re-reads its caches when data_version says another connection wrote). A
 * restore puts another file in place: the next use opens that one. The old connection is closed only at
 * the end, after the worker's: closed earlier, SQLite would take itself for the file's last user and
 * delete the WAL by name — the new file's.
 */
function ownConnection(dataDir: string) {
  const file = join(dataDir, 'ledger.sqlite');
  let app = new LedgerApp({ dataDir });
  let ino = statSync(file).ino;
  const stale: LedgerApp[] = [];
  return {
    app(): LedgerApp {
      const now = statSync(file, { throwIfNoEntry: false })?.ino;
      if (now !== undefined && now !== ino) {
        stale.push(app);
        app = new LedgerApp({ dataDir });
        ino = now;
      }
      return app;
    },
    close() {
      app.close();
      for (const a of stale) a.close();
    },
  };
}

/** One browser session for the tests of a file or describe block: started before them, closed after. */
export function withBrowserSession(set: (s: BrowserSession) => void, opts?: Parameters<typeof startBrowserSession>[0]): void {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await startBrowserSession(opts);
    set(session);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });
}

/** Drawers and dialogs slide in with CSS animations: `animations: 'disabled'` finishes them instead of sleeping. */
export async function screenshot(page: Page, name: string, o: ShotOptions = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({
    path: join(SHOTS, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    style: o.toasts ? undefined : HIDE_TOASTS,
  });
}

/** Polls a condition on the page's visible state (no fixed sleeps); fails with what was awaited. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** First start through the UI: a township office (鄂州市 › 鄂城区 › 凤凰街道) and its admin (admin / Admin12345). */
export async function setupThroughUi(page: Page, shot?: (n: string) => Promise<unknown>) {
  await page.getByText('首次设置').waitFor();
  await page.getByRole('combobox', { name: '所在区划' }).click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂州市' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '鄂城区' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '凤凰街道' }).first().click();
  await page.locator('.ant-cascader-menu-item', { hasText: '凤凰街道' }).first().waitFor({ state: 'hidden' });
  // The name is prefilled from the chosen division; the clerk may still edit it.
  await until(
    async () => (await page.getByLabel('单位名称').inputValue()) === '鄂城区凤凰街道民政办',
    '单位名称 prefilled from the division',
  );
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

/** Logs in on the login page and waits for the app shell. */
export async function loginThroughUi(page: Page, username = 'admin', password = 'Admin12345', shot?: (n: string) => Promise<unknown>) {
  await page.getByRole('button', { name: '登录' }).waitFor();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await shot?.('login');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.app-brand').waitFor();
}

/**
 * Runs a row's action by its name: the first three are links on the row, the others (and 删除 when there are
 * more than three) under 更多.
 */
export async function rowAction(page: Page, row: Locator, name: string): Promise<void> {
  const link = row.getByRole('button', { name, exact: true });
  if (await link.count()) return link.click();
  await row.getByRole('button', { name: '更多' }).click();
  const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');
  await menu.getByRole('menuitem', { name, exact: true }).click();
  await menu.waitFor({ state: 'hidden' });
}

/** Deletes a row through its 删除 (a link or under 更多) and the confirmation, whose default button is 取消. */
export async function deleteRow(page: Page, row: Locator): Promise<void> {
  await rowAction(page, row, '删除');
  const confirm = page.locator('.ant-modal-confirm');
  await confirm.getByRole('button', { name: '删除' }).click();
  await confirm.waitFor({ state: 'detached' });
}
