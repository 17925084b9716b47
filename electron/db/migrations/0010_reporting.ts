import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0010_reporting';

const RECORD = `
  id TEXT PRIMARY KEY NOT NULL,
  officeId TEXT NOT NULL,
  townshipCode TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  createdBy TEXT,
  updatedAt TEXT NOT NULL,
  updatedBy TEXT,
  deletedAt TEXT,
  hlc TEXT NOT NULL,
  warnings TEXT NOT NULL DEFAULT '[]'`;

/**
 * The reporting cycle (spec §10, issue 15): what an office submitted for a quarter (a snapshot of its figures
 * and workbook, stored in parts), the level above's decisions on it, the adjustments made after it was sent
 * (all synced records), and the adjustment windows a reviewer opens on a locked quarter (local to this office).
 * Existing data is untouched: no quarter has been submitted before this version, so none is locked.
 */
export function up(db: Database): void {
  db.exec(`
CREATE TABLE report_submissions (${RECORD},
  level TEXT NOT NULL,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL,
  kind TEXT NOT NULL,
  replacesId TEXT,
  title TEXT NOT NULL,
  officeName TEXT NOT NULL,
  submittedAt TEXT NOT NULL,
  submittedBy TEXT NOT NULL,
  note TEXT,
  contentSha256 TEXT NOT NULL,
  contentParts INTEGER NOT NULL,
  workbookSha256 TEXT NOT NULL,
  workbookParts INTEGER NOT NULL,
  workbookBytes INTEGER NOT NULL,
  workbookName TEXT NOT NULL
);
CREATE INDEX report_submissions_unit ON report_submissions(townshipCode, year, quarter, submittedAt);

CREATE TABLE report_submission_parts (${RECORD},
  submissionId TEXT NOT NULL,
  part TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX report_submission_parts_of ON report_submission_parts(submissionId, part, seq);

CREATE TABLE report_decisions (${RECORD},
  submissionId TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT,
  decidedAt TEXT NOT NULL,
  decidedBy TEXT NOT NULL,
  officeName TEXT NOT NULL
);
CREATE INDEX report_decisions_of ON report_decisions(submissionId, decidedAt);

CREATE TABLE report_adjustments (${RECORD},
  submissionId TEXT NOT NULL,
  reason TEXT NOT NULL,
  adjustedAt TEXT NOT NULL,
  adjustedBy TEXT NOT NULL,
  officeName TEXT NOT NULL,
  action TEXT NOT NULL,
  recordEntity TEXT NOT NULL,
  recordId TEXT NOT NULL,
  recordTitle TEXT,
  changes TEXT NOT NULL
);
CREATE INDEX report_adjustments_of ON report_adjustments(submissionId, adjustedAt);

CREATE TABLE report_unlocks (
  id TEXT PRIMARY KEY NOT NULL,
  unitCode TEXT NOT NULL,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL,
  reason TEXT NOT NULL,
  openedAt TEXT NOT NULL,
  openedBy TEXT NOT NULL,
  closedAt TEXT,
  closedBy TEXT
);
CREATE UNIQUE INDEX report_unlocks_open ON report_unlocks(unitCode, year, quarter) WHERE closedAt IS NULL;
`);
}
