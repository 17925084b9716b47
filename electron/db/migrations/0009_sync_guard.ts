import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0009_sync_guard';

/**
 * What checking every change of a package and encrypting packages need (issue 13, issue 14 item 1):
 * - each registered office's X25519 public key from its office card (packages are encrypted to it);
 *   NULL for an office registered from an older card, which must be exchanged again;
 * - the offices a registered child declares below itself in its signed packages (a district's townships),
 *   so the city can check that a change relayed by a district comes from one of that district's offices;
 * - packages held back instead of applied (a change stamped far ahead of this PC's clock), with their
 *   bytes so they can be checked again once the wrong clock is put right, and how each was settled;
 * - each office's clock as its latest package showed it, so the status can say whose clock is wrong.
 */
export function up(db: Database): void {
  db.exec(`
ALTER TABLE offices ADD COLUMN encryptionKey TEXT;

CREATE TABLE sync_relayed_offices (
  id TEXT PRIMARY KEY NOT NULL,
  viaOfficeId TEXT NOT NULL,
  parentOfficeId TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('township','district','city')),
  divisionCode TEXT NOT NULL,
  name TEXT NOT NULL,
  firstSeenAt TEXT NOT NULL,
  lastSeenAt TEXT NOT NULL
);
CREATE INDEX sync_relayed_offices_via ON sync_relayed_offices(viaOfficeId);

CREATE TABLE sync_quarantine (
  packageId TEXT PRIMARY KEY NOT NULL,
  senderId TEXT NOT NULL,
  heldAt TEXT NOT NULL,
  heldBy TEXT,
  createdAt TEXT NOT NULL,
  fromSeq INTEGER NOT NULL,
  toSeq INTEGER NOT NULL,
  full INTEGER NOT NULL DEFAULT 0,
  changeCount INTEGER NOT NULL,
  reason TEXT NOT NULL,
  aheadMs INTEGER NOT NULL,
  latestHlc TEXT,
  bytes BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','applied','superseded','discarded')),
  settledAt TEXT,
  settledBy TEXT
);
CREATE INDEX sync_quarantine_sender ON sync_quarantine(senderId, status);

CREATE TABLE sync_peer_clocks (
  officeId TEXT PRIMARY KEY NOT NULL,
  checkedAt TEXT NOT NULL,
  packageMadeAt TEXT NOT NULL,
  skewMs INTEGER NOT NULL,
  direction TEXT CHECK (direction IN ('ahead','behind'))
);
`);
}
