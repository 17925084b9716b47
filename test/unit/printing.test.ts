import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInspection } from '../../electron/inspections/service';
import { batchBlankChecklists, blankChecklists, filledChecklist, householdDoc, rectificationNotice } from '../../electron/printing/service';
import { renderTemplate } from '../../electron/printing/template';
import { catalogues } from '../../electron/system/service';
import { dispatch } from '../../electron/api/dispatch';
import { FENGHUANG, makeApp } from '../helpers/app';
import { addRoleUsers, ctxAs } from '../helpers/contractCalls';
import { CHROMIUM } from '../e2e/helpers';

const OUT = resolve(import.meta.dirname, '../../test-output/pdf');
let t: Awaited<ReturnType<typeof makeApp>>;
let browser: Browser;
let facilityId: string;
let inspectionId: string;
let householdId: string;

/** HTML → PDF in Chromium (what the browser mode's print does), then the text as pdftotext sees it. */
async function pdf(name: string, html: string): Promise<{ text: string; pages: number; file: string }> {
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  await page.close();
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(OUT, name)]);
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), file };
}
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t = await makeApp();
  facilityId = t.app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '凤凰街道颐养中心',
      type: '街道(乡镇)养老服务综合体',
      status: '运营',
      bedsTotal: 120,
      address: '凤凰路 8 号',
      contactName: '张三华',
      contactPhone: '13812341234',
    },
    t.actor,
  ).record.id;
  const items = catalogues(t.app).checklist;
  const major = items.find((i) => i.major)!;
  const d = recordInspection(t.app, t.actor, {
    inspection: {
      subjectType: 'facility',
      facilityId,
      inspectionType: '第三方专家检查',
      inspectedOn: '2026-11-02',
      inspectors: '王专家、李专家',
    },
    answers: items.map((i) =>
      i.code === major.code || i.code === 'C01'
        ? { itemCode: i.code, result: '不符合' as const, remark: i.code === 'C01' ? '未明确消防安全管理人' : '疏散通道堆放杂物' }
        : { itemCode: i.code, result: '符合' as const },
    ),
  });
  inspectionId = d.inspection.id;
  const h = t.app.records.create(
    'households',
    {
      townshipCode: FENGHUANG,
      name: '李秀英',
      idCard: '11010519491231002X',
      projectYear: 2026,
      status: '施工',
      categories: ['低保'],
      conditions: ['独居'],
      contactName: '王小明',
      contactRelation: '子女',
      contactPhone: '13900001111',
      address: '凤凰街道一组 8 号',
      totalCost: 2300,
      subsidy: 2000,
      selfPaid: 300,
    },
    t.actor,
  );
  householdId = h.record.id;
  for (const [code, name, kind, q, p, done] of [
    ['R01', '防滑处理', 'basic', 1, 800, true],
    ['R05', '安装扶手', 'basic', 3, 300, true],
    ['R20', '适老化床', 'optional', 1, 600, false],
  ] as const)
    t.app.records.create(
      'householdItems',
      { householdId, itemCode: code, itemName: name, category: '测试类', kind, quantity: q, unitPrice: p, done },
      t.actor,
    );
}, 60_000);
afterAll(async () => {
  await browser?.close();
  t?.cleanup();
});

describe('print templates → PDF (checked with pdftotext; PNG pages in test-output/pdf)', () => {
  it('the template language escapes, repeats and nests', () => {
    expect(
      renderTemplate('{{a}}|{{{a}}}|{{#xs}}[{{.}}]{{/xs}}|{{^ys}}none{{/ys}}|{{#o}}{{b}}{{/o}}', {
        a: '<b>',
        xs: [1, 2],
        ys: [],
        o: { b: 'x' },
      }),
    ).toBe('&lt;b&gt;|<b>|[1][2]|none|x');
  });

  it('blank checklist: every item text, ★ on major items, ☐ boxes, headers repeated, page x of y', async () => {
    const doc = blankChecklists(t.app, [{ kind: 'facility', id: facilityId }]);
    const { text, pages } = await pdf('checklist-blank', doc.html);
    const items = catalogues(t.app).checklist;
    for (const it of items) expect(squash(text), it.code).toContain(squash(it.text).slice(0, 18));
    expect(pages).toBeGreaterThanOrEqual(3); // 52 items do not fit on fewer A4 pages
    expect(text.split('检查内容').length - 1).toBeGreaterThanOrEqual(pages); // table header on every page
    expect(squash(text)).toContain(`第1页共${pages}页`);
    expect(squash(text)).toContain(`第${pages}页共${pages}页`);
    expect((text.match(/★/g) ?? []).length).toBeGreaterThanOrEqual(items.filter((i) => i.major).length);
    expect(text).toContain('☐符合');
    expect(text).toContain('凤凰街道颐养中心');
    expect(text).toContain('张*华'); // personal data masked on printed forms
    expect(text).not.toContain('13812341234');
  }, 60_000);

  it('filled checklist shows the answers and the hazards found; an old inspection prints its own checklist version', async () => {
    const { text } = await pdf('checklist-filled', filledChecklist(t.app, inspectionId).html);
    expect(text).toContain('☑不符合');
    expect(text).toContain('未明确消防安全管理人');
    expect(squash(text)).toContain('发现隐患2处');
    expect(text).toContain('隐患清单');
    // A new checklist version rewords C01; the old inspection still prints the wording it was done with.
    const db = t.app.store.sqlite;
    db.prepare("INSERT INTO checklist_versions (version, source, createdAt, isCurrent) VALUES ('2027-1', 'test', 'now', 0)").run();
    db.prepare(
      "INSERT INTO checklist_items SELECT '2027-1', code, category, CASE code WHEN 'C01' THEN '新版措辞:落实消防安全主体责任' ELSE text END, major, sortOrder FROM checklist_items WHERE version = '2025-1'",
    ).run();
    db.prepare("UPDATE checklist_versions SET isCurrent = (version = '2027-1')").run();
    const again = filledChecklist(t.app, inspectionId).html;
    expect(again).not.toContain('新版措辞');
    expect(blankChecklists(t.app, [{ kind: 'facility', id: facilityId }]).html).toContain('新版措辞');
    db.prepare("UPDATE checklist_versions SET isCurrent = (version = '2025-1')").run();
  }, 60_000);

  it('隐患整改通知书: hazards with deadlines (重大 first), signature lines', async () => {
    const { text, pages } = await pdf('notice', rectificationNotice(t.app, inspectionId).html);
    expect(text).toContain('隐患整改通知书');
    expect(text.indexOf('重大事故隐患', text.indexOf('序号'))).toBeLessThan(text.indexOf('一般隐患', text.indexOf('序号')));
    expect(text).toContain('2026-12-02'); // default 30-day deadline
    expect(text).toContain('签收人');
    expect(pages).toBe(1);
  }, 60_000);

  it('一户一案 and 竣工验收单: items (basic first), totals; the information table lists only the fields that have a value', async () => {
    const plan = await pdf('household-plan', householdDoc(t.app, householdId, 'plan').html);
    expect(plan.text).toContain('一户一案');
    expect(plan.text).toContain('110105********002X');
    expect(plan.text).toContain('2300.00');
    expect(plan.text.indexOf('防滑处理')).toBeLessThan(plan.text.indexOf('适老化床'));
    expect(squash(plan.text)).toContain('联系人王*明(子女)');
    const acc = await pdf('household-acceptance', householdDoc(t.app, householdId, 'acceptance', true).html);
    expect(acc.text).toContain('竣工验收单');
    expect(acc.text).toContain('11010519491231002X');
    expect(acc.text).toContain('☑已完成');
    // A household with nothing but its required fields: no empty "()", no "元" without an amount, no label
    // of a field that has no value (the 村/社区, 联系人, 施工单位 rows are left out, not printed empty).
    const bare = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '赵桂兰', idCard: '110105194912310046', projectYear: 2026, status: '申请', contactRelation: '子女' },
      t.actor,
    ).record.id;
    const b = await pdf('household-bare', householdDoc(t.app, bare, 'acceptance').html);
    const text = squash(b.text);
    expect(text).toContain('赵*兰');
    expect(text).not.toMatch(/\(\)|\uff08\uff09/);
    const tables = text.slice(0, text.indexOf('验收意见')); // the signature lines below name 施工单位 for its signature
    for (const label of ['联系人', '联系电话', '村/社区', '地址', '施工单位', '改造总费用', '政府补贴', '个人自付', '能力评估', '对象类别'])
      expect(tables, label).not.toContain(label);
    expect(text.replaceAll('(元)', '')).not.toContain('元');
    expect(text).toContain('出生日期1949-12-31');
  }, 60_000);

  it('prints people sign (一户一案, 竣工验收单, filled checklist, 整改通知书): full for a reviewer, audited as a reveal; masked for a clerk', async () => {
    const users = addRoleUsers(t.app);
    const docs = [
      ['print.household', { householdId, kind: 'plan' }, ['李秀英', '11010519491231002X', '王小明', '13900001111'], householdId],
      ['print.household', { householdId, kind: 'acceptance' }, ['李秀英', '11010519491231002X', '王小明', '13900001111'], householdId],
      ['print.filledChecklist', { inspectionId }, ['张三华', '13812341234'], inspectionId],
      ['print.notice', { inspectionId }, ['张三华', '13812341234'], inspectionId],
    ] as const;
    const reveals = () => t.app.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'").pluck().get() as number;
    for (const [method, input, full, recordId] of docs) {
      const name = `sign-${method.slice(6)}-${'kind' in input ? input.kind : 'x'}`;
      const before = reveals();
      const asReviewer = await dispatch(ctxAs(t.app, users.reviewer), method, input);
      if (!asReviewer.ok) throw new Error(asReviewer.error.message);
      const reviewerText = squash((await pdf(`${name}-reviewer`, (asReviewer.value as { html: string }).html)).text);
      for (const v of full) expect(reviewerText, `${method} reviewer`).toContain(v);
      expect(reveals()).toBe(before + 1);
      expect(
        t.app.store.sqlite.prepare("SELECT userId, recordId, note FROM audit_log WHERE action = 'reveal' ORDER BY id DESC LIMIT 1").get(),
      ).toEqual({ userId: users.reviewer, recordId, note: expect.stringMatching(/^打印.*完整个人信息/) });
      const clerk = await dispatch(ctxAs(t.app, users.clerk), method, input);
      if (!clerk.ok) throw new Error(clerk.error.message);
      const clerkText = squash((await pdf(`${name}-clerk`, (clerk.value as { html: string }).html)).text);
      for (const v of full) expect(clerkText, `${method} clerk`).not.toContain(v);
      expect(clerkText).toMatch(/138\*{4}1234|110105\*{8}002X/);
      expect(reveals(), 'a masked print is no reveal').toBe(before + 1);
      expect(clerkText).not.toMatch(/\(\)|\uff08\uff09/);
    }
  }, 120_000);

  it('batch: one blank checklist per facility on this month’s to-do list, in one PDF', async () => {
    t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '第二家养老院', type: '民办养老机构', status: '运营' }, t.actor);
    t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '筹建中的院', type: '民办养老机构', status: '筹建' }, t.actor);
    const now = new Date(t.app.now());
    const doc = batchBlankChecklists(t.app, now.getFullYear(), now.getMonth() + 1);
    const { text } = await pdf('batch', doc.html);
    expect(text).toContain('第二家养老院');
    expect(text).toContain('凤凰街道颐养中心'); // had an expert check this month, but still needs its self-check
    expect(text).not.toContain('筹建中的院');
  }, 60_000);

  it('no printed text is smaller than 8 pt (checklists, notice, 一户一案, 竣工验收单, batch), as laid out for print', async () => {
    const now = new Date(t.app.now());
    const docs: [string, string][] = [
      ['blank checklist', blankChecklists(t.app, [{ kind: 'facility', id: facilityId }]).html],
      ['filled checklist', filledChecklist(t.app, inspectionId).html],
      ['notice', rectificationNotice(t.app, inspectionId).html],
      ['household plan', householdDoc(t.app, householdId, 'plan').html],
      ['household acceptance', householdDoc(t.app, householdId, 'acceptance', true).html],
      ['batch', batchBlankChecklists(t.app, now.getFullYear(), now.getMonth() + 1).html],
    ];
    for (const [name, html] of docs) {
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      // Every text node's own size; the running header/footer (page x of y) is text in the page too.
      const sizes = await page.evaluate(() => {
        const out: { text: string; pt: number }[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const el = walker.currentNode.parentElement;
          const text = walker.currentNode.textContent?.trim();
          if (el && text) out.push({ text: text.slice(0, 20), pt: (Number.parseFloat(getComputedStyle(el).fontSize) * 72) / 96 });
        }
        return out;
      });
      await page.close();
      expect(sizes.length, name).toBeGreaterThan(20);
      expect(
        sizes.filter((s) => s.pt < 7.95), // 8 pt is 10.67 px, kept to a hundredth
        name,
      ).toEqual([]);
    }
  }, 60_000);
});
