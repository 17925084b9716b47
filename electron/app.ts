import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { todayIso } from '../shared/domain/fields';
import type { OfficeInfo } from '../shared/system/types';
import { DEFAULT_SETTINGS, type Settings } from '../shared/system/settings';
import { createBackupSync } from './backup/service';
import { openStore, type Store } from './db/open';
import type { MigrateOptions } from './db/migrate';
import { SyncRunner } from './db/run';
import { resourcesDir } from './paths';
import { Records } from './records/service';
import { Clock } from './sync/clock';
import { OfficeKeys } from './sync/keys';
import { loadReferenceData } from './system/reference';
import { areaOf } from './system/area';

export interface AppOptions extends MigrateOptions {
  /** Folder of the database and the photo folder (Electron: app.getPath('userData')). */
  dataDir: string;
  resources?: string;
  /** Injectable for tests (HLC, "today"). */
  now?: () => number;
}

/**
 * The whole main-process application without Electron: the store, the services and the office identity.
 * Electron's main.ts, the HTTP browser bridge, the seed tool and the tests all build one of these.
 */
export class LedgerApp {
  readonly store: Store;
  readonly run: SyncRunner;
  readonly clock: Clock;
  readonly records: Records;
  readonly dataDir: string;
  readonly photosDir: string;
  /** This office's signing key for sync packages (a file in the data folder, never in the database). */
  readonly keys: OfficeKeys;
  readonly now: () => number;
  private officeCache: OfficeInfo | null | undefined;
  private areaCache: ReadonlySet<string> | undefined;

  constructor(opts: AppOptions) {
    this.dataDir = opts.dataDir;
    mkdirSync(this.dataDir, { recursive: true });
    this.photosDir = join(this.dataDir, 'photos');
    this.keys = new OfficeKeys(this.dataDir);
    this.now = opts.now ?? Date.now;
    this.store = openStore(join(this.dataDir, 'ledger.sqlite'), {
      ...opts,
      beforeMigrate: (pending, db) => {
        createBackupSync(db, this.dataDir, 'migration');
        opts.beforeMigrate?.(pending, db);
      },
    });
    this.run = new SyncRunner(this.store.sqlite);
    loadReferenceData(this.store.sqlite, opts.resources ?? resourcesDir());
    this.clock = new Clock(this.store.db, this.run, this.nodeId(), this.now);
    this.records = new Records({
      db: this.store.db,
      run: this.run,
      clock: this.clock,
      officeId: () => this.requireOffice().id,
      area: () => this.area(),
      today: () => this.today(),
      settings: () => ({ licenceWarnDays: this.settings().licenceWarnDays }),
    });
  }

  today(): string {
    return todayIso(new Date(this.now()));
  }

  /** Stable id of this database copy, used as the HLC node so two offices never tie. */
  private nodeId(): string {
    const row = this.run.first(this.store.db.selectFrom('meta').select('value').where('key', '=', 'nodeId'));
    if (row) return row.value;
    const id = randomUUID().replace(/-/g, '').slice(0, 16);
    this.run.run(this.store.db.insertInto('meta').values({ key: 'nodeId', value: id }));
    return id;
  }

  office(): OfficeInfo | null {
    if (this.officeCache === undefined) {
      const row = this.run.first(
        this.store.db.selectFrom('offices').select(['id', 'level', 'divisionCode', 'name', 'parentOfficeId']).where('isSelf', '=', 1),
      );
      this.officeCache = row ?? null;
    }
    return this.officeCache;
  }

  requireOffice(): OfficeInfo {
    const o = this.office();
    if (!o) throw new Error('office not set up');
    return o;
  }

  /** Forget cached office/area after setup or a change of office data. */
  invalidate(): void {
    this.officeCache = undefined;
    this.areaCache = undefined;
  }

  area(): ReadonlySet<string> {
    if (!this.areaCache) {
      const o = this.office();
      this.areaCache = o ? areaOf(this.store.db, this.run, o) : new Set();
    }
    return this.areaCache;
  }

  settings(): Settings {
    const rows = this.run.all(this.store.db.selectFrom('settings').select(['key', 'value']));
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    return { ...DEFAULT_SETTINGS, ...stored } as Settings;
  }

  close(): void {
    this.store.close();
  }
}
