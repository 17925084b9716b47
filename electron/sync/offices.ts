import { AppError } from '../../shared/api/errors';
import { OFFICE_LEVEL_LABELS, type OfficeLevel } from '../../shared/domain/enums';
import type { OfficeInfo } from '../../shared/system/types';
import type { OfficeCard } from '../../shared/sync/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { areaOf } from '../system/area';
import { recordEvent } from '../system/audit';
import { signedBytes } from './format';
import { keyType, splitStoredKeys, storedKeys, verifySignature } from './keys';
import { refusalTail, SyncRefusal } from './refusal';

/*
 * Who this office exchanges packages with, and which offices sit below whom. A district registers its
 * townships (and they it) by office cards; the city registers its districts. A district's townships are not
 * registered at the city: the district declares them in its signed packages (see declaredOffices and
 * docs/sync.md), and the city keeps what was declared in sync_relayed_offices.
 */

/** Format 2 adds the office's X25519 key (boxKey), to which packages for it are encrypted (./seal). */
export const OFFICE_CARD_FORMAT = 'eldercare-ledger-office/2';
/** Cards made before packages were encrypted: still registered (packages from it are read), none sent to it. */
export const OFFICE_CARD_FORMAT_V1 = 'eldercare-ledger-office/1';

/** Why no package can be made for an office registered from a card of format 1, and what to do. */
export const oldCardMessage = (name: string) =>
  `“${name}”是用旧版单位公钥文件登记的,其中没有加密用的公钥,不能给它导出同步包(同步包必须加密后才能拷出本机)。请对方升级程序后重新导出单位公钥文件,在“数据交换”页点“登记上级/下级单位”导入即可更新登记,不用先解除。没有导出任何数据。`;

export const LEVEL_RANK: Record<OfficeLevel, number> = { township: 0, district: 1, city: 2 };

export function self(app: LedgerApp): OfficeInfo {
  return app.requireOffice();
}

/** The public-key file an office hands to its parent or children at registration. Signed by itself. */
export function exportOfficeCard(app: LedgerApp): { fileName: string; bytes: Buffer } {
  const o = self(app);
  const publicKey = app.keys.publicKeyPem();
  const boxKey = app.keys.boxPublicKeyPem();
  const card = {
    format: OFFICE_CARD_FORMAT,
    officeId: o.id,
    level: o.level,
    divisionCode: o.divisionCode,
    name: o.name,
    publicKey,
    boxKey,
  };
  const signature = app.keys.sign(signedBytes(card));
  return { fileName: `养老台账单位公钥_${o.name}.ecoffice`, bytes: Buffer.from(JSON.stringify({ ...card, signature }, null, 2), 'utf8') };
}

function parseCard(bytes: Buffer): OfficeCard {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new AppError('VALIDATION', '这不是单位公钥文件(.ecoffice),请确认选择了对方导出的公钥文件。');
  }
  const { signature, ...card } = raw;
  const ok =
    (card.format === OFFICE_CARD_FORMAT
      ? typeof card.boxKey === 'string' && keyType(card.boxKey) === 'x25519'
      : card.format === OFFICE_CARD_FORMAT_V1) &&
    typeof card.officeId === 'string' &&
    /^[0-9a-f-]{36}$/.test(card.officeId) &&
    typeof card.level === 'string' &&
    card.level in LEVEL_RANK &&
    typeof card.divisionCode === 'string' &&
    /^\d{12}$/.test(card.divisionCode) &&
    typeof card.name === 'string' &&
    card.name.length <= 100 &&
    typeof card.publicKey === 'string' &&
    keyType(card.publicKey) === 'ed25519' &&
    typeof signature === 'string';
  if (!ok) throw new AppError('VALIDATION', '单位公钥文件内容不完整或格式不对,请让对方重新导出。');
  if (!verifySignature(card.publicKey as string, signedBytes(card), signature as string))
    throw new AppError('VALIDATION', '单位公钥文件的签名不对,文件可能被改动过。请让对方重新导出。');
  return card as unknown as OfficeCard;
}

/**
 * Registers a child office (a district registers its townships, a city its districts) or this office's
 * parent, from the public-key file it exported. Which office may send what to whom follows from this.
 */
export function registerOffice(
  app: LedgerApp,
  actor: Actor,
  bytes: Buffer,
): { office: OfficeInfo; relation: 'child' | 'parent'; notice?: string } {
  const card = parseCard(bytes);
  const me = self(app);
  if (card.officeId === me.id) throw new AppError('VALIDATION', '这是本单位自己的公钥文件,请选择上级或下级单位的文件。');
  const diff = LEVEL_RANK[card.level] - LEVEL_RANK[me.level];
  if (diff !== 1 && diff !== -1)
    throw new AppError(
      'VALIDATION',
      `只能登记直接上级或直接下级单位(本单位是${OFFICE_LEVEL_LABELS[me.level]},对方是${OFFICE_LEVEL_LABELS[card.level]})。`,
    );
  const relation = diff === -1 ? 'child' : 'parent';
  const childInfo = relation === 'child' ? { ...card, id: card.officeId, parentOfficeId: me.id } : { ...me };
  const parentInfo =
    relation === 'child'
      ? me
      : { id: card.officeId, level: card.level, divisionCode: card.divisionCode, name: card.name, parentOfficeId: null };
  const parentArea = areaOf(app.store.db, app.run, parentInfo as OfficeInfo);
  const childCode = relation === 'child' ? card.divisionCode : me.divisionCode;
  const childArea = areaOf(app.store.db, app.run, { ...(childInfo as OfficeInfo), divisionCode: childCode });
  if (![...childArea].every((c) => parentArea.has(c)) || childArea.size === 0)
    throw new AppError('VALIDATION', `“${card.name}”不在“${parentInfo.name}”的辖区内,不能登记为上下级。请核对对方的区划。`);
  app.run.tx(() => {
    const existing = app.run.first(app.store.db.selectFrom('offices').select(['id', 'publicKey']).where('id', '=', card.officeId));
    // The signing key is who the office is; a card of format 2 for the same key upgrades an old registration.
    if (existing?.publicKey && splitStoredKeys(existing.publicKey).signKey.trim() !== card.publicKey.trim())
      throw new AppError(
        'CONFLICT',
        `“${card.name}”已经登记过,且公钥与这次的不同。为安全起见没有覆盖;如对方重装了程序,请先在“上下级单位”中解除旧登记,再登记新的。`,
      );
    // One office per place: a second installation for the same township (a reinstall, a demo copy) would
    // otherwise receive that township's data, full 身份证号 included, without anyone noticing.
    const twin = peers(app).find(
      (p) => p.id !== card.officeId && (relation === 'parent' ? p.relation === 'parent' : p.divisionCode === card.divisionCode),
    );
    if (twin)
      throw new AppError(
        'CONFLICT',
        `已经登记过${relation === 'parent' ? '上级单位' : '同一区划的单位'}“${twin.name}”(另一台电脑上的程序)。同一${relation === 'parent' ? '上级' : '区划'}只能登记一个单位。如对方确实换了电脑或重装了程序,请先在“上下级单位”中解除旧登记,再登记这个文件。没有做任何改动。`,
      );
    const now = new Date().toISOString();
    const publicKey = storedKeys(card.publicKey, card.boxKey ?? null);
    if (existing) app.run.run(app.store.db.updateTable('offices').set({ name: card.name, publicKey }).where('id', '=', card.officeId));
    else
      app.run.run(
        app.store.db.insertInto('offices').values({
          id: card.officeId,
          level: card.level,
          divisionCode: card.divisionCode,
          name: card.name,
          parentOfficeId: relation === 'child' ? me.id : null,
          isSelf: 0,
          publicKey,
          createdAt: now,
        }),
      );
    if (relation === 'parent')
      app.run.run(app.store.db.updateTable('offices').set({ parentOfficeId: card.officeId }).where('id', '=', me.id));
    recordEvent(app, actor, {
      at: now,
      action: 'register-office',
      entity: 'offices',
      recordId: card.officeId,
      newValue: card.name,
      note: relation === 'child' ? '登记下级单位' : '登记上级单位',
    });
  });
  app.invalidate();
  return {
    office: {
      id: card.officeId,
      level: card.level,
      divisionCode: card.divisionCode,
      name: card.name,
      parentOfficeId: relation === 'child' ? me.id : null,
    },
    relation,
    ...(card.boxKey
      ? {}
      : {
          notice: `已登记,但这是旧版单位公钥文件:可以导入“${card.name}”的同步包,但在对方重新导出单位公钥文件并在这里导入之前,不能给它导出同步包。`,
        }),
  };
}

/**
 * Ends the exchange with a registered office (it moved to another PC, or was registered by mistake): its key
 * is forgotten, so nothing is sent to it or accepted from it any more. What it sent stays, as do the
 * packages' history; registering it again (or its new installation) is possible afterwards.
 */
export function unregisterOffice(app: LedgerApp, actor: Actor, officeId: string): { name: string } {
  const p = peers(app).find((x) => x.id === officeId);
  if (!p) throw new AppError('NOT_FOUND', '没有找到这个已登记的单位,可能已经解除。');
  app.run.tx(() => {
    app.run.run(app.store.db.updateTable('offices').set({ publicKey: null }).where('id', '=', officeId));
    if (p.relation === 'parent') app.run.run(app.store.db.updateTable('offices').set({ parentOfficeId: null }).where('isSelf', '=', 1));
    recordEvent(app, actor, {
      action: 'unregister-office',
      entity: 'offices',
      recordId: officeId,
      oldValue: p.name,
      note: `解除登记${p.relation === 'child' ? '下级' : '上级'}单位`,
    });
  });
  app.invalidate();
  return { name: p.name };
}

export interface Peer extends OfficeInfo {
  /** Its Ed25519 key (PEM): checks its signatures. */
  publicKey: string;
  /** Its X25519 key (PEM), to encrypt packages for it; null when it was registered from a card of format 1. */
  boxKey: string | null;
  relation: 'child' | 'parent';
}

export function peers(app: LedgerApp): Peer[] {
  const me = self(app);
  return app.run
    .all(
      app.store.db
        .selectFrom('offices')
        .select(['id', 'level', 'divisionCode', 'name', 'parentOfficeId', 'publicKey'])
        .where('isSelf', '=', 0),
    )
    .filter((o): o is typeof o & { publicKey: string } => !!o.publicKey && (o.parentOfficeId === me.id || me.parentOfficeId === o.id))
    .map((o) => {
      const { signKey, boxKey } = splitStoredKeys(o.publicKey);
      return { ...o, publicKey: signKey, boxKey, relation: o.parentOfficeId === me.id ? 'child' : 'parent' };
    });
}

export function peer(app: LedgerApp, id: string, role: 'receiver' | 'sender'): Peer {
  const p = peers(app).find((x) => x.id === id);
  if (!p) {
    const known = app.run.first(app.store.db.selectFrom('offices').select('name').where('id', '=', id));
    throw new AppError(
      'FORBIDDEN',
      role === 'sender'
        ? `发送这个同步包的单位${known ? `“${known.name}”` : ''}没有在本单位登记为上级或下级,不能导入。请先导入对方的单位公钥文件完成登记。`
        : '只能向已登记的上级或下级单位导出同步包。',
    );
  }
  return p;
}

/* ---------- the offices below ---------- */

/** An office below this one or below a registered child: registered here, or declared by a child. */
export interface TreeOffice {
  id: string;
  level: OfficeLevel;
  divisionCode: string;
  name: string;
  parentOfficeId: string;
}

/**
 * The offices below `officeId` as this office knows them: for this office, its registered children (also
 * those whose registration was ended, since their changes stay and travel on) and what those declared
 * below themselves; for a registered child, what it declared.
 */
export function officesBelow(app: LedgerApp, officeId: string): TreeOffice[] {
  const me = self(app);
  const relayedVia = (ids: string[]): TreeOffice[] =>
    ids.length
      ? app.run.all(
          app.store.db
            .selectFrom('sync_relayed_offices')
            .select(['id', 'level', 'divisionCode', 'name', 'parentOfficeId'])
            .where('viaOfficeId', 'in', ids),
        )
      : [];
  if (officeId !== me.id) return relayedVia([officeId]);
  const children = app.run
    .all(
      app.store.db
        .selectFrom('offices')
        .select(['id', 'level', 'divisionCode', 'name', 'parentOfficeId'])
        .where('isSelf', '=', 0)
        .where('parentOfficeId', '=', me.id),
    )
    .map((o) => ({ ...o, parentOfficeId: me.id }));
  return [...children, ...relayedVia(children.map((c) => c.id))];
}

/** What an office hands up with each package: the offices below it, so its parent can check relayed changes. */
export function declaredOffices(app: LedgerApp): TreeOffice[] {
  return officesBelow(app, self(app).id);
}

/**
 * The offices below a child sender, from what it declared in this package and before. A declaration is
 * refused when it names an office that is not the sender's to speak for: this office, its parent, another of
 * its children, an office declared by another child, or one whose area is not inside the sender's.
 */
export function checkDeclaredOffices(app: LedgerApp, sender: Peer, declared: readonly TreeOffice[]): Map<string, TreeOffice> {
  const tree = new Map(officesBelow(app, sender.id).map((o) => [o.id, o]));
  const senderArea = areaOf(app.store.db, app.run, sender);
  const knownHere = new Set(app.run.all(app.store.db.selectFrom('offices').select('id')).map((o) => o.id));
  const declaredIds = new Set(declared.map((o) => o.id));
  const otherVia = new Map(
    app.run
      .all(
        app.store.db
          .selectFrom('sync_relayed_offices')
          .innerJoin('offices', 'offices.id', 'sync_relayed_offices.viaOfficeId')
          .select(['sync_relayed_offices.id', 'offices.name'])
          .where('sync_relayed_offices.viaOfficeId', '!=', sender.id),
      )
      .map((r) => [r.id, r.name]),
  );
  const levelOf = (id: string) => (id === sender.id ? sender.level : declared.find((o) => o.id === id)?.level);
  const bad: string[] = [];
  for (const o of declared) {
    const parentLevel = levelOf(o.parentOfficeId);
    const area = areaOf(app.store.db, app.run, o);
    if (knownHere.has(o.id)) bad.push(`“${o.name}”是本单位已登记的单位`);
    else if (otherVia.has(o.id)) bad.push(`“${o.name}”已由“${otherVia.get(o.id)}”申报为其下级`);
    else if (o.parentOfficeId !== sender.id && !declaredIds.has(o.parentOfficeId)) bad.push(`“${o.name}”的上级不在其申报的单位中`);
    else if (!parentLevel || LEVEL_RANK[parentLevel] - LEVEL_RANK[o.level] !== 1)
      bad.push(`“${o.name}”(${OFFICE_LEVEL_LABELS[o.level]})不是其上级的直接下级`);
    else if (area.size === 0 || ![...area].every((c) => senderArea.has(c))) bad.push(`“${o.name}”(区划 ${o.divisionCode})不在其辖区内`);
    else tree.set(o.id, o);
  }
  if (bad.length)
    throw new SyncRefusal(
      'offices',
      `“${sender.name}”的同步包申报的下级单位有误:${bad.slice(0, 3).join(';')}${bad.length > 3 ? ` 等 ${bad.length} 处` : ''}。${refusalTail(sender.name)}`,
      bad.length,
    );
  return tree;
}

/** Keeps what a child declared (inside the import's transaction), so later packages and names can use it. */
export function storeDeclaredOffices(app: LedgerApp, sender: Peer, declared: readonly TreeOffice[], now: string): void {
  for (const o of declared)
    app.run.run(
      app.store.db
        .insertInto('sync_relayed_offices')
        .values({ ...o, viaOfficeId: sender.id, firstSeenAt: now, lastSeenAt: now })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ name: o.name, level: o.level, divisionCode: o.divisionCode, parentOfficeId: o.parentOfficeId, lastSeenAt: now }),
        ),
    );
}

/** Every office name this office knows, its own, registered and declared ones, for messages and lists. */
export function officeNames(app: LedgerApp): Map<string, string> {
  return new Map([
    ...app.run.all(app.store.db.selectFrom('sync_relayed_offices').select(['id', 'name'])).map((o) => [o.id, o.name] as const),
    ...app.run.all(app.store.db.selectFrom('offices').select(['id', 'name'])).map((o) => [o.id, o.name] as const),
  ]);
}
