import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError, type FieldIssue } from '../../shared/api/errors';
import { ENTITIES, type Entities } from '../../shared/domain/entities';
import { zodIssuesToFieldIssues, type EntityDef, type EntityName } from '../../shared/domain/entity';
import { listQuery, type HistoryEntry, type Page, type RecordMeta, type RecordOf, type SaveResult } from '../../shared/domain/records';
import { maskValue } from './mask';
import { maskName } from '../../shared/validators/mask';
import type { SyncRunner } from '../db/run';
import type { DB } from '../db/schema';
import type { Clock } from '../sync/clock';
import type { Actor } from './actor';
import { auditText, fromStored, sameValue, toStored } from './codec';
import { ENTITY_HOOKS, type HookContext } from './hooks';
import { touchedKinds, type GuardedWrite, type WriteGuard } from './guards';
import { statusForStep, stepForStatus } from '../households/workflow';
import { LIST_CONFIG } from './listConfig';
import { SYNC_RULES } from '../../shared/sync/rules';
import type { z } from 'zod';
import type { Statement } from 'better-sqlite3';

export type RecordFor<N extends EntityName> = RecordOf<Entities[N]['fields']>;

export interface RecordsDeps {
  db: Kysely<DB>;
  run: SyncRunner;
  clock: Clock;
  /** The office that owns new records. */
  officeId: () => string;
  /** Township codes this office may write (its own township, or all of its district's). */
  area: () => ReadonlySet<string>;
  /** This office's own division code: the place of records that belong to the office itself (EntityDef.place). */
  ownPlace: () => string;
  today: () => string;
  settings: () => { licenceWarnDays: number };
}

const META_SORTS = new Set(['createdAt', 'updatedAt', 'townshipCode']);

/**
 * Create / update / soft-delete / get / list / history for every record type, driven by the shared entity
 * declarations. Each write is one transaction: the record, one audit row per changed field (who, when,
 * old → new) and one change-log row per field with its HLC for sync. A write that fails leaves nothing.
 */
/** A record input as validate() accepted it: the derived value to store, its warnings, its township. */
export interface Validated {
  value: Record<string, unknown>;
  issues: FieldIssue[];
  townshipCode: string;
}

/** How a write came about, where a rule depends on it (never settable through the contract). */
export interface WriteOptions {
  /** Written by the import of an existing Excel ledger: facts already on paper (see the hooks). */
  fromLedger?: boolean;
  /** Why the write is made, where a registered guard asks for a reason (see GuardedWrite.reason). */
  reason?: string;
}

export class Records {
  // Kysely's types cannot follow a table chosen at run time; the entity declarations are the check here.
  private readonly anyDb: Kysely<any>;
  constructor(private readonly deps: RecordsDeps) {
    this.anyDb = deps.db as unknown as Kysely<any>;
  }

  private readonly guards: WriteGuard[] = [];
  /** Writes in progress (a write's rules and cascades write too): only the outermost one is shown to the guards. */
  private depth = 0;

  /** Registers a check every write passes (see ./guards); returns its removal. */
  addGuard(guard: WriteGuard): () => void {
    this.guards.push(guard);
    return () => {
      const i = this.guards.indexOf(guard);
      if (i >= 0) this.guards.splice(i, 1);
    };
  }

  /** A write's transaction, counted so that guard() can tell the outermost write from those it causes. */
  private write<T>(fn: () => T): T {
    return this.deps.run.tx(() => {
      this.depth++;
      try {
        return fn();
      } finally {
        this.depth--;
      }
    });
  }

  /** Shows the outermost write to every guard before it is stored; the result is called once it is done. */
  private guard(write: Omit<GuardedWrite, 'touches'>): (id: string) => void {
    if (this.depth !== 1 || this.guards.length === 0) return () => undefined;
    const full = { ...write, touches: touchedKinds(write.entity, write.action) };
    const afters = this.guards.map((g) => g(full)).filter((a) => a !== undefined);
    return (id) => {
      for (const a of afters) a({ id });
    };
  }

  entity<N extends EntityName>(name: N): EntityDef {
    const e = ENTITIES[name] as unknown as EntityDef | undefined;
    if (!e) throw new AppError('BAD_REQUEST', `未知的记录类型:${String(name)}`);
    return e;
  }

  /** Checks a full record: field schema (errors), cross-field rules, then rules that need the database. */
  validate<N extends EntityName>(name: N, input: unknown, id: string | null, opts: WriteOptions = {}): Validated {
    const entity = this.entity(name);
    const parsed = entity.schema.safeParse(input);
    if (!parsed.success) {
      const issues = zodIssuesToFieldIssues(parsed.error as z.ZodError, entity.fields);
      throw new AppError('VALIDATION', `${entity.label}没有保存:${issues[0].message}`, issues);
    }
    const hooks = ENTITY_HOOKS[name];
    const today = this.deps.today();
    // The rules see what the clerk entered (a 15-digit 身份证 is converted below, and its warning must still be
    // given); what is stored is the derived value (18 digits, birth date and sex filled in).
    const entered = parsed.data as Record<string, unknown>;
    const issues: FieldIssue[] = entity.rules(entered as never, { today, ...this.deps.settings() });
    const value = hooks?.derive ? hooks.derive(entered, today) : entered;
    const ctx: HookContext = { db: this.deps.db, run: this.deps.run, id, today, area: this.deps.area(), fromLedger: opts.fromLedger };
    const townshipCode = this.resolveTownship(entity, value, ctx, issues);
    if (hooks?.check) issues.push(...hooks.check(value, ctx));
    const labelled = issues.map((i) => ({ ...i, label: i.label ?? entity.fields[i.field]?.label }));
    const errors = labelled.filter((i) => i.level === 'error');
    if (errors.length) throw new AppError('VALIDATION', `${entity.label}没有保存:${errors[0].message}`, labelled);
    return { value, issues: labelled, townshipCode };
  }

  /** Top-level records name their township (checked against this office's area); child records inherit it. */
  private resolveTownship(entity: EntityDef, value: Record<string, unknown>, ctx: HookContext, issues: FieldIssue[]): string {
    if (entity.parent) {
      const parent = this.entity(entity.parent.entity);
      const parentId = value[entity.parent.field] as string;
      const row = this.deps.run.first(
        this.anyDb.selectFrom(parent.table).select(['townshipCode', 'deletedAt']).where('id', '=', parentId),
      ) as { townshipCode: string; deletedAt: string | null } | undefined;
      if (!row || row.deletedAt) {
        issues.push({ field: entity.parent.field, level: 'error', message: `所属的${parent.label}不存在或已删除` });
        return '';
      }
      return row.townshipCode;
    }
    const code = value.townshipCode as string;
    if (entity.place === 'office') {
      if (code !== this.deps.ownPlace()) issues.push({ field: 'townshipCode', level: 'error', message: '只能记录本单位自己的事项' });
    } else if (!ctx.area.has(code))
      issues.push({ field: 'townshipCode', level: 'error', message: '所选乡镇(街道)不在本单位的管辖范围内,请重新选择' });
    return code;
  }

  create<N extends EntityName>(name: N, input: unknown, actor: Actor, opts: WriteOptions = {}): SaveResult<RecordFor<N>> {
    return this.write(() => {
      const checked = this.validate(name, input, null, opts);
      const done = this.guard(this.createWrite(name, checked, actor, opts));
      const saved = this.insertValidated(name, checked, actor);
      this.afterWrite(name, saved.record as Record<string, unknown>, null, actor, opts);
      done(saved.record.id);
      return saved;
    });
  }

  private createWrite(name: EntityName, checked: Validated, actor: Actor, opts: WriteOptions): Omit<GuardedWrite, 'touches'> {
    const after = { ...checked.value, townshipCode: checked.townshipCode };
    return { entity: name, action: 'create', before: null, after, actor, reason: opts.reason };
  }

  /** Rules that write other records in the same transaction (a household's 进度 and its dated steps; see guards.ts). */
  private afterWrite(
    name: EntityName,
    saved: Record<string, unknown>,
    before: Record<string, unknown> | null,
    actor: Actor,
    opts: WriteOptions,
  ) {
    if (name === 'households') stepForStatus(this, saved, before, actor, this.deps.today(), opts);
    else if (name === 'householdSteps') statusForStep(this, saved, actor, opts);
  }

  /**
   * Writes a record that validate() accepted in this same state of the database (an import's preview, when
   * nothing was written since and no two rows of the file can clash): the checks are not run a second time.
   */
  createChecked<N extends EntityName>(name: N, checked: Validated, actor: Actor): SaveResult<RecordFor<N>> {
    return this.write(() => {
      const done = this.guard(this.createWrite(name, checked, actor, {}));
      const saved = this.insertValidated(name, checked, actor);
      done(saved.record.id);
      return saved;
    });
  }

  private insertValidated<N extends EntityName>(
    name: N,
    { value, issues, townshipCode }: Validated,
    actor: Actor,
  ): SaveResult<RecordFor<N>> {
    const entity = this.entity(name);
    const id = randomUUID();
    const now = new Date().toISOString();
    const hlc = this.deps.clock.next();
    const warnings = issues.filter((i) => i.level === 'warning');
    const row = {
      ...toStored(entity, value),
      id,
      officeId: this.deps.officeId(),
      townshipCode,
      createdAt: now,
      createdBy: actor.userName,
      updatedAt: now,
      updatedBy: actor.userName,
      deletedAt: null,
      hlc,
      warnings: JSON.stringify(warnings),
    };
    this.insertRow(entity.table, row);
    const changes = Object.keys(entity.fields).map((f) => ({ field: f, oldValue: null, newValue: value[f] }));
    this.log(name, id, 'create', changes, actor, hlc, now);
    // The row just written, read back without a query: every column was given above.
    return { record: fromStored(entity, row) as unknown as RecordFor<N>, warnings };
  }

  update<N extends EntityName>(
    name: N,
    input: { id: string; patch: Record<string, unknown>; baseHlc?: string },
    actor: Actor,
    opts: WriteOptions = {},
  ): SaveResult<RecordFor<N>> {
    const entity = this.entity(name);
    return this.write(() => {
      const current = this.getRaw(name, input.id);
      if (SYNC_RULES[name].immutable) throw new AppError('CONFLICT', `${entity.label}创建后不能修改。没有做任何改动。`);
      if (current.deletedAt) throw new AppError('CONFLICT', `这条${entity.label}记录已被删除,不能修改。如需修改请先恢复。`);
      if (input.baseHlc && input.baseHlc !== current.hlc)
        throw new AppError('CONFLICT', `这条${entity.label}记录在您打开之后已被他人修改并保存。请关闭后重新打开,核对后再修改。`);
      const unknown = Object.keys(input.patch).filter((k) => !(k in entity.fields));
      // Key names are the program's, not the clerk's: counted, never shown.
      if (unknown.length)
        throw new AppError('VALIDATION', `${entity.label}没有保存:修改内容中有 ${unknown.length} 项程序不认识的内容。请刷新页面后重试。`);
      const patch = { ...input.patch };
      for (const [k, f] of Object.entries(entity.fields)) {
        // A masked value sent back unchanged from a form means "keep what is stored", never "store stars".
        if (f.sensitive && typeof patch[k] === 'string' && patch[k] === maskValue(f.sensitive, current[k] as string)) delete patch[k];
      }
      if (entity.parent && entity.parent.field in patch && patch[entity.parent.field] !== current[entity.parent.field])
        throw new AppError('VALIDATION', `不能把记录移到另一个${this.entity(entity.parent.entity).label}下`);
      const merged: Record<string, unknown> = {};
      for (const k of Object.keys(entity.fields)) merged[k] = k in patch ? patch[k] : current[k];
      const { value, issues, townshipCode } = this.validate(name, merged, input.id, opts);
      const changes = Object.keys(entity.fields)
        .filter((f) => !sameValue(value[f], current[f]))
        .map((f) => ({ field: f, oldValue: current[f], newValue: value[f] }));
      const warnings = issues.filter((i) => i.level === 'warning');
      if (changes.length === 0 && JSON.stringify(warnings) === JSON.stringify(current.warnings))
        return { record: current as RecordFor<N>, warnings };
      const bases = this.basesOf(
        name,
        input.id,
        changes.map((c) => c.field),
      );
      const after = { ...current, ...value, townshipCode };
      const done = this.guard({ entity: name, action: 'update', before: current, after, actor, reason: opts.reason });
      const now = new Date().toISOString();
      const hlc = this.deps.clock.next();
      const stored = toStored(entity, Object.fromEntries(changes.map((c) => [c.field, value[c.field]])));
      this.deps.run.run(
        this.anyDb
          .updateTable(entity.table)
          .set({ ...stored, townshipCode, updatedAt: now, updatedBy: actor.userName, hlc, warnings: JSON.stringify(warnings) })
          .where('id', '=', input.id),
      );
      this.log(name, input.id, 'update', changes, actor, hlc, now, bases);
      this.afterWrite(name, { ...current, ...value, id: input.id }, current, actor, opts);
      done(input.id);
      return { record: this.getRaw(name, input.id) as RecordFor<N>, warnings };
    });
  }

  /** Soft delete: the row stays as a tombstone (sync carries it; the history keeps it; it can be restored). */
  remove(name: EntityName, id: string, actor: Actor, opts: WriteOptions = {}): void {
    this.setDeleted(name, id, actor, true, undefined, opts);
  }

  restore(name: EntityName, id: string, actor: Actor, opts: WriteOptions = {}): void {
    this.setDeleted(name, id, actor, false, undefined, opts);
  }

  private setDeleted(name: EntityName, id: string, actor: Actor, deleted: boolean, at?: string | null, opts: WriteOptions = {}): void {
    const entity = this.entity(name);
    this.write(() => {
      const current = this.getRaw(name, id);
      if (!!current.deletedAt === deleted) return;
      // Kinds only their domain writes (a submitted snapshot and what hangs on it) are kept for good.
      if (entity.recordMethods === false) throw new AppError('CONFLICT', `${entity.label}不能删除或恢复。没有做任何改动。`);
      if (!deleted) this.validate(name, Object.fromEntries(Object.keys(entity.fields).map((k) => [k, current[k]])), id);
      const after = deleted ? null : { ...current, deletedAt: null };
      const done = this.guard({ entity: name, action: deleted ? 'delete' : 'restore', before: current, after, actor, reason: opts.reason });
      const bases = this.basesOf(name, id, ['_deleted']);
      // Children take their parent's deletedAt, so a restore can tell which went with it.
      const now = at ?? new Date().toISOString();
      const hlc = this.deps.clock.next();
      const deletedAt = deleted ? now : null;
      this.deps.run.run(
        this.anyDb.updateTable(entity.table).set({ deletedAt, updatedAt: now, updatedBy: actor.userName, hlc }).where('id', '=', id),
      );
      this.log(
        name,
        id,
        deleted ? 'delete' : 'restore',
        [{ field: '_deleted', oldValue: current.deletedAt, newValue: deletedAt }],
        actor,
        hlc,
        now,
        bases,
      );
      // Child records go with their parent (a deleted inspection's hazards must not stay open and overdue);
      // a restore brings back the children deleted with it, not those deleted on their own before.
      for (const child of Object.values(ENTITIES) as EntityDef[]) {
        if (child.parent?.entity !== name) continue;
        const ids = this.deps.run.all(
          this.anyDb
            .selectFrom(child.table)
            .select('id')
            .where(child.parent.field, '=', id)
            .where('deletedAt', deleted ? 'is' : '=', deleted ? null : current.deletedAt),
        ) as { id: string }[];
        for (const c of ids) this.setDeleted(child.name as EntityName, c.id, actor, deleted, deletedAt);
      }
      done(id);
    });
  }

  /** The HLC a field currently carries (its last change, or the record's own for rows that never had one). */
  fieldHlc(name: EntityName, recordId: string, field: string): string | null {
    const row = this.deps.run.first(
      this.deps.db
        .selectFrom('change_log')
        .select((eb) => eb.fn.max('hlc').as('hlc'))
        .where('entity', '=', name)
        .where('recordId', '=', recordId)
        .where('field', '=', field),
    );
    if (row?.hlc) return row.hlc;
    const rec = this.deps.run.first(this.anyDb.selectFrom(this.entity(name).table).select('hlc').where('id', '=', recordId)) as
      | { hlc: string }
      | undefined;
    return rec?.hlc ?? null;
  }

  /**
   * What each field carried before a write, read before the row is changed: a receiver uses it to tell an
   * edit made on top of its own value from a concurrent one (spec §9 conflicts).
   */
  private basesOf(name: EntityName, recordId: string, fields: string[]): Map<string, string | null> {
    const recordHlc =
      (
        this.deps.run.first(this.anyDb.selectFrom(this.entity(name).table).select('hlc').where('id', '=', recordId)) as
          | { hlc: string }
          | undefined
      )?.hlc ?? null;
    // A field never changed since creation carries the creation's HLC.
    const created =
      this.deps.run.first(
        this.deps.db
          .selectFrom('change_log')
          .select((eb) => eb.fn.min('hlc').as('hlc'))
          .where('entity', '=', name)
          .where('recordId', '=', recordId),
      )?.hlc ?? null;
    return new Map(
      fields.map((f) => {
        const q = this.deps.db
          .selectFrom('change_log')
          .select((eb) => eb.fn.max('hlc').as('hlc'))
          .where('entity', '=', name)
          .where('recordId', '=', recordId);
        const row = this.deps.run.first(f === '_deleted' ? q : q.where('field', '=', f));
        return [f, row?.hlc ?? created ?? recordHlc];
      }),
    );
  }

  // Creating a record is the hot path of an import (20,000 rows): Kysely compiled the same INSERT again for every
  // row, so the statement is prepared once per table and column list.
  private insertStatements = new Map<string, Statement>();
  private insertRow(table: string, row: Record<string, unknown>): void {
    const cols = Object.keys(row);
    const key = `${table}(${cols.join(',')})`;
    let st = this.insertStatements.get(key);
    if (!st)
      this.insertStatements.set(
        key,
        (st = this.deps.run.sqlite.prepare(
          `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        )),
      );
    st.run(...cols.map((c) => row[c]));
  }

  // The hot path of every write: one audit row and one change-log row per field (about 50 for a new
  // household). Building these with Kysely cost more than SQLite's inserts, so the two statements are
  // prepared once; their columns are those of the DB type's audit_log and change_log.
  private logStatements?: { audit: Statement; change: Statement };

  private log(
    name: EntityName,
    recordId: string,
    action: string,
    changes: { field: string; oldValue: unknown; newValue: unknown }[],
    actor: Actor,
    hlc: string,
    at: string,
    bases?: Map<string, string | null>,
  ) {
    const officeId = this.deps.officeId();
    // Bulky immutable content (a submitted snapshot) is audited by its domain as one event, not field by field.
    const auditValues = this.entity(name).auditValues !== false;
    const st = (this.logStatements ??= {
      audit: this.deps.run.sqlite.prepare(
        'INSERT INTO audit_log (at, userId, userName, officeId, action, entity, recordId, field, oldValue, newValue, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
      ),
      change: this.deps.run.sqlite.prepare(
        'INSERT INTO change_log (entity, recordId, field, value, hlc, officeId, userId, baseHlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    });
    for (const c of changes) {
      const isCreateOfEmpty =
        action === 'create' && (c.newValue === null || c.newValue === undefined || (Array.isArray(c.newValue) && c.newValue.length === 0));
      const deletion = c.field === '_deleted';
      if (!isCreateOfEmpty && auditValues)
        st.audit.run(
          at,
          actor.userId,
          actor.userName,
          officeId,
          action,
          name,
          recordId,
          deletion ? null : c.field,
          deletion ? null : auditText(c.oldValue),
          deletion ? null : auditText(c.newValue),
        );
      st.change.run(name, recordId, c.field, JSON.stringify(c.newValue ?? null), hlc, officeId, actor.userId, bases?.get(c.field) ?? null);
    }
  }

  /** The stored record, unmasked: for the main process only (masking happens at the API edge). */
  getRaw(name: EntityName, id: string): RecordMeta & Record<string, unknown> {
    const entity = this.entity(name);
    const row = this.deps.run.first(this.anyDb.selectFrom(entity.table).selectAll().where('id', '=', id)) as
      | Record<string, unknown>
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `没有找到这条${entity.label}记录,可能已被删除或编号有误。`);
    return fromStored<Record<string, unknown>>(entity, row);
  }

  list<N extends EntityName>(name: N, rawQuery: unknown): Page<RecordFor<N>> {
    const entity = this.entity(name);
    const parsed = listQuery.safeParse(rawQuery ?? {});
    if (!parsed.success) throw new AppError('VALIDATION', `查询条件有误:${parsed.error.issues[0].message}`);
    const q = parsed.data;
    const cfg = LIST_CONFIG[name];
    const today = this.deps.today();
    let base = this.anyDb.selectFrom(entity.table);
    if (!q.includeDeleted) base = base.where('deletedAt', 'is', null);
    for (const [key, v] of Object.entries(q.filters ?? {})) {
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      const special = cfg.filters?.[key];
      if (special) {
        base = special(base, v, today, this.deps.settings());
        continue;
      }
      if (!(key in entity.fields) && key !== 'townshipCode' && key !== 'officeId') throw new AppError('VALIDATION', `不能按“${key}”筛选`);
      const kind = entity.fields[key]?.kind;
      const norm = (x: unknown) => (kind === 'bool' ? (x ? 1 : 0) : x);
      if (v === null) base = base.where(key, 'is', null);
      else if (Array.isArray(v)) base = base.where(key, 'in', v.map(norm));
      else if (kind === 'json') base = base.where(sql<boolean>`exists (select 1 from json_each(${sql.ref(key)}) where value = ${v})`);
      else base = base.where(key, '=', norm(v));
    }
    const term = q.search?.trim();
    // A record type without searchable columns ignores the box rather than matching nothing.
    const searched = !!term && (cfg.search.length > 0 || !!cfg.lastFour);
    if (term && searched) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const lastFour = cfg.lastFour && /^[0-9Xx]{4}$/.test(term) ? cfg.lastFour : null;
      base = base.where((eb) => {
        const exact = cfg.exact?.(eb, term);
        if (exact) return exact;
        if (lastFour) return eb.or(lastFour(eb, term));
        return eb.or([
          ...cfg.search.map((col) => eb(sql.ref(col), 'like', sql`${like} escape '\\'`)),
          ...(cfg.searchAlso?.(eb, sql.val(like)) ?? []),
        ]);
      });
    }
    const total = (this.deps.run.first(base.select((eb) => eb.fn.countAll<number>().as('n'))) as { n: number }).n;
    const sortField = q.sort?.field ?? cfg.defaultSort.field;
    if (!(sortField in entity.fields) && !META_SORTS.has(sortField)) throw new AppError('VALIDATION', `不能按“${sortField}”排序`);
    const order = q.sort?.order ?? cfg.defaultSort.order;
    // A search matches few rows among many: walking the list-order index would visit every row through the
    // index (a random read each) to find them. `+col` keeps SQLite off that index: one pass over the table,
    // as the count above makes anyway, then the matches are sorted (a 2-character name at district scale:
    // 117 → 31 ms on a loaded machine). The order is the same.
    const sortBy = searched ? sql`+${sql.ref(sortField)}` : sql.ref(sortField);
    const rows = this.deps.run.all(
      base
        .selectAll()
        .orderBy(sortBy, (ob) => (order === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()))
        .$call((qb) => (cfg.tieBreak ?? []).filter((f) => f !== sortField).reduce((b, f) => b.orderBy(sql.ref(f), order), qb))
        .orderBy('id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
    ) as Record<string, unknown>[];
    const out = rows.map((r) => fromStored<RecordFor<N>>(entity, r)) as RecordFor<N>[];
    cfg.decorate?.(this.deps, out as unknown as Record<string, unknown>[]);
    return { rows: out, total, page: q.page, pageSize: q.pageSize };
  }

  history(name: EntityName, id: string): HistoryEntry[] {
    const entity = this.entity(name);
    this.getRaw(name, id);
    const rows = this.deps.run.all(
      this.deps.db
        .selectFrom('audit_log')
        .select(['id', 'at', 'userName', 'action', 'field', 'oldValue', 'newValue', 'note'])
        .where('entity', '=', name)
        .where('recordId', '=', id)
        .orderBy('id', 'desc'),
    );
    const shown = (v: string | null) => (v === null ? v : (CODE_LABELS[v] ?? (UUID.test(v) ? this.titleOf(v) : v)));
    return rows.map((r) => ({
      ...r,
      oldValue: shown(r.oldValue),
      newValue: shown(r.newValue),
      fieldLabel: r.field ? (entity.fields[r.field]?.label ?? r.field) : null,
    }));
  }

  /**
   * What a reference in the history points at, in words (被检查机构: 凤凰敬老院, not its id). An 老人's name is
   * masked as in every list; an id found nowhere (a record of another office not received) stays as it is.
   */
  private titleOf(id: string): string {
    for (const e of Object.values(ENTITIES) as unknown as EntityDef[]) {
      const r = this.deps.run.sqlite.prepare(`SELECT "${e.titleField}" AS t FROM "${e.table}" WHERE id = ?`).get(id) as
        | { t: unknown }
        | undefined;
      if (r) return e.name === 'households' ? maskName(String(r.t ?? '')) : `${String(r.t ?? '')}(${e.label})`;
    }
    return id;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Stored codes that a clerk should read as words in the history. */
const CODE_LABELS: Record<string, string> = {
  facility: '养老机构',
  canteen: '助餐点',
  before: '改造前',
  after: '改造后',
  basic: '基础类',
  optional: '可选类',
};
