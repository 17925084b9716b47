import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef } from '../../shared/domain/entity';
import { SEARCH_KINDS, type SearchHit, type SearchKind, type SearchResult } from '../../shared/lists/contract';
import { LIST_VIEWS, type ListId } from '../../shared/lists/views';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { maskRecord } from '../records/mask';
import { cellContext } from './tables';

/**
 * Deletes the chosen records of a list, each exactly as its own 删除 would (a tombstone, its children with it,
 * audited), all in one transaction: a record that cannot be deleted (gone meanwhile, outside the office's
 * area) refuses the whole batch, and nothing is deleted.
 */
export function deleteMany(app: LedgerApp, actor: Actor, list: ListId, ids: string[]): { deleted: number } {
  const entity = LIST_VIEWS[list].entity;
  const area = app.area();
  return app.run.tx(() => {
    let deleted = 0;
    for (const id of new Set(ids)) {
      const rec = app.records.getRaw(entity, id);
      if (!area.has(rec.townshipCode)) throw new AppError('FORBIDDEN', '所选记录中有不属于本单位管辖范围的,没有删除任何记录。');
      if (rec.deletedAt) continue;
      app.records.remove(entity, id, actor);
      deleted++;
    }
    return { deleted };
  });
}

const SHOWN_PER_KIND = 6;

/**
 * The one search box (Ctrl+K): each record type searched as its own list's search box does (the same
 * columns, the 被检查单位 by name, a whole 身份证号 exactly), a few hits each, personal data masked.
 */
export function globalSearch(app: LedgerApp, term: string): SearchResult {
  const ctx = cellContext(app);
  const hits: SearchHit[] = [];
  const more: SearchResult['more'] = {};
  for (const kind of SEARCH_KINDS) {
    const page = app.records.list(kind, { search: term, pageSize: SHOWN_PER_KIND });
    if (page.total > page.rows.length) more[kind] = page.total - page.rows.length;
    const entity = ENTITIES[kind] as unknown as EntityDef;
    for (const raw of page.rows as unknown as Record<string, unknown>[]) {
      const r = maskRecord(entity, raw);
      const t = ctx.townshipName(String(r.townshipCode));
      const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const parts: Record<SearchKind, [string, string[]]> = {
        facilities: [s(r.name), [t, s(r.type), s(r.status)]],
        canteens: [s(r.name), [t, s(r.type), s(r.status)]],
        households: [s(r.name), [s(r.idCard), t, s(r.village), `${s(r.projectYear)} 年度`, s(r.status)]],
        inspections: [`${s(r.subjectName)} ${s(r.inspectedOn)}`, [s(r.inspectionType), s(r.inspectors), t]],
        hazards: [s(r.description), [s(r.subjectName), s(r.level), s(r.status), t]],
      };
      const [title, detail] = parts[kind];
      hits.push({ kind, id: String(r.id), title, detail: detail.filter(Boolean).join(' · ') });
    }
  }
  return { hits, more };
}
