import type { SyncRunner } from '../db/run';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { decodeHlc, encodeHlc, receive, tick, type HlcState } from './hlc';

/** The office's persistent HLC, kept in `meta` so it survives restarts and never runs backwards. */
export class Clock {
  private state: HlcState;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly run: SyncRunner,
    readonly node: string,
    private readonly now: () => number = Date.now,
  ) {
    const row = run.first(db.selectFrom('meta').select('value').where('key', '=', 'hlc'));
    this.state = row ? decodeHlc(row.value) : { wall: 0, counter: 0 };
  }

  /** A new timestamp for a local write; persisted in the caller's transaction. */
  next(): string {
    this.state = tick(this.state, this.now());
    const hlc = encodeHlc(this.state, this.node);
    this.save(hlc);
    return hlc;
  }

  // Every record written saves the clock: a prepared statement, not a Kysely query compiled each time.
  private saveStatement?: ReturnType<SyncRunner['sqlite']['prepare']>;
  private save(hlc: string): void {
    this.saveStatement ??= this.run.sqlite.prepare(
      "INSERT INTO meta (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.saveStatement.run(hlc);
  }

  /**
   * After importing another office's changes: later local edits must sort after everything seen. Never
   * beyond `boundMs` ahead of this PC's clock: a package stamped further ahead is held back before it gets
   * here (./quarantine), and this is the last line that keeps a wrong or hostile clock from poisoning ours.
   * Without a bound only for this office's own history (a restored backup must not run the clock back).
   */
  observe(remote: HlcState, boundMs = Number.POSITIVE_INFINITY): void {
    if (remote.wall > this.now() + boundMs) throw new Error('refusing to move the clock beyond the bound');
    this.state = receive(this.state, remote, this.now());
    this.save(encodeHlc(this.state, this.node));
  }

  /** How far this office's clock (the newest timestamp it gave or saw) is ahead of the PC's clock, in ms. */
  aheadOfWallMs(): number {
    return this.state.wall - this.now();
  }

  /** Starts the clock again from `wall` (timestamps this office gave were re-stamped, ./clockRepair). In the caller's transaction. */
  resetTo(wall: number): void {
    this.state = { wall, counter: 0 };
    this.save(encodeHlc(this.state, this.node));
  }

  /** The PC's clock, as this clock reads it. */
  wallNow(): number {
    return this.now();
  }

  /** Reload after a rolled-back transaction so the in-memory clock matches the database. */
  reload(): void {
    const row = this.run.first(this.db.selectFrom('meta').select('value').where('key', '=', 'hlc'));
    this.state = row ? decodeHlc(row.value) : { wall: 0, counter: 0 };
  }
}
