import type { Database } from 'better-sqlite3';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_sync';
import * as m0003 from './0003_list_indexes';
import * as m0004 from './0004_checklist_lineage';
import * as m0005 from './0005_hazard_list_indexes';
import * as m0006 from './0006_list_order_indexes';
import * as m0007 from './0007_inbox_ack_seq';
import * as m0008 from './0008_login_lockout';
import * as m0009 from './0009_sync_guard';
import * as m0010 from './0010_reporting';

export interface Migration {
  readonly name: string;
  up(db: Database): void;
}

/**
 * Every migration, in order. A static list (not a folder scan) so the bundled main process carries them
 * all; a name is never reused or reordered once shipped.
 */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010];
