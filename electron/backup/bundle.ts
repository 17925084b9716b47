import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../shared/api/errors';
import { assertNotNewer } from '../db/migrate';
import type { Migration } from '../db/migrations';
import { readTar, tarChunks } from './tar';

/*
 * The inside of a file that carries data off the PC (a 迁移包, a backup copy): a tar of the files with a
 * manifest that lists each with its SHA-256, so a copy damaged on the way (or crafted) is refused before
 * anything is written. Sealed with the clerk's passphrase around it (../system/sealed.ts).
 */

export interface BundleFile {
  name: string;
  data: Buffer;
}
export interface BundleManifest {
  format: string;
  version: number;
  files: { name: string; size: number; sha256: string }[];
}

/** Photo paths inside a data or backup folder (household id / photo id . ext); anything else is not carried. */
export const PHOTO_PATH = /^photos\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png|webp)$/;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The photo files of a photos folder, as `photos/…` names. */
export function photoFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) out.push(`photos/${relative(dir, join(e.parentPath, e.name)).split(sep).join('/')}`);
  return out.filter((p) => PHOTO_PATH.test(p)).sort();
}

export function packBundle(meta: Omit<BundleManifest, 'files'> & Record<string, unknown>, files: readonly BundleFile[]): Buffer {
  const manifest = { ...meta, files: files.map((f) => ({ name: f.name, size: f.data.length, sha256: sha256(f.data) })) };
  return Buffer.concat(tarChunks([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) }, ...files]));
}

/**
 * Reads a bundle and checks everything in it before a byte is written: only `allowed` names, each once, a
 * manifest of `format`, every listed file present with its size and checksum, nothing unlisted.
 */
export function unpackBundle<M extends BundleManifest>(
  bytes: Buffer,
  format: string,
  allowed: readonly RegExp[],
  refuse: (why: string) => AppError,
): { manifest: M; files: Map<string, Buffer> } {
  let entries: BundleFile[];
  try {
    entries = readTar(bytes);
  } catch (e) {
    throw refuse((e as Error).message);
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.name !== 'manifest.json' && !allowed.some((r) => r.test(e.name))) throw refuse(`包中有不认识的文件“${e.name.slice(0, 80)}”`);
    if (files.has(e.name)) throw refuse(`文件“${e.name}”出现了两次`);
    files.set(e.name, e.data);
  }
  let manifest: M;
  try {
    manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? 'null') as M;
  } catch {
    throw refuse('清单文件损坏');
  }
  if (manifest?.format !== format || manifest.version !== 1 || !Array.isArray(manifest.files)) throw refuse('文件内容不是本程序导出的格式');
  if (new Set(manifest.files.map((f) => f?.name)).size !== manifest.files.length) throw refuse('清单中有重复的文件');
  for (const f of manifest.files) {
    const data = files.get(f?.name);
    if (!data) throw refuse(`缺少文件“${String(f?.name).slice(0, 80)}”`);
    if (data.length !== f.size || sha256(data) !== f.sha256) throw refuse(`文件“${f.name}”与清单不符,拷贝时可能损坏了`);
  }
  if (files.size !== manifest.files.length + 1) throw refuse('包中有清单之外的文件');
  return { manifest, files };
}

/**
 * The database a bundle carried, written to `file`: intact, written by this or an older program, and holding
 * the office `officeId`. Refused with `refuse` otherwise; SQLite's own wording goes to the log.
 */
export function checkBundledDatabase(
  file: string,
  migrations: readonly Migration[],
  officeId: string,
  refuse: (why: string) => AppError,
  notThatOffice: string,
): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw refuse('其中的数据库已损坏');
    assertNotNewer(db, migrations);
    if (!db.prepare('SELECT 1 FROM offices WHERE id = ?').get(officeId)) throw refuse(notThatOffice);
  } catch (e) {
    if (e instanceof AppError && e.code === 'DB_NEWER')
      throw refuse(`它由较新版本的程序导出(${e.message.replace(/。.*$/s, '')}),请先把本机程序升级到相同或更新的版本`);
    if (e instanceof AppError) throw e;
    console.error('[backup] carried database cannot be opened', e);
    throw refuse('其中的数据库无法打开(已损坏或不是本程序的数据库)');
  } finally {
    db?.close();
    // The check opened the copy: SQLite may have left its -wal/-shm beside it.
    for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}
