import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0007_inbox_ack_seq';

/**
 * An acknowledgement names the last change of the package it answers (the sender checks it against its
 * outbox). Keeping that number with each received package lets the receiver write the acknowledgement
 * again later — from the exchange history, when the first copy was lost or never reached the USB stick —
 * without the package file. Packages received before this version have no number (NULL): for those the
 * package itself must be imported again, which is a no-op that writes the acknowledgement.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE sync_inbox ADD COLUMN toSeq INTEGER');
}
