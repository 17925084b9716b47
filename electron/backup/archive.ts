import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { LedgerApp } from '../app';
import { assertNotNewer } from '../db/migrate';
import { recordEvent, type AuditWho } from '../system/audit';
import { fsyncPath, writeFileAtomic } from '../system/files';
import { APP_VERSION } from '../version';
import { readTar, tarChunks } from './tar';

/*
 * The whole office in one file, to move to a new PC: the database (an online backup, consistent while the
 * program runs), every photo and the office's signing key (without it the district would see a different
 * office and refuse its sync packages). A manifest lists each file with its SHA-256, so a copy damaged on
 * the way is refused before anything is written. It is restored only into an installation that has not
 * been set up yet, so it can never overwrite an office's data.
 */

export const ARCHIVE_FORMAT = 'elder-care-ledger-archive';
/** Bytes an archive may have: it travels as base64 through the bridges (a JavaScript string ≤ ~500 MB). */
export const ARCHIVE_MAX_BYTES = 300 * 1024 * 1024;
const KEY_PATH = 'keys/office-ed25519.pem';
/** Names an archive may hold; anything else (a path out of the data folder, say) refuses the whole archive. */
const ALLOWED = [
  /^manifest\.json$/,
  /^ledger\.sqlite$/,
  /^keys\/office-ed25519\.pem$/,
  /^photos\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png|webp)$/,
];

interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  createdAt: string;
  appVersion: string;
  office: { id: string; name: string; level: string; divisionCode: string };
  files: { name: string; size: number; sha256: string }[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function photoFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  return out.filter((p) => ALLOWED[3].test(`photos/${p}`)).sort();
}

/** Writes the archive (database, photos, key, manifest) and audits the export. */
export async function exportArchive(app: LedgerApp, who: AuditWho): Promise<{ fileName: string; dataBase64: string; bytes: number }> {
  const office = app.requireOffice();
  const tmp = join(app.dataDir, `.archive-${process.pid}-${Date.now()}.sqlite`);
  try {
    await app.store.sqlite.backup(tmp);
    const files: { name: string; data: Buffer }[] = [{ name: 'ledger.sqlite', data: readFileSync(tmp) }];
    app.keys.ensure();
    files.push({ name: KEY_PATH, data: readFileSync(join(app.dataDir, KEY_PATH)) });
    let total = files.reduce((a, f) => a + f.data.length, 0);
    for (const p of photoFiles(app.photosDir)) {
      total += statSync(join(app.photosDir, p)).size;
      if (total > ARCHIVE_MAX_BYTES) break;
      files.push({ name: `photos/${p}`, data: readFileSync(join(app.photosDir, p)) });
    }
    if (total > ARCHIVE_MAX_BYTES)
      throw new AppError(
        'CONFLICT',
        `本单位的数据和照片超过 ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB,不能做成一个迁移包。请把数据文件夹(设置 › 备份 中最新的备份)整个拷贝到新电脑,或联系技术支持。`,
      );
    const now = new Date(app.now());
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      version: 1,
      createdAt: now.toISOString(),
      appVersion: APP_VERSION,
      office: { id: office.id, name: office.name, level: office.level, divisionCode: office.divisionCode },
      files: files.map((f) => ({ name: f.name, size: f.data.length, sha256: sha256(f.data) })),
    };
    const bytes = Buffer.concat(tarChunks([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) }, ...files]));
    recordEvent(app, who, {
      action: 'archive-export',
      entity: 'backups',
      note: `导出整体迁移包:${files.length} 个文件(含 ${files.length - 2} 张照片),${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
    });
    const day = now.toISOString().slice(0, 10).replace(/-/g, '');
    return { fileName: `${office.name}-迁移包-${day}.ledger.tar`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
  } finally {
    // The check opened the copy: SQLite may have left its -wal/-shm beside it.
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

const refuse = (why: string) =>
  new AppError('VALIDATION', `不能用这个迁移包恢复:${why}。本机没有写入任何数据。请在原电脑上重新导出迁移包,拷贝完成后再试。`);

/** Checks everything an archive holds before a byte is written: names, manifest, checksums, database. */
function checkArchive(bytes: Buffer): { manifest: Manifest; files: Map<string, Buffer> } {
  let entries: { name: string; data: Buffer }[];
  try {
    entries = readTar(bytes);
  } catch (e) {
    throw refuse((e as Error).message);
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    if (!ALLOWED.some((r) => r.test(e.name))) throw refuse(`包中有不认识的文件“${e.name.slice(0, 80)}”`);
    if (files.has(e.name)) throw refuse(`文件“${e.name}”出现了两次`);
    files.set(e.name, e.data);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? 'null') as Manifest;
  } catch {
    throw refuse('清单文件损坏');
  }
  if (manifest?.format !== ARCHIVE_FORMAT || manifest.version !== 1 || !Array.isArray(manifest.files))
    throw refuse('这不是养老服务台账的迁移包');
  for (const f of manifest.files) {
    const data = files.get(f.name);
    if (!data) throw refuse(`缺少文件“${f.name}”`);
    if (data.length !== f.size || sha256(data) !== f.sha256) throw refuse(`文件“${f.name}”与清单不符,拷贝时可能损坏了`);
  }
  if (files.size !== manifest.files.length + 1) throw refuse('包中有清单之外的文件');
  if (!files.has('ledger.sqlite') || !files.has(KEY_PATH)) throw refuse('缺少数据库或本单位密钥');
  return { manifest, files };
}

/**
 * Restores an archive into this installation, which must not be set up yet. The database is checked
 * (integrity, written by this or an older program, holds the office named in the manifest) from a
 * temporary file; then the database, key and photos are put in place and the store is reopened (migrating
 * an older database). Audited in the restored data.
 */
export function restoreArchive(app: LedgerApp, bytes: Buffer): { officeName: string; photos: number } {
  if (app.office())
    throw new AppError('CONFLICT', '本机已经设置了单位并有数据,迁移包只能在新安装、尚未设置的电脑上恢复。本机没有写入任何数据。');
  const { manifest, files } = checkArchive(bytes);
  const live = join(app.dataDir, 'ledger.sqlite');
  const tmp = `${live}.archive`;
  writeFileSync(tmp, files.get('ledger.sqlite')!);
  try {
    const db = new Database(tmp, { readonly: true, fileMustExist: true });
    try {
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw refuse('其中的数据库已损坏');
      assertNotNewer(db, app.migrations);
      const office = db.prepare('SELECT id, name FROM offices WHERE id = ?').get(manifest.office.id) as
        | { id: string; name: string }
        | undefined;
      if (!office) throw refuse('数据库中没有清单所写的单位');
    } catch (e) {
      if (e instanceof AppError && e.code === 'DB_NEWER')
        throw refuse(`它由较新版本的程序导出(${e.message.replace(/。.*$/s, '')}),请先把本机程序升级到相同或更新的版本`);
      if (e instanceof AppError) throw e;
      console.error('[archive] database check failed', e);
      throw refuse('其中的数据库无法打开(已损坏或不是本程序的数据库)');
    } finally {
      db.close();
    }
    fsyncPath(tmp);
    const photos = [...files.keys()].filter((n) => n.startsWith('photos/'));
    app.reopenStore(() => {
      for (const ext of ['-wal', '-shm']) rmSync(live + ext, { force: true });
      renameSync(tmp, live);
      const keyFile = join(app.dataDir, KEY_PATH);
      mkdirSync(join(keyFile, '..'), { recursive: true });
      writeFileAtomic(keyFile, files.get(KEY_PATH)!, { mode: 0o600 });
      for (const p of photos) {
        const target = join(app.dataDir, p);
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileAtomic(target, files.get(p)!);
      }
      fsyncPath(app.dataDir);
    });
    app.keys.forget();
    recordEvent(
      app,
      { userId: null, userName: '系统' },
      {
        action: 'archive-restore',
        entity: 'backups',
        note: `从迁移包恢复:${manifest.office.name},导出于 ${manifest.createdAt}(程序 ${manifest.appVersion}),照片 ${photos.length} 张`,
      },
    );
    return { officeName: manifest.office.name, photos: photos.length };
  } finally {
    // The check opened the copy: SQLite may have left its -wal/-shm beside it.
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}
