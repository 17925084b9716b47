import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0004_checklist_lineage';

/**
 * The admin checklist editor makes a new checklist version for every change (inspections keep the version
 * they were recorded with). A version now remembers which version it was edited from (so an item retired
 * in an earlier edit can be shown and restored later), who made it and which office: versions made in one
 * office travel to others in sync packages, and the history must say where each came from. Versions that
 * were shipped with the program keep NULL in all three.
 * The index answers "how many inspections use each version" without reading every inspection.
 */
export function up(db: Database): void {
  db.exec(`
ALTER TABLE checklist_versions ADD COLUMN basedOn TEXT;
ALTER TABLE checklist_versions ADD COLUMN createdBy TEXT;
ALTER TABLE checklist_versions ADD COLUMN officeId TEXT;
CREATE INDEX inspections_checklist_version ON inspections(checklistVersion, deletedAt);
`);
}
