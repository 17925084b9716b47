import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { newestGoodBackup } from '../backup/startup';
import type { DataCheckResult } from './protocol';

/*
 * The background check of the whole database file, on its own thread and its own read-only connection, so
 * neither the window nor the store worker waits for it (PRAGMA quick_check reads every page: seconds at city
 * scale). WAL lets it read a consistent snapshot while the store keeps writing.
 */
const { file, dataDir } = workerData as { file: string; dataDir: string };

export type CheckOutcome = (DataCheckResult & { ino: number }) | { retry: string };

function check(): CheckOutcome {
  const ino = statSync(file).ino;
  let problem: string | null;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const r = db.pragma('quick_check', { simple: true }) as string;
      problem = r === 'ok' ? null : r;
    } finally {
      db.close();
    }
  } catch (e) {
    const msg = (e as Error).message;
    // Only what SQLite says of the file counts as damage; anything else (the file held by another program)
    // is no finding, and the check is tried again later.
    if (!/malformed|corrupt|not a database/i.test(msg)) return { retry: msg };
    problem = msg;
  }
  if (!problem) return { ok: true, message: '数据库文件检查通过。', goodBackup: null, ino };
  let goodBackup = null;
  try {
    goodBackup = newestGoodBackup(dataDir);
  } catch {
    // No usable backup folder: the message below says what to do without one.
  }
  return {
    ok: false,
    message: goodBackup
      ? `请用最近的完好备份(${goodBackup.createdAt},${goodBackup.reason})恢复:桌面版会提示恢复;浏览器模式请重新启动程序,启动时会再次检查并引导恢复。损坏的文件会保留。`
      : '没有找到完好的备份。请不要继续录入,尽快联系技术支持;损坏的文件保持原样。',
    goodBackup,
    ino,
  };
}

parentPort?.postMessage(check());
