import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0003_list_indexes';

/**
 * Measured at city scale (npm run bench): the default "newest first" order and the 4-digit search box
 * (last 4 of a 身份证号 or phone) scanned every household. Indexes make them index lookups.
 */
export function up(db: Database): void {
  db.exec(`
ALTER TABLE households ADD COLUMN phoneLast4 TEXT GENERATED ALWAYS AS (substr(phone, -4)) VIRTUAL;
CREATE INDEX households_phone_last4 ON households(phoneLast4);
CREATE INDEX households_updated ON households(updatedAt);
CREATE INDEX facilities_updated ON facilities(updatedAt);
CREATE INDEX canteens_updated ON canteens(updatedAt);
CREATE INDEX hazards_open_deadline ON hazards(deadline, status);
`);
}
