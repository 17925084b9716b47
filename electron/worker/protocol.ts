import type { ApiErrorBody, Envelope } from '../../shared/api/errors';
import type { DesktopHost, Session } from '../api/types';
import type { BackupInfo } from '../backup/service';

/*
 * The messages between the process that serves the UI (client.ts: Electron's main process, the HTTP bridge)
 * and the store worker (host.ts). One contract call is one `call` message and one `result`; a long job's
 * progress travels as `progress` messages meanwhile, and its cancellation as a flag in shared memory.
 */

/** What the worker is started with (its workerData): plain data only, it is copied into the thread. */
export interface StoreOptions {
  /** Folder of ledger.sqlite, photos, keys and backups. */
  dataDir: string;
  resources?: string;
  /** The serving process can open print previews and save dialogs (Electron); the browser bridge cannot. */
  desktop: boolean;
  /** Electron: a backup at start and one a day, as the desktop app has always made. */
  backups: boolean;
  /** Put this backup in place of a damaged ledger.sqlite first (the clerk chose it), keeping the damaged file. */
  recoverFrom?: string;
  /** A restart after the worker crashed: the logins of the windows are handed over, no check at start. */
  restart?: boolean;
  sessions?: [string, Session][];
  /** Development: log statements slower than this many ms to <dataDir>/logs/slow-queries.log. */
  slowQueryMs?: number | null;
}

/** The outcome of the background check of the whole file (PRAGMA quick_check on its own connection). */
export interface DataCheckResult {
  ok: boolean;
  /** For the clerk, in Chinese. */
  message: string;
  /** The newest backup that passes its own check, offered for a guided restore when the file is damaged. */
  goodBackup: BackupInfo | null;
}

export type HostOp = keyof DesktopHost;

export type ToWorker =
  | { type: 'call'; id: number; session: string; method: unknown; input: unknown; jobId?: string; cancel?: SharedArrayBuffer }
  | { type: 'end-session'; session: string }
  | { type: 'host-reply'; id: number; ok: true; value: unknown }
  | { type: 'host-reply'; id: number; ok: false; message: string }
  | { type: 'data-check'; result: DataCheckResult }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; checkedAtStart: boolean; openMs: number }
  | { type: 'failed'; error: ApiErrorBody; goodBackup: BackupInfo | null }
  | { type: 'result'; id: number; envelope: Envelope<unknown>; session: Session | null }
  | { type: 'progress'; jobId: string; progress: unknown }
  | { type: 'host'; id: number; op: HostOp; args: unknown[] }
  | { type: 'closed' };

/** The marker of a running program: left behind by a crash or a power cut, it makes the next start check the file. */
export const RUNNING_MARKER = 'ledger.running';
