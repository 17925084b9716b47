import { describe, expect, it } from 'vitest';
import { type BrowserSession, setupThroughUi, withBrowserSession } from './helpers';

let s: BrowserSession;
withBrowserSession((x) => (s = x));

interface ItemRow {
  code: string;
  category: string;
  text: string;
  major: number;
}

describe('checklist editor through the UI (admin)', () => {
  it('rewords one item, retires another, adds a new one, saves a new current version; old inspections keep theirs', async () => {
    const { page } = s;
    await setupThroughUi(page);
    const sqlite = s.app.store.sqlite;
    const current = () => sqlite.prepare('SELECT version FROM checklist_versions WHERE isCurrent = 1').pluck().get() as string;
    const before = current();
    const items = sqlite
      .prepare('SELECT code, category, text, major FROM checklist_items WHERE version = ? ORDER BY sortOrder')
      .all(before) as ItemRow[];
    const [first, second] = items;

    await page.getByRole('menuitem', { name: '安全检查' }).click();
    await page.getByRole('tab', { name: '检查表维护' }).click();
    const text = page.getByLabel(`${first.code} 检查内容`);
    await text.fill(`${first.text}(含夜间)`);
    await page
      .getByRole('row')
      .filter({ has: page.getByLabel(`${second.code} 检查内容`) })
      .getByRole('button', { name: '停用' })
      .click();
    await page.getByRole('button', { name: `在“${first.category}”中添加检查项` }).click();
    await page.getByLabel('新增项 检查内容').fill('应急照明灯具完好,断电后能正常点亮');
    await page.getByText('有未保存的修改').waitFor();
    await s.shot('30-checklist-editor');

    await page.getByRole('button', { name: '保存为新版本' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText(/已保存为新版本/).waitFor();

    const after = current();
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\d{4}\.\d+-[0-9a-f]{6}$/);
    const now = sqlite
      .prepare('SELECT code, category, text, major FROM checklist_items WHERE version = ? ORDER BY sortOrder')
      .all(after) as ItemRow[];
    expect(now.length).toBe(items.length); // one retired, one added
    expect(now.find((i) => i.code === first.code)?.text).toBe(`${first.text}(含夜间)`);
    expect(now.some((i) => i.code === second.code)).toBe(false);
    const added = now.find((i) => !items.some((o) => o.code === i.code))!;
    expect(added).toMatchObject({ category: first.category, text: '应急照明灯具完好,断电后能正常点亮' });
    // The shipped version is untouched (inspections recorded on it still print it).
    expect(sqlite.prepare('SELECT count(*) FROM checklist_items WHERE version = ?').pluck().get(before) as number).toBe(items.length);
    // The save is in the audit trail with who made it.
    const audit = sqlite.prepare("SELECT userName, oldValue, newValue FROM audit_log WHERE action = 'checklist-version'").all();
    expect(audit).toEqual([expect.objectContaining({ oldValue: before, newValue: after })]);

    // The version history lists both, and the retired item is shown among the stopped ones.
    await page.getByRole('tab', { name: /版本历史/ }).click();
    await page.locator('.ant-table-row', { hasText: after }).first().waitFor();
    await s.shot('31-checklist-history');
    await page.getByRole('tab', { name: '编辑当前版本' }).click();
    await page.getByText(`已停用的检查项(1)`).waitFor();
    expect(s.errors).toEqual([]);
  }, 90_000);
});
