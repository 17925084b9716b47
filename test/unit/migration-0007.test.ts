import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0007_inbox_ack_seq', () => {
  it('keeps every received package as it was, with no sequence number (its acknowledgement needs a re-import)', () => {
    const { file, db } = databaseBefore('0007_inbox_ack_seq');
    db.exec(`
      INSERT INTO offices (id, level, divisionCode, name, createdAt) VALUES ('o1', 'township', '420704001000', '凤凰街道民政办', '2026-01-01T00:00:00.000Z');
      INSERT INTO sync_inbox (packageId, senderId, createdAt, importedAt, importedBy, changeCount, applied, conflicts, summary)
        VALUES ('p1', 'o1', '2026-10-01T08:00:00.000Z', '2026-10-02T09:00:00.000Z', '王管理', 12, 10, 1, '{"packageId":"p1"}');
    `);
    const before = db.prepare('SELECT * FROM sync_inbox').all();
    db.close();

    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT * FROM sync_inbox').all()).toEqual((before as object[]).map((r) => ({ ...r, toSeq: null })));
    store.sqlite.prepare("UPDATE sync_inbox SET toSeq = 42 WHERE packageId = 'p1'").run();
    expect(store.sqlite.prepare('SELECT toSeq FROM sync_inbox').pluck().get()).toBe(42);
    expect(store.sqlite.prepare("SELECT name FROM schema_migrations WHERE name = '0007_inbox_ack_seq'").get()).toBeTruthy();
    store.close();
  });
});
