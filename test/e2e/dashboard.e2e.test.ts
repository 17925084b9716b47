import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { seed } from '../../electron/seed/generate';
import { addDays } from '../../shared/domain/dates';
import { todayIso } from '../../shared/domain/fields';
import { tempDir } from '../helpers/app';
import { loginThroughUi, startBrowserSession } from './helpers';

// The dashboard of a seeded township, checked against figures computed here straight from the tables
// with SQL of its own (not through the dashboard service), so a wrong filter in either shows up.
let s: Awaited<ReturnType<typeof startBrowserSession>>;
const dataDir = tempDir('ledger-dash-');
const today = todayIso(new Date());
beforeAll(async () => {
  const app = new LedgerApp({ dataDir });
  await seed(app, { scale: 'township', seed: 11, today });
  app.close();
  s = await startBrowserSession({ dataDir });
}, 120_000);
afterAll(async () => {
  await s?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const one = (sql: string, ...args: unknown[]) =>
  s.app.store.sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('dashboard against the seeded data', () => {
  it('shows this year’s retrofit households and steps, canteens opened, KPIs, coverage, overdue hazards, licences and meals', async () => {
    const { page } = s;
    await loginThroughUi(page);
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const monthStart = `${today.slice(0, 7)}-01`;
    const monthEnd = `${today.slice(0, 7)}-31`;

    const households = one("SELECT count(*) FROM households WHERE deletedAt IS NULL AND projectYear = ? AND status <> '退出'", year);
    const steps = s.app.store.sqlite
      .prepare('SELECT status, count(*) n FROM households WHERE deletedAt IS NULL AND projectYear = ? GROUP BY status')
      .all(year) as { status: string; n: number }[];
    const opened = one(
      'SELECT count(*) FROM canteens WHERE deletedAt IS NULL AND openedOn BETWEEN ? AND ?',
      `${year}-01-01`,
      `${year}-12-31`,
    );
    const beds = s.app.store.sqlite
      .prepare(
        "SELECT sum(bedsTotal) total, sum(bedsNursing) nursing FROM facilities WHERE deletedAt IS NULL AND status IN ('运营','暂停')",
      )
      .get() as { total: number; nursing: number };
    const overdue = one("SELECT count(*) FROM hazards WHERE deletedAt IS NULL AND status IN ('待整改','整改中') AND deadline < ?", today);
    const horizon = addDays(today, s.app.settings().licenceWarnDays);
    const licences =
      one(
        "SELECT count(*) FROM facilities WHERE deletedAt IS NULL AND foodLicenseExpiry IS NOT NULL AND foodLicenseExpiry <= ? AND status <> '停业(注销)'",
        horizon,
      ) +
      one(
        "SELECT count(*) FROM canteens WHERE deletedAt IS NULL AND foodLicenseExpiry IS NOT NULL AND foodLicenseExpiry <= ? AND status <> '停业'",
        horizon,
      );
    const selfChecked = one(
      "SELECT count(DISTINCT facilityId) FROM inspections WHERE deletedAt IS NULL AND inspectionType = '机构自查' AND inspectedOn BETWEEN ? AND ?",
      monthStart,
      monthEnd,
    );
    const meals = s.app.store.sqlite
      .prepare(
        'SELECT year, month, sum(mealsTotal) total FROM canteen_months WHERE deletedAt IS NULL AND year * 12 + month > ? AND year * 12 + month <= ? GROUP BY year, month ORDER BY year, month',
      )
      .all(year * 12 + month - 12, year * 12 + month) as { year: number; month: number; total: number }[];
    // The seed has something in each of these, or the comparisons below would prove little.
    expect(households).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(0);
    expect(meals.length).toBeGreaterThan(6);

    const card = (title: string | RegExp) =>
      page
        .locator('.ant-card')
        .filter({ has: page.locator('.ant-card-head-title, .ant-statistic-title', { hasText: title }) })
        .first();
    await card(`${year} 年适老化改造(户)`).waitFor();
    await expect
      .poll(() => card(`${year} 年适老化改造(户)`).locator('.ant-statistic-content-value').textContent())
      .toBe(households.toLocaleString('en-US'));
    await expect.poll(() => card(`${year} 年新开助餐点`).locator('.ant-statistic-content-value').textContent()).toBe(String(opened));
    const ratio = Math.round((beds.nursing / beds.total) * 1000) / 10;
    expect(Number((await card('护理型床位占比').locator('.ant-statistic-content-value').textContent())!.replace(/,/g, ''))).toBeCloseTo(
      ratio,
      1,
    );
    await page.getByText(`逾期未整改隐患(共 ${overdue} 处,重大优先)`).waitFor();
    await page.getByText(`食品经营许可证已过期或即将到期(${licences})`).waitFor();
    await page.getByText(new RegExp(`本月机构自查 ${selfChecked}/\\d+ 家`)).waitFor();

    // Charts: their accessible labels carry every figure drawn.
    const retrofit = (await page.getByRole('img', { name: /适老化改造进度/ }).getAttribute('aria-label'))!;
    for (const st of steps) expect(retrofit).toContain(`${st.status} ${st.n} 户`);
    const mealsLabel = (await page.getByRole('img', { name: /每月就餐人次/ }).getAttribute('aria-label'))!;
    for (const m of meals) expect(mealsLabel).toContain(`${m.year}-${String(m.month).padStart(2, '0')} ${m.total} 人次`);
    // The overdue table lists 重大 first.
    const levels = await page.locator('.ant-card').filter({ hasText: '逾期未整改隐患' }).locator('tbody tr .ant-tag').allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    expect(levels).toEqual([...levels].sort((a, b) => Number(a !== '重大事故隐患') - Number(b !== '重大事故隐患')));
    // The SVG charts drew their bars.
    await expect.poll(() => page.locator('[role="img"] svg path').count()).toBeGreaterThan(12);
    await s.shot('20-dashboard-seeded');
    expect(s.errors).toEqual([]);
  }, 90_000);
});
