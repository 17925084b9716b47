import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import { coverage, monthPeriod } from '../../shared/inspections/coverage';
import type { ChecklistItem } from '../../shared/system/types';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import type { LedgerApp } from '../app';
import { coverageInputs } from '../inspections/coverage';
import { checklistItems, inspectionDetail } from '../inspections/service';
import { resourcesDir } from '../paths';
import { escapeHtml, renderTemplate } from './template';

/**
 * One print pipeline: data from the store → an HTML template from resources/print (with the shared A4 print
 * CSS) → HTML that Electron prints or saves as PDF, and the browser mode prints from its own print dialog.
 */
export interface PrintDoc {
  title: string;
  html: string;
}

function template(name: string): string {
  return readFileSync(join(resourcesDir(), 'print', `${name}.html`), 'utf8');
}
function css(): string {
  return readFileSync(join(resourcesDir(), 'print', 'print.css'), 'utf8');
}

const BOX = (checked: boolean, label: string) => `${checked ? '☑' : '☐'}${escapeHtml(label)}`;
const RESULTS = ['符合', '不符合', '不适用'] as const;

function groupByCategory(items: ChecklistItem[], answers: Map<string, { result: string; remark: string | null }>) {
  const cats: { index: string; name: string; items: unknown[] }[] = [];
  const NUM = '一二三四五六七八九十';
  for (const it of items) {
    let c = cats.find((x) => x.name === it.category);
    if (!c) cats.push((c = { index: NUM[cats.length] ?? String(cats.length + 1), name: it.category, items: [] }));
    const a = answers.get(it.code);
    c.items.push({
      ...it,
      remark: a?.remark ?? '',
      resultBoxes: RESULTS.map(
        (r) => `<span class="${a?.result === r && r === '不符合' ? 'fail' : ''}">${BOX(a?.result === r, r)}</span>`,
      ).join('&nbsp;'),
    });
  }
  return cats;
}

interface SubjectInfo {
  name: string;
  type: string;
  contact: string;
  address: string;
  beds: string;
}

/** A name and a phone for print, full or masked; whatever is empty is left out (never an empty "()"). */
function personLine(name: unknown, phone: unknown, full: boolean): string {
  const n = typeof name === 'string' && name ? (full ? name : maskName(name)) : '';
  const p = typeof phone === 'string' && phone ? (full ? phone : maskPhone(phone)) : '';
  return [n, p].filter(Boolean).join(' ');
}

/** `full`: the caller's role may see personal data and the print is audited (dispatch decides; see RevealRule). */
function subjectInfo(app: LedgerApp, kind: 'facility' | 'canteen', id: string, full = false): SubjectInfo {
  if (kind === 'facility') {
    const f = app.records.getRaw('facilities', id);
    return {
      name: String(f.name),
      type: String(f.type),
      contact: personLine(f.contactName, f.contactPhone, full),
      address: String(f.address ?? ''),
      beds: f.bedsTotal == null ? '' : `${String(f.bedsTotal)} 张`,
    };
  }
  const c = app.records.getRaw('canteens', id);
  return {
    name: String(c.name),
    type: String(c.type),
    contact: personLine(c.contactName, c.contactPhone, full),
    address: String(c.address ?? ''),
    beds: c.seats == null ? '' : `座位 ${String(c.seats)}`,
  };
}

function currentVersion(app: LedgerApp): string {
  return app.run.first(app.store.db.selectFrom('checklist_versions').select('version').where('isCurrent', '=', 1))?.version ?? '';
}

/** Blank checklists for field visits, one document per subject, details pre-filled. */
export function blankChecklists(app: LedgerApp, subjects: { kind: 'facility' | 'canteen'; id: string }[]): PrintDoc {
  const version = currentVersion(app);
  const items = checklistItems(app, version);
  const docs = subjects.map((s) => ({
    subject: subjectInfo(app, s.kind, s.id),
    inspection: { type: '', date: '      年    月    日', inspectors: '' },
    categories: groupByCategory(items, new Map()),
    hazardCount: '',
    majorCount: '',
    requirement: '',
    hazards: [],
    version,
  }));
  if (!docs.length) throw new AppError('VALIDATION', '没有需要打印的检查对象。');
  return {
    title: docs.length === 1 ? `安全检查表(空白)· ${docs[0].subject.name}` : `安全检查表(空白)· ${docs.length} 份`,
    html: renderTemplate(template('checklist'), { css: css(), docs }),
  };
}

/**
 * A recorded inspection, as it was done: its own checklist version, answers, and the hazards found. `full`:
 * the 负责人's name and phone unmasked (a signed document; only for roles that may reveal, audited).
 */
export function filledChecklist(app: LedgerApp, inspectionId: string, full = false): PrintDoc {
  const d = inspectionDetail(app, inspectionId);
  const i = d.inspection;
  const answers = new Map(d.answers.map((a) => [a.itemCode, { result: a.result, remark: a.remark }]));
  const hazards = d.hazards.map((h, k) => ({
    no: k + 1,
    level: h.level,
    description: h.description,
    method: h.method,
    deadline: h.deadline ?? '',
    status: h.status,
  }));
  const major = d.hazards.filter((h) => h.level === '重大事故隐患').length;
  const doc = {
    subject: subjectInfo(app, i.subjectType, (i.facilityId ?? i.canteenId)!, full),
    inspection: { type: i.inspectionType, date: i.inspectedOn, inspectors: i.inspectors },
    categories: groupByCategory(d.items, answers),
    hazardCount: d.hazards.length,
    majorCount: major,
    requirement: d.hazards.length
      ? '请按隐患清单所列期限完成整改,整改完成后报告复查;重大事故隐患须立即采取防范措施。'
      : '未发现隐患,请继续保持。',
    hazards,
    version: i.checklistVersion,
  };
  return {
    title: `安全检查表 · ${doc.subject.name} · ${i.inspectedOn}`,
    html: renderTemplate(template('checklist'), { css: css(), docs: [doc] }),
  };
}

/** 隐患整改通知书 to the inspected unit; `full` as for filledChecklist. */
export function rectificationNotice(app: LedgerApp, inspectionId: string, full = false): PrintDoc {
  const d = inspectionDetail(app, inspectionId);
  const i = d.inspection;
  const office = app.requireOffice().name;
  const sorted = [...d.hazards].sort((a, b) => (a.level === b.level ? 0 : a.level === '重大事故隐患' ? -1 : 1));
  const serial = app.run.first(
    app.store.db
      .selectFrom('inspections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('inspectedOn', '>=', `${i.inspectedOn.slice(0, 4)}-01-01`)
      .where('inspectedOn', '<=', i.inspectedOn),
  )!.n;
  return {
    title: `隐患整改通知书 · ${d.subjectName}`,
    html: renderTemplate(template('notice'), {
      css: css(),
      office,
      year: i.inspectedOn.slice(0, 4),
      serial: String(serial).padStart(3, '0'),
      today: app.today().replace(/^(\d+)-(\d+)-(\d+)$/, (_m, y, m, dd) => `${y} 年 ${Number(m)} 月 ${Number(dd)} 日`),
      subject: subjectInfo(app, i.subjectType, (i.facilityId ?? i.canteenId)!, full),
      inspection: { type: i.inspectionType, date: i.inspectedOn, inspectors: i.inspectors },
      hazardCount: d.hazards.length,
      majorCount: d.hazards.filter((h) => h.level === '重大事故隐患').length,
      hazards: sorted.map((h, k) => ({
        no: k + 1,
        major: h.level === '重大事故隐患',
        level: h.level,
        description: h.description,
        method: h.method,
        deadline: h.method === '立行立改' ? '立即' : (h.deadline ?? ''),
        measures: h.measures ?? '',
      })),
    }),
  };
}

/**
 * 一户一案 plan or 竣工验收单 of a household: signed by the elder or family, so personal data is in full for
 * the roles that may reveal (`full`, granted and audited by dispatch) and masked for the others. The
 * information table lists only the fields that have a value (no empty "联系人 ()").
 */
export function householdDoc(app: LedgerApp, householdId: string, kind: 'plan' | 'acceptance', full = false): PrintDoc {
  const h = app.records.getRaw('households', householdId);
  const str = (v: unknown) => (v == null ? '' : String(v));
  const shown = {
    name: full ? str(h.name) : maskName(str(h.name)),
    idCard: full ? str(h.idCard) : maskIdCard(str(h.idCard)),
    phone: personLine(null, h.phone, full),
    contact: [personLine(h.contactName, null, full), h.contactRelation ? `(${str(h.contactRelation)})` : ''].join(''),
    contactPhone: personLine(null, h.contactPhone, full),
  };
  const township =
    app.run.first(app.store.db.selectFrom('divisions').select('name').where('code', '=', h.townshipCode))?.name ?? h.townshipCode;
  const info = infoRows([
    ['老人姓名', shown.name],
    ['身份证号', shown.idCard],
    ['性别', str(h.sex)],
    ['出生日期', str(h.birthDate)],
    ['乡镇(街道)', township],
    ['村/社区', str(h.village)],
    ['地址', str(h.address), 'wide'],
    ['对象类别', [...((h.categories as string[]) ?? []), ...((h.conditions as string[]) ?? [])].join('、'), 'wide'],
    ['能力评估', str(h.assessmentLevel)],
    ['联系电话', shown.phone],
    // A relation alone (no contact name) says nothing: the contact shows only with a name.
    ['联系人', personLine(h.contactName, null, full) ? shown.contact : ''],
    ['联系人电话', shown.contactPhone],
  ]);
  const items = app.records
    .list('householdItems', { filters: { householdId }, pageSize: 500, sort: { field: 'itemCode', order: 'asc' } })
    .rows.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'basic' ? -1 : 1));
  const yuan = (v: number | null | undefined) => (v == null ? '' : v.toFixed(2));
  const total = items.reduce((a, r) => a + r.quantity * r.unitPrice, 0);
  const money = infoRows([
    ['改造总费用', h.totalCost == null ? '' : `${yuan(h.totalCost as number)} 元`],
    ['政府补贴', h.subsidy == null ? '' : `${yuan(h.subsidy as number)} 元`],
    ['个人自付', h.selfPaid == null ? '' : `${yuan(h.selfPaid as number)} 元`],
    ['施工单位', str(h.contractor), 'wide'],
    ...(kind === 'acceptance' ? ([['验收单位/人', str(h.acceptanceBy), 'wide']] as InfoField[]) : []),
  ]);
  return {
    title: `${kind === 'plan' ? '适老化改造一户一案' : '适老化改造竣工验收单'} · ${shown.name}`,
    html: renderTemplate(template('household'), {
      css: css(),
      title: kind === 'plan' ? '特殊困难老年人家庭适老化改造一户一案' : '特殊困难老年人家庭适老化改造竣工验收单',
      office: app.requireOffice().name,
      projectYear: str(h.projectYear),
      info,
      money,
      acceptance: kind === 'acceptance',
      items: items.map((r, k) => ({
        no: k + 1,
        kind: r.kind === 'basic' ? '基础类' : '可选类',
        category: r.category ?? '',
        itemName: r.itemName,
        quantity: r.quantity,
        unitPrice: yuan(r.unitPrice),
        amount: yuan(r.quantity * r.unitPrice),
        doneBox: `${BOX(r.done, '已完成')} ${BOX(false, '未完成')}`,
      })),
      total: yuan(total),
    }),
  };
}

/** A label, its value, and whether it takes the whole row. */
type InfoField = [label: string, value: string, wide?: 'wide'];

/**
 * The rows of a two-column information table from the fields that have a value: empty ones are left out
 * (a signed document with an empty "联系人 ()" looks unfinished), narrow ones paired, wide ones alone.
 */
function infoRows(fields: InfoField[]): { cells: { k: string; v: string; span: number }[] }[] {
  const rows: { cells: { k: string; v: string; span: number }[] }[] = [];
  let open: { cells: { k: string; v: string; span: number }[] } | null = null;
  for (const [k, v, wide] of fields) {
    if (!v.trim()) continue;
    if (wide) {
      rows.push({ cells: [{ k, v, span: 3 }] });
      open = null;
    } else if (open) {
      open.cells.push({ k, v, span: 1 });
      open = null;
    } else {
      open = { cells: [{ k, v, span: 3 }] };
      rows.push(open);
    }
  }
  // A narrow field left alone in its row spans it; a pair shares it.
  for (const r of rows) if (r.cells.length === 2) r.cells[0].span = 1;
  return rows;
}

/**
 * Blank checklists for every subject on this month's to-do list (spec §3.4): those still needing their
 * monthly self-check, plus those without an expert check while the month's expert target is not met.
 */
export function batchBlankChecklists(app: LedgerApp, year: number, month: number): PrintDoc {
  const p = monthPeriod(year, month);
  const settings = app.settings();
  const { subjects, inspections } = coverageInputs(app, p.start, settings.includeCanteensInCoverage);
  const r = coverage(subjects, inspections, p, settings.expertMonthlyPct, settings.selfCheckMonthly);
  const ids = new Set([...r.needSelf, ...(r.expertMet ? [] : r.needExpert)].map((s) => s.id));
  const todo = subjects.filter((s) => ids.has(s.id));
  if (!todo.length) throw new AppError('VALIDATION', `${year} 年 ${month} 月的待检查对象都已检查,没有需要打印的空白检查表。`);
  const out = blankChecklists(
    app,
    todo.map((s) => ({ kind: s.kind, id: s.id })),
  );
  return { ...out, title: `${year} 年 ${month} 月待检查对象空白检查表(${todo.length} 份)` };
}
