import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { updateSettings } from '../../electron/system/users';
import { makeApp } from '../helpers/app';

/**
 * Settings are read once and kept (a job asks for them per row): what is kept must never be stale — a change
 * through this connection, through another one (the test's own, another window's worker), a failed change
 * and a caller that modifies the object it got are all seen correctly on the next read.
 */
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('settings kept between reads', () => {
  it('are read once: a thousand reads run one query', async () => {
    const t = await makeApp();
    cleanup = t.cleanup;
    const all = vi.spyOn(t.app.run, 'all');
    const reads = () => all.mock.calls.filter(([q]) => /from "settings"/.test(q.compile().sql)).length;
    t.app.invalidate(); // (setup read them already)
    for (let i = 0; i < 1000; i++) t.app.settings();
    const once = reads();
    // Without keeping them, each read is a query: the count above is of real reads.
    for (let i = 0; i < 3; i++) {
      t.app.invalidate();
      t.app.settings();
    }
    expect(reads()).toBe(once + 3);
    all.mockRestore();
    expect(once).toBe(1);
  });

  it('a change through this connection, through another, and a mutated copy: each next read is right', async () => {
    const t = await makeApp();
    cleanup = t.cleanup;
    expect(t.app.settings().licenceWarnDays).toBe(60);
    updateSettings(t.app, t.actor, { licenceWarnDays: 30 });
    expect(t.app.settings().licenceWarnDays).toBe(30);
    // A caller that changes the object it was given changes nothing kept.
    const s = t.app.settings();
    s.licenceWarnDays = 999;
    expect(t.app.settings().licenceWarnDays).toBe(30);
    // Another connection on the same file (another process, the e2e tests' own connection).
    const other = new Database(join(t.dir, 'ledger.sqlite'));
    other.prepare("INSERT INTO settings (key, value) VALUES ('licenceWarnDays', '45') ON CONFLICT(key) DO UPDATE SET value = '45'").run();
    other.close();
    expect(t.app.settings().licenceWarnDays).toBe(45);
    // A second app on the folder reads what the first wrote.
    const second = new LedgerApp({ dataDir: t.dir });
    try {
      expect(second.settings().licenceWarnDays).toBe(45);
      updateSettings(second, t.actor, { licenceWarnDays: 20 });
    } finally {
      second.close();
    }
    expect(t.app.settings().licenceWarnDays).toBe(20);
  });
});
