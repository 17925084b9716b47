import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { checklistVersionItems, listChecklistVersions, saveChecklistVersion } from '../../electron/inspections/checklists';
import { inspectionDetail, recordInspection } from '../../electron/inspections/service';
import { blankChecklists, filledChecklist } from '../../electron/printing/service';
import { exportPackage, importPackage } from '../../electron/sync/service';
import { catalogues } from '../../electron/system/service';
import { createUser } from '../../electron/system/users';
import type { ChecklistDraftItem } from '../../shared/inspections/checklists';
import type { ChecklistItem } from '../../shared/system/types';
import {
  addRow,
  draftFrom,
  moveCategory,
  moveRow,
  setRetired,
  summarize,
  toPayload,
  updateRow,
} from '../../renderer/inspections/checklistDraft';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { makeHierarchy } from '../helpers/sync';

/*
 * The admin checklist editor: every save makes a new version; inspections keep (and print with) the version
 * they were recorded on; retired items leave new inspections; invalid edits and non-admins change nothing;
 * versions made in one office reach the office that imports its inspections.
 */

let t: Awaited<ReturnType<typeof makeApp>>;
let facilityId: string;
beforeEach(async () => {
  t = await makeApp();
  facilityId = t.app.records.create(
    'facilities',
    { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '农村福利院(特困供养服务机构)', status: '运营' },
    t.actor,
  ).record.id;
});
afterEach(() => t.cleanup());

const SHIPPED = '2025-1';
const NEW_TEXT_C01 = '落实消防安全责任制,明确并公示消防安全责任人、管理人';
const OLD_TEXT_C01 = '落实消防安全责任制,明确消防安全责任人、管理人';

/** The editor's starting point: the current version's items as draft rows, nothing retired. */
function draftOf(items: ChecklistItem[]): ChecklistDraftItem[] {
  return items.map((i) => ({ code: i.code, category: i.category, text: i.text, major: i.major, retired: false }));
}
function current() {
  const v = listChecklistVersions(t.app).find((x) => x.isCurrent)!;
  return checklistVersionItems(t.app, v.version);
}
const itemsRows = (version: string) =>
  t.app.store.sqlite.prepare('SELECT * FROM checklist_items WHERE version = ? ORDER BY sortOrder').all(version);

/** Reword C01, retire C05 (★), give C02 a ★, add a new 消防安全 item after C03. */
function typicalEdit(): ChecklistDraftItem[] {
  const d = draftOf(current().items);
  d.find((i) => i.code === 'C01')!.text = NEW_TEXT_C01;
  d.find((i) => i.code === 'C05')!.retired = true;
  d.find((i) => i.code === 'C02')!.major = true;
  const at = d.findIndex((i) => i.code === 'C03') + 1;
  d.splice(at, 0, { code: null, category: '消防安全', text: '消防控制室实行 24 小时值班,值班人员持证上岗', major: false, retired: false });
  return d;
}

function answersFor(items: ChecklistItem[], fail: string[] = []) {
  return items.map((i) =>
    fail.includes(i.code)
      ? { itemCode: i.code, result: '不符合' as const, remark: `问题 ${i.code}` }
      : { itemCode: i.code, result: '符合' as const },
  );
}
const header = (over: Record<string, unknown> = {}) => ({
  subjectType: 'facility',
  facilityId,
  inspectionType: '乡镇排查',
  inspectedOn: '2025-05-06',
  inspectors: '张三、李四',
  ...over,
});

describe('saving an edited checklist', () => {
  it('starts from the shipped version, current and unused', () => {
    expect(listChecklistVersions(t.app)).toEqual([
      expect.objectContaining({
        version: SHIPPED,
        isCurrent: true,
        itemCount: 52,
        inspectionCount: 0,
        basedOn: null,
        madeHere: false,
        officeName: null,
      }),
    ]);
    expect(current().retired).toEqual([]);
  });

  it('creates a new current version with stable codes, a fresh code for the new item, and leaves the old version untouched', () => {
    const oldRows = JSON.stringify(itemsRows(SHIPPED));
    const saved = saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: typicalEdit() });
    expect(saved.version).toMatch(/^\d{4}\.1-[0-9a-f]{6}$/);
    expect(saved).toMatchObject({
      isCurrent: true,
      basedOn: SHIPPED,
      createdBy: '王管理',
      madeHere: true,
      officeName: '测试民政办',
      itemCount: 52,
      inspectionCount: 0,
    });
    expect(saved.source).toContain('新增 1 项');
    expect(saved.source).toContain('修改内容 1 项');
    expect(saved.source).toContain('停用 1 项');
    expect(JSON.stringify(itemsRows(SHIPPED))).toBe(oldRows); // the shipped version is exactly as it was

    const versions = listChecklistVersions(t.app);
    expect(versions.map((v) => [v.version, v.isCurrent])).toEqual([
      [saved.version, true],
      [SHIPPED, false],
    ]);
    const now = checklistVersionItems(t.app, saved.version);
    const byCode = new Map(now.items.map((i) => [i.code, i]));
    expect(byCode.get('C01')!.text).toBe(NEW_TEXT_C01);
    expect(byCode.get('C02')!.major).toBe(true);
    expect(byCode.has('C05')).toBe(false);
    expect(now.items.slice(0, 5).map((i) => i.code)).toEqual(['C01', 'C02', 'C03', 'C53', 'C04']); // the new item where it was put
    expect(byCode.get('C53')).toMatchObject({ category: '消防安全', text: '消防控制室实行 24 小时值班,值班人员持证上岗', major: false });
    expect(now.items.map((i) => i.sortOrder)).toEqual(now.items.map((_, k) => k + 1));
    expect(now.retired.map((i) => i.code)).toEqual(['C05']);
    expect(now.retired[0].text).toBe('疏散通道、安全出口、消防车通道畅通,未锁闭、堵塞、占用');

    const audit = t.app.store.sqlite
      .prepare("SELECT userName, action, entity, recordId, oldValue, newValue, note FROM audit_log WHERE action = 'checklist-version'")
      .all();
    expect(audit).toEqual([
      {
        userName: '王管理',
        action: 'checklist-version',
        entity: 'checklist_versions',
        recordId: saved.version,
        oldValue: SHIPPED,
        newValue: saved.version,
        note: expect.stringContaining('停用 1 项'),
      },
    ]);
  });

  it('keeps each category together in the saved order, as the printout groups them', () => {
    const d = draftOf(current().items);
    // A new 消防安全 item typed at the very end of the list still lands at the end of 消防安全.
    d.push({ code: null, category: '消防安全', text: '电动自行车集中停放充电', major: true, retired: false });
    const saved = saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: d });
    const items = checklistVersionItems(t.app, saved.version).items;
    expect(items[18]).toMatchObject({ code: 'C53', category: '消防安全', major: true });
    expect(items[19].category).not.toBe('消防安全');
    const cats = items.map((i) => i.category).filter((c, k, a) => k === 0 || a[k - 1] !== c);
    expect(new Set(cats).size).toBe(cats.length);
  });

  it('restores a retired item under its old code, and never gives a retired code to a new item', () => {
    const v1 = saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: typicalEdit() });
    // Second edit: retire the item added in the first (C53), add another.
    let d = draftOf(checklistVersionItems(t.app, v1.version).items);
    d.find((i) => i.code === 'C53')!.retired = true;
    d.push({ code: null, category: '用电安全', text: '不私拉乱接电线', major: false, retired: false });
    const v2 = saveChecklistVersion(t.app, t.actor, { baseVersion: v1.version, items: d });
    const two = checklistVersionItems(t.app, v2.version);
    expect(two.items.map((i) => i.code)).toContain('C54');
    expect(two.items.map((i) => i.code)).not.toContain('C53');
    expect(two.retired.map((i) => i.code).sort()).toEqual(['C05', 'C53']); // retired along the line, two edits back too
    // Third edit: restore C05 from two versions back.
    const c05 = two.retired.find((i) => i.code === 'C05')!;
    d = [
      ...draftOf(two.items),
      { code: 'C05', category: c05.category, text: c05.text, major: c05.major, retired: false },
      { code: 'C53', category: '消防安全', text: '消防控制室实行 24 小时值班,值班人员持证上岗', major: false, retired: true },
    ];
    const v3 = saveChecklistVersion(t.app, t.actor, { baseVersion: v2.version, items: d });
    const three = checklistVersionItems(t.app, v3.version);
    expect(three.items.find((i) => i.code === 'C05')).toMatchObject({ category: '消防安全', major: true, text: c05.text });
    expect(three.retired.map((i) => i.code)).toEqual(['C53']);
    expect(v3.source).toContain('恢复 1 项');
    const listed = listChecklistVersions(t.app).map((v) => v.version);
    expect(listed[0]).toBe(v3.version); // the current one first
    expect([...listed].sort()).toEqual([SHIPPED, v1.version, v2.version, v3.version].sort());
    expect(new Set(listed).size).toBe(4);
  });
});

describe('the editor’s working copy (renderer/inspections/checklistDraft)', () => {
  it('turns clicks into the list the service saves, and describes the change the same way the service does', () => {
    const base = current();
    let d = draftFrom(base);
    d = updateRow(d, 'C01', { text: NEW_TEXT_C01 });
    d = moveRow(d, 'C01', 1); // C02 first now
    d = setRetired(d, 'C05', true);
    d = updateRow(d, 'C02', { major: true });
    d = addRow(d, '防汛防灾安全', 'new-1');
    d = updateRow(d, 'new-1', { text: '汛期前排查房屋漏雨、山体滑坡隐患' });
    d = moveCategory(d, '防汛防灾安全', -1); // before 医疗卫生与金融安全
    d = addRow(d, '消防安全', 'new-2');
    d = setRetired(d, 'new-2', true); // a new row retired before saving is just dropped
    const { changes, problems } = summarize(base, d);
    expect(problems).toEqual([]);
    const payload = toPayload(d);
    expect(payload.filter((i) => i.retired).map((i) => i.code)).toEqual(['C05']);
    expect(payload.slice(0, 2).map((i) => i.code)).toEqual(['C02', 'C01']);
    const saved = saveChecklistVersion(t.app, t.actor, { baseVersion: base.info.version, items: payload });
    expect(saved.source).toBe(`在 ${SHIPPED} 版基础上修改:${changes.join(',')}`);
    const items = checklistVersionItems(t.app, saved.version).items;
    expect(
      items
        .map((i) => i.category)
        .filter((c, k, a) => a.indexOf(c) === k)
        .slice(-2),
    ).toEqual(['防汛防灾安全', '医疗卫生与金融安全']);
    expect(items.find((i) => i.category === '防汛防灾安全')).toMatchObject({ code: 'C53', text: '汛期前排查房屋漏雨、山体滑坡隐患' });
  });

  it('lists what blocks saving before the service is asked', () => {
    const base = current();
    let d = addRow(draftFrom(base), '用电安全', 'new-1');
    expect(summarize(base, d).problems).toEqual(['第 24 项(用电安全)的检查内容是空的,请填写或删除。']);
    d = base.items.reduce((acc, i) => setRetired(acc, i.code, true), setRetired(d, 'new-1', true));
    expect(summarize(base, d).problems).toEqual(['至少要保留一个在用的检查项。']);
  });
});

describe('inspections and checklist versions', () => {
  it('an inspection recorded before the edit keeps its version: detail and printout show the old wording', () => {
    const before = recordInspection(t.app, t.actor, { inspection: header(), answers: answersFor(catalogues(t.app).checklist, ['C05']) });
    const saved = saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: typicalEdit() });

    const d = inspectionDetail(t.app, before.inspection.id);
    expect(d.inspection.checklistVersion).toBe(SHIPPED);
    expect(d.items).toHaveLength(52);
    expect(d.items.find((i) => i.code === 'C01')!.text).toBe(OLD_TEXT_C01);
    expect(d.items.find((i) => i.code === 'C05')).toBeTruthy(); // the retired item is still part of the old inspection
    const html = filledChecklist(t.app, before.inspection.id).html;
    expect(html).toContain(`检查表版本 ${SHIPPED}`);
    expect(html).toContain(OLD_TEXT_C01);
    expect(html).not.toContain(NEW_TEXT_C01);
    expect(html).toContain('问题 C05');
    expect(listChecklistVersions(t.app).find((v) => v.version === SHIPPED)!.inspectionCount).toBe(1);
    expect(listChecklistVersions(t.app).find((v) => v.version === saved.version)!.inspectionCount).toBe(0);
  });

  it('new inspections use the new version: retired items are gone, new ones are asked, the blank form shows the new wording', () => {
    const saved = saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: typicalEdit() });
    const cat = catalogues(t.app);
    expect(cat.checklistVersion).toBe(saved.version);
    expect(cat.checklist.map((i) => i.code)).not.toContain('C05');
    expect(cat.checklist.map((i) => i.code)).toContain('C53');

    // An answer for the retired item is refused; the full new list is accepted and recorded on the new version.
    const withRetired = [...answersFor(cat.checklist), { itemCode: 'C05', result: '符合' as const }];
    expect(() => recordInspection(t.app, t.actor, { inspection: header(), answers: withRetired })).toThrow(/C05 不在检查表/);
    const after = recordInspection(t.app, t.actor, {
      inspection: header({ inspectedOn: '2025-06-01' }),
      answers: answersFor(cat.checklist, ['C02']),
    });
    expect(after.inspection.checklistVersion).toBe(saved.version);
    expect(after.items.map((i) => i.code)).not.toContain('C05');
    expect(after.answers.map((a) => a.itemCode)).toContain('C53');
    // C02 is ★ in the new version: its 不符合 is a 重大事故隐患.
    expect(after.hazards).toEqual([expect.objectContaining({ itemCode: 'C02', level: '重大事故隐患' })]);

    const blank = blankChecklists(t.app, [{ kind: 'facility', id: facilityId }]).html;
    expect(blank).toContain(`检查表版本 ${saved.version}`);
    expect(blank).toContain(NEW_TEXT_C01);
    expect(blank).not.toContain('疏散通道、安全出口、消防车通道畅通');
  });
});

describe('refused edits change nothing', () => {
  const cases: [string, () => ChecklistDraftItem[], RegExp, string?][] = [
    [
      'an empty text',
      () => draftOf(current().items).map((i) => (i.code === 'C03' ? { ...i, text: '   ' } : i)),
      /第 3 项\(C03\)的检查内容是空的/,
    ],
    [
      'an empty new item',
      () => [...draftOf(current().items), { code: null, category: '用电安全', text: '', major: false, retired: false }],
      /第 53 项\(新增\)的检查内容是空的/,
    ],
    ['an empty category', () => draftOf(current().items).map((i) => (i.code === 'C07' ? { ...i, category: '' } : i)), /没有填写类别/],
    ['every item retired', () => draftOf(current().items).map((i) => ({ ...i, retired: true })), /至少要保留一个在用的检查项/],
    [
      'a duplicated code',
      () => [...draftOf(current().items), { code: 'C04', category: '消防安全', text: '重复', major: false, retired: false }],
      /C04 出现了两次/,
    ],
    [
      'a code from nowhere',
      () => [...draftOf(current().items), { code: 'C99', category: '消防安全', text: '凭空的编号', major: false, retired: false }],
      /C99 不属于正在编辑的检查表/,
    ],
    ['a current item left out', () => draftOf(current().items).filter((i) => i.code !== 'C10'), /缺少 C10/],
    [
      'two identical items',
      () => [...draftOf(current().items), { code: null, category: '消防安全', text: OLD_TEXT_C01, major: false, retired: false }],
      /与第 1 项的类别和检查内容完全相同/,
    ],
    [
      'a text too long to print',
      () => draftOf(current().items).map((i) => (i.code === 'C01' ? { ...i, text: '长'.repeat(201) } : i)),
      /超过 200 个字/,
    ],
    ['no change at all', () => draftOf(current().items), /没有需要保存的修改/],
    [
      'only whitespace changes',
      () => draftOf(current().items).map((i) => (i.code === 'C01' ? { ...i, text: ` ${i.text} ` } : i)),
      /没有需要保存的修改/,
    ],
  ];
  for (const [what, items, message] of cases)
    it(`refuses ${what}`, () => {
      const before = dumpDb(t.app);
      expect(() => saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: items() })).toThrow(message);
      expect(dumpDb(t.app)).toBe(before);
    });

  it('refuses an edit made on a version that is no longer current (two admins at once)', () => {
    const stale = typicalEdit();
    saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: typicalEdit() });
    const before = dumpDb(t.app);
    let err: unknown;
    try {
      saveChecklistVersion(t.app, t.actor, { baseVersion: SHIPPED, items: stale });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/已经更新为 .* 版.*请刷新/) });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('refuses a non-admin through the API (reading is allowed), and takes an admin’s save', async () => {
    const admin = t.ctx.session.user!;
    const clerk = await createUser(t.app, t.actor, { username: 'clerk1', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
    const payload = { baseVersion: SHIPPED, items: typicalEdit() };
    t.ctx.session.user = { id: clerk.id, username: clerk.username, displayName: clerk.displayName, role: 'clerk' };
    const before = dumpDb(t.app);
    expect(await dispatch(t.ctx, 'checklists.save', payload)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有管理员可以进行这项操作。' },
    });
    expect(dumpDb(t.app)).toBe(before);
    expect(await dispatch(t.ctx, 'checklists.versions', {})).toMatchObject({ ok: true, value: [{ version: SHIPPED }] });
    expect(await dispatch(t.ctx, 'checklists.items', { version: SHIPPED })).toMatchObject({
      ok: true,
      value: { info: { version: SHIPPED }, retired: [] },
    });
    expect(await dispatch(t.ctx, 'checklists.items', { version: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    t.ctx.session.user = admin;
    const bad = await dispatch(t.ctx, 'checklists.save', { baseVersion: SHIPPED, items: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('至少要有一个检查项') } });
    const ok = await dispatch(t.ctx, 'checklists.save', payload);
    expect(ok).toMatchObject({ ok: true, value: { isCurrent: true, basedOn: SHIPPED } });
  });
});

describe('checklist versions travel with inspections in sync packages', () => {
  it('a district importing a township’s inspection gets the township’s version and shows the inspection with it', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    try {
      const [town] = h.townships;
      const dist = h.district;
      const fac = town.app.records.create(
        'facilities',
        { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '其他', status: '运营' },
        town.actor,
      ).record.id;
      const draft = draftOf(checklistVersionItems(town.app, SHIPPED).items);
      draft[0].text = NEW_TEXT_C01;
      draft[4].retired = true;
      const v = saveChecklistVersion(town.app, town.actor, { baseVersion: SHIPPED, items: draft });
      const items = checklistVersionItems(town.app, v.version).items;
      const insp = recordInspection(town.app, town.actor, {
        inspection: { subjectType: 'facility', facilityId: fac, inspectionType: '机构自查', inspectedOn: '2025-05-06', inspectors: '张三' },
        answers: answersFor(items, ['C01']),
      });

      const pkg = exportPackage(town.app, town.actor, dist.app.office()!.id);
      importPackage(dist.app, dist.actor, pkg.bytes);
      const d = inspectionDetail(dist.app, insp.inspection.id);
      expect(d.inspection.checklistVersion).toBe(v.version);
      expect(d.items).toHaveLength(51);
      expect(d.items[0].text).toBe(NEW_TEXT_C01);
      expect(filledChecklist(dist.app, insp.inspection.id).html).toContain(NEW_TEXT_C01);
      // Received, not adopted: the district's own current checklist is unchanged and it knows where this came from.
      const atDistrict = listChecklistVersions(dist.app);
      expect(atDistrict.find((x) => x.isCurrent)!.version).toBe(SHIPPED);
      expect(atDistrict.find((x) => x.version === v.version)).toMatchObject({
        madeHere: false,
        officeName: '测试民政办',
        basedOn: SHIPPED,
        inspectionCount: 1,
        itemCount: 51,
      });
      // A full package again (versions included again) changes nothing about the checklist the district has.
      const rows = JSON.stringify(dist.app.store.sqlite.prepare('SELECT * FROM checklist_items ORDER BY version, sortOrder').all());
      importPackage(dist.app, dist.actor, exportPackage(town.app, town.actor, dist.app.office()!.id, true).bytes);
      expect(JSON.stringify(dist.app.store.sqlite.prepare('SELECT * FROM checklist_items ORDER BY version, sortOrder').all())).toBe(rows);
    } finally {
      h.cleanup();
    }
  });
});
