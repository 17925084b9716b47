import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0008_login_lockout';

/**
 * Login lockout with backoff (issue 14.4): per user, the failed password attempts since the last successful
 * login and the moment until which the account refuses logins (ISO time, NULL when not locked). Existing
 * users start with no failures and no lock.
 */
export function up(db: Database): void {
  db.exec(`
ALTER TABLE users ADD COLUMN failedLogins INTEGER NOT NULL DEFAULT 0 CHECK (failedLogins >= 0);
ALTER TABLE users ADD COLUMN lockedUntil TEXT;
`);
}
