import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { ConflictRow, PeerStatus, SyncHistoryRow, ImportResult, PackageSummary } from '../../shared/sync/types';
import type { LedgerApp } from '../app';
import { MIGRATIONS } from '../db/migrations';
import type { Actor } from '../records/actor';
import { placesOf } from '../system/area';
import { APP_VERSION } from '../version';
import { collectChecklistVersions } from './checklists';
import {
  ACK_FORMAT,
  ackManifestSchema,
  bodySchema,
  decodeFile,
  encodeFile,
  MAX_PACKAGE_BYTES,
  manifestSchema,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_V1,
  sha256,
  signedBytes,
  type Body,
  type Change,
  type Manifest,
} from './format';
import { decodeHlc } from './hlc';
import { splitStoredKeys, verifySignature } from './keys';
import { isSealed, seal, sealedHeader, unseal } from './seal';
import { recordEvent } from '../system/audit';
import { DUPLICATE_OF, mergeChanges, validateBody, type MergeSummary } from './merge';
import { maskValue } from '../records/mask';
import { checkContent } from './guard';
import { jobStep } from '../system/progress';
import { aboutDuration, aheadOf, clockBoundMs, holdMessage, notePeerClock, peerClockNotes } from './clocks';
import { heldBytes, hold, markApplied, supersede } from './quarantine';
import { collectPhotos, PHOTO_LIMITS, removeFiles, writePhotos, type PhotoLimits, type PhotoPlan } from './photos';
import {
  declaredOffices,
  officesBelow,
  oldCardMessage,
  peer,
  peers,
  self,
  storeDeclaredOffices,
  officeNames,
  type Peer,
  type TreeOffice,
} from './offices';

export { exportOfficeCard, OFFICE_CARD_FORMAT, registerOffice, unregisterOffice } from './offices';

export const MIN_READER_VERSION = '0.1.0';
const SCHEMA_VERSION = MIGRATIONS.length;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/* ---------- export ---------- */

/**
 * Whose changes a package to this receiver carries (docs/sync.md, who relays what). Up: this office's own
 * and those of the offices below it, nothing else (the parent refuses any other origin). Down: everything
 * but the receiver's own (unless a full package is asked for) and the changes of the offices below the
 * receiver, which reach it from themselves and which it would refuse from above.
 */
function originFilter(app: LedgerApp, receiver: Peer, full: boolean): { sql: string; param: string } {
  if (receiver.relation === 'parent') {
    const me = self(app).id;
    return {
      sql: 'c.officeId IN (SELECT value FROM json_each(?))',
      param: JSON.stringify([me, ...officesBelow(app, me).map((o) => o.id)]),
    };
  }
  const excluded = [...officesBelow(app, receiver.id).map((o) => o.id), ...(full ? [] : [receiver.id])];
  return { sql: 'c.officeId NOT IN (SELECT value FROM json_each(?))', param: JSON.stringify(excluded) };
}

function ackedSeq(app: LedgerApp, receiverId: string): number {
  const r = app.run.first(
    app.store.db
      .selectFrom('sync_outbox')
      .select((eb) => eb.fn.max('toSeq').as('s'))
      .where('receiverId', '=', receiverId)
      .where('ackedAt', 'is not', null),
  );
  return r?.s ?? 0;
}

/**
 * A package for one registered receiver: every change since the last package that receiver acknowledged
 * (or everything, on demand), limited to the receiver's area when sending down, with the photos of changed
 * photo records. Unacknowledged changes are sent again in the next package, so a lost stick loses nothing.
 */
export function exportPackage(
  app: LedgerApp,
  actor: Actor,
  receiverId: string,
  full = false,
  /** Photos per package (tests make them small to see a package split). */
  photoLimits: PhotoLimits = PHOTO_LIMITS,
  /** progress.get reports the changes read; progress.cancel stops before anything is written. */
  jobId?: string,
): { fileName: string; bytes: Buffer; manifest: Manifest; more: boolean } {
  const me = self(app);
  const receiver = peer(app, receiverId, 'receiver');
  const fromSeq = full ? 0 : ackedSeq(app, receiverId);
  let toSeq = app.run.first(app.store.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('s')))?.s ?? 0;
  const area = receiver.relation === 'child' ? placesOf(app.store.db, app.run, receiver) : null;
  const sqlite = app.store.sqlite;
  const origins = originFilter(app, receiver, full);
  const rows = sqlite
    .prepare(
      `SELECT c.seq, c.entity, c.recordId, c.field, c.value, c.hlc, c.baseHlc, c.officeId, u.displayName AS userName
       FROM change_log c LEFT JOIN users u ON u.id = c.userId
       WHERE c.seq > ? AND c.seq <= ? AND ${origins.sql} ORDER BY c.seq`,
    )
    .all(fromSeq, toSeq, origins.param) as (Change & { seq: number })[];
  const records = new Map<string, Body['records'][number]>();
  const metaStmts = new Map<string, ReturnType<typeof sqlite.prepare>>();
  let changes: (Change & { seq: number })[] = [];
  let read = 0;
  for (const c of rows) {
    if (read++ % 1024 === 0) jobStep(app, jobId, '正在整理变更', read - 1, rows.length);
    const key = `${c.entity}:${c.recordId}`;
    let meta = records.get(key);
    if (!meta) {
      const e = ENTITIES[c.entity as EntityName] as unknown as EntityDef | undefined;
      if (!e) continue;
      let st = metaStmts.get(e.table);
      if (!st) {
        st = sqlite.prepare(`SELECT id, officeId, townshipCode, createdAt, createdBy FROM "${e.table}" WHERE id = ?`);
        metaStmts.set(e.table, st);
      }
      const r = st.get(c.recordId) as Omit<Body['records'][number], 'entity'> | undefined;
      if (!r) continue;
      meta = { entity: c.entity, ...r };
      records.set(key, meta);
    }
    if (area && !area.has(meta.townshipCode)) continue;
    changes.push({ ...c, userName: c.userName ?? null });
  }
  // Photos beyond the limits of one package (./photos): this package ends before the first that does not
  // fit, and the rest follows in the next one, once this one is acknowledged.
  const { photos, cutAt } = collectPhotos(app, changes, photoLimits);
  const more = cutAt !== null;
  if (cutAt !== null) {
    // A write travels whole: the package ends before the first change of the write that made the photo record.
    let end = cutAt;
    const { recordId, hlc } = changes[cutAt];
    while (end > 0 && changes[end - 1].recordId === recordId && changes[end - 1].hlc === hlc) end--;
    toSeq = changes[end].seq - 1;
    changes = changes.slice(0, end);
  }
  const usedRecords = new Set(changes.map((c) => `${c.entity}:${c.recordId}`));
  const checklists = collectChecklistVersions(sqlite, changes);
  const body: Body = {
    records: [...records.entries()].filter(([k]) => usedRecords.has(k)).map(([, v]) => v),
    changes: changes.map(({ seq: _seq, ...c }) => c),
    photos,
    ...(checklists.length ? { checklists } : {}),
    ...(receiver.relation === 'parent' ? { offices: declaredOffices(app) } : {}),
  };
  jobStep(app, jobId, '正在签名打包', rows.length, rows.length + 1);
  const { manifest, bytes } = writePackage(app, receiver, body, { full, fromSeq, toSeq });
  // The last safe point: the outbox row and the audit row are the export's only writes.
  jobStep(app, jobId, '正在记录', rows.length + 1, rows.length + 1);
  app.run.tx(() => {
    app.run.run(
      app.store.db.insertInto('sync_outbox').values({
        packageId: manifest.packageId,
        receiverId,
        createdAt: manifest.createdAt,
        fromSeq,
        toSeq,
        changeCount: manifest.changeCount,
        full: full ? 1 : 0,
        ackedAt: null,
      }),
    );
    recordEvent(app, actor, {
      at: manifest.createdAt,
      action: 'sync-export',
      entity: 'sync',
      recordId: manifest.packageId,
      newValue: String(manifest.changeCount),
      note: `导出同步包给 ${receiver.name}`,
    });
  });
  const stamp = manifest.createdAt.slice(0, 16).replace(/[-:T]/g, '');
  return { fileName: `同步包_${me.name}_至_${receiver.name}_${stamp}.ecsync`, bytes, manifest, more };
}

/**
 * The file for one receiver from a body: manifest (counts, hash), signature by this office. Every package
 * this office writes goes through here (the tests that play a compromised office do too, with bodies of
 * their own making: what such an office can sign, the receiver must check).
 */
export function writePackage(
  app: LedgerApp,
  receiver: Pick<Peer, 'id'>,
  body: Body,
  range: { full: boolean; fromSeq: number; toSeq: number },
): { manifest: Manifest; bytes: Buffer } {
  const me = self(app);
  const bodyText = JSON.stringify(body);
  const counts: Record<string, number> = {};
  for (const c of body.changes) counts[c.entity] = (counts[c.entity] ?? 0) + 1;
  const hlcs = body.changes.map((c) => c.hlc).sort();
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    packageId: randomUUID(),
    senderId: me.id,
    senderName: me.name,
    receiverId: receiver.id,
    schemaVersion: SCHEMA_VERSION,
    minAppVersion: MIN_READER_VERSION,
    appVersion: APP_VERSION,
    createdAt: new Date(app.now()).toISOString(),
    ...range,
    changeCount: body.changes.length,
    counts,
    hlcRange: hlcs.length ? [hlcs[0], hlcs[hlcs.length - 1]] : null,
    contentHash: sha256(bodyText),
  };
  return { manifest, bytes: sealPackage(app, receiver.id, encodeFile(manifest, app.keys.sign(signedBytes(manifest)), bodyText)) };
}

/** Encrypts a signed package file to its receiver (./seal). */
export function sealPackage(app: LedgerApp, receiverId: string, signedFile: Buffer): Buffer {
  return seal(signedFile, self(app).id, { id: receiverId, boxKey: boxKeyOf(app, receiverId) });
}

/** The X25519 key a package for this office is encrypted to; refused for an office registered from an old card. */
function boxKeyOf(app: LedgerApp, officeId: string): string {
  const row = app.run.first(app.store.db.selectFrom('offices').select(['name', 'publicKey']).where('id', '=', officeId));
  if (!row?.publicKey) throw new AppError('FORBIDDEN', '只能向已登记的上级或下级单位导出同步包。');
  const { boxKey } = splitStoredKeys(row.publicKey);
  if (!boxKey) throw new AppError('VALIDATION', oldCardMessage(row.name));
  return boxKey;
}

/**
 * The signed package file inside an encrypted one (./seal), refused in Chinese when it is for another office
 * or cannot be decrypted. Packages of the formats before encryption (plain gzip) are read as they are.
 */
export function openPackage(app: LedgerApp, bytes: Buffer): Buffer {
  if (!isSealed(bytes)) return bytes;
  if (bytes.length > MAX_PACKAGE_BYTES + 8192) throw new AppError('VALIDATION', '这个同步包文件太大(超过 512 MB),不是本程序导出的文件。');
  const header = sealedHeader(bytes);
  const me = self(app);
  if (header.senderId === me.id) throw ownPackage();
  if (header.receiverId !== me.id) throw notForThisOffice(app, header.receiverId);
  return unseal(bytes, { privateKey: app.keys.boxPrivateKey(), officeName: me.name });
}

const ownPackage = () => new AppError('VALIDATION', '这是本单位自己导出的同步包,应拷贝给对方单位导入,不用在本机导入。没有导入任何数据。');

function notForThisOffice(app: LedgerApp, receiverId: string): AppError {
  const me = self(app);
  const to = app.run.first(app.store.db.selectFrom('offices').select('name').where('id', '=', receiverId));
  return new AppError(
    'VALIDATION',
    `这个同步包是发给${to ? `“${to.name}”` : '其他单位'}的,不是发给本单位(${me.name})的,本机无法解密,也不能导入。请把它交给${to ? `“${to.name}”` : '它要发给的单位'}。没有导入任何数据。`,
  );
}

/* ---------- import ---------- */

interface Verified {
  manifest: Manifest;
  body: Body;
  sender: Peer;
  /** The offices the sender declared below itself (kept when the package is applied). */
  declared: TreeOffice[];
  /** The photos to write once the records are merged (checked, tied to their records). */
  photos: PhotoPlan[];
}

/**
 * Checks a package completely before anything is applied: format, receiver, sender, versions, signature,
 * hash, every value, and every change against what the sender may write (./guard).
 */
export function verifyPackage(app: LedgerApp, bytes: Buffer): Verified {
  const file = decodeFile(openPackage(app, bytes), '同步包');
  const fmt = (file.manifest as { format?: unknown } | null)?.format;
  if (typeof fmt === 'string' && fmt.startsWith('eldercare-ledger-sync/') && fmt !== PACKAGE_FORMAT && fmt !== PACKAGE_FORMAT_V1)
    throw new AppError('VALIDATION', '这个同步包由更新版本的养老服务台账生成,当前版本无法读取。请先升级程序再导入。没有导入任何数据。');
  const m = manifestSchema.safeParse(file.manifest);
  if (!m.success) throw new AppError('VALIDATION', '同步包的清单内容不完整或格式不对,文件可能已损坏。没有导入任何数据。');
  const manifest = m.data;
  const me = self(app);
  if (manifest.senderId === me.id) throw ownPackage();
  if (manifest.receiverId !== me.id) throw notForThisOffice(app, manifest.receiverId);
  if (manifest.schemaVersion > SCHEMA_VERSION || compareVersions(manifest.minAppVersion, APP_VERSION) > 0)
    throw new AppError(
      'VALIDATION',
      `这个同步包由更新版本(${manifest.appVersion})生成,需要 ${manifest.minAppVersion} 或更高版本才能读取,当前版本 ${APP_VERSION}。请先升级程序。没有导入任何数据。`,
    );
  const sender = peer(app, manifest.senderId, 'sender');
  if (!verifySignature(sender.publicKey, signedBytes(manifest), file.signature))
    throw new AppError(
      'VALIDATION',
      `同步包的签名与“${sender.name}”登记的公钥不符:文件可能被改动过,或不是该单位导出的。没有导入任何数据。`,
    );
  if (file.body === undefined || sha256(file.body) !== manifest.contentHash)
    throw new AppError('VALIDATION', '同步包的内容与清单中的校验值不符:文件被改动过或不完整。没有导入任何数据。请让对方重新导出。');
  let bodyRaw: unknown;
  try {
    bodyRaw = JSON.parse(file.body);
  } catch {
    throw new AppError('VALIDATION', '同步包内容无法读取。没有导入任何数据。');
  }
  const b = bodySchema.safeParse(bodyRaw);
  if (!b.success || b.data.changes.length !== manifest.changeCount)
    throw new AppError('VALIDATION', '同步包内容的格式不对或条数与清单不符。没有导入任何数据。');
  // Imported before (it passed every check then): importing it again is a no-op that only writes the
  // acknowledgement again, so its content is not checked a second time.
  if (app.run.first(app.store.db.selectFrom('sync_inbox').select('packageId').where('packageId', '=', manifest.packageId)))
    return { manifest, body: b.data, sender, declared: [], photos: [] };
  validateBody(b.data);
  const { declared, photos } = checkContent(app, sender, b.data, { legacy: manifest.format === PACKAGE_FORMAT_V1 });
  return { manifest, body: b.data, sender, declared, photos };
}

const EMPTY_MERGE: MergeSummary = { perEntity: {}, changes: 0, applied: 0, conflicts: 0, maxHlc: null };

function holdOf(app: LedgerApp, sender: Peer, ahead: ReturnType<typeof aheadOf>): NonNullable<PackageSummary['hold']> {
  const latest = ahead.latestWall ?? app.now();
  return { aheadMs: ahead.aheadMs, latestAt: new Date(latest).toISOString(), message: holdMessage(sender.name, latest, app.now()) };
}

/**
 * Checks a held package again (this PC's date was the wrong one and is now right): applied if it fits now,
 * with its acknowledgement; still held, with the same message, if not.
 */
export function retryHeld(app: LedgerApp, actor: Actor, packageId: string, hooks: { beforeApply?: () => void } = {}): ImportResult {
  return importPackage(app, actor, heldBytes(app, packageId), hooks);
}

class DryRun extends Error {
  constructor(readonly summary: MergeSummary) {
    super('dry run');
  }
}

function summaryOf(manifest: Manifest, sender: Peer, merge: MergeSummary, alreadyImported: boolean): PackageSummary {
  return {
    packageId: manifest.packageId,
    senderName: sender.name,
    createdAt: manifest.createdAt,
    full: manifest.full,
    changeCount: manifest.changeCount,
    alreadyImported,
    perEntity: Object.entries(merge.perEntity).map(([entity, c]) => ({
      entity,
      label: (ENTITIES[entity as EntityName] as unknown as EntityDef | undefined)?.label ?? entity,
      ...c,
    })),
    conflicts: merge.conflicts,
  };
}

/** What importing would do (new / updated / unchanged / conflicts per record type), changing nothing. */
export function inspectPackage(app: LedgerApp, bytes: Buffer): PackageSummary {
  const { manifest, body, sender } = verifyPackage(app, bytes);
  const done = app.run.first(app.store.db.selectFrom('sync_inbox').select('summary').where('packageId', '=', manifest.packageId));
  if (done) return { ...(JSON.parse(done.summary) as PackageSummary), alreadyImported: true };
  const ahead = aheadOf(app, manifest, body);
  const hold = ahead.aheadMs > clockBoundMs(app) ? { hold: holdOf(app, sender, ahead) } : {};
  try {
    app.run.tx(() => {
      throw new DryRun(
        mergeChanges(app.store.sqlite, body, { packageId: manifest.packageId, now: new Date().toISOString(), officeId: self(app).id }),
      );
    });
  } catch (e) {
    if (e instanceof DryRun) return { ...summaryOf(manifest, sender, e.summary, false), ...hold };
    throw e;
  }
  throw new Error('unreachable');
}

/**
 * Applies a package in one transaction (all or nothing), records it so the same package twice is a no-op,
 * advances this office's clock past every HLC it saw, and returns the acknowledgement file to carry back.
 */
export function importPackage(
  app: LedgerApp,
  actor: Actor,
  bytes: Buffer,
  /** jobId: progress.get reports the changes applied; progress.cancel rolls the whole apply back. */
  hooks: { beforeApply?: () => void; jobId?: string } = {},
): ImportResult {
  jobStep(app, hooks.jobId, '正在校验同步包', 0, 1);
  const { manifest, body, sender, declared, photos } = verifyPackage(app, bytes);
  const previous = app.run.first(
    app.store.db.selectFrom('sync_inbox').select(['summary', 'importedAt', 'toSeq']).where('packageId', '=', manifest.packageId),
  );
  // Imported by a version that did not keep the number its acknowledgement needs: keep it now, so the
  // acknowledgement can be saved again from the history like any other.
  if (previous && previous.toSeq == null)
    app.run.run(app.store.db.updateTable('sync_inbox').set({ toSeq: manifest.toSeq }).where('packageId', '=', manifest.packageId));
  if (previous)
    return {
      summary: { ...(JSON.parse(previous.summary) as PackageSummary), alreadyImported: true },
      ack: makeAck(app, manifest, previous.importedAt),
    };
  const ahead = aheadOf(app, manifest, body);
  const bound = clockBoundMs(app);
  if (ahead.aheadMs > bound) {
    // Stamped too far ahead of this PC's clock: held back whole, never applied nor let near the clock.
    const latestHlc = body.changes.reduce<string | null>((a, c) => (!a || c.hlc > a ? c.hlc : a), null);
    app.run.tx(() => {
      hold(app, actor, { manifest, bytes, senderId: sender.id, aheadMs: ahead.aheadMs, latestHlc });
      notePeerClock(app, sender.id, manifest, ahead);
    });
    return { summary: { ...summaryOf(manifest, sender, EMPTY_MERGE, false), hold: holdOf(app, sender, ahead) }, ack: null };
  }
  jobStep(app, hooks.jobId, '正在备份', 0, 1);
  hooks.beforeApply?.();
  const now = new Date().toISOString();
  const written: string[] = [];
  const apply = () =>
    app.run.tx(() => {
      const onProgress = (done: number, total: number) => jobStep(app, hooks.jobId, '正在应用变更', done, total);
      const merge = mergeChanges(app.store.sqlite, body, {
        packageId: manifest.packageId,
        now,
        officeId: self(app).id,
        onProgress: hooks.jobId ? onProgress : undefined,
      });
      storeDeclaredOffices(app, sender, declared, now);
      written.push(...writePhotos(app, photos));
      notePeerClock(app, sender.id, manifest, ahead);
      markApplied(app, manifest.packageId, actor.userName);
      supersede(app, sender.id, manifest, actor.userName);
      const s = summaryOf(manifest, sender, merge, false);
      app.run.run(
        app.store.db.insertInto('sync_inbox').values({
          packageId: manifest.packageId,
          senderId: sender.id,
          createdAt: manifest.createdAt,
          importedAt: now,
          importedBy: actor.userName,
          changeCount: manifest.changeCount,
          applied: merge.applied,
          conflicts: merge.conflicts,
          summary: JSON.stringify(s),
          toSeq: manifest.toSeq,
        }),
      );
      recordEvent(app, actor, {
        at: now,
        action: 'sync-import',
        entity: 'sync',
        recordId: manifest.packageId,
        newValue: String(merge.applied),
        note: `导入 ${sender.name} 的同步包:${merge.applied} 项更新,${merge.conflicts} 项冲突`,
      });
      if (merge.maxHlc) app.clock.observe(decodeHlc(merge.maxHlc), bound);
      return s;
    });
  let summary: PackageSummary;
  try {
    summary = apply();
  } catch (e) {
    // The transaction rolled back: so do the photo files it wrote.
    removeFiles(written);
    app.clock.reload();
    throw e;
  }
  app.invalidate();
  return { summary, ack: makeAck(app, manifest, now) };
}

function makeAck(
  app: LedgerApp,
  pkg: Pick<Manifest, 'packageId' | 'senderId' | 'toSeq'>,
  importedAt: string,
): { fileName: string; bytes: Buffer } {
  const me = self(app);
  const ack = { format: ACK_FORMAT, packageId: pkg.packageId, senderId: me.id, receiverId: pkg.senderId, toSeq: pkg.toSeq, importedAt };
  // Named like the packages: who sends it back to whom, and when the package was imported.
  const to = app.run.first(app.store.db.selectFrom('offices').select('name').where('id', '=', pkg.senderId))?.name ?? '对方';
  const stamp = importedAt.slice(0, 16).replace(/[-:T]/g, '');
  return { fileName: `同步回执_${me.name}_至_${to}_${stamp}.ecack`, bytes: encodeFile(ack, app.keys.sign(signedBytes(ack))) };
}

/**
 * The acknowledgement of a package imported earlier, written again from what was kept when it was imported
 * (the first copy was lost, or the save was cancelled). It is the same file: the sender takes it once and
 * says so politely if it is imported twice.
 */
export function ackFile(app: LedgerApp, packageId: string): { fileName: string; bytes: Buffer } {
  const row = app.run.first(
    app.store.db.selectFrom('sync_inbox').select(['packageId', 'senderId', 'toSeq', 'importedAt']).where('packageId', '=', packageId),
  );
  if (!row) throw new AppError('NOT_FOUND', '本机没有导入过这个同步包,无法生成回执。请先导入对方的同步包。');
  if (row.toSeq == null)
    throw new AppError(
      'VALIDATION',
      '这个同步包是用旧版本程序导入的,无法直接重新生成回执。请再导入一次原来的同步包文件(不会重复导入数据),程序会重新生成回执。',
    );
  return makeAck(app, { packageId: row.packageId, senderId: row.senderId, toSeq: row.toSeq }, row.importedAt);
}

/** The receiver's acknowledgement: from now on the changes in that package are not sent to it again. */
export function importAck(app: LedgerApp, actor: Actor, bytes: Buffer): { packageId: string; receiverName: string } {
  const file = decodeFile(bytes, '回执');
  const m = ackManifestSchema.safeParse(file.manifest);
  if (!m.success) throw new AppError('VALIDATION', '这不是有效的同步回执文件。没有做任何改动。');
  const ack = m.data;
  const me = self(app);
  if (ack.receiverId !== me.id) throw new AppError('VALIDATION', '这个回执不是发给本单位的。没有做任何改动。');
  const from = peer(app, ack.senderId, 'sender');
  if (!verifySignature(from.publicKey, signedBytes(ack), file.signature))
    throw new AppError('VALIDATION', `回执的签名与“${from.name}”登记的公钥不符,文件可能被改动过。没有做任何改动。`);
  const sent = app.run.first(app.store.db.selectFrom('sync_outbox').selectAll().where('packageId', '=', ack.packageId));
  if (!sent || sent.receiverId !== ack.senderId || sent.toSeq !== ack.toSeq)
    throw new AppError('VALIDATION', '这个回执对应的同步包不是本单位发给该单位的。没有做任何改动。');
  if (sent.ackedAt)
    throw new AppError('CONFLICT', `这个回执已经在 ${sent.ackedAt.slice(0, 16).replace('T', ' ')} 导入过了,无需重复导入。没有做任何改动。`);
  app.run.tx(() => {
    app.run.run(app.store.db.updateTable('sync_outbox').set({ ackedAt: new Date().toISOString() }).where('packageId', '=', ack.packageId));
    recordEvent(app, actor, { action: 'sync-ack', entity: 'sync', recordId: ack.packageId, note: `${from.name} 确认已收到同步包` });
  });
  return { packageId: ack.packageId, receiverName: from.name };
}

/* ---------- status, history, conflicts ---------- */

/**
 * Changes the next package to this peer would carry: since its last acknowledgement, not made by it, and for a
 * township (or district) below us only those of records in its area, as exportPackage selects them.
 */
function pendingFor(app: LedgerApp, p: Peer): number {
  const sqlite = app.store.sqlite;
  const from = ackedSeq(app, p.id);
  const origins = originFilter(app, p, false);
  if (p.relation !== 'child')
    return sqlite
      .prepare(`SELECT count(*) FROM change_log c WHERE c.seq > ? AND ${origins.sql}`)
      .pluck()
      .get(from, origins.param) as number;
  const area = JSON.stringify([...placesOf(app.store.db, app.run, p)]);
  let n = 0;
  for (const e of Object.values(ENTITIES) as unknown as EntityDef[])
    n += sqlite
      .prepare(
        `SELECT count(*) FROM change_log c JOIN "${e.table}" r ON r.id = c.recordId WHERE c.entity = ? AND c.seq > ? AND ${origins.sql} AND r.townshipCode IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .get(e.name, from, origins.param, area) as number;
  return n;
}

export function syncStatus(app: LedgerApp): PeerStatus[] {
  const clocks = peerClockNotes(app);
  return peers(app).map((p) => {
    const sent = app.run.first(
      app.store.db
        .selectFrom('sync_outbox')
        .select((eb) => eb.fn.max('createdAt').as('at'))
        .where('receiverId', '=', p.id),
    );
    const acked = app.run.first(
      app.store.db
        .selectFrom('sync_outbox')
        .select((eb) => eb.fn.max('ackedAt').as('at'))
        .where('receiverId', '=', p.id),
    );
    const recv = app.run.first(
      app.store.db
        .selectFrom('sync_inbox')
        .select((eb) => [eb.fn.max('importedAt').as('at'), eb.fn.max('createdAt').as('made')])
        .where('senderId', '=', p.id),
    );
    return {
      id: p.id,
      name: p.name,
      level: p.level,
      divisionCode: p.divisionCode,
      relation: p.relation,
      oldCard: p.boxKey === null,
      lastSentAt: sent?.at ?? null,
      lastAckedAt: acked?.at ?? null,
      lastReceivedAt: recv?.at ?? null,
      lastPackageMadeAt: recv?.made ?? null,
      pendingChanges: pendingFor(app, p),
      clock: clocks.get(p.id) ?? null,
    };
  });
}

/** The conflicts of a received package as they stand now (the history line is read long after the import). */
function conflictText(found: number, open: number): string {
  if (!found) return '';
  if (open) return `,${open} 项冲突待确认${open < found ? `(另 ${found - open} 项已处理)` : ''}`;
  return `,${found} 项冲突已处理`;
}

const HELD_STATUS = {
  held: '未导入,等对方改正日期后重新发送',
  superseded: '已被对方之后的同步包取代',
  applied: '重新检查后已导入',
  discarded: '已作废',
} as const;

export function syncHistory(app: LedgerApp): SyncHistoryRow[] {
  const names = officeNames(app);
  const outbox = app.run.all(app.store.db.selectFrom('sync_outbox').selectAll());
  // A later package to the same office starts where the last acknowledged one ended, so its acknowledgement
  // also covers an earlier package whose own acknowledgement never came back.
  const coveredBy = (o: (typeof outbox)[number]) =>
    outbox.find((x) => x.receiverId === o.receiverId && x.ackedAt && x.createdAt > o.createdAt && x.fromSeq <= o.fromSeq);
  const openConflicts = new Map(
    app.run
      .all(
        app.store.db
          .selectFrom('sync_conflicts')
          .select((eb) => ['packageId', eb.fn.countAll<number>().as('n')])
          .where('status', '=', 'open')
          .groupBy('packageId'),
      )
      .map((r) => [r.packageId, Number(r.n)]),
  );
  const out: SyncHistoryRow[] = [
    ...outbox.map((o) => {
      const later = o.ackedAt ? undefined : coveredBy(o);
      const ack = o.ackedAt
        ? `,对方已于 ${o.ackedAt.slice(0, 10)} 确认收到`
        : later
          ? `,已由 ${later.ackedAt!.slice(0, 10)} 的回执一并确认`
          : ',尚未收到对方回执';
      return {
        at: o.createdAt,
        direction: 'out' as const,
        packageId: o.packageId,
        officeName: names.get(o.receiverId) ?? o.receiverId,
        text: `向${names.get(o.receiverId) ?? '对方'}导出同步包(${o.changeCount} 项字段变更${o.full ? ',全量' : ''})${ack}`,
      };
    }),
    ...app.run.all(app.store.db.selectFrom('sync_inbox').selectAll()).map((i) => ({
      at: i.importedAt,
      direction: 'in' as const,
      packageId: i.packageId,
      officeName: names.get(i.senderId) ?? i.senderId,
      text: `导入${names.get(i.senderId) ?? '对方'}的同步包:${i.applied} 项字段变更${conflictText(i.conflicts, openConflicts.get(i.packageId) ?? 0)}(${i.importedBy ?? ''} 操作)`,
      ackAgain: i.toSeq != null,
    })),
    ...app.run
      .all(app.store.db.selectFrom('sync_quarantine').select(['packageId', 'senderId', 'heldAt', 'changeCount', 'aheadMs', 'status']))
      .map((q) => ({
        at: q.heldAt,
        direction: 'in' as const,
        packageId: q.packageId,
        officeName: names.get(q.senderId) ?? q.senderId,
        text: `暂存${names.get(q.senderId) ?? '对方'}的同步包(${q.changeCount} 项字段变更,修改时间比本机超前${aboutDuration(q.aheadMs)}),${HELD_STATUS[q.status]}`,
      })),
  ];
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

export function listConflicts(app: LedgerApp, status: 'open' | 'all' = 'open'): ConflictRow[] {
  let q = app.store.db.selectFrom('sync_conflicts').selectAll().orderBy('id', 'desc');
  if (status === 'open') q = q.where('status', '=', 'open');
  const names = officeNames(app);
  return app.run.all(q.limit(1000)).map((c) => {
    const e = ENTITIES[c.entity as EntityName] as unknown as EntityDef | undefined;
    const row = e
      ? (app.store.sqlite.prepare(`SELECT "${e.titleField}" AS t FROM "${e.table}" WHERE id = ?`).get(c.recordId) as
          | { t: unknown }
          | undefined)
      : undefined;
    const title = row?.t == null ? '' : String(row.t);
    // A natural-key clash (./naturalKeys): the retired record, and which one stayed.
    const duplicate = c.field === '_deleted' && (c.otherValue ?? '').includes(`"field":"${DUPLICATE_OF}"`);
    return {
      ...c,
      ...(duplicate
        ? {
            appliedValue: JSON.stringify('已移入回收站(保留先录入的一条)'),
            otherValue: JSON.stringify('两个单位分别录入了同一期间的记录,请核对两条的数字'),
          }
        : {}),
      entityLabel: e?.label ?? c.entity,
      recordTitle: e?.fields[e.titleField]?.sensitive ? maskValue(e.fields[e.titleField].sensitive!, title) : title,
      fieldLabel: c.field === '_deleted' ? (duplicate ? '同一期间重复录入' : '删除') : (e?.fields[c.field]?.label ?? c.field),
      appliedOfficeName: names.get(c.appliedOffice) ?? '其他单位',
      otherOfficeName: names.get(c.otherOffice) ?? '其他单位',
      appliedAt: new Date(decodeHlc(c.appliedHlc).wall).toISOString(),
      otherAt: new Date(decodeHlc(c.otherHlc).wall).toISOString(),
    };
  });
}

/**
 * A reviewer confirms the applied value ('keep') or restores the other one ('restore'). Restoring is an
 * ordinary new edit with a new HLC, so it travels to every office like any other change.
 */
export function resolveConflict(app: LedgerApp, actor: Actor, id: number, action: 'keep' | 'restore'): ConflictRow {
  const c = app.run.first(app.store.db.selectFrom('sync_conflicts').selectAll().where('id', '=', id));
  if (!c) throw new AppError('NOT_FOUND', '没有找到这条冲突记录。');
  if (c.status !== 'open') throw new AppError('CONFLICT', '这条冲突已经处理过了。');
  app.run.tx(() => {
    if (action === 'restore') {
      const name = c.entity as EntityName;
      if (c.field === '_deleted') {
        const other = JSON.parse(c.otherValue ?? 'null') as { field?: string; value?: string } | string | null;
        // The other side is an edit of a deleted record (restore the record) or a deletion (delete it).
        if (other && typeof other === 'object') app.records.restore(name, c.recordId, actor);
        else app.records.remove(name, c.recordId, actor);
      } else {
        app.records.update(name, { id: c.recordId, patch: { [c.field]: JSON.parse(c.otherValue ?? 'null') } }, actor);
      }
    }
    app.run.run(
      app.store.db
        .updateTable('sync_conflicts')
        .set({ status: action === 'keep' ? 'kept' : 'restored', resolvedBy: actor.userName, resolvedAt: new Date().toISOString() })
        .where('id', '=', id),
    );
  });
  return listConflicts(app, 'all').find((x) => x.id === id)!;
}

/** A hash of every record's fields and tombstone: two copies that saw the same changes hash the same. */
export function stateHash(app: LedgerApp, townships?: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const e of Object.values(ENTITIES) as unknown as EntityDef[]) {
    const cols = ['id', 'townshipCode', 'deletedAt', ...Object.keys(e.fields)].map((c) => `"${c}"`).join(', ');
    for (const r of app.store.sqlite.prepare(`SELECT ${cols} FROM "${e.table}" ORDER BY id`).raw().all() as unknown[][])
      if (!townships || townships.has(r[1] as string)) parts.push(`${e.table}|${JSON.stringify(r)}`);
  }
  return sha256(parts.join('\n'));
}
