import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0010_reporting', () => {
  it('adds the reporting cycle’s tables empty and leaves every record as it was (nothing is locked after upgrading)', () => {
    const { file, db } = databaseBefore('0010_reporting');
    db.exec(`
      INSERT INTO facilities (id, officeId, townshipCode, createdAt, updatedAt, hlc, name, type, status, bedsTotal)
        VALUES ('f1', 'o1', '420704001000', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '001735776000000-000000-n1', '凤凰敬老院', '其他', '运营', 40);
      INSERT INTO change_log (entity, recordId, field, value, hlc, officeId) VALUES ('facilities', 'f1', 'bedsTotal', '40', '001735776000000-000000-n1', 'o1');
    `);
    const before = {
      facilities: db.prepare('SELECT * FROM facilities').all(),
      changes: db.prepare('SELECT * FROM change_log').all(),
    };
    db.close();

    const store = openStore(file);
    const s = store.sqlite;
    expect(s.prepare('SELECT * FROM facilities').all()).toEqual(before.facilities);
    expect(s.prepare('SELECT * FROM change_log').all()).toEqual(before.changes);
    for (const t of ['report_submissions', 'report_submission_parts', 'report_decisions', 'report_adjustments', 'report_unlocks'])
      expect(s.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    // One open adjustment window per unit and quarter; a closed one does not count.
    const open = s.prepare(
      "INSERT INTO report_unlocks (id, unitCode, year, quarter, reason, openedAt, openedBy, closedAt) VALUES (?, '420704001000', 2025, 1, '更正', '2025-08-01T00:00:00.000Z', '赵审核', ?)",
    );
    open.run('w1', '2025-08-02T00:00:00.000Z');
    open.run('w2', null);
    expect(() => open.run('w3', null)).toThrow(/UNIQUE/);
    expect(s.prepare("SELECT name FROM schema_migrations WHERE name = '0010_reporting'").get()).toBeTruthy();
    store.close();
  });
});
