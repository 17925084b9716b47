import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PHOTO_BYTES } from '../../shared/households/contract';
import type { LedgerApp } from '../app';
import { sniff } from '../households/service';
import { writeFileAtomic } from '../system/files';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../system/permissions';
import type { Body, Change, PhotoEntry } from './format';
import { sha256 } from './format';

/*
 * Photos travel with their 改造照片 records (issue 13). An entry in a package is the bytes of one photo
 * record; the receiver writes them only for a record it holds or the package brings, which passed the
 * content checks like any other (in the sender's area, under a household of that area), into the folder of
 * that record's household, under that record's file name, which must be one this program makes (a UUID and
 * the extension of the image type the receiver itself reads from the bytes), with the checksum the record
 * names. Nothing of an entry's own is used as a path. Limits per photo and per package keep a package from
 * filling the disk.
 */

/** Per package: how many photos, and their bytes together. Export splits a package that would exceed them. */
export const MAX_PHOTOS_PER_PACKAGE = 1000;
export const MAX_PHOTO_PACKAGE_BYTES = 100 * 1024 * 1024;
const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp)$/;

interface PhotoRow {
  id: string;
  householdId: string;
  fileName: string;
  sha256: string | null;
}

export interface PhotoLimits {
  count: number;
  bytes: number;
}
export const PHOTO_LIMITS: PhotoLimits = { count: MAX_PHOTOS_PER_PACKAGE, bytes: MAX_PHOTO_PACKAGE_BYTES };

/** The photo records among `changes` whose file is here, within the limits; stops at the first that does not fit. */
export function collectPhotos(
  app: LedgerApp,
  changes: readonly Pick<Change, 'entity' | 'recordId' | 'field'>[],
  limits: PhotoLimits = PHOTO_LIMITS,
): {
  photos: Body['photos'];
  /** Index of the first change whose photo did not fit (the package ends before it), or null. */
  cutAt: number | null;
} {
  const photos: Body['photos'] = [];
  const seen = new Set<string>();
  let bytes = 0;
  const stmt = app.store.sqlite.prepare('SELECT id, householdId, fileName, sha256 FROM household_photos WHERE id = ?');
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (c.entity !== 'householdPhotos' || c.field !== 'fileName' || seen.has(c.recordId)) continue;
    seen.add(c.recordId);
    const p = stmt.get(c.recordId) as PhotoRow | undefined;
    if (!p || !FILE_NAME.test(p.fileName)) continue;
    const file = join(app.photosDir, p.householdId, p.fileName);
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    if (size > MAX_PHOTO_BYTES) continue; // never made by this program (addPhoto refuses it): not sent
    if (photos.length >= limits.count || bytes + size > limits.bytes) return { photos, cutAt: i };
    bytes += size;
    photos.push({ photoId: p.id, dataBase64: readFileSync(file).toString('base64') });
  }
  return { photos, cutAt: null };
}

/** A photo ready to be written: where, and the bytes. */
export interface PhotoPlan {
  photoId: string;
  data: Buffer;
}

/**
 * Checks every photo entry of a package before anything is applied; returns the refusals (as texts) and the
 * photos to write once the records are merged. `recordOf` finds the photo record as it will be after the
 * import (here, or in the package) with its township and its household's, already area-checked or not.
 */
export function checkPhotos(
  body: Body,
  recordOf: (
    entry: PhotoEntry,
  ) => { id: string; householdId: string | null; fileName: unknown; sha256: unknown; inArea: boolean; title: string } | null,
): { refusals: string[]; plans: PhotoPlan[] } {
  const refusals: string[] = [];
  const plans: PhotoPlan[] = [];
  if (body.photos.length > MAX_PHOTOS_PER_PACKAGE)
    refusals.push(`带有 ${body.photos.length} 张照片,超过每个同步包 ${MAX_PHOTOS_PER_PACKAGE} 张的上限`);
  let total = 0;
  const ids = new Set<string>();
  for (const entry of body.photos) {
    // The size is known from the base64 text before anything is decoded.
    const size = Math.floor((entry.dataBase64.length * 3) / 4);
    total += size;
    if (size > MAX_PHOTO_BYTES + 4) {
      refusals.push(`中有一张照片超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
      continue;
    }
    const rec = recordOf(entry);
    if (!rec) {
      refusals.push('中有一张照片不属于同步包或本单位的任何改造照片记录');
      continue;
    }
    if (ids.has(rec.id)) {
      refusals.push(`中${rec.title}的照片出现了两次`);
      continue;
    }
    ids.add(rec.id);
    if (!rec.inArea) {
      refusals.push(`试图写入${rec.title}的照片文件,这条记录不属于它可以修改的范围`);
      continue;
    }
    const data = Buffer.from(entry.dataBase64, 'base64');
    const type = sniff(data);
    const name = typeof rec.fileName === 'string' ? rec.fileName : '';
    if (!type || data.length < 16 || !FILE_NAME.test(name) || !name.endsWith(`.${type.ext}`))
      refusals.push(`中${rec.title}的照片不是 JPG、PNG 或 WebP 图片,或与记录的文件名不符`);
    else if (sha256(data) !== rec.sha256) refusals.push(`中${rec.title}的照片与记录的校验值不符,文件可能已损坏`);
    else plans.push({ photoId: rec.id, data });
  }
  if (total > MAX_PHOTO_PACKAGE_BYTES + 4 * MAX_PHOTOS_PER_PACKAGE)
    refusals.push(`带的照片共约 ${Math.round(total / 1024 / 1024)} MB,超过每个同步包 ${MAX_PHOTO_PACKAGE_BYTES / 1024 / 1024} MB 的上限`);
  return { refusals, plans };
}

/**
 * Writes the checked photos where their records (now merged) say, skipping files already there; returns the
 * files written. Inside the import's transaction: if anything fails here the files written so far are
 * removed again, and the caller removes them if the transaction fails later, so a failed import leaves no
 * file behind.
 */
export function writePhotos(app: LedgerApp, plans: readonly PhotoPlan[]): string[] {
  const stmt = app.store.sqlite.prepare('SELECT id, householdId, fileName, sha256 FROM household_photos WHERE id = ?');
  const written: string[] = [];
  try {
    for (const p of plans) {
      const row = stmt.get(p.photoId) as PhotoRow | undefined;
      if (!row || !FILE_NAME.test(row.fileName) || !/^[0-9a-f-]{36}$/.test(row.householdId)) throw new Error('photo record gone');
      const dir = join(app.photosDir, row.householdId);
      const file = join(dir, row.fileName);
      if (existsSync(file)) continue;
      makePrivateDir(dir);
      writeFileAtomic(file, p.data, { mode: PRIVATE_FILE_MODE });
      written.push(file);
    }
  } catch (e) {
    removeFiles(written);
    throw e;
  }
  return written;
}

export function removeFiles(files: readonly string[]): void {
  for (const f of files) rmSync(f, { force: true });
}
