import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { toStored } from '../records/codec';
import { applyChecklistVersions } from './checklists';
import { createdFirst, isRetirementStamp, NATURAL_KEY_NODE, naturalKeys, retirement } from './naturalKeys';
import type { Body, Change } from './format';

/** The other side of a natural-key conflict: the record that stays (./naturalKeys). */
export const DUPLICATE_OF = 'duplicateOf';

export interface EntityCounts {
  new: number;
  updated: number;
  unchanged: number;
  conflicts: number;
}
export interface MergeSummary {
  perEntity: Record<string, EntityCounts>;
  changes: number;
  applied: number;
  conflicts: number;
  maxHlc: string | null;
}

interface LocalField {
  hlc: string;
  baseHlc: string | null;
  value: string | null;
  officeId: string;
}

const isEntity = (n: string): n is EntityName => Object.hasOwn(ENTITIES, n);

/**
 * Applies a package's per-field changes (spec §9). For each field the change with the greater HLC wins, so
 * every copy that has seen the same changes holds the same values whatever the order they came in. When
 * two offices changed the same field without either having seen the other's edit (neither change was made
 * on top of the other), the winner is applied AND a conflict row keeps both values for a person to confirm
 * or reverse. Every incoming change is also appended to this copy's change log (with its original HLC and
 * office) so it travels on to the next office. Runs inside the caller's transaction, on a body that
 * validateBody and the content checks (./guard) accepted.
 */
export function mergeChanges(
  sqlite: Database,
  body: Body,
  ctx: {
    packageId: string | null;
    now: string;
    /** This office, the origin of a retirement it derives (./naturalKeys). */
    officeId: string;
    /** Called every few hundred changes (progress, and the job's safe point: it may throw to cancel). */
    onProgress?: (done: number, total: number) => void;
  },
): MergeSummary {
  // Before the records: an inspection arriving here must find the checklist version it was recorded on.
  applyChecklistVersions(sqlite, body.checklists ?? []);
  const perEntity: Record<string, EntityCounts> = {};
  const counts = (e: string) => (perEntity[e] ??= { new: 0, updated: 0, unchanged: 0, conflicts: 0 });
  const meta = new Map(body.records.map((r) => [`${r.entity}:${r.id}`, r]));
  const changes = [...body.changes].sort((a, b) =>
    a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : `${a.entity}${a.recordId}${a.field}` < `${b.entity}${b.recordId}${b.field}` ? -1 : 1,
  );

  const st = {
    dup: sqlite.prepare('SELECT 1 FROM change_log WHERE entity = ? AND recordId = ? AND field = ? AND hlc = ?'),
    local: sqlite.prepare(
      'SELECT hlc, baseHlc, value, officeId FROM change_log WHERE entity = ? AND recordId = ? AND field = ? ORDER BY hlc DESC LIMIT 1',
    ),
    editsAfter: sqlite.prepare(
      "SELECT field, hlc, value, officeId FROM change_log WHERE entity = ? AND recordId = ? AND field != '_deleted' AND hlc > ? ORDER BY hlc",
    ),
    log: sqlite.prepare(
      'INSERT INTO change_log (entity, recordId, field, value, hlc, officeId, userId, baseHlc) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    ),
    conflict: sqlite.prepare(
      `INSERT OR IGNORE INTO sync_conflicts (detectedAt, packageId, entity, recordId, field, appliedValue, appliedHlc, appliedOffice, otherValue, otherHlc, otherOffice, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
    ),
    openOn: sqlite.prepare(
      "SELECT id, packageId, appliedHlc, otherHlc FROM sync_conflicts WHERE entity = ? AND recordId = ? AND field = ? AND status = 'open'",
    ),
    drop: sqlite.prepare('DELETE FROM sync_conflicts WHERE id = ?'),
    settle: sqlite.prepare("UPDATE sync_conflicts SET status = 'kept', resolvedBy = ?, resolvedAt = ? WHERE id = ?"),
    created: sqlite.prepare('SELECT min(hlc) FROM change_log WHERE entity = ? AND recordId = ?').pluck(),
    // The latest deletion or restore a person made (a retirement is derived from it, never from another retirement).
    lastDeleted: sqlite
      .prepare(
        `SELECT max(hlc) FROM change_log WHERE entity = ? AND recordId = ? AND field = '_deleted' AND hlc NOT LIKE '%-${NATURAL_KEY_NODE}'`,
      )
      .pluck(),
    owner: sqlite.prepare('SELECT officeId FROM change_log WHERE entity = ? AND recordId = ? ORDER BY hlc LIMIT 1').pluck(),
  };
  const rowStmts = new Map<string, { get: ReturnType<Database['prepare']>; notNull: { name: string; type: string }[] }>();
  const rowOf = (e: EntityDef) => {
    let s = rowStmts.get(e.table);
    if (!s) {
      const cols = sqlite.prepare(`PRAGMA table_info("${e.table}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: unknown;
      }[];
      s = {
        get: sqlite.prepare(`SELECT * FROM "${e.table}" WHERE id = ?`),
        notNull: cols.filter((c) => c.notnull && c.dflt_value === null && c.name !== 'id'),
      };
      rowStmts.set(e.table, s);
    }
    return s;
  };

  const touched = new Map<string, 'new' | 'updated' | 'unchanged'>();
  const rows = new Map<string, Record<string, unknown>>();
  // Each record's changes, so a record first seen here is inserted with the newest value of each field.
  const byRecord = new Map<string, Change[]>();
  for (const c of changes) {
    const rk = `${c.entity}:${c.recordId}`;
    const list = byRecord.get(rk);
    if (list) list.push(c);
    else byRecord.set(rk, [c]);
  }
  let applied = 0;
  let conflicts = 0;
  let maxHlc: string | null = null;
  const addConflict = (
    c: Change,
    appliedSide: { value: string | null; hlc: string; officeId: string },
    other: { value: string | null; hlc: string; officeId: string },
    field = c.field,
  ) => {
    const r = st.conflict.run(
      ctx.now,
      ctx.packageId,
      c.entity,
      c.recordId,
      field,
      appliedSide.value,
      appliedSide.hlc,
      appliedSide.officeId,
      other.value,
      other.hlc,
      other.officeId,
    );
    if (r.changes) {
      conflicts++;
      counts(c.entity).conflicts++;
    }
  };

  // Natural keys (./naturalKeys): before a record becomes live with these values, a clash with another live
  // record of the same key is settled by the rule; returns the tombstone for `id` when it is the one retired.
  const minOf = (xs: (string | null | undefined)[]) => xs.filter((x): x is string => !!x).sort()[0] ?? '';
  const inPackage = (entity: string, id: string, field?: string) =>
    (byRecord.get(`${entity}:${id}`) ?? []).filter((c) => !field || c.field === field).map((c) => c.hlc);
  const creationOf = (entity: string, id: string) => minOf([st.created.get(entity, id) as string | null, ...inPackage(entity, id)]);
  const retire = (entity: EntityDef, loser: string, winner: string): string => {
    const latest = [st.lastDeleted.get(entity.name, loser) as string | null, ...inPackage(entity.name, loser, '_deleted')]
      .filter((x): x is string => !!x && !isRetirementStamp(x))
      .sort()
      .pop();
    const created = creationOf(entity.name, loser);
    const r = retirement(created, latest ?? null);
    if (!st.dup.get(entity.name, loser, '_deleted', r.hlc))
      st.log.run(entity.name, loser, '_deleted', r.value, r.hlc, ctx.officeId, latest ?? null);
    const deletedAt = JSON.parse(r.value) as string;
    sqlite.prepare(`UPDATE "${entity.table}" SET deletedAt = ?, hlc = max(hlc, ?) WHERE id = ?`).run(deletedAt, r.hlc, loser);
    const cached = rows.get(`${entity.name}:${loser}`);
    if (cached) cached.deletedAt = deletedAt;
    noteRetirement(entity.name, loser, { value: r.value, hlc: r.hlc, officeId: ctx.officeId }, winner);
    return deletedAt;
  };
  /** The conflict a person sees for a retired record (the same row wherever the clash was found). */
  const noteRetirement = (
    entity: string,
    loser: string,
    by: { value: string | null; hlc: string; officeId: string },
    winner: string | null,
  ) => {
    const owner = (st.owner.get(entity, loser) as string | undefined) ?? ctx.officeId;
    addConflict(
      { entity, recordId: loser, field: '_deleted', value: by.value, hlc: by.hlc, baseHlc: null, officeId: by.officeId, userName: null },
      by,
      { value: JSON.stringify({ field: DUPLICATE_OF, value: winner }), hlc: creationOf(entity, loser), officeId: owner },
    );
  };
  const makeRoom = (entity: EntityDef, id: string, values: Record<string, unknown>): string | null => {
    if (values.deletedAt) return null;
    for (const cols of naturalKeys(sqlite, entity.table)) {
      if (cols.some((col) => values[col] === null || values[col] === undefined)) continue;
      const others = sqlite
        .prepare(
          `SELECT id FROM "${entity.table}" WHERE deletedAt IS NULL AND id != ? AND ${cols.map((col) => `"${col}" = ?`).join(' AND ')}`,
        )
        .pluck()
        .all(id, ...cols.map((col) => values[col] as never)) as string[];
      for (const other of others) {
        if (createdFirst({ hlc: creationOf(entity.name, id), id }, { hlc: creationOf(entity.name, other), id: other }))
          retire(entity, other, id);
        else return retire(entity, id, other);
      }
    }
    return null;
  };

  let done = 0;
  for (const c of changes) {
    if (ctx.onProgress && done++ % 512 === 0) ctx.onProgress(done - 1, changes.length);
    if (!maxHlc || c.hlc > maxHlc) maxHlc = c.hlc;
    const key = `${c.entity}:${c.recordId}`;
    if (st.dup.get(c.entity, c.recordId, c.field, c.hlc)) {
      if (!touched.has(key)) touched.set(key, 'unchanged');
      continue;
    }
    const entity = ENTITIES[c.entity as EntityName] as unknown as EntityDef;
    const rs = rowOf(entity);
    let row = rows.get(key) ?? (rs.get.get(c.recordId) as Record<string, unknown> | undefined);
    if (!row) {
      row = insertNewRecord(sqlite, entity, c, byRecord.get(key) ?? [c], meta.get(key), rs.notNull, (r) => {
        r.deletedAt ??= makeRoom(entity, c.recordId, r);
      });
      touched.set(key, 'new');
    }
    rows.set(key, row);
    // A field never changed here since the record was made has no local edit that could win or clash.
    const local = st.local.get(c.entity, c.recordId, c.field) as LocalField | undefined;
    st.log.run(c.entity, c.recordId, c.field, c.value, c.hlc, c.officeId, c.baseHlc);

    const concurrent = local && local.hlc !== c.baseHlc && local.baseHlc !== c.hlc && local.value !== c.value;
    if (!local || c.hlc > local.hlc) {
      // A record first seen in this package was inserted with the newest value of every field: older
      // changes of those fields must not be written over it (they are only logged).
      const coveredByInsert = touched.get(key) === 'new' && c.field !== '_deleted';
      if (!coveredByInsert) {
        // A restore, or a change of a natural key's column, may make the record clash with another live one.
        const becomesLive =
          c.field === '_deleted'
            ? c.value === 'null'
            : !row.deletedAt && naturalKeys(sqlite, entity.table).some((k) => k.includes(c.field));
        const retired = becomesLive
          ? makeRoom(entity, c.recordId, {
              ...row,
              deletedAt: null,
              ...(c.field === '_deleted' ? {} : toStored(entity, { [c.field]: JSON.parse(c.value ?? 'null') })),
            })
          : null;
        if (retired && c.field === '_deleted') {
          // The record stays retired: the restore is logged and kept (see the conflict), not applied.
        } else applyField(sqlite, entity, c, row);
      }
      applied++;
      if (touched.get(key) !== 'new') touched.set(key, 'updated');
      if (concurrent) addConflict(c, c, local);
    } else {
      if (!touched.has(key)) touched.set(key, 'unchanged');
      if (concurrent) addConflict(c, local, c);
    }
    // A deletion and an edit made without seeing each other: the tombstone stands (the edit is kept in the
    // fields, so restoring brings it back), and the clash is shown to a person.
    const deletedLocally = c.field !== '_deleted' && row.deletedAt && touched.get(key) !== 'new';
    if (deletedLocally) {
      const del = st.local.get(c.entity, c.recordId, '_deleted') as LocalField | undefined;
      if (del && (del.baseHlc ?? '') < c.hlc && del.value !== 'null')
        addConflict(c, del, { value: JSON.stringify({ field: c.field, value: c.value }), hlc: c.hlc, officeId: c.officeId }, '_deleted');
    }
    if (c.field === '_deleted' && isRetirementStamp(c.hlc)) noteRetirement(c.entity, c.recordId, c, null);
    else if (c.field === '_deleted' && c.value !== 'null' && touched.get(key) !== 'new') {
      for (const e of st.editsAfter.all(c.entity, c.recordId, c.baseHlc ?? '') as LocalField[] & { field: string }[]) {
        if (e.hlc === c.hlc) continue;
        addConflict(
          c,
          { value: c.value, hlc: c.hlc, officeId: c.officeId },
          { value: JSON.stringify({ field: (e as unknown as { field: string }).field, value: e.value }), hlc: e.hlc, officeId: e.officeId },
          '_deleted',
        );
      }
    }
  }
  // A clash already settled elsewhere: the field's newest change was made on top of both sides (a reviewer
  // chose there, e.g. 改用另一方的值), so asking here again would show a stale "applied" value and invite a
  // second, contrary choice. A clash found in this package is not kept; an older open one is closed.
  const fields = new Set(changes.filter((c) => c.field !== '_deleted').map((c) => `${c.entity}\u0000${c.recordId}\u0000${c.field}`));
  for (const f of fields) {
    const [entity, recordId, field] = f.split('\u0000');
    const latest = st.local.get(entity, recordId, field) as LocalField | undefined;
    if (!latest?.baseHlc) continue;
    for (const open of st.openOn.all(entity, recordId, field) as {
      id: number;
      packageId: string | null;
      appliedHlc: string;
      otherHlc: string;
    }[]) {
      const both = [open.appliedHlc, open.otherHlc].sort()[1]; // stamps are strings: the later of the two
      if (latest.hlc <= both || latest.baseHlc < both) continue;
      if (open.packageId === ctx.packageId) {
        st.drop.run(open.id);
        conflicts--;
        counts(entity).conflicts--;
      } else st.settle.run('已在其他单位处理(随同步包送达)', ctx.now, open.id);
    }
  }
  for (const [key, kind] of touched) counts(key.split(':')[0])[kind]++;
  return { perEntity, changes: changes.length, applied, conflicts, maxHlc };
}

const updateCache = new WeakMap<Database, Map<string, Statement>>();
function updateStmt(sqlite: Database, table: string, field: string) {
  let m = updateCache.get(sqlite);
  if (!m) {
    m = new Map();
    updateCache.set(sqlite, m);
  }
  const key = `${table}.${field}`;
  let st = m.get(key);
  if (!st) {
    st =
      field === '_deleted'
        ? sqlite.prepare(`UPDATE "${table}" SET deletedAt = ?, hlc = ? WHERE id = ?`)
        : sqlite.prepare(`UPDATE "${table}" SET "${field}" = ?, hlc = ?, updatedAt = ?, updatedBy = ? WHERE id = ?`);
    m.set(key, st);
  }
  return st;
}

function applyField(sqlite: Database, entity: EntityDef, c: Change, row: Record<string, unknown>) {
  const value = JSON.parse(c.value ?? 'null') as unknown;
  const hlc = !row.hlc || c.hlc > (row.hlc as string) ? c.hlc : (row.hlc as string);
  if (c.field === '_deleted') {
    updateStmt(sqlite, entity.table, '_deleted').run(value as string | null, hlc, c.recordId);
    row.deletedAt = value;
  } else {
    const stored = toStored(entity, { [c.field]: value })[c.field];
    updateStmt(sqlite, entity.table, c.field).run(
      stored as never,
      hlc,
      new Date(Number(c.hlc.slice(0, 15))).toISOString(),
      c.userName,
      c.recordId,
    );
    row[c.field] = stored;
  }
  row.hlc = hlc;
}

/** A record first seen in this package: inserted with its newest value of every field the package carries. */
function insertNewRecord(
  sqlite: Database,
  entity: EntityDef,
  first: Change,
  all: Change[],
  meta: Body['records'][number] | undefined,
  notNull: { name: string; type: string }[],
  /** Last look at the row before it is written (a natural-key clash may retire it). */
  beforeInsert: (row: Record<string, unknown>) => void,
) {
  if (!meta) throw new AppError('VALIDATION', `同步包缺少记录 ${first.recordId} 的基本信息,包可能不完整。没有导入任何数据。`);
  const latest = new Map<string, Change>();
  let maxHlc = first.hlc;
  for (const c of all) {
    if (c.recordId !== first.recordId || c.entity !== first.entity) continue;
    if (c.hlc > maxHlc && c.field !== '_deleted') maxHlc = c.hlc;
    if (c.field !== '_deleted' && (!latest.has(c.field) || c.hlc > latest.get(c.field)!.hlc)) latest.set(c.field, c);
  }
  const row: Record<string, unknown> = {
    id: meta.id,
    officeId: meta.officeId,
    townshipCode: meta.townshipCode,
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    updatedAt: meta.createdAt,
    updatedBy: meta.createdBy,
    deletedAt: null,
    // The newest HLC of the fields written here; a tombstone in the same package raises it when applied.
    hlc: maxHlc,
    warnings: '[]',
  };
  // Columns that must not be NULL but whose value this package does not carry (only later edits travelled):
  // a neutral placeholder keeps the row insertable; the real value wins as soon as its change arrives.
  for (const c of notNull) if (!(c.name in row)) row[c.name] = /INT|REAL/i.test(c.type) ? 0 : '';
  for (const [field, c] of latest) row[field] = toStored(entity, { [field]: JSON.parse(c.value ?? 'null') })[field];
  // Written with its final tombstone, so a record deleted before it got here never clashes on its way in.
  const deletions = all.filter((c) => c.recordId === first.recordId && c.entity === first.entity && c.field === '_deleted');
  const lastDeletion = deletions.reduce<Change | null>((a, c) => (!a || c.hlc > a.hlc ? c : a), null);
  if (lastDeletion) row.deletedAt = JSON.parse(lastDeletion.value ?? 'null') as string | null;
  beforeInsert(row);
  const cols = Object.keys(row);
  sqlite
    .prepare(`INSERT INTO "${entity.table}" (${cols.map((k) => `"${k}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    .run(...cols.map((k) => row[k] as never));
  return row;
}

/** Every change names a known record type and field and carries a value that field accepts. */
export function validateBody(body: Body) {
  body.changes.forEach((c, i) => {
    const where = `同步包中第 ${i + 1} 条变更`;
    if (!isEntity(c.entity))
      throw new AppError('VALIDATION', `${where}的记录类型“${c.entity}”无法识别,可能由更新版本生成。没有导入任何数据。`);
    const entity = ENTITIES[c.entity] as unknown as EntityDef;
    let value: unknown;
    try {
      value = JSON.parse(c.value ?? 'null');
    } catch {
      throw new AppError('VALIDATION', `${where}的内容无法读取。没有导入任何数据。`);
    }
    if (c.field === '_deleted') {
      if (value !== null && typeof value !== 'string') throw new AppError('VALIDATION', `${where}的删除标记无效。没有导入任何数据。`);
      return;
    }
    const f = entity.fields[c.field];
    if (!f) throw new AppError('VALIDATION', `${where}的字段“${c.field}”无法识别。没有导入任何数据。`);
    if (value === null && !f.required) return;
    const r = f.zod.safeParse(value);
    // "Not after today" is a data-entry rule: another office's clock may be ahead, and its edit still counts.
    if (!r.success && r.error.issues.every((iss) => iss.message.includes('不能晚于今天'))) return;
    if (!r.success)
      throw new AppError(
        'VALIDATION',
        `${where}(${entity.label}·${f.label})的值无效:${r.error.issues[0]?.message ?? ''}。没有导入任何数据。`,
      );
  });
}
