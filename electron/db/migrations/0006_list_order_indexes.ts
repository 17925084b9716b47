import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0006_list_order_indexes';

/**
 * The lists open newest first (updatedAt, or the inspection date) with the id as tie-break. The indexes of
 * 0003 had the date only, so every page sorted the ties and a deep page (households, page 500 of 30,000)
 * took 23 ms at city scale. Indexes in the exact list order over live rows let SQLite read a page straight
 * from the index: page 500 in 0.2 ms (measured, npm run bench). They replace the date-only ones.
 */
export function up(db: Database): void {
  db.exec(`
DROP INDEX households_updated;
DROP INDEX facilities_updated;
DROP INDEX canteens_updated;
CREATE INDEX households_live_updated ON households(updatedAt DESC, id) WHERE deletedAt IS NULL;
CREATE INDEX facilities_live_updated ON facilities(updatedAt DESC, id) WHERE deletedAt IS NULL;
CREATE INDEX canteens_live_updated ON canteens(updatedAt DESC, id) WHERE deletedAt IS NULL;
CREATE INDEX inspections_live_date ON inspections(inspectedOn DESC, id) WHERE deletedAt IS NULL;
`);
}
