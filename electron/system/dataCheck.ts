import type { LedgerApp } from '../app';

/**
 * What is known of the database file's integrity. The worker does not check the whole file on the start path
 * after a clean shutdown: it opens at once and checks in the background on another thread
 * (electron/worker/dataCheck.ts); until the answer comes the state is `checking`. An app opened in-process
 * checked the file while opening (openStore's default), hence `ok`.
 */
export type DataCheckState = 'checking' | 'ok' | 'damaged';

interface DataCheck {
  state: DataCheckState;
  /** For the clerk when damaged: what is wrong and what to do. */
  message: string | null;
}

const checks = new WeakMap<LedgerApp, DataCheck>();

export function dataCheckOf(app: LedgerApp): DataCheck {
  return checks.get(app) ?? { state: 'ok', message: null };
}

export function setDataCheck(app: LedgerApp, c: DataCheck): void {
  checks.set(app, c);
}

/** After damage is found nothing is saved any more, except what logs in and out and what restores a backup. */
const ALLOWED_WHEN_DAMAGED = new Set(['session.login', 'session.logout', 'backups.restore', 'progress.cancel']);

export function writesPaused(app: LedgerApp, method: string, writes: boolean): string | null {
  const c = dataCheckOf(app);
  if (c.state !== 'damaged' || !writes || ALLOWED_WHEN_DAMAGED.has(method)) return null;
  return `数据库文件检查发现损坏,为避免进一步损坏,程序已暂停保存,这次没有做任何改动。${c.message ?? ''}`;
}

/** The line the screens show while the file is known to be damaged (SystemStatus.dataWarning). */
export function dataWarning(app: LedgerApp): string | null {
  const c = dataCheckOf(app);
  return c.state === 'damaged' ? `数据库文件检查发现损坏,为避免进一步损坏,程序已暂停保存。${c.message ?? ''}` : null;
}
