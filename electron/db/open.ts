import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../shared/api/errors';
import { assertNotNewer, migrate, type MigrateOptions } from './migrate';
import type { DB } from './schema';

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
export function openStore(file: string, opts: MigrateOptions & { readonly?: boolean } = {}): Store {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { fileMustExist: false, readonly: opts.readonly ?? false });
  } catch (e) {
    throw new AppError('DB_CORRUPT', `无法打开数据库文件 ${file}:${(e as Error).message}。请检查文件是否存在、是否被其他程序占用。`);
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Reading the schema fails fast on a file that is not a database; the version check only reads.
    // Both happen before any pragma that writes, so a refused file is left byte for byte as it was.
    sqlite.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    assertNotNewer(sqlite, opts.migrations);
    // A damaged file is reported, never written to: the clerk restores a backup instead (spec: nothing lost).
    const check = sqlite.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok')
      throw new AppError(
        'DB_CORRUPT',
        `数据库文件已损坏(${check})。为避免进一步损坏,程序没有改动它。请在“备份”中选择最近的完好备份恢复,或联系技术支持。`,
      );
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
    if (/not a database|malformed|corrupt/i.test(msg))
      throw new AppError('DB_CORRUPT', `数据库文件已损坏或不是本程序的数据库(${msg})。文件没有被改动;请从备份恢复。`);
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    sqlite,
    db,
    file,
    close() {
      if (!sqlite.open) return;
      // Refreshes the statistics of tables this session changed a lot (SQLite's advice: optimize on close).
      if (!opts.readonly)
        try {
          sqlite.pragma('optimize');
        } catch {
          // Statistics are an optimisation: never let them stop the database from closing.
        }
      sqlite.close();
    },
  };
}
