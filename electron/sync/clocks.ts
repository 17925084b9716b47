import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import type { ClockNote, OwnClock } from '../../shared/sync/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';
import type { Body, Manifest } from './format';
import { decodeHlc } from './hlc';
import { self } from './offices';

/*
 * Clocks (issue 13, docs/sync.md "Clocks"). An office PC's date may be years off, by accident or on purpose.
 * A change stamped far ahead would win every later edit on its field everywhere, and moving this office's
 * clock there would make every later local edit carry that stamp too. So a package whose changes lie more
 * than a bound (setting syncClockBoundHours, 24 h by default) ahead of this PC's clock is held back whole
 * (./quarantine), never applied nor let near the clock; the office whose clock was wrong puts its date right
 * and re-stamps its own changes (repairClock below), and its next package replaces the held one.
 */

/** No office PC's date can be earlier than when this version was made: such a date is wrong for certain. */
export const EARLIEST_PLAUSIBLE = Date.UTC(2026, 0, 1);
/** A package made this long before it is imported says that one of the two clocks is probably wrong. */
export const BEHIND_NOTE_MS = 30 * 86400_000;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function clockBoundMs(app: LedgerApp): number {
  return app.settings().syncClockBoundHours * HOUR;
}

/** "约 73 年", "约 3 天", "约 5 小时": how far apart two clocks are, as a clerk would say it. */
export function aboutDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 365 * DAY) return `约 ${Math.round(a / (365.25 * DAY))} 年`;
  if (a >= 60 * DAY) return `约 ${Math.round(a / (30.44 * DAY))} 个月`;
  if (a >= 2 * DAY) return `约 ${Math.round(a / DAY)} 天`;
  return `约 ${Math.max(1, Math.round(a / HOUR))} 小时`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** How far a package's stamps lie ahead of this PC's clock: its newest change, and when it says it was made. */
export function aheadOf(
  app: LedgerApp,
  manifest: Manifest,
  body: Body,
): { latestWall: number | null; aheadMs: number; madeAheadMs: number } {
  let latest: string | null = null;
  for (const c of body.changes) if (!latest || c.hlc > latest) latest = c.hlc;
  const now = app.now();
  const latestWall = latest ? decodeHlc(latest).wall : null;
  const made = Date.parse(manifest.createdAt);
  return {
    latestWall,
    aheadMs: latestWall === null ? 0 : latestWall - now,
    madeAheadMs: Number.isFinite(made) ? made - now : 0,
  };
}

/** The message of a held package: whose clock is wrong, in which direction, and what each side should do. */
export function holdMessage(senderName: string, latestWall: number, now: number): string {
  return (
    `“${senderName}”的同步包已暂存,没有导入:其中的修改时间最晚为 ${minute(latestWall)},比本机时间(${minute(now)})晚${aboutDuration(latestWall - now)}。` +
    `很可能是“${senderName}”电脑的日期设快了;如果照此导入,本单位此后的修改都会排在这些修改之前而无法生效。` +
    `请对方把电脑日期改正后,在“数据交换”页点“校正时间戳”,再重新导出同步包;新的同步包导入后,这个暂存的包自动作废,对方的修改不会丢失。` +
    `如果是本机的日期慢了,请改正本机日期后,在“暂存的同步包”中点“重新检查”。没有导入任何数据,也没有生成回执。`
  );
}

/** Keeps how a sender's clock looked in the package just taken (applied or held). In the caller's transaction. */
export function notePeerClock(app: LedgerApp, senderId: string, manifest: Manifest, ahead: ReturnType<typeof aheadOf>): void {
  const bound = clockBoundMs(app);
  const skew = Math.max(ahead.aheadMs, ahead.madeAheadMs);
  const direction = skew > bound ? 'ahead' : ahead.madeAheadMs < -BEHIND_NOTE_MS ? 'behind' : null;
  const row = {
    officeId: senderId,
    checkedAt: new Date(app.now()).toISOString(),
    packageMadeAt: manifest.createdAt,
    skewMs: Math.round(direction === 'behind' ? ahead.madeAheadMs : skew),
    direction,
  } as const;
  app.run.run(
    app.store.db
      .insertInto('sync_peer_clocks')
      .values(row)
      .onConflict((oc) =>
        oc.column('officeId').doUpdateSet({ checkedAt: row.checkedAt, packageMadeAt: row.packageMadeAt, skewMs: row.skewMs, direction }),
      ),
  );
}

/** Whose clock looks wrong from here, per office that sent a package. */
export function peerClockNotes(app: LedgerApp): Map<string, ClockNote> {
  const out = new Map<string, ClockNote>();
  for (const r of app.run.all(app.store.db.selectFrom('sync_peer_clocks').selectAll())) {
    if (!r.direction) continue;
    const text =
      r.direction === 'ahead'
        ? `对方电脑的时间比本机快${aboutDuration(r.skewMs)}(按对方同步包中的时间),请对方改正电脑日期后点“校正时间戳”`
        : `对方同步包的制作时间(${day(Date.parse(r.packageMadeAt))})比本机时间早${aboutDuration(r.skewMs)}:可能对方电脑的日期慢了,或这个包放了很久,也可能是本机的日期快了`;
    out.set(r.officeId, {
      direction: r.direction,
      skewMs: r.skewMs,
      about: aboutDuration(r.skewMs),
      packageMadeAt: r.packageMadeAt,
      checkedAt: r.checkedAt,
      text,
    });
  }
  return out;
}

/** This office's own clock: ahead of the PC's date (the date was once set ahead, or is now set back), or impossible. */
export function ownClock(app: LedgerApp): OwnClock {
  const now = app.now();
  const bound = clockBoundMs(app);
  const aheadMs = app.clock.aheadOfWallMs();
  const me = app.office();
  const futureChanges = me
    ? (app.store.sqlite
        .prepare('SELECT count(*) FROM change_log WHERE officeId = ? AND substr(hlc, 1, 15) > ?')
        .pluck()
        .get(me.id, String(now + bound).padStart(15, '0')) as number)
    : 0;
  const wallImplausible = now < EARLIEST_PLAUSIBLE;
  const ahead = aheadMs > bound;
  let warning: string | null = null;
  if (wallImplausible)
    warning = `电脑的日期(${day(now)})早于本程序的制作时间,肯定不对。请在系统设置中校准日期时间;校准之前,新的修改可能排在旧修改之前,收到的同步包也会被暂存。`;
  else if (ahead)
    warning =
      `本单位记录的最新时间戳(${minute(now + aheadMs)})比电脑当前时间(${minute(now)})晚${aboutDuration(aheadMs)}:电脑的日期曾被设到将来,或现在被调慢了。` +
      `请先核对电脑日期:若现在的日期正确,请在“数据交换”页点“校正时间戳”${futureChanges ? `(本单位有 ${futureChanges} 项修改需要校正,否则对方会暂存本单位的同步包)` : ''};若现在的日期不对,请先校准日期时间。`;
  return { aheadMs, futureChanges, wallImplausible, canRepair: ahead && !wallImplausible, warning };
}

/**
 * The office's PC clock was ahead and has been put right: its own changes stamped beyond now + the bound
 * (which every receiver holds back) get new stamps from the corrected clock, in their order, and new
 * sequence numbers, so the next package carries them even past an acknowledged one; what pointed at the old
 * stamps (a later edit made on top, the record's own stamp, a recorded conflict) points at the new ones.
 * The values are not touched: no edit is lost. One transaction, audited.
 */
export function repairClock(app: LedgerApp, actor: Actor): { restamped: number; edits: number } {
  const state = ownClock(app);
  if (state.wallImplausible) throw new AppError('VALIDATION', `${state.warning}没有做任何改动。`);
  if (!state.canRepair) throw new AppError('CONFLICT', '本单位的时间戳与电脑时间一致,不需要校正。没有做任何改动。');
  const me = self(app);
  const sqlite = app.store.sqlite;
  const limit = String(app.now() + clockBoundMs(app)).padStart(15, '0');
  interface Row {
    seq: number;
    entity: string;
    recordId: string;
    field: string;
    value: string | null;
    hlc: string;
    officeId: string;
    userId: string | null;
    baseHlc: string | null;
  }
  const result = app.run.tx(() => {
    const rows = sqlite
      .prepare('SELECT * FROM change_log WHERE officeId = ? AND substr(hlc, 1, 15) > ? ORDER BY hlc, seq')
      .all(me.id, limit) as Row[];
    const rest = sqlite
      .prepare('SELECT max(hlc) FROM change_log WHERE NOT (officeId = ? AND substr(hlc, 1, 15) > ?)')
      .pluck()
      .get(me.id, limit) as string | null;
    app.clock.resetTo(Math.min(rest ? decodeHlc(rest).wall : 0, app.now() + clockBoundMs(app)));
    const renamed = new Map<string, string>();
    for (const r of rows) if (!renamed.has(r.hlc)) renamed.set(r.hlc, app.clock.next());
    const del = sqlite.prepare('DELETE FROM change_log WHERE seq = ?');
    const ins = sqlite.prepare(
      'INSERT INTO change_log (entity, recordId, field, value, hlc, officeId, userId, baseHlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows) {
      del.run(r.seq);
      ins.run(r.entity, r.recordId, r.field, r.value, renamed.get(r.hlc), r.officeId, r.userId, renamed.get(r.baseHlc ?? '') ?? r.baseHlc);
    }
    const rebase = sqlite.prepare('UPDATE change_log SET baseHlc = ? WHERE baseHlc = ?');
    const conflictA = sqlite.prepare('UPDATE sync_conflicts SET appliedHlc = ? WHERE appliedHlc = ?');
    const conflictB = sqlite.prepare('UPDATE sync_conflicts SET otherHlc = ? WHERE otherHlc = ?');
    for (const [from, to] of renamed) {
      rebase.run(to, from);
      conflictA.run(to, from);
      conflictB.run(to, from);
    }
    const records = new Map<string, { entity: string; recordId: string }>();
    for (const r of rows) records.set(`${r.entity}:${r.recordId}`, r);
    for (const { entity, recordId } of records.values()) {
      const e = ENTITIES[entity as EntityName] as unknown as EntityDef | undefined;
      if (!e) continue;
      sqlite
        .prepare(`UPDATE "${e.table}" SET hlc = (SELECT max(hlc) FROM change_log WHERE entity = ? AND recordId = ?) WHERE id = ?`)
        .run(entity, recordId, recordId);
    }
    const oldest = rows[0]?.hlc;
    recordEvent(app, actor, {
      action: 'clock-repair',
      entity: 'sync',
      newValue: String(rows.length),
      note: rows.length
        ? `校正时间戳:本单位 ${renamed.size} 次修改(${rows.length} 项字段变更)的时间戳原为 ${minute(decodeHlc(oldest!).wall)} 起,已改为按现在的电脑时间重新编排;修改的内容不变,会随下一个同步包发出`
        : '校正时间戳:本单位的时钟已按现在的电脑时间重新开始',
    });
    return { restamped: rows.length, edits: renamed.size };
  });
  app.invalidate();
  return result;
}
