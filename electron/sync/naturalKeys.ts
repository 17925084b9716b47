import type { Database } from 'better-sqlite3';
import { decodeHlc, encodeHlc } from './hlc';

/*
 * Some record kinds allow one live record per natural key (a facility's figures for one quarter, a canteen's
 * month, a township's target for one year: partial unique indexes WHERE deletedAt IS NULL). Two offices can
 * each enter one before they hear of the other (a township enters its own 2026 target while the district's
 * is on its way). Merging both would break the index. The rule, the same at every office whatever the order
 * packages arrive in: the record created first stays; the other is retired by a deletion whose stamp and
 * value follow from the two records alone (so two offices that find the same clash make the same change,
 * which then merges as one), travels like any deletion, and is recorded as a conflict for a person to look
 * at. Nothing is lost: the retired record keeps its values under its tombstone (docs/sync.md).
 */

/** The node of a retirement's stamp: a change no clerk made, derived from the clash (checked by ./guard). */
export const NATURAL_KEY_NODE = 'natural-key';

const cache = new WeakMap<Database, Map<string, string[][]>>();

/** The natural keys of a table: the column lists of its unique indexes over live rows. */
export function naturalKeys(sqlite: Database, table: string): string[][] {
  let m = cache.get(sqlite);
  if (!m) {
    m = new Map();
    cache.set(sqlite, m);
  }
  let keys = m.get(table);
  if (!keys) {
    const indexes = sqlite
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(table) as { name: string; sql: string }[];
    keys = indexes
      .filter((i) => /^CREATE UNIQUE INDEX/i.test(i.sql) && /WHERE\s+"?deletedAt"?\s+IS\s+NULL/i.test(i.sql))
      .map((i) => (sqlite.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name));
    m.set(table, keys);
  }
  return keys;
}

/** Which of two records was created first: by creation stamp, then id. Returns true when `a` came first. */
export function createdFirst(a: { hlc: string; id: string }, b: { hlc: string; id: string }): boolean {
  return a.hlc < b.hlc || (a.hlc === b.hlc && a.id < b.id);
}

/**
 * The retirement of `loser`: a deletion stamped just after its creation or its latest deletion/restore,
 * whichever is later, with a value that follows from the stamp. Two offices derive the same change.
 */
export function retirement(loserCreated: string, loserLatestDeleted: string | null): { hlc: string; value: string } {
  const base = decodeHlc(loserLatestDeleted && loserLatestDeleted > loserCreated ? loserLatestDeleted : loserCreated);
  const hlc = encodeHlc({ wall: base.wall, counter: base.counter + 1 }, NATURAL_KEY_NODE);
  return { hlc, value: JSON.stringify(new Date(base.wall).toISOString()) };
}

export function isRetirementStamp(hlc: string): boolean {
  return hlc.endsWith(`-${NATURAL_KEY_NODE}`);
}
