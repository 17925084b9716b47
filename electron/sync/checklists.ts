import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';

/*
 * Checklist versions travel with the inspections that use them. An admin may make a new checklist version in
 * any office (the checklist editor); an inspection recorded on it names that version. Without the version's
 * items the receiving office would show and print that inspection with an empty checklist. So a package
 * carries every version named by an inspection in it, and the receiver adds the versions it lacks.
 * Versions are never rewritten: a version this office already has is kept as it is. Version names made by the
 * editor end in a hash of their content, so an equal name means an equal checklist; the shipped versions are
 * the same in every installation of the same program.
 * A received version never becomes this office's current checklist: that stays the local admin's choice.
 */

const item = z.strictObject({
  code: z.string().min(1).max(20),
  category: z.string().min(1).max(40),
  text: z.string().min(1).max(500),
  major: z.boolean(),
  sortOrder: z.number().int().min(0),
});

export const checklistVersionPayload = z.strictObject({
  version: z.string().min(1).max(40),
  source: z.string().max(2000).nullable(),
  createdAt: z.string().max(40),
  createdBy: z.string().max(60).nullable(),
  basedOn: z.string().max(40).nullable(),
  officeId: z.string().max(64).nullable(),
  items: z.array(item).min(1).max(500),
});
export type ChecklistVersionPayload = z.infer<typeof checklistVersionPayload>;

/** The versions named by the inspections among these changes (their `checklistVersion` field). */
export function collectChecklistVersions(
  sqlite: Database,
  changes: readonly { entity: string; field: string; value: string | null }[],
): ChecklistVersionPayload[] {
  const names = new Set<string>();
  for (const c of changes) {
    if (c.entity !== 'inspections' || c.field !== 'checklistVersion' || c.value === null) continue;
    const v = JSON.parse(c.value) as unknown;
    if (typeof v === 'string' && v) names.add(v);
  }
  const head = sqlite.prepare('SELECT version, source, createdAt, createdBy, basedOn, officeId FROM checklist_versions WHERE version = ?');
  const items = sqlite.prepare('SELECT code, category, text, major, sortOrder FROM checklist_items WHERE version = ? ORDER BY sortOrder');
  const out: ChecklistVersionPayload[] = [];
  for (const name of [...names].sort()) {
    const h = head.get(name) as Omit<ChecklistVersionPayload, 'items'> | undefined;
    if (!h) continue; // an inspection naming a version this office never had: nothing to pass on
    const rows = (items.all(name) as (Omit<ChecklistVersionPayload['items'][number], 'major'> & { major: number })[]).map((r) => ({
      ...r,
      major: r.major === 1,
    }));
    if (rows.length) out.push({ ...h, items: rows });
  }
  return out;
}

/** Adds the received versions this office lacks (never current, never overwriting). Runs in the import's transaction. */
export function applyChecklistVersions(sqlite: Database, versions: readonly ChecklistVersionPayload[]): number {
  const has = sqlite.prepare('SELECT 1 FROM checklist_versions WHERE version = ?');
  const insertVersion = sqlite.prepare(
    'INSERT INTO checklist_versions (version, source, createdAt, isCurrent, basedOn, createdBy, officeId) VALUES (?, ?, ?, 0, ?, ?, ?)',
  );
  const insertItem = sqlite.prepare(
    'INSERT INTO checklist_items (version, code, category, text, major, sortOrder) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let added = 0;
  for (const v of versions) {
    if (has.get(v.version)) continue;
    if (new Set(v.items.map((i) => i.code)).size !== v.items.length)
      throw new AppError(
        'VALIDATION',
        `同步包中的检查表版本“${v.version}”有重复的检查项编号,包可能已损坏。没有导入任何数据。请让对方重新导出。`,
      );
    insertVersion.run(v.version, v.source, v.createdAt, v.basedOn, v.createdBy, v.officeId);
    for (const i of v.items) insertItem.run(v.version, i.code, i.category, i.text, i.major ? 1 : 0, i.sortOrder);
    added++;
  }
  return added;
}
