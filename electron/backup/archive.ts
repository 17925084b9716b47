import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { LedgerApp } from '../app';
import { recordEvent, type AuditWho } from '../system/audit';
import { fsyncPath, writeFileAtomic } from '../system/files';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../system/permissions';
import { isSealed, seal, unseal } from '../system/sealed';
import { APP_VERSION } from '../version';
import { type BundleFile, type BundleManifest, checkBundledDatabase, packBundle, PHOTO_PATH, photoFiles, unpackBundle } from './bundle';

/*
 * The whole office in one file, to move to a new PC: the database (an online backup, consistent while the
 * program runs), every photo and the office's signing key (without it the district would see a different
 * office and refuse its sync packages). A manifest lists each file with its SHA-256, so a copy damaged on
 * the way is refused before anything is written; the whole is sealed with a passphrase the clerk chooses
 * (../system/sealed.ts), so a lost stick shows no personal value and gives no one the office's key. It is restored only into an installation that has not
 * been set up yet, so it can never overwrite an office's data.
 */

export const ARCHIVE_FORMAT = 'elder-care-ledger-archive';
/** Bytes an archive may have: it travels as base64 through the bridges (a JavaScript string ≤ ~500 MB). */
export const ARCHIVE_MAX_BYTES = 300 * 1024 * 1024;
const KEY_PATH = 'keys/office-ed25519.pem';
/** Names an archive may hold; anything else (a path out of the data folder, say) refuses the whole archive. */
const ALLOWED = [/^ledger\.sqlite$/, /^keys\/office-ed25519\.pem$/, PHOTO_PATH];

interface Manifest extends BundleManifest {
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  createdAt: string;
  appVersion: string;
  office: { id: string; name: string; level: string; divisionCode: string };
}

/**
 * Writes the archive (database, photos, key, manifest) sealed with the clerk's passphrase (the signing key
 * never leaves the PC readable) and audits the export.
 */
export async function exportArchive(
  app: LedgerApp,
  who: AuditWho,
  passphrase: string,
): Promise<{ fileName: string; dataBase64: string; bytes: number }> {
  const office = app.requireOffice();
  const tmp = join(app.dataDir, `.archive-${process.pid}-${Date.now()}.sqlite`);
  try {
    await app.store.sqlite.backup(tmp);
    const files: BundleFile[] = [{ name: 'ledger.sqlite', data: readFileSync(tmp) }];
    app.keys.ensure();
    files.push({ name: KEY_PATH, data: readFileSync(join(app.dataDir, KEY_PATH)) });
    let total = files.reduce((a, f) => a + f.data.length, 0);
    for (const p of photoFiles(app.photosDir)) {
      const file = join(app.dataDir, p);
      total += statSync(file).size;
      if (total > ARCHIVE_MAX_BYTES) break;
      files.push({ name: p, data: readFileSync(file) });
    }
    if (total > ARCHIVE_MAX_BYTES)
      throw new AppError(
        'CONFLICT',
        `本单位的数据和照片超过 ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB,不能做成一个迁移包。请把数据文件夹(设置 › 备份 中最新的备份)整个拷贝到新电脑,或联系技术支持。`,
      );
    const now = new Date(app.now());
    const tar = packBundle(
      {
        format: ARCHIVE_FORMAT,
        version: 1,
        createdAt: now.toISOString(),
        appVersion: APP_VERSION,
        office: { id: office.id, name: office.name, level: office.level, divisionCode: office.divisionCode },
      },
      files,
    );
    const bytes = await seal(tar, passphrase, 'archive');
    recordEvent(app, who, {
      action: 'archive-export',
      entity: 'backups',
      note: `导出整体迁移包(已用文件密码加密):${files.length} 个文件(含 ${files.length - 2} 张照片),${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
    });
    const day = now.toISOString().slice(0, 10).replace(/-/g, '');
    return { fileName: `${office.name}-迁移包-${day}${ARCHIVE_EXT}`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
  } finally {
    // The check opened the copy: SQLite may have left its -wal/-shm beside it.
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

/** The extension of a sealed 迁移包 (older programs wrote a plain `.ledger.tar`, still accepted). */
export const ARCHIVE_EXT = '.ecmove';

const refuse = (why: string) =>
  new AppError('VALIDATION', `不能用这个迁移包恢复:${why}。本机没有写入任何数据。请在原电脑上重新导出迁移包,拷贝完成后再试。`);

/**
 * The tar inside an archive: a sealed one opened with the passphrase, a plain one of an older program as
 * it is (it was already readable on its way here; refusing it would only strand that office).
 */
async function archiveTar(bytes: Buffer, passphrase: string | undefined): Promise<Buffer> {
  if (!isSealed(bytes)) return bytes;
  if (!passphrase)
    throw new AppError('VALIDATION', '这个迁移包已加密,请输入导出时设置的文件密码。本机没有写入任何数据。', [
      { field: 'passphrase', level: 'error', message: '请输入文件密码' },
    ]);
  try {
    return await unseal(bytes, passphrase, 'archive', ARCHIVE_MAX_BYTES + 1024 * 1024);
  } catch (e) {
    throw e instanceof AppError && e.fieldErrors?.length ? e : refuse((e as Error).message.replace(/。本机没有写入任何数据。$/, ''));
  }
}

/** Checks everything an archive holds before a byte is written: names, manifest, checksums, database. */
function checkArchive(tar: Buffer): { manifest: Manifest; files: Map<string, Buffer> } {
  const { manifest, files } = unpackBundle<Manifest>(tar, ARCHIVE_FORMAT, ALLOWED, refuse);
  if (!files.has('ledger.sqlite') || !files.has(KEY_PATH)) throw refuse('缺少数据库或本单位密钥');
  return { manifest, files };
}

/**
 * Restores an archive into this installation, which must not be set up yet. The database is checked
 * (integrity, written by this or an older program, holds the office named in the manifest) from a
 * temporary file; then the database, key and photos are put in place and the store is reopened (migrating
 * an older database). Audited in the restored data.
 */
export async function restoreArchive(app: LedgerApp, bytes: Buffer, passphrase?: string): Promise<{ officeName: string; photos: number }> {
  if (app.office())
    throw new AppError('CONFLICT', '本机已经设置了单位并有数据,迁移包只能在新安装、尚未设置的电脑上恢复。本机没有写入任何数据。');
  const { manifest, files } = checkArchive(await archiveTar(bytes, passphrase));
  // The passphrase took a moment: the installation may have been set up meanwhile (another window).
  if (app.office())
    throw new AppError('CONFLICT', '本机已经设置了单位并有数据,迁移包只能在新安装、尚未设置的电脑上恢复。本机没有写入任何数据。');
  const live = join(app.dataDir, 'ledger.sqlite');
  const tmp = `${live}.archive`;
  writeFileSync(tmp, files.get('ledger.sqlite')!, { mode: PRIVATE_FILE_MODE });
  try {
    checkBundledDatabase(tmp, app.migrations, manifest.office.id, refuse, '数据库中没有清单所写的单位');
    fsyncPath(tmp);
    const photos = [...files.keys()].filter((n) => n.startsWith('photos/'));
    app.reopenStore(() => {
      for (const ext of ['-wal', '-shm']) rmSync(live + ext, { force: true });
      renameSync(tmp, live);
      const keyFile = join(app.dataDir, KEY_PATH);
      makePrivateDir(join(keyFile, '..'));
      writeFileAtomic(keyFile, files.get(KEY_PATH)!, { mode: 0o600 });
      for (const p of photos) {
        const target = join(app.dataDir, p);
        makePrivateDir(join(target, '..'));
        writeFileAtomic(target, files.get(p)!, { mode: PRIVATE_FILE_MODE });
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
