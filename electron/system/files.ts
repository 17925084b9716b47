import { AppError } from '../../shared/api/errors';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file the clerk asked for (a PDF, a workbook, a sync package on a USB stick) so that the name never
 * points at half a file: the bytes go to a temporary file beside the target, are flushed to the disk, and
 * only then renamed over the target. A stick pulled out or a full disk leaves the old file (or none), never a
 * truncated one that looks complete.
 */
export function writeFileAtomic(target: string, bytes: Uint8Array, options: { mode?: number } = {}): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.part`);
  try {
    const fd = openSync(tmp, 'w', options.mode ?? 0o666);
    try {
      writeFileSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncPath(dirname(target));
}

/**
 * Writes a file, or a folder's entries after a rename, through to the disk. Windows cannot open a folder
 * to flush it (NTFS journals the rename itself): that case is skipped, any other failure is thrown.
 */
export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(p, 'r');
    fsyncSync(fd);
  } catch (e) {
    if (!statSync(p).isDirectory()) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file name from a document title: characters Windows refuses in names replaced, length bounded. */
export function safeFileName(title: string, ext: string): string {
  const base =
    title
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .slice(0, 80) || '文档';
  return `${base}.${ext}`;
}

/** What saving through a dialog needs: where (the dialog; undefined when cancelled) and the bytes. */
export interface SaveDeps {
  chooseFile(defaultName: string): Promise<string | undefined>;
  bytes(): Promise<Uint8Array> | Uint8Array;
}

/**
 * Asks for the file first (a cancel produces nothing), keeps the extension of the suggested name, then
 * writes atomically. Returns the path, or null when cancelled; a failure throws a Chinese message that says
 * what to try (a full stick, a write-protected one, a file open in another program).
 */
export async function saveChosenFile(defaultName: string, deps: SaveDeps): Promise<string | null> {
  const target = await deps.chooseFile(defaultName);
  if (!target) return null;
  const ext = /\.[^.\\/]+$/.exec(defaultName)?.[0] ?? '';
  const path = ext && !target.toLowerCase().endsWith(ext.toLowerCase()) ? `${target}${ext}` : target;
  try {
    writeFileAtomic(path, await deps.bytes());
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    // The system's own text (English, a path) goes to the log; the clerk reads what to try.
    console.error('[save] write failed', e);
    const why = /ENOSPC/.test(msg)
      ? '磁盘或 U 盘空间不足'
      : /EACCES|EPERM|EROFS|EBUSY/.test(msg)
        ? '没有权限写入这个位置(U 盘可能设了写保护,或文件正在被其他程序打开)'
        : /ENOENT|ENOTDIR/.test(msg)
          ? '这个位置已不存在(U 盘可能已拔出)'
          : '写入时出错';
    throw new AppError('INTERNAL', `文件没有保存:${why}。请换一个位置,或关闭正在打开这个文件的程序后重试。`);
  }
  return path;
}
