import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/records/actor';
import { maskIdCard, maskName } from '../../shared/validators/mask';
import { idCardFor } from '../helpers/ledgers';
import { deleteRow, rowAction, setupThroughUi, startBrowserSession, type BrowserSession } from './helpers';

let s: BrowserSession;
let tmp: string;

beforeAll(async () => {
  s = await startBrowserSession();
  tmp = mkdtempSync(join(tmpdir(), 'ledger-e2e-photos-'));
  await setupThroughUi(s.page);
}, 60_000);
afterAll(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const FENGHUANG = '420704001000';
const YEAR = new Date().getFullYear();
/** Records put straight into the database to work on (the keyboard test covers entry through the form). */
const CLERK: Actor = { userId: 'e2e-seed', userName: '测试数据', role: 'admin' };

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Types into the focused field and presses Enter, then checks where the focus went (Enter never submits). */
async function typeEnter(page: Page, text: string, expectNext: string) {
  if (text) await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedId(page)).toBe(expectNext);
}
const listTotal = (page: Page) => page.getByTestId('list-total').textContent();
const households = (q: Record<string, unknown> = {}) => s.app.records.list('households', q);

/** Whole years between a birth date and today, as the 身份证 check counts them. */
function ageToday(birth: string): number {
  const [y, m, d] = birth.split('-').map(Number);
  const now = new Date();
  return now.getFullYear() - y - (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d) ? 1 : 0);
}

/** A real (decodable) RGB PNG of one colour with a darker band, so the thumbnail is visibly a picture. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const band = y > height / 3 && y < (2 * height) / 3 ? 0.6 : 1;
      raw.set(
        rgb.map((c) => Math.round(c * band)),
        y * (width * 3 + 1) + 1 + x * 3,
      );
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Opens 适老化改造 afresh so the list shows what is in the database now. */
async function openHouseholds(page: Page) {
  await page.getByRole('menuitem', { name: '首页' }).click();
  await page.getByRole('menuitem', { name: '适老化改造' }).click();
  await page.getByRole('button', { name: '新增适老化改造户' }).waitFor();
}

describe('适老化改造户 end to end (Chromium through the browser bridge)', () => {
  it('keyboard-only entry: 身份证 fills 出生日期/性别/年龄, Ctrl+S saves, the row and its audit trail are in the database', async () => {
    const { page } = s;
    const birth = '1950-03-15';
    // A number ending in X, typed lower-case: stored upper-case. An even sequence number means 女.
    const idCard = Array.from({ length: 200 }, (_, i) => idCardFor(birth, 2 * i + 2)).find((n) => n.endsWith('X'))!;
    expect(idCard).toMatch(/^420704195003150\d\dX$/);
    const age = ageToday(birth);

    await page.getByRole('menuitem', { name: '适老化改造' }).click();
    await page.getByText('还没有适老化改造户记录').waitFor();
    await expect.poll(() => listTotal(page)).toContain('共 0 条');
    await s.shot('40-households-empty');

    // Keyboard from here on: the add button is reached with Tab from the search box, like a clerk would.
    await page.getByLabel('搜索').focus();
    for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.textContent?.includes('新增适老化改造户'))); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const drawer = page.locator('.ant-drawer-open').filter({ hasText: '新增适老化改造户' });
    await drawer.waitFor();
    await expect.poll(() => focusedId(page)).toBe('name');

    await typeEnter(page, '李秀英', 'idCard');
    await typeEnter(page, idCard.toLowerCase(), 'birthDate'); // any case: stored upper-case
    // The number is read as it is typed: 出生日期 and 性别 are filled in and the banner says the age.
    await drawer.getByText(`出生日期 ${birth},女,${age} 岁`).waitFor();
    await expect.poll(() => drawer.locator('#birthDate').inputValue()).toBe(birth);
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('#sex') })
      .getByText('女', { exact: true })
      .waitFor();
    await typeEnter(page, '', 'sex');
    await typeEnter(page, '', 'townshipCode'); // the office's own township, prefilled
    await typeEnter(page, '', 'village');
    await page.keyboard.type('凤凰村');
    await page.keyboard.press('Tab'); // Tab moves on too
    await expect.poll(() => focusedId(page)).toBe('phone');
    await typeEnter(page, '13912345678', 'address');
    await typeEnter(page, '凤凰村三组 18 号', 'contactName');
    await typeEnter(page, '王建国', 'contactRelation');
    await typeEnter(page, '儿子', 'contactPhone');
    await typeEnter(page, '13700001111', 'categories');
    await typeEnter(page, '分散供养', 'conditions'); // typing narrows the list, Enter takes it
    await typeEnter(page, '独居', 'assessmentLevel');
    // A select with the arrow keys: ArrowDown opens the list on its first option, ArrowDown again, Enter takes it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await typeEnter(page, '', 'projectYear');
    await typeEnter(page, '', 'status'); // 项目年度 defaults to this year
    // 进度 starts at 申请; one down is 资格审核.
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-item-option-active', { hasText: '申请' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await typeEnter(page, '', 'exitReason');
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('#assessmentLevel') })
      .getByText('轻度失能')
      .waitFor();
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('#status') })
      .getByText('资格审核')
      .waitFor();
    await drawer.locator('#birthDate').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await s.shot('40-households-form-keyboard');
    await drawer.locator('#status').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await s.shot('40-households-form-keyboard-2');
    await page.keyboard.press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await drawer.waitFor({ state: 'hidden' });

    const { rows } = households();
    expect(rows).toHaveLength(1);
    const saved = rows[0];
    expect(saved).toMatchObject({
      name: '李秀英',
      idCard, // upper-cased and stored in full
      birthDate: birth,
      sex: '女',
      townshipCode: FENGHUANG,
      village: '凤凰村',
      phone: '13912345678',
      address: '凤凰村三组 18 号',
      contactName: '王建国',
      contactRelation: '儿子',
      contactPhone: '13700001111',
      categories: ['分散供养特困'],
      conditions: ['独居'],
      assessmentLevel: '轻度失能',
      projectYear: YEAR,
      status: '资格审核',
      createdBy: '王管理',
    });
    expect(saved.warnings).toEqual([]);

    // The audit trail: one 新增 line per filled field, by the clerk who typed it.
    const trail = s.app.records.history('households', saved.id);
    expect(trail.every((h) => h.action === 'create' && h.userName === '王管理')).toBe(true);
    const created = Object.fromEntries(trail.map((h) => [h.field, h.newValue]));
    expect(created).toMatchObject({ name: '李秀英', idCard, birthDate: birth, sex: '女', status: '资格审核', assessmentLevel: '轻度失能' });

    // The list shows it masked.
    const row = page.getByRole('row').filter({ hasText: maskName('李秀英') });
    await row.waitFor();
    await row.getByText(maskIdCard(idCard)).waitFor();
    expect(await row.textContent()).not.toContain('李秀英');
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await s.shot('40-households-list');
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('edit, search by name and by 身份证 last 4, filter by 进度, history old → new, delete', async () => {
    const { page } = s;
    const zhangId = idCardFor('1941-07-02', 31); // 男
    const wangId = idCardFor('1946-11-20', 57);
    const zhang = s.app.records.create(
      'households',
      {
        townshipCode: FENGHUANG,
        name: '张桂生',
        idCard: zhangId,
        projectYear: YEAR,
        status: '入户评估',
        village: '凤凰村',
        categories: ['低保'],
      },
      CLERK,
    ).record;
    s.app.records.create(
      'households',
      {
        townshipCode: FENGHUANG,
        name: '王德福',
        idCard: wangId,
        projectYear: YEAR,
        status: '申请',
        village: '寒溪社区',
        categories: ['低收入'],
      },
      CLERK,
    );
    const before = households().total;
    await openHouseholds(page);
    await expect.poll(() => listTotal(page)).toContain(`共 ${before} 条`);
    const rowOf = (name: string) => page.getByRole('row').filter({ hasText: maskName(name) });

    // Search by name (typing searches after a pause).
    const search = page.getByLabel('搜索');
    await search.fill('张桂生');
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await rowOf('张桂生').waitFor();
    await expect.poll(() => rowOf('王德福').count()).toBe(0);
    // By the last 4 of the 身份证号 (Enter searches at once).
    await search.fill(wangId.slice(-4));
    await search.press('Enter');
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await rowOf('王德福').getByText(maskIdCard(wangId)).waitFor();
    await expect.poll(() => rowOf('张桂生').count()).toBe(0);
    await s.shot('40-households-search-last4');
    await search.fill('不存在的老人');
    await page.getByText('没有符合条件的记录').waitFor();
    await search.fill('');
    await expect.poll(() => listTotal(page)).toContain(`共 ${before} 条`);

    // Filter by 进度.
    await page.getByRole('combobox', { name: '进度' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '入户评估' }).click();
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await rowOf('张桂生').waitFor();
    await s.shot('40-households-filter-status');
    await page.getByRole('combobox', { name: '进度' }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').hover();
    await page.locator('.list-toolbar .ant-select-clear').first().click();
    await expect.poll(() => listTotal(page)).toContain(`共 ${before} 条`);

    // Filter by 对象类别 (a multi-valued field): 低收入 is only 王德福.
    await page.getByRole('combobox', { name: '对象类别' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '低收入' }).click();
    await expect.poll(() => listTotal(page)).toContain('共 1 条');
    await rowOf('王德福').waitFor();
    await page.keyboard.press('Escape');

    await search.fill('张桂生');
    await page.getByText('没有符合条件的记录').waitFor(); // both conditions hold together
    await page.getByRole('combobox', { name: '对象类别' }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').hover();
    await page.locator('.list-toolbar .ant-select-clear').first().click();
    await expect.poll(() => listTotal(page)).toContain('共 1 条');

    // Edit: 村/社区 and 进度; personal data arrives masked and is never saved back.
    const row = rowOf('张桂生');
    await row.getByRole('button', { name: '编辑' }).click();
    const drawer = page.locator('.ant-drawer-open').filter({ hasText: '编辑适老化改造户' });
    await expect.poll(() => drawer.getByLabel('身份证号').getAttribute('placeholder')).toContain(maskIdCard(zhangId));
    expect(await drawer.getByLabel('身份证号').inputValue()).toBe('');
    await drawer.getByLabel('村/社区').fill('泽林村');
    await drawer.locator('#status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '施工' }).click();
    await drawer.getByLabel('村/社区').press('Control+s');
    await page.getByText('已保存').first().waitFor();
    await drawer.waitFor({ state: 'hidden' });
    await row.getByText('泽林村').waitFor();
    expect(s.app.records.getRaw('households', zhang.id)).toMatchObject({
      village: '泽林村',
      status: '施工',
      name: '张桂生',
      idCard: zhangId,
      updatedBy: '王管理',
    });

    // History: old → new, by whom.
    await rowAction(page, row, '历史');
    const history = page.locator('.ant-drawer-open').filter({ hasText: '修改历史' });
    await history.getByText('凤凰村 → 泽林村').waitFor();
    await history.getByText('入户评估 → 施工').waitFor();
    await expect.poll(() => history.locator('tr').filter({ hasText: '修改' }).count()).toBe(2);
    await history.getByRole('row').filter({ hasText: '村/社区' }).filter({ hasText: '修改' }).getByText('王管理').waitFor();
    await s.shot('40-households-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // Each 进度 saved on the form is a dated step (表3 counts by these dates); the clerk can correct the date here.
    // Moving the 进度 back behind a dated step is refused on the field, saying how to do it knowingly.
    await row.getByRole('button', { name: '编辑' }).click();
    await drawer.locator('#status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '申请' }).first().click();
    await drawer.getByLabel('村/社区').press('Control+s');
    await drawer
      .getByText(/进度不能改为“申请”:已登记了后面的“施工”环节/)
      .first()
      .waitFor();
    await s.shot('40-households-status-back-refused');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '不保存,关闭' }).click();
    await drawer.waitFor({ state: 'hidden' });
    expect(s.app.records.getRaw('households', zhang.id).status).toBe('施工');
    await rowAction(page, row, '进度');
    const stepsGrid = page.locator('.ant-drawer-open').filter({ hasText: '改造进度' });
    await expect
      .poll(() => stepsGrid.locator('tr.ant-table-row td:first-child').allTextContents())
      .toEqual(expect.arrayContaining(['施工', '入户评估']));
    await stepsGrid.getByText('随进度登记').first().waitFor();
    await s.shot('40-households-steps');
    // A new row starts as the next step, today, by the clerk.
    await stepsGrid.getByRole('button', { name: '新增一行' }).click();
    const stepForm = page.locator('.ant-drawer-open').filter({ hasText: '新增改造进度' });
    // The select's text (antd also keeps a hidden live-region copy of it, so not a visible-text wait).
    await expect
      .poll(() => stepForm.locator('.ant-form-item').filter({ hasText: '步骤' }).locator('.ant-select').first().textContent())
      .toContain('竣工验收');
    expect(await stepForm.getByLabel('经办人').inputValue()).toBe('王管理');
    await s.shot('40-households-step-new');
    await stepForm.getByLabel('经办人').press('Escape');
    await stepForm.waitFor({ state: 'hidden' });
    await stepsGrid.getByRole('button', { name: '新增一行' }).press('Escape');
    await stepsGrid.waitFor({ state: 'hidden' });

    // Delete: confirmed, gone from the list, kept as a tombstone.
    await deleteRow(page, row);
    await page.getByText(`已删除“${maskName('张桂生')}”`).waitFor();
    await page.getByText('没有符合条件的记录').waitFor();
    expect(households({ search: '张桂生' }).total).toBe(0);
    expect(households({ search: '张桂生', includeDeleted: true }).rows[0]).toMatchObject({ id: zhang.id, deletedAt: expect.any(String) });
    expect(s.app.records.history('households', zhang.id)[0]).toMatchObject({ action: 'delete', userName: '王管理' });
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('photos: 改造前/改造后 thumbnails from the copied files, a large preview, non-images and files over 10 MB refused', async () => {
    const { page } = s;
    const hh = s.app.records.create(
      'households',
      {
        townshipCode: FENGHUANG,
        name: '赵玉兰',
        idCard: idCardFor('1944-05-09', 88),
        projectYear: YEAR,
        status: '施工',
        village: '凤凰村',
      },
      CLERK,
    ).record;
    const photosOf = () => s.app.records.list('householdPhotos', { filters: { householdId: hh.id } }).rows;
    const dir = join(s.app.photosDir, hh.id);
    const filesInDir = () => (existsSync(dir) ? readdirSync(dir) : []);
    await openHouseholds(page);
    const row = page.getByRole('row').filter({ hasText: maskName('赵玉兰') });
    await rowAction(page, row, '照片');
    const drawer = page.locator('.ant-drawer-open').filter({ hasText: '改造照片' });
    await drawer.waitFor();
    // The title keeps the name masked; both groups say they are empty.
    await drawer.getByText(`改造照片 · ${maskName('赵玉兰')}(${YEAR} 年度)`).waitFor();
    expect(await drawer.textContent()).not.toContain('赵玉兰');
    await drawer.getByText('还没有改造前照片').waitFor();
    await drawer.getByText('还没有改造后照片').waitFor();
    await s.shot('40-households-photos-empty');

    // An 改造前 photo from a file on disk: copied beside the database, recorded, shown as a thumbnail.
    const before = png(320, 240, [70, 130, 200]);
    const beforePath = join(tmp, '卫生间改造前.png');
    writeFileSync(beforePath, before);
    const input = drawer.locator('input[type=file]');
    await input.setInputFiles(beforePath);
    await page.getByText('已添加改造前照片“卫生间改造前.png”').waitFor();
    const beforeGroup = drawer.getByTestId('photos-before');
    const thumb = beforeGroup.getByTestId('photo-thumb').locator('img');
    await expect.poll(() => thumb.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await thumb.getAttribute('src')).toBe(`data:image/png;base64,${before.toString('base64')}`);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320); // really decoded
    await beforeGroup.getByText('(共 1 张)').waitFor();
    await drawer.getByText('还没有改造后照片').waitFor();
    const rows = photosOf();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      householdId: hh.id,
      phase: 'before',
      originalName: '卫生间改造前.png',
      fileName: expect.stringMatching(/^[0-9a-f-]{36}\.png$/),
      createdBy: '王管理',
    });
    expect(filesInDir()).toEqual([rows[0].fileName]);
    expect(readFileSync(join(dir, String(rows[0].fileName))).equals(before)).toBe(true);

    // Two 改造后 photos at once, chosen with the kind switch: sent one after the other with a progress line
    // (the first request is held back here so the line can be seen), then shown in their own group.
    await drawer.getByText('改造后', { exact: true }).click();
    await drawer.getByText('添加为“改造后”照片').waitFor();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let sent = 0;
    await page.route('**/api/households.addPhoto', async (route) => {
      if (sent++ === 0) await held;
      await route.continue();
    });
    await input.setInputFiles([
      { name: '卫生间改造后.png', mimeType: 'image/png', buffer: png(240, 320, [90, 170, 90]) },
      { name: '扶手改造后.png', mimeType: 'image/png', buffer: png(320, 240, [200, 150, 60]) },
    ]);
    const progress = drawer.getByTestId('photo-progress');
    await progress.getByText('正在添加第 1 / 2 张:卫生间改造后.png').waitFor();
    await s.shot('40-households-photos-progress');
    expect(photosOf()).toHaveLength(1);
    release();
    await progress.waitFor({ state: 'hidden' });
    await page.unroute('**/api/households.addPhoto');
    expect(sent).toBe(2);
    await drawer.getByTestId('photos-after').getByText('(共 2 张)').waitFor();
    await expect
      .poll(() =>
        drawer
          .getByTestId('photos-after')
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalHeight),
      )
      .toBe(320);
    expect(photosOf().map((p) => `${p.phase} ${p.originalName}`)).toEqual([
      'before 卫生间改造前.png',
      'after 卫生间改造后.png',
      'after 扶手改造后.png',
    ]);
    await s.shot('40-households-photos');

    // A click on a thumbnail opens the large view.
    await thumb.click();
    const preview = page.locator('.ant-image-preview-img');
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toBe(await thumb.getAttribute('src'));
    await s.shot('40-households-photo-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    // Not a photo: refused in Chinese before anything is sent; nothing recorded, nothing copied.
    let addCalls = 0;
    const countAdds = (r: { url(): string }) => void (r.url().includes('households.addPhoto') && addCalls++);
    page.on('request', countAdds);
    const txt = join(tmp, '说明.txt');
    writeFileSync(txt, '这不是照片');
    await input.setInputFiles(txt);
    await page.getByTestId('photo-refused').getByText('“说明.txt”不是照片,没有添加。只能添加 JPG、PNG 或 WebP 格式的照片。').waitFor();
    await s.shot('40-households-photo-refused', { toasts: true });
    // Over 10 MB: refused the same way.
    await input.setInputFiles({
      name: '太大的照片.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([before, Buffer.alloc(10 * 1024 * 1024)]),
    });
    await page.getByTestId('photo-refused').getByText('超过 10 MB', { exact: false }).waitFor();
    page.off('request', countAdds);
    expect(addCalls).toBe(0); // refused in the page: nothing was sent
    expect(photosOf()).toHaveLength(3);
    expect(filesInDir()).toHaveLength(3);
    await expect.poll(() => drawer.getByTestId('photo-thumb').count()).toBe(3);

    // A photo added by mistake can be removed (kept as a tombstone, like every record).
    await drawer
      .getByTestId('photos-after')
      .getByTestId('photo-thumb')
      .filter({ hasText: '扶手改造后.png' })
      .getByRole('button', { name: '删除' })
      .click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await drawer.getByTestId('photos-after').getByText('(共 1 张)').waitFor();
    await expect.poll(() => drawer.getByText('扶手改造后.png').count()).toBe(0);
    expect(photosOf().map((p) => p.originalName)).toEqual(['卫生间改造前.png', '卫生间改造后.png']);
    expect(s.app.records.list('householdPhotos', { filters: { householdId: hh.id }, includeDeleted: true }).total).toBe(3);
    expect(s.errors).toEqual([]);
  }, 60_000);
});
