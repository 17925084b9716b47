import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file the clerk asked for (a PDF, a workbook, a sync package on a USB stick) so that the name never
 * points at half a file: the bytes go to a temporary file beside the target, are flushed to the disk, and
 * only then renamed over the target. A stick pulled out or a full disk leaves the old file (or none), never a
 * truncated one that looks complete.
 */
export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.part`);
  try {
    const fd = openSync(tmp, 'w');
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
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 80) || '文档';
  return `${base}.${ext}`;
}
