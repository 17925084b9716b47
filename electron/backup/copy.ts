import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { BackupRow } from '../../shared/system/backupsContract';
import type { LedgerApp } from '../app';
import { recordEvent, type AuditWho } from '../system/audit';
import { fsyncPath, writeFileAtomic } from '../system/files';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../system/permissions';
import { isSealed, seal, unseal } from '../system/sealed';
import { APP_VERSION } from '../version';
import { ARCHIVE_MAX_BYTES } from './archive';
import { type BundleFile, type BundleManifest, checkBundledDatabase, packBundle, PHOTO_PATH, photoFiles, unpackBundle } from './bundle';
import { backupsDir, beginBackup, finishBackup, listBackups, verifyBackup } from './service';

/*
 * A backup the clerk saves off the PC (a USB stick, a network drive) and brings back (issue 14.2): the
 * backup's database and photos in one file sealed with a passphrase she chooses, never readable on the way.
 * Brought back, it is checked whole (passphrase, checksums, integrity, this office, not from a newer
 * program) and becomes one more backup in the list, restored from there like any other (with its undo).
 * Automatic backups inside the data folder stay plain: the folder is the owner's only.
 */

export const BACKUP_COPY_FORMAT = 'elder-care-ledger-backup';
export const BACKUP_COPY_EXT = '.ecbackup';
const ALLOWED = [/^ledger\.sqlite$/, PHOTO_PATH];

interface Manifest extends BundleManifest {
  format: typeof BACKUP_COPY_FORMAT;
  version: 1;
  backup: { name: string; createdAt: string; reason: string };
  appVersion: string;
  office: { id: string; name: string };
}

/** One backup of the list as a sealed file to save elsewhere; audited. */
export async function exportBackupCopy(
  app: LedgerApp,
  who: AuditWho,
  name: string,
  passphrase: string,
): Promise<{ fileName: string; dataBase64: string; bytes: number }> {
  const office = app.requireOffice();
  const v = verifyBackup(app.dataDir, name); // also refuses a bad name or a missing backup
  if (!v.ok) throw new AppError('DB_CORRUPT', `不能另存这个备份:${v.message}。请选择另一个备份。`);
  const info = listBackups(app.dataDir).find((b) => b.name === name);
  if (!info) throw new AppError('NOT_FOUND', '没有找到这个备份,请刷新备份列表后重试。');
  const dir = join(backupsDir(app.dataDir), name);
  const files: BundleFile[] = [{ name: 'ledger.sqlite', data: readFileSync(join(dir, 'ledger.sqlite')) }];
  let total = files[0].data.length;
  for (const p of photoFiles(join(dir, 'photos'))) {
    const data = readFileSync(join(dir, p));
    total += data.length;
    if (total > ARCHIVE_MAX_BYTES)
      throw new AppError(
        'CONFLICT',
        `这个备份(含照片)超过 ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB,不能另存为一个文件。请把整个数据文件夹拷贝到其他位置保存,或联系技术支持。`,
      );
    files.push({ name: p, data });
  }
  const tar = packBundle(
    {
      format: BACKUP_COPY_FORMAT,
      version: 1,
      backup: { name, createdAt: info.createdAt, reason: info.reason },
      appVersion: APP_VERSION,
      office: { id: office.id, name: office.name },
    },
    files,
  );
  const bytes = await seal(tar, passphrase, 'backup');
  recordEvent(app, who, {
    action: 'backup-export',
    entity: 'backups',
    recordId: name,
    note: `另存备份 ${info.createdAt}(${info.reason})为加密文件:${files.length - 1} 张照片,${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
  });
  return {
    fileName: `${office.name}-备份-${name.slice(0, 15)}${BACKUP_COPY_EXT}`,
    dataBase64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}

const refuse = (why: string) => new AppError('VALIDATION', `不能导入这个备份文件:${why}。本机没有写入任何数据。`);

/** Checks a saved backup file whole and adds it to the backup list ("从备份文件导入"); audited. */
export async function importBackupCopy(app: LedgerApp, who: AuditWho, bytes: Buffer, passphrase: string): Promise<BackupRow> {
  const office = app.requireOffice();
  if (!isSealed(bytes)) throw refuse('这不是本程序另存的备份文件');
  let tar: Buffer;
  try {
    tar = await unseal(bytes, passphrase, 'backup', ARCHIVE_MAX_BYTES + 1024 * 1024);
  } catch (e) {
    throw e instanceof AppError && e.fieldErrors?.length ? e : refuse((e as Error).message.replace(/。本机没有写入任何数据。$/, ''));
  }
  const { manifest, files } = unpackBundle<Manifest>(tar, BACKUP_COPY_FORMAT, ALLOWED, refuse);
  if (!files.has('ledger.sqlite')) throw refuse('缺少数据库');
  if (manifest.office?.id !== office.id)
    throw refuse(`它是“${String(manifest.office?.name).slice(0, 40)}”的备份,不是本单位的;换电脑请用迁移包`);
  const b = beginBackup(app.dataDir, 'imported', new Date());
  try {
    const db = join(b.tmp, 'ledger.sqlite');
    writeFileAtomic(db, files.get('ledger.sqlite')!, { mode: PRIVATE_FILE_MODE });
    checkBundledDatabase(db, app.migrations, office.id, refuse, '其中的数据库不是本单位的');
    for (const [p, data] of files) {
      if (!p.startsWith('photos/')) continue;
      const target = join(b.tmp, p);
      makePrivateDir(join(target, '..'));
      writeFileAtomic(target, data, { mode: PRIVATE_FILE_MODE });
    }
    fsyncPath(b.tmp);
    // The photos are in the folder already: finishBackup must not add the live ones.
    const info = finishBackup(app.dataDir, b, new Date(), { withPhotos: false });
    recordEvent(app, who, {
      action: 'backup-import',
      entity: 'backups',
      recordId: info.name,
      note: `从备份文件导入 ${manifest.backup?.createdAt ?? ''} 的备份(${manifest.backup?.reason ?? ''},程序 ${manifest.appVersion}),照片 ${files.size - 2} 张`,
    });
    return info;
  } finally {
    rmSync(b.tmp, { recursive: true, force: true });
  }
}
