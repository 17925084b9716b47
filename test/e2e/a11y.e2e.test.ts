import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { seed } from '../../electron/seed/generate';
import { todayIso } from '../../shared/domain/fields';
import { ROUTES } from '../../renderer/shell/routeList';
import { tempDir } from '../helpers/app';
import { loginThroughUi, screenshot, startBrowserSession, until } from './helpers';

// Issue 20: every screen of the app (the list comes from the router, so a new screen is checked without
// editing this file), each of its tabs and the drawers/dialogs its toolbar and first row open, checked
// with axe-core (WCAG 2.0/2.1 A + AA) on a seeded township; then every screen at the office sizes and at
// 150 % zoom: a screenshot to look at and no text pushed out of its box. One browser, one data folder,
// each screen visited once per size.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const REPORT = resolve(import.meta.dirname, '../../test-output/a11y');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let s: Awaited<ReturnType<typeof startBrowserSession>>;
const dataDir = tempDir('ledger-a11y-');
beforeAll(async () => {
  const app = new LedgerApp({ dataDir });
  await seed(app, { scale: 'township', seed: 20, today: todayIso(new Date()) });
  app.close();
  s = await startBrowserSession({ dataDir, viewport: { width: 1366, height: 768 } });
  // A click that cannot happen (a mask over the button) fails with what it waited for instead of hanging.
  s.page.setDefaultTimeout(15_000);
  await loginThroughUi(s.page);
}, 180_000);
afterAll(async () => {
  await s?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
  /** What axe says about the nodes (e.g. the colours and the ratio found), each distinct message once. */
  summaries: string[];
}

/** axe-core in the page (injected once per document), WCAG A/AA rules, on the page or one open layer. */
async function axe(page: Page, include?: string): Promise<Finding[]> {
  // Evaluated through the debugging protocol: the app's CSP (script-src 'self') rightly refuses a script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ include, tags }) => {
      const w = window as unknown as {
        axe: {
          run(
            ctx: unknown,
            o: unknown,
          ): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
          }>;
        };
      };
      const r = await w.axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
        summaries: [...new Set(v.nodes.map((n) => (n.failureSummary ?? '').replace(/^Fix any of the following:\s*/, '').slice(0, 200)))],
      }));
    },
    { include, tags: TAGS },
  );
}

const serious = (f: Finding[]) => f.filter((v) => v.impact === 'serious' || v.impact === 'critical');
const nodeCount = (f: Finding[]) => f.reduce((n, v) => n + v.nodes.length, 0);

/** Opens a screen through its menu entry (as the clerk does) and waits until its content has loaded. */
async function openScreen(page: Page, key: string, label: string) {
  await page.evaluate((k) => {
    window.location.hash = `/${k}`;
  }, key);
  await until(async () => (await page.locator('.app-header h4').textContent()) === label, `screen ${label}`);
  await settle(page);
}

/** Spinners gone and animations over: what axe and the screenshot see is the finished screen. */
async function settle(page: Page) {
  await until(
    async () => (await page.locator('.app-content .ant-spin-spinning, .ant-skeleton-active').count()) === 0,
    'loading done',
    20_000,
  );
  // Only animations that end (a spinner's or a wave's loop never does).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/** The screen's own tabs (the first tab bar in the content), by label. */
async function screenTabs(page: Page): Promise<string[]> {
  const bar = page.locator('.app-content .ant-tabs').first();
  if ((await bar.count()) === 0) return [];
  return bar.locator(':scope > .ant-tabs-nav .ant-tabs-tab').allTextContents();
}

async function showTab(page: Page, tab: string) {
  const bar = page.locator('.app-content .ant-tabs').first();
  await bar.locator(':scope > .ant-tabs-nav .ant-tabs-tab', { hasText: tab }).first().click();
  await settle(page);
}

const LAYER = '.ant-drawer-open .ant-drawer-section, .ant-modal-wrap:not([style*="display: none"]) .ant-modal';
/** Buttons that open a drawer or dialog without changing data: 新增/添加 in the toolbar, the first row's views. */
const SKIP = /删除|打印|导出|下载|恢复|撤销|导入|生成|提交|保存|销号/;

async function openLayers(page: Page, visit: (name: string) => Promise<void>) {
  const toolbar = page.locator('.app-content .ant-tabs-tabpane-active, .app-content').first();
  const adds = await toolbar.getByRole('button', { name: /^(新增|添加)/ }).all();
  const firstRow = page
    .locator('.app-content .ant-tabs-tabpane-active .ant-table-tbody tr.ant-table-row, .app-content .ant-table-tbody tr.ant-table-row')
    .first();
  const rowButtons = (await firstRow.count())
    ? await firstRow.locator('td.ant-table-cell-fix-right button, td:last-child button').all()
    : [];
  for (const b of [...adds.slice(0, 1), ...rowButtons]) {
    const name = ((await b.getAttribute('aria-label')) ?? (await b.textContent()) ?? '').trim();
    if (!name || SKIP.test(name) || !(await b.isVisible())) continue;
    await b.click();
    const opened = await until(
      async () => (await page.locator(LAYER).filter({ visible: true }).count()) > 0,
      `layer of ${name}`,
      3_000,
    ).then(
      () => true,
      () => false,
    );
    if (!opened) {
      // A menu (更多操作) rather than a layer: checked as it is, then closed.
      if ((await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count()) > 0) {
        await visit(`${name}-menu`);
        await page.keyboard.press('Escape');
      }
      continue;
    }
    await settle(page);
    await visit(name);
    // The layer's own close button (Escape only reaches a drawer that holds the focus).
    const close = page.locator('.ant-drawer-open .ant-drawer-close, .ant-modal-wrap .ant-modal-close').filter({ visible: true }).last();
    if (await close.count()) await close.click();
    else await page.keyboard.press('Escape');
    await until(async () => (await page.locator(LAYER).filter({ visible: true }).count()) === 0, `layer of ${name} closed`);
  }
}

describe('accessibility of every screen (axe-core, WCAG 2.1 AA)', () => {
  it('finds no serious or critical violation on any screen, tab, drawer or dialog', async () => {
    const { page } = s;
    const results: { screen: string; all: number; serious: number; findings: Finding[] }[] = [];
    const check = async (screen: string, include?: string) => {
      const t0 = Date.now();
      const f = await axe(page, include);
      if (process.env.A11Y_LOG) process.stderr.write(`${screen}: ${nodeCount(f)} nodes, ${Date.now() - t0} ms\n`);
      results.push({ screen, all: nodeCount(f), serious: nodeCount(serious(f)), findings: f });
    };
    for (const r of ROUTES) {
      await openScreen(page, r.key, r.label);
      const tabs = await screenTabs(page);
      for (const tab of tabs.length ? tabs : ['']) {
        if (tab) await showTab(page, tab);
        const name = tab ? `${r.label}/${tab}` : r.label;
        await check(name);
        await openLayers(page, (layer) => check(`${name}/${layer}`, '.ant-drawer-open, .ant-modal-wrap, .ant-dropdown'));
      }
    }
    mkdirSync(REPORT, { recursive: true });
    writeFileSync(join(REPORT, 'axe.json'), JSON.stringify(results, null, 2));
    const summary = results.map((r) => `${r.screen}: ${r.all} (serious/critical ${r.serious})`).join('\n');
    writeFileSync(join(REPORT, 'axe-summary.txt'), `${summary}\n`);
    // Every route was reached, and the check did look at something on each.
    expect(new Set(results.map((r) => r.screen.split('/')[0]))).toEqual(new Set(ROUTES.map((r) => r.label)));
    const failing = results
      .filter((r) => r.serious > 0)
      .map(
        (r) =>
          `${r.screen}: ${serious(r.findings)
            .map((v) => `${v.id} ${v.nodes.slice(0, 3).join(' | ')}`)
            .join('; ')}`,
      );
    expect(failing).toEqual([]);
    expect(s.errors).toEqual([]);
  }, 600_000);
});

/**
 * Text that sticks out of the box that holds it, sideways (cut off or over its neighbour). Not counted: text
 * inside a scrollable table (it scrolls), text cut on purpose with … (ellipsis, shown whole on hover), the
 * tab bar's own overflow (antd folds the rest into its … menu), and what is not shown.
 */
function overflowingText(): string[] {
  const out: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(`页面横向滚动:${root.scrollWidth} > ${root.clientWidth}`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  const range = document.createRange();
  while (walker.nextNode()) {
    const text = walker.currentNode as Text;
    const el = text.parentElement;
    if (!el || seen.has(el) || !text.textContent?.trim()) continue;
    seen.add(el);
    if (el.closest('.ant-table-content, .ant-table-body, .ant-table-header, .grid-scroll, .ant-tabs-nav-wrap, [aria-hidden="true"]'))
      continue;
    range.selectNodeContents(text);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let box: Element = root;
    let cut = false;
    for (let a: Element | null = el; a && a !== root; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.visibility === 'hidden' || cs.opacity === '0') cut = true;
      if (cs.textOverflow === 'ellipsis') cut = true;
      if (a !== el && cs.overflowX !== 'visible') {
        if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') cut = true;
        box = a;
        break;
      }
    }
    if (cut) continue;
    const b = box === root ? { left: 0, right: root.clientWidth } : box.getBoundingClientRect();
    if (r.right > b.right + 1 || r.left < b.left - 1) {
      const where = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
      out.push(`“${text.textContent.trim().slice(0, 30)}” (${where}) 超出 ${Math.round(Math.max(r.right - b.right, b.left - r.left))} px`);
    }
  }
  return out;
}

const SIZES = [
  { name: '1280x720', width: 1280, height: 720, scale: 1 },
  { name: '1366x768', width: 1366, height: 768, scale: 1 },
  { name: '1920x1080', width: 1920, height: 1080, scale: 1 },
  // A 1920×1080 laptop at Windows' 150 %: the app gets 1280×720 CSS pixels, drawn 1.5 times as large.
  { name: '1920x1080-150pct', width: 1280, height: 720, scale: 1.5 },
];

describe('layouts at the office screen sizes and at 150 % display scaling', () => {
  it('fits every screen and tab without text pushed out of its box, and screenshots each', async () => {
    const problems: string[] = [];
    let visited = 0;
    for (const size of SIZES) {
      // Display scaling is a property of the browser window: its own context in the same browser.
      const context =
        size.scale === 1 ? null : await s.browser.newContext({ viewport: size, deviceScaleFactor: size.scale, locale: 'zh-CN' });
      const page = context ? await context.newPage() : s.page;
      if (context) {
        page.setDefaultTimeout(15_000);
        // The bridge keeps one login (a desktop window's): the new window opens already signed in.
        await page.goto(s.bridge.url);
        await page.locator('.app-brand').waitFor();
      } else await page.setViewportSize(size);
      for (const r of ROUTES) {
        await openScreen(page, r.key, r.label);
        const tabs = await screenTabs(page);
        for (const tab of tabs.length ? tabs : ['']) {
          if (tab) await showTab(page, tab);
          const name = tab ? `${r.label}-${tab}` : r.label;
          for (const p of await page.evaluate(overflowingText)) problems.push(`${size.name} ${name}: ${p}`);
          await screenshot(page, `a11y/${size.name}/${r.key}-${tab.replace(/[^\p{L}\p{N}]+/gu, '') || 'main'}`);
          visited++;
        }
      }
      // The sidebar folds when the window is narrow, and stays open where there is room.
      const sider = await page.locator('.app-sider').boundingBox();
      expect(sider?.width, `sidebar at ${size.name}`).toBe(size.width < 1200 ? 64 : 160);
      await context?.close();
    }
    expect(visited).toBeGreaterThanOrEqual(SIZES.length * ROUTES.length);
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('文字大小 (标准 / 大 / 特大)', () => {
  it('scales the whole UI for the signed-in user, survives a reload, and is the user’s own', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 1366, height: 768 });
    const sizes = async () =>
      page.evaluate(() => ({
        menu: Number.parseFloat(getComputedStyle(document.querySelector('.ant-menu-item')!).fontSize),
        button: document.querySelector<HTMLElement>('.app-header .ant-btn')!.getBoundingClientRect().height,
      }));
    await openScreen(page, 'settings', '设置');
    await showTab(page, '文字大小');
    const standard = await sizes();
    const group = page.getByRole('radiogroup', { name: '文字大小' });
    await group.getByText('特大', { exact: true }).click();
    await until(async () => (await page.evaluate(() => document.documentElement.dataset.textSize)) === 'xlarge', '特大 applied');
    // Each component's styles follow the new tokens as it re-renders: wait for them instead of measuring once.
    await until(async () => {
      const xlarge = await sizes();
      return xlarge.menu >= standard.menu * 1.25 && xlarge.button > standard.button;
    }, 'menu text and buttons grown at 特大');
    await screenshot(page, 'a11y/text-xlarge-settings');
    // The whole UI at 特大 still fits 1366×768: a list screen without text pushed out of its box.
    await openScreen(page, 'facilities', '养老机构');
    expect(await page.evaluate(overflowingText)).toEqual([]);
    await screenshot(page, 'a11y/text-xlarge-facilities');

    // Kept in the main process: a reload (a new start of the window) comes back at 特大.
    await page.reload();
    await page.locator('.app-brand').waitFor();
    await until(async () => (await page.evaluate(() => document.documentElement.dataset.textSize)) === 'xlarge', '特大 after reload');
    expect(s.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity = 'preferences'").pluck().get()).toBe(1);

    // Signed out, the login page (anyone's) is at 标准; the admin finds 特大 again after logging back in (other users: unit test).
    await page.getByRole('button', { name: '退出登录' }).click();
    await until(
      async () => (await page.evaluate(() => document.documentElement.dataset.textSize)) === 'standard',
      '标准 on the login page',
    );
    await loginThroughUi(page);
    await until(async () => (await page.evaluate(() => document.documentElement.dataset.textSize)) === 'xlarge', '特大 after login');
    await openScreen(page, 'settings', '设置');
    await showTab(page, '文字大小');
    await group.getByText('标准', { exact: true }).click();
    await until(async () => (await page.evaluate(() => document.documentElement.dataset.textSize)) === 'standard', '标准 again');
    expect((await sizes()).menu).toBe(standard.menu);
  }, 120_000);
});
