import type { Database, Statement } from 'better-sqlite3';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The development slow-query log (after Signal Desktop, which logs every query over its budget): every
 * statement of one connection is timed, and one taking longer than `thresholdMs` is written as a line
 * `time  ms  sql` to `file` (and to the console). Only the SQL text with its `?` placeholders is written,
 * never the values bound to it: they are 身份证号, names and phone numbers.
 *
 * How it is switched on: electron/worker/host.ts installs it for the store's connection when the worker is
 * started with `slowQueryMs` (main.ts in an unpackaged build and `npm run web`: 40 ms, or LEDGER_SLOW_QUERY_MS;
 * 0 switches it off). Packaged builds and the tests run without it unless that variable is set.
 */
export interface SlowQueryLog {
  thresholdMs: number;
  file: string;
}

const CHAINABLE = new Set(['pluck', 'raw', 'expand', 'safeIntegers', 'bind']);
const TIMED = new Set(['run', 'get', 'all']);

export function installSlowQueryLog(sqlite: Database, log: SlowQueryLog): void {
  mkdirSync(dirname(log.file), { recursive: true, mode: 0o700 });
  const write = (ms: number, sql: string) => {
    const line = `${new Date().toISOString()}  ${ms.toFixed(1)} ms  ${sql.replace(/\s+/g, ' ').trim().slice(0, 500)}\n`;
    try {
      appendFileSync(log.file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never stop a query.
    }
    console.warn(`[slow-query] ${line.trimEnd()}`);
  };
  const timed = <A extends unknown[], R>(sql: string, fn: (...a: A) => R) =>
    function (this: unknown, ...args: A): R {
      const t = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        const ms = performance.now() - t;
        if (ms > log.thresholdMs) write(ms, sql);
      }
    };

  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => wrapStatement(prepare(sql), sql)) as typeof sqlite.prepare;
  const exec = sqlite.exec.bind(sqlite);
  sqlite.exec = ((sql: string) => {
    timed(sql, exec)(sql);
    return sqlite;
  }) as typeof sqlite.exec;
  const pragma = sqlite.pragma.bind(sqlite);
  sqlite.pragma = ((source: string, options?: { simple?: boolean }) =>
    timed(`PRAGMA ${source}`, pragma)(source, options)) as typeof sqlite.pragma;

  function wrapStatement(st: Statement, sql: string): Statement {
    const proxy: Statement = new Proxy(st, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof v !== 'function' || typeof key !== 'string') return v;
        if (TIMED.has(key)) return timed(sql, (...a: unknown[]) => (v as (...x: unknown[]) => unknown).apply(target, a));
        // pluck() and the like return the statement itself: hand back the timed one.
        if (CHAINABLE.has(key))
          return (...a: unknown[]) => {
            const r = (v as (...x: unknown[]) => unknown).apply(target, a);
            return r === target ? proxy : r;
          };
        if (key === 'iterate')
          return (...a: unknown[]) => timedIterator(sql, (v as (...x: unknown[]) => IterableIterator<unknown>).apply(target, a));
        return (v as (...x: unknown[]) => unknown).bind(target);
      },
    });
    return proxy;
  }

  /** An iterated statement costs while it is read: the time spent inside next() is what counts. */
  function* timedIterator(sql: string, it: IterableIterator<unknown>): IterableIterator<unknown> {
    let spent = 0;
    try {
      while (true) {
        const t = performance.now();
        const r = it.next();
        spent += performance.now() - t;
        if (r.done) return;
        yield r.value;
      }
    } finally {
      it.return?.();
      if (spent > log.thresholdMs) write(spent, sql);
    }
  }
}
