import type { Database, Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';

/**
 * Runs Kysely-built queries synchronously on the better-sqlite3 connection. Kysely gives typed SQL;
 * running it synchronously lets a whole write (record + audit + change log) sit in one better-sqlite3
 * transaction that no other request can interleave with. Statements are cached by SQL text.
 */
export class SyncRunner {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly sqlite: Database) {}

  private prepare(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.sqlite.prepare(sql);
      this.cache.set(sql, st);
      if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value as string);
    }
    return st;
  }

  all<R>(q: Compilable<R>): R[] {
    const c = q.compile();
    const st = this.prepare(c.sql);
    return (st.reader ? st.all(...(c.parameters as unknown[])) : []) as R[];
  }

  first<R>(q: Compilable<R>): R | undefined {
    return this.all(q)[0];
  }

  run(q: Compilable<unknown>): { changes: number } {
    const c = q.compile();
    const r = this.prepare(c.sql).run(...(c.parameters as unknown[]));
    return { changes: r.changes };
  }

  /** One transaction around fn; nested calls join the outer one (better-sqlite3 uses savepoints). */
  tx<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }
}
