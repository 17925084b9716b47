import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/records/actor';
import { idCardCheckChar } from '../../shared/validators/idCard';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import { setupThroughUi, until, withBrowserSession, type BrowserSession } from './helpers';

/**
 * Every list to Excel and to paper (issue 16 item 2), search that finds (item 3) and batch actions (item 8),
 * in Chromium: the workbook downloaded from the list read back with ExcelJS (rows and masking equal the list on
 * screen), the printout rendered to PDF and read with pdftotext, the global search (Ctrl+K) opening a record.
 */
const FENGHUANG = '420704001000';
// The buttons' names carry their icon's label (file-excel 导出 Excel); the ▾ beside them is 导出 Excel:更多方式.
const EXPORT = /^(file-excel )?导出 Excel$/;
const PRINT = /^(printer )?打印$/;
const OUT = resolve(import.meta.dirname, '../../test-output/pdf');
const seedActor: Actor = { userId: 'seed', userName: '测试数据', role: 'admin' };
const id18 = (first17: string) => first17 + idCardCheckChar(first17);
const PEOPLE = [
  { name: '欧阳秀英', idCard: id18('42070419480305002'), phone: '13912345678', village: '一村' },
  { name: '张建国', idCard: id18('42070419500101003'), phone: '13800001111', village: '二村' },
  { name: '李桂兰', idCard: id18('42070419451231004'), phone: '13700002222', village: '一村' },
];

async function shots(s: BrowserSession, name: string) {
  await s.shot(`lists-${name}-1366`);
  await s.page.setViewportSize({ width: 1920, height: 1080 });
  await s.shot(`lists-${name}-1920`);
  await s.page.setViewportSize({ width: 1366, height: 768 });
}

/** Waits for the list's count (共 n 条) to say n. */
async function total(scope: Page | Locator, n: number) {
  await scope
    .getByTestId('list-total')
    .filter({ hasText: `共 ${n} 条` })
    .waitFor();
}

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

/** The list's rows as the clerk reads them (the data cells, without the selection box and 操作). */
async function screenRows(page: Page): Promise<string[][]> {
  return page.locator('.record-list .ant-table-tbody tr.ant-table-row').evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('td')]
        .filter((td) => !td.classList.contains('ant-table-selection-column') && !td.querySelector('button')) // 操作 has buttons
        .map((td) => (td.textContent ?? '').replace('⚠', '').trim()),
    ),
  );
}

describe('lists: export, print, batch actions, search', () => {
  let s: BrowserSession;
  withBrowserSession((x) => (s = x), { viewport: { width: 1366, height: 768 } });

  it('exports and prints a filtered household list as shown; Ctrl+K finds a household by its whole 身份证号', async () => {
    const { page } = s;
    await setupThroughUi(page);
    for (const p of PEOPLE)
      s.app.records.create(
        'households',
        {
          townshipCode: FENGHUANG,
          name: p.name,
          idCard: p.idCard,
          phone: p.phone,
          village: p.village,
          projectYear: 2026,
          status: '申请',
          categories: ['低保'],
        },
        seedActor,
      );
    await page.getByRole('menuitem', { name: '适老化改造' }).click();
    await total(page, 3);

    // The households search finds a person by the whole 身份证号 and shows it masked.
    const search = page.getByLabel('搜索', { exact: true });
    await search.fill(PEOPLE[1].idCard);
    await search.press('Enter');
    await total(page, 1);
    expect(await page.locator('.record-list').textContent()).toContain(maskIdCard(PEOPLE[1].idCard));
    expect(await page.locator('.record-list').textContent()).not.toContain(PEOPLE[1].idCard);
    await search.fill('');
    await search.press('Enter');
    await total(page, 3);

    // Filter to 一村 through the search box (village is searched), then export: the workbook is the list.
    await search.fill('一村');
    await search.press('Enter');
    await total(page, 2);
    const onScreen = await screenRows(page);
    expect(onScreen).toHaveLength(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: EXPORT }).click()]);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'e2e-households.xlsx');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/适老化改造户名册.*\.xlsx$/);
    const rows = await readBack(file);
    expect(String(rows[0][0])).toContain('适老化改造户名册');
    expect(String(rows[1][0])).toContain('搜索:“一村”');
    const head = await page.locator('.record-list .ant-table-thead th').allTextContents();
    expect(rows[2]).toEqual(head.map((h) => h.trim()).filter((h) => h && h !== '操作'));
    expect(rows.slice(3).map((r) => r.map((v) => String(v ?? '')))).toEqual(onScreen);
    const flat = JSON.stringify(rows);
    for (const p of PEOPLE.filter((x) => x.village === '一村')) {
      expect(flat).toContain(maskName(p.name));
      expect(flat).toContain(maskIdCard(p.idCard));
      expect(flat).not.toContain(p.idCard);
      expect(flat).not.toContain(p.phone);
    }
    expect(flat).not.toContain(maskPhone(PEOPLE[1].phone));
    await shots(s, 'households-filtered');

    // 打印: the printout goes to a print frame; as PDF it has the title, the conditions and 第 x 页 共 y 页.
    await page.getByRole('button', { name: PRINT }).click();
    const frame = page.locator('iframe[aria-hidden="true"]').last();
    await frame.waitFor({ state: 'attached' });
    const html = (await frame.getAttribute('srcdoc')) ?? '';
    const pdfPage = await s.browser.newPage();
    await pdfPage.setContent(html, { waitUntil: 'load' });
    const pdfFile = join(OUT, 'e2e-households-list.pdf');
    writeFileSync(pdfFile, await pdfPage.pdf({ preferCSSPageSize: true, printBackground: true }));
    await pdfPage.close();
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfFile, join(OUT, 'e2e-households-list')]);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('鄂城区凤凰街道民政办适老化改造户名册');
    expect(text).toContain('筛选条件:搜索:“一村”;个人信息已脱敏');
    expect(text).toContain('共2条');
    expect(text).toContain('第1页共1页');
    expect(text).toContain(maskIdCard(PEOPLE[0].idCard));

    // Ctrl+K from anywhere: a whole 身份证号 finds the household; Enter opens it in its list's form.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.keyboard.press('Control+k');
    const box = page.getByRole('textbox', { name: '搜索全部台账' });
    await box.waitFor();
    await box.fill(PEOPLE[2].idCard);
    const hit = page.getByRole('option').first();
    await until(async () => ((await hit.textContent()) ?? '').includes(maskName(PEOPLE[2].name)), 'the household as a hit');
    expect(await page.getByRole('listbox', { name: '搜索结果' }).textContent()).not.toContain(PEOPLE[2].idCard);
    await shots(s, 'global-search');
    await box.press('Enter');
    await page.locator('.ant-drawer-open').waitFor();
    const idField = page.locator('.ant-drawer-open').getByLabel('身份证号');
    // A masked field is empty with the masked value as its placeholder (typing replaces it).
    await until(
      async () => ((await idField.getAttribute('placeholder')) ?? '').includes(maskIdCard(PEOPLE[2].idCard)),
      'the found household in its form, masked',
    );
    await shots(s, 'global-search-opened');
    await page.locator('.ant-drawer-open').getByRole('button', { name: '取消' }).click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('chosen facilities: export them, print their blank checklists, delete them after a confirmation', async () => {
    const { page } = s;
    const names = ['凤凰敬老院', '古楼颐养中心', '西山护理院'];
    for (const name of names)
      s.app.records.create('facilities', { townshipCode: FENGHUANG, name, type: '民办养老机构', status: '运营', bedsTotal: 30 }, seedActor);
    await page.getByRole('menuitem', { name: '养老机构' }).click();
    await total(page, 3);
    await page.getByRole('checkbox', { name: '选择“凤凰敬老院”' }).check();
    await page.getByRole('checkbox', { name: '选择“西山护理院”' }).check();
    const bar = page.getByRole('toolbar', { name: '所选记录的操作' });
    await bar.getByText('已选 2 条').waitFor();
    await shots(s, 'facilities-selected');

    const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: EXPORT }).click()]);
    const file = join(OUT, 'e2e-facilities-chosen.xlsx');
    await download.saveAs(file);
    const rows = await readBack(file);
    expect(
      rows
        .slice(3)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['凤凰敬老院', '西山护理院'].sort());
    expect(String(rows[1][0])).toContain('所选 2 条');

    await bar.getByRole('button', { name: '打印空白检查表' }).click();
    const frame = page.locator('iframe[aria-hidden="true"]').last();
    await until(async () => ((await frame.getAttribute('srcdoc')) ?? '').includes('西山护理院'), 'the blank checklists in a print frame');
    const html = (await frame.getAttribute('srcdoc')) ?? '';
    expect(html).toContain('凤凰敬老院');
    expect(html).not.toContain('古楼颐养中心');

    await bar.getByRole('button', { name: '删除所选' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    // The safe choice is the default: Enter on the open dialog would cancel.
    expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/\s/g, ''))).toBe('取消');
    await shots(s, 'facilities-delete-confirm');
    await confirm.getByRole('button', { name: '删除 2 条' }).click();
    await total(page, 1);
    expect(s.app.records.list('facilities', {}).rows.map((r) => r.name)).toEqual(['古楼颐养中心']);
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('inspections are found by the unit inspected; the hazard list shows 被检查单位 and the item’s wording', async () => {
    const { page } = s;
    const home = s.app.records.list('facilities', {}).rows[0];
    const items = s.app.store.sqlite
      .prepare(
        'SELECT code, text FROM checklist_items WHERE version = (SELECT version FROM checklist_versions WHERE isCurrent = 1) ORDER BY sortOrder',
      )
      .all() as { code: string; text: string }[];
    const { recordInspection } = await import('../../electron/inspections/service');
    recordInspection(s.app, seedActor, {
      inspection: {
        subjectType: 'facility',
        facilityId: home.id,
        inspectionType: '乡镇排查',
        inspectedOn: '2026-11-02',
        inspectors: '检查员甲',
      },
      answers: items.map((i, k) => ({ itemCode: i.code, result: k === 0 ? ('不符合' as const) : ('符合' as const) })),
    });
    await page.getByRole('menuitem', { name: '安全检查' }).click();
    await page.getByRole('tab', { name: '检查记录' }).click();
    const panel = page.getByRole('tabpanel');
    const search = panel.getByLabel('搜索', { exact: true });
    await search.fill('颐养');
    await search.press('Enter');
    await total(panel, 1);
    expect(await panel.locator('.ant-table-tbody').textContent()).toContain('古楼颐养中心');
    await shots(s, 'inspections-by-unit');
    await page.getByRole('tab', { name: '隐患整改' }).click();
    const hazards = page.getByRole('tabpanel');
    await total(hazards, 1);
    const head = (await hazards.locator('.ant-table-thead').textContent()) ?? '';
    expect(head).toContain('被检查单位');
    expect(await hazards.locator('.ant-table-tbody').textContent()).toContain('古楼颐养中心');
    expect(await hazards.locator('.ant-table-tbody').textContent()).toContain(items[0].text.slice(0, 6));
    await shots(s, 'hazards');
    expect(s.errors).toEqual([]);
  }, 120_000);
});
