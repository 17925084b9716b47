import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The data folder holds every elder's 身份证号, the photos of their homes and the office's signing key: on
 * Linux it is the owner's only (issue 14.5): folders 0700, files 0600, whatever the umask. Windows keeps a
 * user's profile folder private by its ACLs; there these are no-ops. docs/security.md says the same.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const posix = process.platform !== 'win32';

/** Creates a folder (and its parents) owner-only; an existing one is made owner-only. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes a file owner-only when it exists (SQLite creates its files with the umask's mode). */
export function makePrivateFile(file: string): void {
  if (posix && existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Every folder and file under `root` owner-only; symbolic links are left alone (never followed). */
export function restrictTree(root: string): void {
  if (!posix || !existsSync(root)) return;
  chmodSync(root, lstatSync(root).isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
  if (!lstatSync(root).isDirectory()) return;
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isSymbolicLink()) continue;
    const p = join(e.parentPath, e.name);
    if (e.isDirectory()) chmodSync(p, PRIVATE_DIR_MODE);
    else if (e.isFile()) chmodSync(p, PRIVATE_FILE_MODE);
  }
}

/**
 * At every start: the data folder owner-only. A folder that is not 0700 yet (made by an older program, or
 * copied in by hand) has its whole tree restricted once; after that the program writes every file and
 * folder owner-only itself, so the start only checks the top of the tree.
 */
export function restrictDataDir(dataDir: string): void {
  makePrivateDir(dataDir);
  if (!posix) return;
  const loose = (p: string) => (statSync(p).mode & 0o077) !== 0;
  if (readdirSync(dataDir).some((n) => loose(join(dataDir, n)))) restrictTree(dataDir);
}
