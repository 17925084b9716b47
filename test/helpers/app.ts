import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, CallContext } from '../../electron/api/types';
import { LedgerApp } from '../../electron/app';
import type { Actor } from '../../electron/records/actor';
import { setPasswordCostForTests } from '../../electron/system/passwords';
import { setup } from '../../electron/system/service';

// Hundreds of offices and users are set up across the unit tests: at the shipped scrypt cost (N = 2^17) that
// is minutes of hashing. Hashes carry their cost; test/unit/auth-lockout.test.ts tests the shipped one.
setPasswordCostForTests(1 << 10);

export const FENGHUANG = '420704001000'; // 鄂城区 凤凰街道
export const GULOU = '420704002000'; // 鄂城区 古楼街道 (another township of the same district)

export function tempDir(prefix = 'ledger-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real app on a real SQLite file in a fresh folder, set up as a township office with an admin. */
export async function makeApp(
  opts: { level?: 'township' | 'district' | 'city'; divisionCode?: string; now?: () => number; name?: string } = {},
) {
  const dir = tempDir();
  const app = new LedgerApp({ dataDir: dir, now: opts.now });
  const user = await setup(app, {
    office: { level: opts.level ?? 'township', divisionCode: opts.divisionCode ?? FENGHUANG, name: opts.name ?? '测试民政办' },
    admin: { username: 'admin', displayName: '王管理', password: 'Admin12345' },
  });
  const actor: Actor = { userId: user.id, userName: user.displayName, role: user.role };
  const session: Session = { user, lastActive: app.now() };
  const ctx: CallContext = { app, session };
  return {
    app,
    actor,
    ctx,
    dir,
    cleanup() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, for "nothing changed" assertions. */
export function dumpDb(app: LedgerApp, opts: { except?: string[] } = {}): string {
  const tables = (
    app.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).filter((t) => !opts.except?.includes(t.name));
  return JSON.stringify(tables.map((t) => [t.name, app.store.sqlite.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
}
