import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { APP_VERSION } from '../version';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrateOptions {
  /** Called once before the first pending migration runs (the backup hook). */
  beforeMigrate?: (pending: readonly string[], db: Database) => void;
  migrations?: readonly Migration[];
}

/**
 * Brings the database up to this app's schema. Each migration runs in its own transaction together with
 * its row in schema_migrations. A database that has a migration this app does not know was written by a
 * newer version: it is refused before anything is written, so the newer app can still open it.
 */
export function migrate(db: Database, opts: MigrateOptions = {}): { applied: string[] } {
  const migrations = opts.migrations ?? MIGRATIONS;
  const applied = assertNotNewer(db, migrations);
  const done = new Set(applied.map((r) => r.name));
  const pending = migrations.filter((m) => !done.has(m.name));
  if (pending.length === 0) return { applied: [] };
  // A database that already holds data is backed up before its schema changes.
  if (applied.length > 0)
    opts.beforeMigrate?.(
      pending.map((m) => m.name),
      db,
    );
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY NOT NULL, appliedAt TEXT NOT NULL, appVersion TEXT NOT NULL)',
  );
  const record = db.prepare('INSERT INTO schema_migrations (name, appliedAt, appVersion) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      record.run(m.name, new Date().toISOString(), APP_VERSION);
      db.pragma(`user_version = ${migrations.indexOf(m) + 1}`);
    })();
  }
  return { applied: pending.map((m) => m.name) };
}

/**
 * Reads (never writes) which migrations the file has. Throws DB_NEWER when the file knows a migration this
 * app does not: called before any pragma that would change the file.
 */
export function assertNotNewer(db: Database, migrations: readonly Migration[] = MIGRATIONS): { name: string; appVersion: string }[] {
  const known = new Set(migrations.map((m) => m.name));
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const hasTable = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const applied = hasTable
    ? (db.prepare('SELECT name, appVersion FROM schema_migrations').all() as { name: string; appVersion: string }[])
    : [];
  const unknown = applied.filter((r) => !known.has(r.name));
  if (unknown.length > 0 || userVersion > migrations.length) {
    const by = unknown
      .map((r) => r.appVersion)
      .sort()
      .pop();
    throw new AppError(
      'DB_NEWER',
      `这个数据库是由更新版本的养老服务台账${by ? `(${by})` : ''}保存的,当前版本 ${APP_VERSION} 无法安全打开它。` +
        '请安装相同或更新版本的程序后再打开。数据库没有被改动。',
    );
  }
  return applied;
}
