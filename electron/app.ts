import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { todayIso } from '../shared/domain/fields';
import type { OfficeInfo } from '../shared/system/types';
import { DEFAULT_SETTINGS, type Settings } from '../shared/system/settings';
import { createBackupSync } from './backup/service';
import { openStore, type OpenOptions, type Store } from './db/open';
import { MIGRATIONS, type Migration } from './db/migrations';
import { SyncRunner } from './db/run';
import { resourcesDir } from './paths';
import { Records } from './records/service';
import { installLock } from './reporting/lock';
import { Clock } from './sync/clock';
import { OfficeKeys } from './sync/keys';
import { loadReferenceData } from './system/reference';
import { areaOf } from './system/area';
import { makePrivateFile, restrictDataDir } from './system/permissions';

export interface AppOptions extends Pick<OpenOptions, 'beforeMigrate' | 'migrations' | 'integrityCheck' | 'slowQueryLog'> {
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
  readonly dataDir: string;
  readonly photosDir: string;
  /** This office's signing key for sync packages (a file in the data folder, never in the database). */
  readonly keys: OfficeKeys;
  readonly now: () => number;
  private officeCache: OfficeInfo | null | undefined;
  private areaCache: ReadonlySet<string> | undefined;
  private settingsCache: Settings | undefined;
  private readonly opts: AppOptions;
  /** Everything tied to one open database connection: replaced together when a backup is restored. */
  private conn!: { store: Store; run: SyncRunner; clock: Clock; records: Records; dataVersion: () => number; seen: number };

  // Read through getters so every service sees the connection opened by the latest reopenStore().
  get store(): Store {
    return this.conn.store;
  }
  get run(): SyncRunner {
    return this.conn.run;
  }
  get clock(): Clock {
    return this.conn.clock;
  }
  get records(): Records {
    return this.conn.records;
  }

  constructor(opts: AppOptions) {
    this.dataDir = opts.dataDir;
    restrictDataDir(this.dataDir);
    this.photosDir = join(this.dataDir, 'photos');
    this.keys = new OfficeKeys(this.dataDir);
    this.now = opts.now ?? Date.now;
    this.opts = opts;
    this.connect();
  }

  /** Opens ledger.sqlite (migrating it if older) and builds what hangs on that connection. */
  private connect(): void {
    const store = openStore(join(this.dataDir, 'ledger.sqlite'), {
      ...this.opts,
      beforeMigrate: (pending, db) => {
        createBackupSync(db, this.dataDir, 'migration');
        this.opts.beforeMigrate?.(pending, db);
      },
    });
    try {
      const run = new SyncRunner(store.sqlite);
      loadReferenceData(store.sqlite, this.opts.resources ?? resourcesDir());
      const clock = new Clock(store.db, run, nodeIdOf(store, run), this.now);
      const records = new Records({
        db: store.db,
        run,
        clock,
        officeId: () => this.requireOffice().id,
        area: () => this.area(),
        ownPlace: () => this.requireOffice().divisionCode,
        today: () => this.today(),
        settings: () => ({ licenceWarnDays: this.settings().licenceWarnDays }),
      });
      const dataVersion = store.sqlite.prepare('PRAGMA data_version').pluck();
      const version = () => dataVersion.get() as number;
      this.conn = { store, run, clock, records, dataVersion: version, seen: version() };
      // Domain rules every write passes, whatever screen or service makes it (the records engine names none).
      installLock(this);
      // SQLite creates its files with the umask's mode; the WAL and shared-memory files follow the database's.
      for (const ext of ['', '-wal', '-shm']) makePrivateFile(join(this.dataDir, `ledger.sqlite${ext}`));
    } catch (e) {
      store.close();
      throw e;
    }
    this.invalidate();
  }

  /**
   * Closes the database, runs `swap` while no connection holds the files (restore replaces them there),
   * then opens ledger.sqlite again, running migrations if it is older. Synchronous from start to end, so no
   * request can run in between against a closed store. If `swap` or the reopening throws, the store stays
   * closed and the caller must put the files back and call this again (electron/backup/restore.ts does).
   */
  reopenStore(swap: () => void = () => undefined): void {
    this.conn.store.close(); // a no-op when already closed (a failed reopen before)
    swap();
    this.connect();
  }

  /** The migrations this app knows: a restore refuses a backup that has more (it came from a newer app). */
  get migrations(): readonly Migration[] {
    return this.opts.migrations ?? MIGRATIONS;
  }

  today(): string {
    return todayIso(new Date(this.now()));
  }

  /**
   * What this app keeps from the database (office, area, the HLC) is re-read when another connection has
   * committed since (SQLite's data_version says so, at no cost). In the program there is one connection, the
   * worker's; a test keeps its own beside it, and each then sees the other's writes.
   */
  refreshIfChangedElsewhere(): void {
    const v = this.conn.dataVersion();
    if (v === this.conn.seen) return;
    this.conn.seen = v;
    this.invalidate();
    this.conn.clock.reload();
  }

  office(): OfficeInfo | null {
    this.refreshIfChangedElsewhere();
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
    this.settingsCache = undefined;
  }

  area(): ReadonlySet<string> {
    this.refreshIfChangedElsewhere();
    if (!this.areaCache) {
      const o = this.office();
      this.areaCache = o ? areaOf(this.store.db, this.run, o) : new Set();
    }
    return this.areaCache;
  }

  /**
   * Read once and kept until they change (updateSettings, another connection, a reopened store): a job asks
   * for them per row (an import's rules, a list's filters) and must not re-read and re-parse them each time.
   */
  settings(): Settings {
    this.refreshIfChangedElsewhere();
    if (!this.settingsCache) {
      const rows = this.run.all(this.store.db.selectFrom('settings').select(['key', 'value']));
      const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
      this.settingsCache = { ...DEFAULT_SETTINGS, ...stored } as Settings;
    }
    return { ...this.settingsCache };
  }

  close(): void {
    this.store.close();
  }
}

/** Stable id of this database copy, used as the HLC node so two offices never tie. */
function nodeIdOf(store: Store, run: SyncRunner): string {
  const row = run.first(store.db.selectFrom('meta').select('value').where('key', '=', 'nodeId'));
  if (row) return row.value;
  const id = randomUUID().replace(/-/g, '').slice(0, 16);
  run.run(store.db.insertInto('meta').values({ key: 'nodeId', value: id }));
  return id;
}
