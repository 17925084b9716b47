import type { Database } from 'better-sqlite3';

// Frozen in time: never imports application code.
export const name = '0005_hazard_list_indexes';

/**
 * The hazard lists, measured at city scale (62,000 hazards, npm run bench): the overdue list (重大 first) took
 * 34 ms, the unfiltered list 20 ms and a status filter up to 60 ms, because every one read all matching
 * hazards and sorted them by level to show 20. Indexes in the lists' order (level, then id) let SQLite walk
 * them 重大 first and stop after a page:
 * - all live hazards; per status (with deletedAt last, so 共 N 条 is counted from the index alone);
 * - the open hazards only (partial), in list order and by deadline with the township: the overdue list,
 *   its count and the dashboard's overdue figure. A partial index is used only when the query names the
 *   statuses as literals (a bound IN list cannot be matched to its WHERE), as the hazards filters do.
 * The two indexes they replace misled the planner into those sorts (measured), so they go.
 */
export function up(db: Database): void {
  db.exec(`
DROP INDEX hazards_status;
DROP INDEX hazards_open_deadline;
CREATE INDEX hazards_by_level ON hazards(level DESC, id) WHERE deletedAt IS NULL;
CREATE INDEX hazards_status_level ON hazards(status, level DESC, id, deletedAt) WHERE deletedAt IS NULL;
CREATE INDEX hazards_open_by_level ON hazards(level DESC, id) WHERE deletedAt IS NULL AND status IN ('待整改', '整改中');
CREATE INDEX hazards_open_by_deadline ON hazards(deadline, townshipCode) WHERE deletedAt IS NULL AND status IN ('待整改', '整改中');
`);
}
