import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/db/migrations';
import { migrate } from '../../electron/db/migrate';
import { openStore } from '../../electron/db/open';
import { tempDir } from '../helpers/app';
import { databaseBefore } from '../helpers/migrations';

const USER = `INSERT INTO users (id, officeId, username, displayName, role, passwordHash, active, createdAt, updatedAt, lastLoginAt)
  VALUES ('u1', 'o1', 'admin', '王管理', 'admin', 'scrypt$32768$8$1$c2FsdA==$aGFzaA==', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', NULL)`;
const OFFICE = `INSERT INTO offices (id, level, divisionCode, name, createdAt) VALUES ('o1', 'township', '420704001000', '凤凰街道民政办', '2026-01-01T00:00:00.000Z')`;

describe('0008_login_lockout', () => {
  it('keeps every user as it was, with no failed logins and no lock; the columns refuse a negative count', () => {
    const { file, db } = databaseBefore('0008_login_lockout');
    db.exec(`${OFFICE}; ${USER};`);
    const before = db.prepare('SELECT * FROM users').all();
    db.close();

    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT * FROM users').all()).toEqual(
      (before as object[]).map((r) => ({ ...r, failedLogins: 0, lockedUntil: null })),
    );
    store.sqlite.prepare("UPDATE users SET failedLogins = 5, lockedUntil = '2026-12-03T10:01:00.000Z'").run();
    expect(store.sqlite.prepare('SELECT failedLogins, lockedUntil FROM users').get()).toEqual({
      failedLogins: 5,
      lockedUntil: '2026-12-03T10:01:00.000Z',
    });
    expect(() => store.sqlite.prepare('UPDATE users SET failedLogins = -1').run()).toThrow(/CHECK/);
    store.close();
  });

  it('is applied to a database that already has the later 0009 (the order of shipping is not the order of numbers)', () => {
    const dir = tempDir();
    const file = join(dir, 'ledger.sqlite');
    const db = new Database(file);
    migrate(db, { migrations: MIGRATIONS.filter((m) => m.name !== '0008_login_lockout') });
    db.exec(`${OFFICE}; ${USER};`);
    db.close();
    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT failedLogins, lockedUntil FROM users').get()).toEqual({ failedLogins: 0, lockedUntil: null });
    expect(store.sqlite.prepare("SELECT count(*) FROM schema_migrations WHERE name = '0008_login_lockout'").pluck().get()).toBe(1);
    store.close();
  });
});
