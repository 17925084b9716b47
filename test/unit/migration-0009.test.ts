import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0009_sync_guard', () => {
  it('keeps every registered office as it was, with no encryption key yet (its card must be exchanged again)', () => {
    const { file, db } = databaseBefore('0009_sync_guard');
    db.exec(`
      INSERT INTO offices (id, level, divisionCode, name, parentOfficeId, isSelf, publicKey, createdAt)
        VALUES ('d1', 'district', '420704000000', '鄂城区民政局', NULL, 1, NULL, '2026-01-01T00:00:00.000Z'),
               ('t1', 'township', '420704001000', '凤凰街道民政办', 'd1', 0, 'PEM', '2026-01-02T00:00:00.000Z');
    `);
    const before = db.prepare('SELECT * FROM offices ORDER BY id').all();
    db.close();

    const store = openStore(file);
    try {
      expect(store.sqlite.prepare('SELECT * FROM offices ORDER BY id').all()).toEqual(
        (before as object[]).map((r) => ({ ...r, encryptionKey: null })),
      );
      // The new tables take what the sync service writes, and refuse a status it never writes.
      store.sqlite.exec(`
        INSERT INTO sync_relayed_offices (id, viaOfficeId, parentOfficeId, level, divisionCode, name, firstSeenAt, lastSeenAt)
          VALUES ('x', 't1', 't1', 'township', '420704001000', '某', 'a', 'a');
        INSERT INTO sync_peer_clocks (officeId, checkedAt, packageMadeAt, skewMs, direction) VALUES ('t1', 'a', 'b', 5, 'ahead');
        INSERT INTO sync_quarantine (packageId, senderId, heldAt, createdAt, fromSeq, toSeq, changeCount, reason, aheadMs, bytes)
          VALUES ('p', 't1', 'a', 'b', 0, 3, 3, 'clock-ahead', 100, X'00');
      `);
      expect(store.sqlite.prepare('SELECT status FROM sync_quarantine').pluck().get()).toBe('held');
      expect(() => store.sqlite.prepare("UPDATE sync_quarantine SET status = 'lost'").run()).toThrow(/CHECK/);
      expect(store.sqlite.prepare("SELECT name FROM schema_migrations WHERE name = '0009_sync_guard'").get()).toBeTruthy();
    } finally {
      store.close();
    }
  });
});
