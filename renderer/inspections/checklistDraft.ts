import { checklistChangeWords, type ChecklistDraftItem, type ChecklistVersionItems } from '../../shared/inspections/checklists';

/*
 * The checklist editor's working copy, kept apart from the screen so every edit is a small pure function.
 * Rows are one flat list in display order (retired rows keep their place so an undo puts them back where
 * they were); categories are listed separately because their order is the printed order too.
 */

export interface DraftRow {
  /** Stable React key: the code, or a temporary key for an item not saved yet. */
  key: string;
  code: string | null;
  category: string;
  text: string;
  major: boolean;
  retired: boolean;
}

export interface Draft {
  rows: DraftRow[];
  categories: string[];
}

export function draftFrom(v: ChecklistVersionItems): Draft {
  const rows: DraftRow[] = [
    ...v.items.map((i) => ({ key: i.code, code: i.code, category: i.category, text: i.text, major: i.major, retired: false })),
    ...v.retired.map((i) => ({ key: i.code, code: i.code, category: i.category, text: i.text, major: i.major, retired: true })),
  ];
  return { rows, categories: [...new Set(v.items.map((i) => i.category))] };
}

export const activeIn = (d: Draft, category: string): DraftRow[] => d.rows.filter((r) => !r.retired && r.category === category);

/** Swaps a row with its active neighbour in the same category (up: -1, down: +1). */
export function moveRow(d: Draft, key: string, dir: -1 | 1): Draft {
  const row = d.rows.find((r) => r.key === key);
  if (!row) return d;
  const peers = activeIn(d, row.category);
  const other = peers[peers.indexOf(row) + dir];
  if (!other) return d;
  const rows = [...d.rows];
  const a = rows.indexOf(row);
  const b = rows.indexOf(other);
  [rows[a], rows[b]] = [rows[b], rows[a]];
  return { ...d, rows };
}

export function moveCategory(d: Draft, category: string, dir: -1 | 1): Draft {
  const i = d.categories.indexOf(category);
  const j = i + dir;
  if (i < 0 || j < 0 || j >= d.categories.length) return d;
  const categories = [...d.categories];
  [categories[i], categories[j]] = [categories[j], categories[i]];
  return { ...d, categories };
}

/** A new, empty item at the end of a category (a new category is added to the end of the list). */
export function addRow(d: Draft, category: string, key: string): Draft {
  const row: DraftRow = { key, code: null, category, text: '', major: false, retired: false };
  const last = d.rows.map((r) => r.category === category && !r.retired).lastIndexOf(true);
  const rows = [...d.rows];
  rows.splice(last < 0 ? rows.length : last + 1, 0, row);
  return { rows, categories: d.categories.includes(category) ? d.categories : [...d.categories, category] };
}

export function updateRow(d: Draft, key: string, patch: Partial<Pick<DraftRow, 'text' | 'major' | 'category'>>): Draft {
  const row = d.rows.find((r) => r.key === key);
  if (!row) return d;
  const next = { ...row, ...patch };
  let rows = d.rows.map((r) => (r === row ? next : r));
  // An item moved to another category goes to the end of that category.
  if (patch.category !== undefined && patch.category !== row.category) rows = [...rows.filter((r) => r !== next), next];
  const categories = d.categories.includes(next.category) ? d.categories : [...d.categories, next.category];
  return { rows, categories };
}

/** Retire (or restore) a saved item; an item never saved is simply removed. */
export function setRetired(d: Draft, key: string, retired: boolean): Draft {
  const row = d.rows.find((r) => r.key === key);
  if (!row) return d;
  if (retired && row.code === null) return { ...d, rows: d.rows.filter((r) => r !== row) };
  const rows = d.rows.map((r) => (r === row ? { ...r, retired } : r));
  const categories = !retired && !d.categories.includes(row.category) ? [...d.categories, row.category] : d.categories;
  return { rows, categories };
}

/** What the service gets: active items category by category in display order, then the retired ones. */
export function toPayload(d: Draft): ChecklistDraftItem[] {
  const item = (r: DraftRow): ChecklistDraftItem => ({
    code: r.code,
    category: r.category,
    text: r.text,
    major: r.major,
    retired: r.retired,
  });
  const known = new Set(d.categories);
  const active = [...d.categories, ...new Set(d.rows.filter((r) => !r.retired && !known.has(r.category)).map((r) => r.category))].flatMap(
    (c) => activeIn(d, c),
  );
  return [...active.map(item), ...d.rows.filter((r) => r.retired && r.code !== null).map(item)];
}

/** The changes against the version being edited, in words (for the confirm dialog), and what blocks saving. */
export function summarize(base: ChecklistVersionItems, d: Draft): { changes: string[]; problems: string[] } {
  const before = new Map(base.items.map((i) => [i.code, i]));
  const wasRetired = new Set(base.retired.map((i) => i.code));
  const payload = toPayload(d);
  const active = payload.filter((i) => !i.retired);
  const count = (f: (i: ChecklistDraftItem) => boolean) => active.filter(f).length;
  const was = (i: ChecklistDraftItem) => (i.code ? before.get(i.code) : undefined);
  const added = count((i) => !i.code);
  const reworded = count((i) => !!was(i) && was(i)!.text !== i.text.trim());
  const moved = count((i) => !!was(i) && was(i)!.category !== i.category);
  const starred = count((i) => !!was(i) && was(i)!.major !== i.major);
  const restored = count((i) => !!i.code && wasRetired.has(i.code));
  const retired = payload.filter((i) => i.retired && i.code && before.has(i.code)).length;
  const kept = active.filter((i) => i.code && before.has(i.code)).map((i) => i.code);
  const reordered =
    kept.join() !==
    base.items
      .filter((i) => kept.includes(i.code))
      .map((i) => i.code)
      .join();
  const changes = checklistChangeWords({ added, reworded, moved, starred, retired, restored, reordered });

  const problems: string[] = [];
  if (active.length === 0) problems.push('至少要保留一个在用的检查项。');
  const seen = new Map<string, number>();
  active.forEach((i, k) => {
    const where = `第 ${k + 1} 项(${i.category})`;
    if (!i.text.trim()) problems.push(`${where}的检查内容是空的,请填写或删除。`);
    const key = `${i.category}\u0000${i.text.trim()}`;
    if (i.text.trim() && seen.has(key)) problems.push(`${where}与第 ${seen.get(key)! + 1} 项内容相同,请删去或修改其中一项。`);
    else seen.set(key, k);
  });
  return { changes, problems };
}
