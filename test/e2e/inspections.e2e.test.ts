import { describe, expect, it } from 'vitest';
import { type BrowserSession, setupThroughUi, withBrowserSession } from './helpers';

let s: BrowserSession;
withBrowserSession((x) => (s = x));

describe('inspection and rectification through the UI', () => {
  it('records an inspection with two 不符合 answers, shows the hazards (重大 first) and closes one', async () => {
    const { page } = s;
    await setupThroughUi(page);
    const actor = { userId: 'seed', userName: '测试', role: 'admin' as const };
    s.app.records.create(
      'facilities',
      { townshipCode: '420704001000', name: '凤凰敬老院', type: '农村福利院(特困供养服务机构)', status: '运营' },
      actor,
    );
    const items = s.app.store.sqlite.prepare('SELECT code, text, major FROM checklist_items ORDER BY sortOrder').all() as {
      code: string;
      text: string;
      major: number;
    }[];
    const major = items.find((i) => i.major)!;
    const plain = items.find((i) => !i.major)!;

    await page.getByRole('menuitem', { name: '安全检查' }).click();
    await page.getByRole('button', { name: '录入检查', exact: true }).click();
    const drawer = page.locator('.ant-drawer-body');
    // Ctrl+S like every form: with the unit still missing, the field says so (and the page logs no error).
    await drawer.getByLabel('检查人员').click();
    await page.keyboard.press('Control+s');
    await drawer.getByText('请选择被检查单位').first().waitFor();
    expect(s.errors).toEqual([]);
    await drawer.getByLabel('被检查单位').click();
    await page.locator('.ant-select-item-option', { hasText: '凤凰敬老院' }).click();
    await drawer.getByLabel('检查人员').fill('张三、李四');
    for (const it of [major, plain]) {
      await drawer
        .getByRole('radiogroup', { name: `${it.code} 检查结果` })
        .getByText('不符合')
        .click();
      await drawer.getByLabel(`${it.code} 问题描述`).fill(`问题:${it.code}`);
    }
    await s.shot('07-inspection-entry');
    // Esc with answers entered asks first; the clerk goes on.
    await drawer.getByLabel('检查人员').press('Escape');
    await page.getByRole('button', { name: '继续录入' }).click();
    expect(await drawer.getByLabel('检查人员').inputValue()).toBe('张三、李四');
    await drawer.getByLabel('检查人员').press('Control+s');
    await page.getByText('发现隐患 2 处').waitFor();
    expect(s.app.records.list('inspectionAnswers', {}).total).toBe(items.length);

    await page.getByRole('tab', { name: '隐患整改' }).click();
    const rows = page.getByRole('tabpanel').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().textContent()).toContain('重大事故隐患');
    await s.shot('08-hazards');
    // Close the plain one: start, finish, then 销号 with a reviewer.
    const plainRow = rows.filter({ hasText: `问题:${plain.code}` });
    for (const [button, by] of [
      ['开始整改', '王五'],
      ['整改完成', '王五'],
      ['复查销号', '赵复查'],
    ] as const) {
      await plainRow.getByRole('button', { name: button }).click();
      await page
        .getByRole('dialog')
        .getByLabel(button === '复查销号' ? '复查人' : '经办人')
        .fill(by);
      await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
      await page.getByText(`隐患已${button}`).first().waitFor();
    }
    const closed = s.app.records.list('hazards', { filters: { itemCode: plain.code } }).rows[0];
    expect(closed).toMatchObject({ status: '已销号', reviewer: '赵复查' });
    expect(s.app.records.list('hazards', { filters: { itemCode: major.code } }).rows[0]).toMatchObject({
      status: '待整改',
      level: '重大事故隐患',
    });
    await s.shot('09-hazard-closed');

    // Print the 整改通知书 from the inspection list: the document goes to a print frame; render it to PDF.
    await page.getByRole('tab', { name: '检查记录' }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: '整改通知书' }).first().click();
    const frame = page.locator('iframe[aria-hidden="true"]');
    await frame.waitFor({ state: 'attached' });
    const html = (await frame.getAttribute('srcdoc'))!;
    expect(html).toContain('隐患整改通知书');
    const pdfPage = await s.browser.newPage();
    await pdfPage.setContent(html);
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    mkdirSync('test-output/pdf', { recursive: true });
    writeFileSync('test-output/pdf/e2e-notice.pdf', await pdfPage.pdf({ format: 'A4', preferCSSPageSize: true }));
    const text = execFileSync('pdftotext', ['-layout', 'test-output/pdf/e2e-notice.pdf', '-'], { encoding: 'utf8' });
    expect(text).toContain('凤凰敬老院');
    expect(text).toContain(`问题:${major.code}`);

    // 金民 export of this quarter: both hazards, the closed one marked 已销号.
    await page.bringToFront();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出金民录入表' }).click()]);
    expect(download.suggestedFilename()).toMatch(/金民录入用.\.xlsx$/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await import('node:fs')).readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const hazardsSheet = wb.getWorksheet('隐患整改')!;
    const statuses = [3, 4].map((r) => String(hazardsSheet.getRow(r).getCell(13).value));
    expect(statuses.sort()).toEqual(['已销号', '待整改']);
    await s.shot('10-inspections-jinmin');
    expect(s.errors).toEqual([]);
  }, 90_000);
});
