import type { Statement } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { OFFICE_LEVEL_LABELS, type OfficeLevel } from '../../shared/domain/enums';
import { SYNC_RULES } from '../../shared/sync/rules';
import type { LedgerApp } from '../app';
import { maskValue } from '../records/mask';
import { areaOf } from '../system/area';
import type { Body, Change, PhotoEntry } from './format';
import { createdFirst, isRetirementStamp, naturalKeys } from './naturalKeys';
import { checkPhotos, type PhotoPlan } from './photos';
import { checkDeclaredOffices, LEVEL_RANK, officeNames, officesBelow, self, type Peer, type TreeOffice } from './offices';
import { refusalTail, SyncRefusal, type RefusalCheck } from './refusal';

/*
 * Every change of a package is checked against what the office that signed it may write (issue 13, spec §9
 * threat model; the rules are in docs/sync.md). A registered office may be compromised: its signature says
 * who sent the package, not that what it says is allowed. The checks are generic over ENTITIES: a record's
 * township (a child record's, and its parent's up the chain), the office that owns it, the records its
 * fields name, and what shared/sync/rules.ts declares for its kind. A change this office already holds
 * (same record, field and timestamp) changes nothing and is not checked: full packages repeat them.
 */

type Row = Record<string, unknown> & { id: string; officeId: string; townshipCode: string };
const MAX_PARENT_DEPTH = 5;

const isEntity = (n: string): n is EntityName => Object.hasOwn(ENTITIES, n);
const entityOf = (n: EntityName) => ENTITIES[n] as unknown as EntityDef;

interface Violation {
  check: RefusalCheck;
  text: string;
}

/**
 * Refuses the package (a SyncRefusal naming the office, the record and what it tried) if any change goes
 * beyond the sender's area, origin or the rules of its record kind. Returns the offices the sender declared
 * below itself, to be kept when the package is applied.
 */
export function checkContent(
  app: LedgerApp,
  sender: Peer,
  body: Body,
  opts: { legacy?: boolean } = {},
): { declared: TreeOffice[]; photos: PhotoPlan[] } {
  for (const r of body.records)
    if (!isEntity(r.entity))
      throw new AppError('VALIDATION', `同步包中的记录类型“${r.entity}”无法识别,可能由更新版本生成。没有导入任何数据。`);
  const me = self(app);
  const fromBelow = sender.relation === 'child';
  const declared = fromBelow ? (body.offices ?? []) : [];
  const tree = fromBelow ? checkDeclaredOffices(app, sender, declared) : new Map<string, TreeOffice>();
  const mayWrite = areaOf(app.store.db, app.run, sender);
  const mine = app.area();
  const sqlite = app.store.sqlite;
  // Records of an office itself (a district's roll-up submission, spec §10) are placed at its own division:
  // the sender's, or from a parent this office's. Only kinds that declare it (EntityDef.place) may be.
  const atOffice = (entity: EntityName) => {
    let e = entityOf(entity);
    for (let i = 0; e.parent && i < MAX_PARENT_DEPTH; i++) e = entityOf(e.parent.entity);
    return e.place === 'office';
  };
  const ownPlaces = new Set([sender.divisionCode, ...(fromBelow ? [] : [me.divisionCode])]);
  const writable = (entity: EntityName, code: string) => mayWrite.has(code) || (atOffice(entity) && ownPlaces.has(code));
  const ours = (entity: EntityName, code: string) => mine.has(code) || (atOffice(entity) && code === me.divisionCode);
  // The offices this package and this office know, by division: who stands at a record's place.
  const known = [sender, me, ...tree.values()] as { id: string; level: OfficeLevel; divisionCode: string }[];
  const officeAt = (code: string) => known.find((o) => o.divisionCode === code);

  // Offices this sender may speak for: from below, itself and what it declared below itself; from above,
  // anyone but the offices below this one (their changes reach this office only from themselves, and a
  // change claimed in their name would never be sent on to them).
  const below = fromBelow ? null : new Set(officesBelow(app, me.id).map((o) => o.id));
  const mayClaim = (officeId: string) => (fromBelow ? officeId === sender.id || tree.has(officeId) : !below!.has(officeId));
  const levelOf = (officeId: string): OfficeLevel | undefined => (officeId === sender.id ? sender.level : tree.get(officeId)?.level);
  /** `writer` is `owner`, or above it, in the sender's tree. */
  const isOwnerOrAbove = (writer: string, owner: string) => {
    let at: string | undefined = owner;
    for (let i = 0; at && i < 5; i++) {
      if (at === writer) return true;
      at = at === sender.id ? undefined : tree.get(at)?.parentOfficeId;
    }
    return false;
  };

  const meta = new Map(body.records.map((r) => [`${r.entity}:${r.id}`, r]));
  const byRecord = new Map<string, Change[]>();
  for (const c of body.changes) {
    const k = `${c.entity}:${c.recordId}`;
    const list = byRecord.get(k);
    if (list) list.push(c);
    else byRecord.set(k, [c]);
  }
  const dup = sqlite.prepare('SELECT 1 FROM change_log WHERE entity = ? AND recordId = ? AND field = ? AND hlc = ?');
  const rowStmts = new Map<string, Statement>();
  const rows = new Map<string, Row | null>();
  const local = (entity: EntityName, id: string): Row | null => {
    const k = `${entity}:${id}`;
    let r = rows.get(k);
    if (r === undefined) {
      const e = entityOf(entity);
      let st = rowStmts.get(e.table);
      if (!st) {
        st = sqlite.prepare(`SELECT * FROM "${e.table}" WHERE id = ?`);
        rowStmts.set(e.table, st);
      }
      r = (st.get(id) as Row | undefined) ?? null;
      rows.set(k, r);
    }
    return r;
  };
  /** The newest value the package gives a field of a record, parsed. */
  const packageValue = (key: string, field: string): unknown => {
    let best: Change | undefined;
    for (const c of byRecord.get(key) ?? []) if (c.field === field && (!best || c.hlc > best.hlc)) best = c;
    return best ? parse(best.value) : undefined;
  };
  /** A record as this office has it, or as the package brings it: its township, owner, and parent. */
  const resolve = (entity: EntityName, id: string) => {
    const key = `${entity}:${id}`;
    const row = local(entity, id);
    const m = meta.get(key);
    if (!row && !m) return null;
    const e = entityOf(entity);
    const parentId = e.parent ? (row ? row[e.parent.field] : packageValue(key, e.parent.field)) : undefined;
    return {
      key,
      row,
      township: row ? row.townshipCode : m!.townshipCode,
      owner: row ? row.officeId : m!.officeId,
      parent: e.parent ? { entity: e.parent.entity, id: typeof parentId === 'string' ? parentId : null } : null,
    };
  };

  // Names for the messages: the township, the record (its title masked where it is personal), the office.
  const townNames = new Map<string, string>();
  const town = (code: string) => {
    let n = townNames.get(code);
    if (n === undefined) {
      n = app.run.first(app.store.db.selectFrom('divisions').select('name').where('code', '=', code))?.name ?? `区划 ${code}`;
      townNames.set(code, n);
    }
    return n;
  };
  let names: Map<string, string> | undefined;
  const officeName = (id: string) => {
    names ??= officeNames(app);
    return names.get(id) ?? tree.get(id)?.name ?? '未登记的单位';
  };
  const describe = (entity: EntityName, id: string) => {
    const e = entityOf(entity);
    const row = local(entity, id);
    const raw = row ? row[e.titleField] : packageValue(`${entity}:${id}`, e.titleField);
    const text = raw === null || raw === undefined || raw === '' ? `编号 ${id.slice(0, 8)}…` : String(raw);
    const sens = e.fields[e.titleField]?.sensitive;
    return `${e.label}“${sens ? maskValue(sens, text) : text}”`;
  };
  /** What a change tries to do to `target` (a phrase naming the record). */
  const act = (e: EntityDef, c: Change, target: string) =>
    c.field === '_deleted'
      ? `${parse(c.value) === null ? '恢复' : '删除'}${target}`
      : `修改${target}的“${e.fields[c.field]?.label ?? c.field}”`;

  /** The creation stamp of a record as known here and in the package. */
  const created = sqlite.prepare('SELECT min(hlc) FROM change_log WHERE entity = ? AND recordId = ?').pluck();
  const creationOf = (entity: EntityName, id: string) =>
    [created.get(entity, id) as string | null, ...(byRecord.get(`${entity}:${id}`) ?? []).map((c) => c.hlc)]
      .filter((x): x is string => !!x)
      .sort()[0] ?? '';
  const isRetirement = (entity: EntityName, id: string, c: Change, value: unknown): boolean => {
    const e = entityOf(entity);
    const keys = naturalKeys(sqlite, e.table);
    if (c.field !== '_deleted' || !keys.length || value !== new Date(Number(c.hlc.slice(0, 15))).toISOString()) return false;
    const fieldValue = (rid: string, col: string) => {
      const v = packageValue(`${entity}:${rid}`, col);
      return v === undefined ? local(entity, rid)?.[col] : v;
    };
    const mine = { hlc: creationOf(entity, id), id };
    return keys.some((cols) => {
      const wanted = cols.map((col) => fieldValue(id, col));
      if (wanted.some((v) => v === null || v === undefined)) return false;
      const here = sqlite
        .prepare(`SELECT id FROM "${e.table}" WHERE id != ? AND ${cols.map((col) => `"${col}" = ?`).join(' AND ')}`)
        .pluck()
        .all(id, ...(wanted as never[])) as string[];
      const inPackage = [...byRecord.keys()]
        .filter((k) => k.startsWith(`${entity}:`) && k !== `${entity}:${id}`)
        .map((k) => k.slice(entity.length + 1))
        .filter((rid) => cols.every((col, i) => fieldValue(rid, col) === wanted[i]));
      return [...here, ...inPackage].some((other) => createdFirst({ hlc: creationOf(entity, other), id: other }, mine));
    });
  };

  const violations: Violation[] = [];
  /** Records new here, by id: their ids are checked against the other kinds at the end. */
  const fresh = new Map<string, EntityName>();
  const refuse = (check: RefusalCheck, text: string) => violations.push({ check, text });

  // Every record the package describes must lie in the sender's area (and, from above, in this office's).
  for (const m of body.records) {
    if (!writable(m.entity as EntityName, m.townshipCode))
      refuse('area', `中有${town(m.townshipCode)}的记录(${describe(m.entity as EntityName, m.id)}),不属于“${sender.name}”可以发送的范围`);
    else if (!fromBelow && !local(m.entity as EntityName, m.id) && !ours(m.entity as EntityName, m.townshipCode))
      refuse('area', `中有${town(m.townshipCode)}的记录(${describe(m.entity as EntityName, m.id)}),不在本单位的辖区内`);
  }

  for (const [key, all] of byRecord) {
    const first = all[0];
    if (!isEntity(first.entity))
      throw new AppError('VALIDATION', `同步包中的记录类型“${first.entity}”无法识别,可能由更新版本生成。没有导入任何数据。`);
    const name = first.entity;
    const e = entityOf(name);
    // Only a record held here can have changes held here: a new record's are all new.
    const changes = local(name, first.recordId) ? all.filter((c) => !dup.get(c.entity, c.recordId, c.field, c.hlc)) : all;
    if (!changes.length) continue;
    const rule = SYNC_RULES[name];
    const rec = resolve(name, first.recordId);
    if (!rec) {
      refuse('missing', `要修改的${e.label}(编号 ${first.recordId.slice(0, 8)}…)既不在同步包中,本单位也没有这条记录`);
      continue;
    }
    let titleText: string | undefined;
    const title = () => (titleText ??= describe(name, first.recordId));
    const m = meta.get(key);
    if (!rec.row) {
      fresh.set(first.recordId, name);
      if (!mayClaim(rec.owner)) refuse('origin', `新增的${title()}自称属于“${officeName(rec.owner)}”,“${sender.name}”不能代它发送`);
    } else if (m && m.officeId !== rec.row.officeId)
      refuse('owner', `试图把${title()}的所属单位从“${officeName(rec.row.officeId)}”改为“${officeName(m.officeId)}”`);
    if (!writable(name, rec.township))
      refuse('area', `试图${act(e, changes[0], `${town(rec.township)}的${title()}`)},这条记录不属于“${sender.name}”可以修改的范围`);
    // A child record belongs where its parent does: each parent up the chain must be the sender's too.
    let up = rec.parent;
    for (let depth = 0; up && depth < MAX_PARENT_DEPTH; depth++) {
      const p = up.id ? resolve(up.entity, up.id) : null;
      if (!p) {
        refuse('missing', `中的${title()}所属的${entityOf(up.entity).label}既不在同步包中,本单位也没有`);
        break;
      }
      if (!writable(up.entity, p.township)) {
        refuse('area', `试图${act(e, changes[0], title())},它属于${town(p.township)}的${describe(up.entity, p.key.split(':')[1])}`);
        break;
      }
      up = p.parent;
    }
    for (const c of changes) {
      const value = parse(c.value);
      // A retirement derived from a natural-key clash (./naturalKeys) may come from any office that found the
      // clash; it must be one: a deletion whose value follows from its stamp, of a record that has an earlier
      // one with the same key. Then it is not the sender's own edit and origin and ownership do not apply.
      const retirement = isRetirementStamp(c.hlc);
      if (retirement && !isRetirement(name, first.recordId, c, value)) {
        refuse('origin', `中有一项自称“重复记录处理”的变更(${act(e, c, title())}),但并不存在与之重复的记录`);
        continue;
      }
      if (retirement) continue;
      if (!mayClaim(c.officeId))
        refuse(
          'origin',
          fromBelow
            ? `中有一项变更(${act(e, c, title())})自称由“${officeName(c.officeId)}”作出,但“${sender.name}”只能发送本单位${sender.level === 'township' ? '' : '及其下级单位'}的修改${opts.legacy && sender.level !== 'township' ? '(这个同步包由旧版本程序生成,没有申报其下级单位,无法核对来源;请对方升级程序后重新导出)' : ''}`
            : `中有一项变更(${act(e, c, title())})自称由本单位的下级单位“${officeName(c.officeId)}”作出,下级单位的修改只能由它自己送来`,
        );
      if (c.field === 'townshipCode' && typeof value === 'string' && !writable(name, value))
        refuse('move', `试图把${title()}从${town(rec.township)}移到${town(value)},那里不属于“${sender.name}”的管辖范围`);
      if (e.parent && c.field === e.parent.field && value !== rec.parent?.id)
        refuse('parent', `试图把${title()}移到另一个${entityOf(e.parent.entity).label}下`);
      if (rec.row && c.field !== '_deleted' && (rule.immutable || rule.fixed?.includes(c.field)) && !sameStored(rec.row[c.field], value))
        refuse('fixed', `试图修改${title()}创建后不能再改的“${e.fields[c.field]?.label ?? c.field}”`);
      const target = rule.refs?.[c.field];
      if (target && typeof value === 'string') {
        const t = resolve(target, value);
        if (!t) refuse('missing', `让${title()}的“${e.fields[c.field].label}”指向一条本单位没有、包中也没有的${entityOf(target).label}`);
        else if (!writable(target, t.township))
          refuse('ref', `让${title()}的“${e.fields[c.field].label}”指向${town(t.township)}的${describe(target, value)}`);
      }
      if (fromBelow && rule.ownerOrAbove && !isOwnerOrAbove(c.officeId, rec.owner))
        refuse('ownerOrAbove', `试图${act(e, c, `“${officeName(rec.owner)}”制定的${title()}`)},只有该单位及其上级可以修改`);
      if (rule.writtenBy) {
        const writer = known.find((o) => o.id === c.officeId);
        const at = officeAt(rec.township);
        const rank = (o: { level: OfficeLevel }) => LEVEL_RANK[o.level];
        const ok =
          !!writer &&
          !!at &&
          (rule.writtenBy === 'place'
            ? writer.id === at.id
            : rule.writtenBy === 'placeOrAbove'
              ? writer.id === at.id || rank(writer) > rank(at)
              : rank(writer) > rank(at));
        if (!ok)
          refuse(
            'writtenBy',
            `中的${title()}由“${officeName(c.officeId)}”填写,这类记录只能由${rule.writtenBy === 'abovePlace' ? `${town(rec.township)}的上级单位` : rule.writtenBy === 'place' ? `${town(rec.township)}自己` : `${town(rec.township)}或其上级单位`}填写`,
          );
      }
      const level = levelOf(c.officeId);
      if (fromBelow && rule.writtenFrom && (!level || LEVEL_RANK[level] < LEVEL_RANK[rule.writtenFrom]))
        refuse(
          'writtenFrom',
          `中的${title()}由“${officeName(c.officeId)}”修改,这类记录只能由${OFFICE_LEVEL_LABELS[rule.writtenFrom]}及以上单位填写`,
        );
    }
  }
  // A new record's id must not be one this office holds for another kind of record (one query per kind).
  if (fresh.size) {
    const ids = JSON.stringify([...fresh.keys()]);
    for (const other of Object.keys(ENTITIES) as EntityName[])
      for (const id of sqlite
        .prepare(`SELECT id FROM "${entityOf(other).table}" WHERE id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(ids) as string[]) {
        const kind = fresh.get(id)!;
        if (kind !== other) refuse('idClash', `新增的${describe(kind, id)}与本单位已有的${entityOf(other).label}记录编号相同`);
      }
  }
  // Photos: only for photo records (here or in the package) in the sender's area, within the limits.
  const inArea = (entity: EntityName, id: string): boolean => {
    let at: { entity: EntityName; id: string | null } | null = { entity, id };
    for (let depth = 0; at?.id && depth < MAX_PARENT_DEPTH; depth++) {
      const r = resolve(at.entity, at.id);
      if (!r || !mayWrite.has(r.township)) return false;
      at = r.parent;
    }
    return !at || !!at.id;
  };
  const photoRecord = (entry: PhotoEntry) => {
    let id: string | undefined;
    if ('photoId' in entry) id = entry.photoId;
    else {
      id = sqlite
        .prepare('SELECT id FROM household_photos WHERE householdId = ? AND fileName = ?')
        .pluck()
        .get(entry.householdId, entry.fileName) as string | undefined;
      id ??= [...byRecord.keys()]
        .filter((k) => k.startsWith('householdPhotos:'))
        .map((k) => k.slice('householdPhotos:'.length))
        .find(
          (pid) =>
            packageValue(`householdPhotos:${pid}`, 'fileName') === entry.fileName &&
            packageValue(`householdPhotos:${pid}`, 'householdId') === entry.householdId,
        );
    }
    if (!id) return null;
    const key = `householdPhotos:${id}`;
    const rec = resolve('householdPhotos', id);
    if (!rec) return null;
    const value = (f: string) => {
      const v = packageValue(key, f);
      return v === undefined ? rec.row?.[f] : v;
    };
    return {
      id,
      householdId: rec.parent?.id ?? null,
      fileName: value('fileName'),
      sha256: value('sha256'),
      inArea: inArea('householdPhotos', id),
      title: describe('householdPhotos', id),
    };
  };
  const photos = checkPhotos(body, photoRecord);
  for (const text of photos.refusals) refuse('photo', text);
  if (violations.length) {
    const [v] = violations;
    throw new SyncRefusal(
      v.check,
      `“${sender.name}”的同步包${v.text}${violations.length > 1 ? `(共 ${violations.length} 处类似问题)` : ''}。${refusalTail(sender.name)}`,
      violations.length,
    );
  }
  return { declared, photos: photos.plans };
}

function parse(v: string | null): unknown {
  try {
    return JSON.parse(v ?? 'null');
  } catch {
    return undefined;
  }
}

/** A column as stored and a value as a change carries it: equal when they say the same. */
function sameStored(stored: unknown, value: unknown): boolean {
  return (stored ?? null) === (value ?? null) || JSON.stringify(stored ?? null) === JSON.stringify(value ?? null);
}
