import { z } from 'zod';
import type { ChecklistItem } from '../system/types';

/**
 * The checklist editor's vocabulary, shared by the main process and the renderer. The checklist is
 * configurable (spec §3.4): an admin edits it, and every saved edit becomes a NEW version, because recorded
 * inspections must keep printing with the wording they were answered against.
 */

/** Longest 检查内容 accepted: longer text no longer fits the printed A4 row (spec §5). */
export const CHECKLIST_TEXT_MAX = 200;
export const CHECKLIST_CATEGORY_MAX = 40;

/** One version as the history list shows it. */
export interface ChecklistVersionInfo {
  version: string;
  /** Where it came from, in words: the shipped catalogue's source, or what an edit changed. */
  source: string | null;
  createdAt: string;
  createdBy: string | null;
  /** The version it was edited from (null: shipped with the program). */
  basedOn: string | null;
  /** The office that made it; null for versions shipped with the program. */
  officeName: string | null;
  /** Made by this office (false: shipped, or received from another office in a sync package). */
  madeHere: boolean;
  isCurrent: boolean;
  itemCount: number;
  majorCount: number;
  /** Inspections (not deleted) recorded with this version: such a version is never changed. */
  inspectionCount: number;
}

/** A version's items, and the items retired by earlier edits of its line (with their last wording). */
export interface ChecklistVersionItems {
  info: ChecklistVersionInfo;
  items: ChecklistItem[];
  retired: ChecklistItem[];
}

const code = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, { error: '检查项编号格式不对,请刷新后重试' });

/** One row of the edited list. A row without a code is a new item; it gets a new code when saved. */
export const checklistDraftItem = z.strictObject({
  code: code.nullish(),
  category: z
    .string({ error: '请填写检查项所属类别' })
    .trim()
    .max(CHECKLIST_CATEGORY_MAX, { error: `类别名称不超过 ${CHECKLIST_CATEGORY_MAX} 个字` }),
  text: z.string({ error: '请填写检查内容' }).max(CHECKLIST_TEXT_MAX * 2, { error: `检查内容不超过 ${CHECKLIST_TEXT_MAX} 个字` }),
  major: z.boolean({ error: '★ 标记应为是或否' }),
  retired: z.boolean({ error: '停用标记应为是或否' }),
});
export type ChecklistDraftItem = z.output<typeof checklistDraftItem>;

/**
 * Saving the editor: the whole edited list of the version it was opened on (active items in their order,
 * then the retired ones). The base version guards against two admins editing at once.
 */
export const saveChecklistInput = z.strictObject({
  baseVersion: z.string({ error: '缺少所编辑的检查表版本,请刷新后重试' }).min(1).max(40),
  items: z.array(checklistDraftItem).min(1, { error: '检查表至少要有一个检查项' }).max(500, { error: '检查项不能超过 500 个' }),
});
export type SaveChecklistInput = z.output<typeof saveChecklistInput>;

/** What an edit of the checklist changed, counted; worded by checklistChangeWords for the editor and the audit. */
export interface ChecklistChangeCounts {
  added: number;
  reworded: number;
  moved: number;
  starred: number;
  retired: number;
  restored: number;
  reordered: boolean;
}

/** The same words in the editor's confirm dialog and in the saved version's description (and audit). */
export function checklistChangeWords(c: ChecklistChangeCounts): string[] {
  return [
    c.added && `新增 ${c.added} 项`,
    c.reworded && `修改内容 ${c.reworded} 项`,
    c.moved && `调整类别 ${c.moved} 项`,
    c.starred && `调整★ ${c.starred} 项`,
    c.retired && `停用 ${c.retired} 项`,
    c.restored && `恢复 ${c.restored} 项`,
    c.reordered && '调整顺序',
  ].filter((x): x is string => !!x);
}
