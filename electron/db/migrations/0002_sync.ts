import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0002_sync';

/**
 * What offline exchange between offices needs (spec §9): the HLC each change was made on top of (so a
 * receiver can tell a concurrent edit from a later one), the packages sent and received, acknowledgements,
 * and the conflicts kept for a person to confirm or reverse.
 */
export function up(db: Database): void {
  db.exec(`
ALTER TABLE change_log ADD COLUMN baseHlc TEXT;

CREATE TABLE sync_outbox (
  packageId TEXT PRIMARY KEY NOT NULL,
  receiverId TEXT NOT NULL REFERENCES offices(id),
  createdAt TEXT NOT NULL,
  fromSeq INTEGER NOT NULL,
  toSeq INTEGER NOT NULL,
  changeCount INTEGER NOT NULL,
  full INTEGER NOT NULL DEFAULT 0,
  ackedAt TEXT
);
CREATE INDEX sync_outbox_receiver ON sync_outbox(receiverId, createdAt);

CREATE TABLE sync_inbox (
  packageId TEXT PRIMARY KEY NOT NULL,
  senderId TEXT NOT NULL REFERENCES offices(id),
  createdAt TEXT NOT NULL,
  importedAt TEXT NOT NULL,
  importedBy TEXT,
  changeCount INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  conflicts INTEGER NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX sync_inbox_sender ON sync_inbox(senderId, importedAt);

CREATE TABLE sync_conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  detectedAt TEXT NOT NULL,
  packageId TEXT,
  entity TEXT NOT NULL,
  recordId TEXT NOT NULL,
  field TEXT NOT NULL,
  appliedValue TEXT,
  appliedHlc TEXT NOT NULL,
  appliedOffice TEXT NOT NULL,
  otherValue TEXT,
  otherHlc TEXT NOT NULL,
  otherOffice TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept','restored')),
  resolvedBy TEXT,
  resolvedAt TEXT,
  UNIQUE (entity, recordId, field, appliedHlc, otherHlc)
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(status, detectedAt);
`);
}
