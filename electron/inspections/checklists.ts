import { createHash } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import {
  CHECKLIST_CATEGORY_MAX,
  CHECKLIST_TEXT_MAX,
  checklistChangeWords,
  type ChecklistVersionInfo,
  type ChecklistVersionItems,
  type SaveChecklistInput,
} from '../../shared/inspections/checklists';
import type { ChecklistItem } from '../../shared/system/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';

/*
 * The admin's checklist editor (spec §3.4: the checklist is configurable). Rules:
 * - A saved edit never changes a version: it writes a NEW version and makes it current. Inspections keep the
 *   version they were recorded with, so their detail and printout show the wording they were answered on.
 * - An item keeps its code when reworded, moved or given/denied ★; a new item gets a code never used in this
 *   database (not even by a retired item), so an old answer's code can never point at a different item.
 * - Retiring an item leaves it out of the new version; the line of versions (basedOn) remembers it, so the
 *   editor can show it and restore it later under its old code.
 * Queries touching the columns added by migration 0004 (basedOn, createdBy, officeId) use SQL directly.
 */

interface VersionRow {
  version: string;
  source: string | null;
  createdAt: string;
  createdBy: string | null;
  basedOn: string | null;
  officeId: string | null;
  isCurrent: number;
}

const VERSION_COLS = 'version, source, createdAt, createdBy, basedOn, officeId, isCurrent';

function versionRow(app: LedgerApp, version: string): VersionRow | undefined {
  return app.store.sqlite.prepare(`SELECT ${VERSION_COLS} FROM checklist_versions WHERE version = ?`).get(version) as
    | VersionRow
    | undefined;
}

function itemsOf(app: LedgerApp, version: string): ChecklistItem[] {
  const rows = app.store.sqlite
    .prepare('SELECT code, category, text, major, sortOrder FROM checklist_items WHERE version = ? ORDER BY sortOrder')
    .all(version) as (Omit<ChecklistItem, 'major'> & { major: number })[];
  return rows.map((r) => ({ ...r, major: r.major === 1 }));
}

function currentVersion(app: LedgerApp): VersionRow {
  const row = app.store.sqlite.prepare(`SELECT ${VERSION_COLS} FROM checklist_versions WHERE isCurrent = 1`).get() as
    | VersionRow
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有正在使用的安全检查表。请重启程序,让程序重新载入自带的检查表。');
  return row;
}

/** Every version, newest first, with how many items it has and how many inspections were recorded on it. */
export function listChecklistVersions(app: LedgerApp): ChecklistVersionInfo[] {
  const sqlite = app.store.sqlite;
  const self = app.office()?.id ?? null;
  const rows = sqlite
    .prepare(
      `SELECT v.version, v.source, v.createdAt, v.createdBy, v.basedOn, v.officeId, v.isCurrent, o.name AS officeName,
              (SELECT count(*) FROM checklist_items i WHERE i.version = v.version) AS itemCount,
              (SELECT count(*) FROM checklist_items i WHERE i.version = v.version AND i.major = 1) AS majorCount,
              (SELECT count(*) FROM inspections s WHERE s.checklistVersion = v.version AND s.deletedAt IS NULL) AS inspectionCount
       FROM checklist_versions v LEFT JOIN offices o ON o.id = v.officeId
       ORDER BY v.isCurrent DESC, v.createdAt DESC, v.version DESC`,
    )
    .all() as (VersionRow & { officeName: string | null; itemCount: number; majorCount: number; inspectionCount: number })[];
  return rows.map((r) => ({
    version: r.version,
    source: r.source,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    basedOn: r.basedOn,
    // A version from an office this copy never registered (it came via the district) still says "another office".
    officeName: r.officeName ?? (r.officeId ? '其他单位' : null),
    madeHere: r.officeId !== null && r.officeId === self,
    isCurrent: r.isCurrent === 1,
    itemCount: r.itemCount,
    majorCount: r.majorCount,
    inspectionCount: r.inspectionCount,
  }));
}

/**
 * Items retired somewhere along a version's line: in an ancestor (via basedOn) but not in the version itself,
 * with the wording of the nearest ancestor that still had them.
 */
function retiredAlongLine(app: LedgerApp, version: string, present: ReadonlySet<string>): ChecklistItem[] {
  const out = new Map<string, ChecklistItem>();
  const seen = new Set<string>([version]);
  let at = versionRow(app, version)?.basedOn ?? null;
  while (at && !seen.has(at)) {
    seen.add(at);
    for (const it of itemsOf(app, at)) if (!present.has(it.code) && !out.has(it.code)) out.set(it.code, it);
    at = versionRow(app, at)?.basedOn ?? null;
  }
  return [...out.values()];
}

export function checklistVersionItems(app: LedgerApp, version: string): ChecklistVersionItems {
  const info = listChecklistVersions(app).find((v) => v.version === version);
  if (!info) throw new AppError('NOT_FOUND', `找不到检查表版本“${version}”。请刷新版本列表后重新选择。`);
  const items = itemsOf(app, version);
  return { info, items, retired: retiredAlongLine(app, version, new Set(items.map((i) => i.code))) };
}

/** What an edit changed, in words, for the version's description and the audit trail. */
function describeChanges(before: ChecklistItem[], after: ChecklistItem[], restoredCodes: ReadonlySet<string>): string {
  const old = new Map(before.map((i) => [i.code, i]));
  const now = new Set(after.map((i) => i.code));
  let added = 0;
  let restored = 0;
  let reworded = 0;
  let moved = 0;
  let starred = 0;
  for (const it of after) {
    const o = old.get(it.code);
    if (!o) {
      if (restoredCodes.has(it.code)) restored++;
      else added++;
      continue;
    }
    if (o.text !== it.text) reworded++;
    if (o.category !== it.category) moved++;
    if (o.major !== it.major) starred++;
  }
  const retired = before.filter((i) => !now.has(i.code)).length;
  const keptOld = before.filter((i) => now.has(i.code)).map((i) => i.code);
  const keptNew = after.filter((i) => old.has(i.code)).map((i) => i.code);
  const reordered = keptOld.join() !== keptNew.join();
  return checklistChangeWords({ added, reworded, moved, starred, retired, restored, reordered }).join(',');
}

/** Next free code: one past the highest "C<n>" ever used here, so a retired item's code is never given again. */
function codeAllocator(app: LedgerApp): () => string {
  const codes = app.store.sqlite.prepare('SELECT DISTINCT code FROM checklist_items').pluck().all() as string[];
  let n = Math.max(
    0,
    ...codes
      .map((c) => /^C(\d+)$/.exec(c))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1])),
  );
  return () => `C${String(++n).padStart(2, '0')}`;
}

/**
 * A name that reads like a version ("2026.2") and is unique across offices: every office can make its own
 * 2026.1, and versions travel between offices in sync packages, so a short hash of the content is appended.
 * Equal names then mean equal checklists, which is what lets a receiving office keep the copy it has.
 */
function newVersionName(app: LedgerApp, items: ChecklistItem[]): string {
  const year = app.today().slice(0, 4);
  const hash = createHash('sha256')
    .update(JSON.stringify(items.map((i) => [i.code, i.category, i.text, i.major])))
    .digest('hex');
  const taken = app.store.sqlite.prepare('SELECT 1 FROM checklist_versions WHERE version = ?');
  const count =
    (app.store.sqlite.prepare('SELECT count(*) FROM checklist_versions WHERE version LIKE ?').pluck().get(`${year}.%`) as number) + 1;
  for (let n = count; ; n++) {
    const name = `${year}.${n}-${hash.slice(0, 6)}`;
    if (!taken.get(name)) return name;
  }
}

const issue = (message: string) => new AppError('VALIDATION', message);

/**
 * Saves the edited list as a new current version, in one transaction with its audit event. Refused (nothing
 * written) when the list was edited from a version that is no longer current, when an item is empty or
 * duplicated, when no item is left active, or when nothing changed.
 */
export function saveChecklistVersion(app: LedgerApp, actor: Actor, input: SaveChecklistInput): ChecklistVersionInfo {
  return app.run.tx(() => {
    const base = currentVersion(app);
    if (input.baseVersion !== base.version)
      throw new AppError(
        'CONFLICT',
        `检查表已经更新为 ${base.version} 版(可能另一位管理员刚刚保存过)。你的修改没有保存;请刷新后在新版本上重新修改。`,
      );
    const before = itemsOf(app, base.version);
    const beforeCodes = new Set(before.map((i) => i.code));
    const retiredBefore = retiredAlongLine(app, base.version, beforeCodes);
    const knownCodes = new Set([...beforeCodes, ...retiredBefore.map((i) => i.code)]);

    const seen = new Map<string, number>();
    input.items.forEach((it, k) => {
      if (!it.code) return;
      const no = k + 1;
      if (!knownCodes.has(it.code)) throw issue(`第 ${no} 项的编号 ${it.code} 不属于正在编辑的检查表(${base.version})。请刷新后重新修改。`);
      const first = seen.get(it.code);
      if (first !== undefined)
        throw issue(`检查项编号 ${it.code} 出现了两次(第 ${first} 项和第 ${no} 项)。每个检查项只能出现一次,请删去重复的一项。`);
      seen.set(it.code, no);
    });
    const missing = before.find((i) => !seen.has(i.code));
    if (missing)
      throw issue(`提交的检查表缺少 ${missing.code}“${missing.text.slice(0, 20)}”。要去掉一个检查项请把它停用;请刷新后重新修改。`);

    // New rows that were retired before ever being saved are simply dropped; everything else is checked.
    const active = input.items
      .map((it, k) => ({ ...it, no: k + 1, text: it.text.trim(), category: it.category.trim() }))
      .filter((it) => !it.retired);
    if (active.length === 0) throw issue('检查表至少要保留一个在用的检查项。请恢复或新增检查项后再保存。');
    const texts = new Map<string, number>();
    for (const it of active) {
      const where = `第 ${it.no} 项${it.code ? `(${it.code})` : '(新增)'}`;
      if (!it.category) throw issue(`${where}没有填写类别。请选择或填写它所属的类别(如 消防安全)。`);
      if (it.category.length > CHECKLIST_CATEGORY_MAX) throw issue(`${where}的类别名称太长(超过 ${CHECKLIST_CATEGORY_MAX} 个字),请缩短。`);
      if (!it.text) throw issue(`${where}的检查内容是空的。请填写检查内容,或把这一项停用/删除。`);
      if (it.text.length > CHECKLIST_TEXT_MAX)
        throw issue(`${where}的检查内容有 ${it.text.length} 个字,超过 ${CHECKLIST_TEXT_MAX} 个字,打印时放不下。请精简。`);
      const key = `${it.category}\u0000${it.text}`;
      const dup = texts.get(key);
      if (dup !== undefined) throw issue(`${where}与第 ${dup} 项的类别和检查内容完全相同。请删去重复的一项,或修改其中一项。`);
      texts.set(key, it.no);
    }

    // The printout groups items by category in the order categories first appear (spec §5): keep each
    // category's items together in the order given, so the saved order is the printed order.
    const categories = [...new Set(active.map((it) => it.category))];
    const nextCode = codeAllocator(app);
    const after: ChecklistItem[] = categories
      .flatMap((c) => active.filter((it) => it.category === c))
      .map((it, k) => ({ code: it.code ?? nextCode(), category: it.category, text: it.text, major: it.major, sortOrder: k + 1 }));

    const same =
      after.length === before.length &&
      after.every(
        (it, k) =>
          it.code === before[k].code && it.category === before[k].category && it.text === before[k].text && it.major === before[k].major,
      );
    if (same) throw issue(`检查表与正在使用的 ${base.version} 版完全相同,没有需要保存的修改。`);

    const restoredCodes = new Set(retiredBefore.map((i) => i.code));
    const summary = describeChanges(before, after, restoredCodes);
    const version = newVersionName(app, after);
    const now = new Date(app.now()).toISOString();
    const sqlite = app.store.sqlite;
    sqlite
      .prepare(
        'INSERT INTO checklist_versions (version, source, createdAt, isCurrent, basedOn, createdBy, officeId) VALUES (?, ?, ?, 0, ?, ?, ?)',
      )
      .run(version, `在 ${base.version} 版基础上修改:${summary}`, now, base.version, actor.userName, app.office()?.id ?? null);
    const insert = sqlite.prepare(
      'INSERT INTO checklist_items (version, code, category, text, major, sortOrder) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const it of after) insert.run(version, it.code, it.category, it.text, it.major ? 1 : 0, it.sortOrder);
    sqlite.prepare('UPDATE checklist_versions SET isCurrent = (version = ?)').run(version);
    recordEvent(app, actor, {
      at: now,
      action: 'checklist-version',
      entity: 'checklist_versions',
      recordId: version,
      oldValue: base.version,
      newValue: version,
      note: `安全检查表新版本 ${version}:${summary}`,
    });
    return listChecklistVersions(app).find((v) => v.version === version)!;
  });
}
