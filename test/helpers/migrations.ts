import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { MIGRATIONS } from '../../electron/db/migrations';
import { tempDir } from './app';

/**
 * For a migration's before/after test: a real database file migrated up to (not including) the named
 * migration, open for the test to write the "before" rows. The folder is removed after the test.
 */
export function databaseBefore(migration: string): { file: string; db: Database.Database } {
  const index = MIGRATIONS.findIndex((m) => m.name === migration);
  if (index < 0) throw new Error(`no migration ${migration}`);
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'ledger.sqlite');
  const db = new Database(file);
  migrate(db, { migrations: MIGRATIONS.slice(0, index) });
  return { file, db };
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
