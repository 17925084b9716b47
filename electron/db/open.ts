import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../shared/api/errors';
import { assertNotNewer, migrate, type MigrateOptions } from './migrate';
import type { DB } from './schema';
import { installSlowQueryLog, type SlowQueryLog } from './slowQueries';

export interface OpenOptions extends MigrateOptions {
  readonly?: boolean;
  /**
   * `PRAGMA quick_check` before anything is written (default on). It reads the whole file (90 % of the start
   * of a city-scale database), so the worker's start path turns it off after a clean shutdown and runs it in
   * the background instead (electron/worker/dataCheck.ts).
   */
  integrityCheck?: boolean;
  /** Development: log statements slower than the threshold (electron/db/slowQueries.ts). */
  slowQueryLog?: SlowQueryLog;
}

export interface Store {
  /** The raw connection: transactions, bulk prepared statements, backups. */
  readonly sqlite: Database.Database;
  /** Typed queries. Shares the same connection, so it sees the open transaction. */
  readonly db: Kysely<DB>;
  readonly file: string;
  close(): void;
}

/**
 * Opens (or creates) the store. WAL for readers during writes, foreign keys on, synchronous=FULL because an
 * office PC may lose power and a confirmed save must survive it. Migrations run before anything else.
 */
export function openStore(file: string, opts: OpenOptions = {}): Store {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { fileMustExist: false, readonly: opts.readonly ?? false });
  } catch (e) {
    console.error('[db] open failed', file, e);
    throw new AppError('DB_CORRUPT', '无法打开数据库文件:文件可能正被其他程序占用,或数据文件夹不能读写。请关闭其他程序后重新打开本程序。');
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Reading the schema fails fast on a file that is not a database; the version check only reads.
    // Both happen before any pragma that writes, so a refused file is left byte for byte as it was.
    sqlite.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    assertNotNewer(sqlite, opts.migrations);
    // A damaged file is reported, never written to: the clerk restores a backup instead (spec: nothing lost).
    if (opts.integrityCheck ?? true) {
      const check = sqlite.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw damaged(check, file);
    }
    if (!opts.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    if (!opts.readonly) {
      migrate(sqlite, opts);
      // Planner statistics. Without them SQLite takes a township or status filter for a selective one
      // (in an office's own database nearly every row is in its area) and reads the wrong index: measured
      // on the overdue-hazards list, 33 ms instead of 0.1. Sampled statistics (analysis_limit 1000 or 4000)
      // misled it the same way; exact ones cost about 1 s once on a city-scale database, and optimize
      // re-analyses a table only when it has changed a lot.
      sqlite.pragma('analysis_limit = 0');
      sqlite.pragma('optimize = 0x10002');
    }
  } catch (e) {
    sqlite.close();
    if (e instanceof AppError) throw e;
    const msg = (e as Error).message;
    if (/not a database|malformed|corrupt/i.test(msg)) {
      console.error('[db] not a database', file, msg);
      throw new AppError('DB_CORRUPT', '数据库文件已损坏或不是本程序的数据库。文件没有被改动;请用最近的完好备份恢复。');
    }
    throw e;
  }
  if (opts.slowQueryLog) installSlowQueryLog(sqlite, opts.slowQueryLog);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    sqlite,
    db,
    file,
    close() {
      if (!sqlite.open) return;
      // Refreshes the statistics of tables this session changed a lot (SQLite's advice: optimize on close).
      // Then the WAL is folded into the main file even when another connection is still open (a test's own
      // connection on the same file): a closed store leaves the main file whole, which a restore relies on.
      if (!opts.readonly)
        try {
          sqlite.pragma('optimize');
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // Statistics and the checkpoint are optimisations: never let them stop the database from closing.
        }
      sqlite.close();
    },
  };
}

/** The message for a file that fails its integrity check (at start, or in the background check). */
export function damaged(check: string, file = ''): AppError {
  // SQLite's wording is for a technician (the log); the clerk reads what happened and what to do.
  console.error('[db] quick_check', file, check);
  return new AppError(
    'DB_CORRUPT',
    '数据库文件已损坏(完整性检查没有通过)。为避免进一步损坏,程序没有改动它。请用最近的完好备份恢复,或联系技术支持。',
  );
}
