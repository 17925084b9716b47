import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { MIGRATIONS } from '../../electron/db/migrations';
import { openStore } from '../../electron/db/open';
import { APP_VERSION } from '../../electron/version';
import { LedgerApp } from '../../electron/app';
import { listBackups } from '../../electron/backup/service';
import { ENTITIES } from '../../shared/domain/entities';
import { tempDir } from '../helpers/app';

const dirs: string[] = [];
function freshFile(): string {
  const d = tempDir();
  dirs.push(d);
  return join(d, 'ledger.sqlite');
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_xinfo("${table}")`).all() as { name: string }[]).map((c) => c.name);
}

describe('migrations', () => {
  it('creates every table on an empty file, records each migration and sets user_version', () => {
    const store = openStore(freshFile());
    const names = (store.sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(MIGRATIONS.map((m) => m.name));
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    store.close();
  });

  it('has a column for every field of every record type (declarations and schema agree)', () => {
    const store = openStore(freshFile());
    for (const e of Object.values(ENTITIES)) {
      const cols = columns(store.sqlite, e.table);
      for (const f of Object.keys(e.fields)) expect(cols, `${e.table}.${f}`).toContain(f);
      for (const meta of ['id', 'officeId', 'townshipCode', 'createdAt', 'updatedAt', 'deletedAt', 'hlc', 'warnings'])
        expect(cols).toContain(meta);
    }
    store.close();
  });

  it('is idempotent: reopening applies nothing and keeps data', () => {
    const file = freshFile();
    const a = openStore(file);
    a.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    a.close();
    const b = openStore(file);
    expect(migrate(b.sqlite).applied).toEqual([]);
    expect(b.sqlite.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    b.close();
  });

  it('upgrades from every earlier version, keeping the data written before', () => {
    for (let upto = 0; upto < MIGRATIONS.length; upto++) {
      const file = freshFile();
      const db = new Database(file);
      migrate(db, { migrations: MIGRATIONS.slice(0, upto + 1) });
      db.prepare("INSERT INTO settings (key, value) VALUES ('before', ?)").run(String(upto));
      db.close();
      const store = openStore(file);
      expect(store.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(store.sqlite.prepare("SELECT value FROM settings WHERE key = 'before'").get()).toEqual({ value: String(upto) });
      store.close();
    }
  });

  it('runs the backup hook before migrating a database that holds data, never for a new file or when nothing is pending', () => {
    const calls: string[][] = [];
    openStore(freshFile(), { beforeMigrate: (p) => calls.push([...p]) }).close(); // new, empty file: nothing to back up
    expect(calls).toEqual([]);
    const file = freshFile();
    const db = new Database(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 1) });
    db.close();
    openStore(file, { beforeMigrate: (p) => calls.push([...p]) }).close();
    expect(calls).toEqual([MIGRATIONS.slice(1).map((m) => m.name)]);
    openStore(file, { beforeMigrate: (p) => calls.push([...p]) }).close(); // up to date: no second call
    expect(calls).toHaveLength(1);
  });

  it('a LedgerApp backs the database up before migrating it', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = new Database(join(dir, 'ledger.sqlite'));
    migrate(db, { migrations: MIGRATIONS.slice(0, 1) });
    db.close();
    const app = new LedgerApp({ dataDir: dir });
    app.close();
    expect(listBackups(dir).map((b) => b.reason)).toEqual(['升级数据库前']);
  });

  it('0002_sync keeps existing change-log rows and adds the sync tables', () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 1) });
    db.prepare(
      "INSERT INTO change_log (entity, recordId, field, value, hlc, officeId) VALUES ('facilities', 'r1', 'name', '\"甲\"', 'h1', 'o1')",
    ).run();
    db.close();
    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT field, value, baseHlc FROM change_log').all()).toEqual([
      { field: 'name', value: '"甲"', baseHlc: null },
    ]);
    for (const t of ['sync_outbox', 'sync_inbox', 'sync_conflicts'])
      expect(store.sqlite.prepare('SELECT name FROM sqlite_master WHERE name = ?').get(t)).toBeTruthy();
    store.close();
  });

  it('rolls a failing migration back completely', () => {
    const file = freshFile();
    const db = new Database(file);
    const broken = [
      ...MIGRATIONS,
      {
        name: '9999_broken',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE half_done (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, { migrations: broken })).toThrow('boom');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare("SELECT count(*) AS n FROM schema_migrations WHERE name = '9999_broken'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer version, in Chinese, without touching the file', () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (name, appliedAt, appVersion) VALUES ('0999_future', '2030-01-01', '9.0.0')").run();
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    let err: unknown;
    try {
      openStore(file);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'DB_NEWER' });
    expect((err as Error).message).toContain('更新版本');
    expect((err as Error).message).toContain('9.0.0');
    expect((err as Error).message).toContain(APP_VERSION);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('refuses a file that is not a database, leaving it as it was', () => {
    const file = freshFile();
    writeFileSync(file, 'this is not sqlite '.repeat(300));
    const before = readFileSync(file);
    expect(() => openStore(file)).toThrow(/损坏|不是本程序/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('0003_list_indexes keeps households and answers last-4 phone searches from an index', () => {
    const file = freshFile();
    const db = new Database(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 2) });
    db.prepare(
      `INSERT INTO households (id, officeId, townshipCode, createdAt, updatedAt, hlc, name, idCard, phone, projectYear, status)
       VALUES ('h1', 'o', '420704001000', 't', 't', 'h', '李四', '11010519491231002X', '13812345678', 2025, '申请')`,
    ).run();
    // Enough other households that the statistics taken at open make an index worth more than a scan.
    const more = db.prepare(
      `INSERT INTO households (id, officeId, townshipCode, createdAt, updatedAt, hlc, name, idCard, phone, projectYear, status) VALUES (?, 'o', '420704001000', 't', 't', 'h', '某某', ?, ?, 2025, '申请')`,
    );
    for (let k = 0; k < 300; k++) more.run(`x${k}`, `42070419500101${String(k).padStart(4, '0')}`, `1390000${String(k).padStart(4, '0')}`);
    db.close();
    const store = openStore(file);
    expect(store.sqlite.prepare("SELECT name, idCardLast4, phoneLast4 FROM households WHERE id = 'h1'").all()).toEqual([
      { name: '李四', idCardLast4: '002X', phoneLast4: '5678' },
    ]);
    const plan = store.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM households WHERE idCardLast4 = '5678' OR phoneLast4 = '5678'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/households_phone_last4/);
    store.close();
  });

  it('refuses a damaged database at start (quick_check) without writing to it', () => {
    const file = freshFile();
    const a = openStore(file);
    a.sqlite.exec(
      'CREATE TABLE filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(400)) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) SELECT i FROM c);',
    );
    a.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    a.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, bytes.length - 200_000, bytes.length - 150_000); // clobber pages near the end
    writeFileSync(file, bytes);
    let err: unknown;
    try {
      openStore(file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'DB_CORRUPT' });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});
