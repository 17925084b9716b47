import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StoreClient } from '../electron/worker/client';
import { ok } from '../test/helpers/store';

/** The built worker bundle (out/main/worker.js, `npm run build`) when there is one: the program's real start. */
export function bundleDir(): string | undefined {
  const dir = resolve(import.meta.dirname, '../out/main');
  return existsSync(join(dir, 'worker.js')) ? dir : undefined;
}

/** Every seeded and bench-made database has admin / Admin12345. */
export function login(store: StoreClient, session: string) {
  return ok(store, session, 'session.login', { username: 'admin', password: 'Admin12345' });
}
