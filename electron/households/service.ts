import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../system/files';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../system/permissions';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { IdCardCheck, PhotoRecord } from '../../shared/households/contract';
import { parseIdCard } from '../../shared/validators/idCard';
import { maskName } from '../../shared/validators/mask';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';

/** As the clerk types a 身份证号: what it says (birth date, sex, age) and whether another open household uses it. */
export function checkIdCard(app: LedgerApp, idCard: string, excludeId?: string): IdCardCheck {
  const parsed = parseIdCard(idCard, new Date(app.now()));
  if (!parsed.ok) return { ok: false, error: parsed.error, warnings: [], duplicates: [] };
  let q = app.store.db
    .selectFrom('households as h')
    .leftJoin('divisions as d', 'd.code', 'h.townshipCode')
    .select(['h.id', 'h.name', 'h.townshipCode', 'd.name as townshipName', 'h.projectYear', 'h.status'])
    .where('h.idCard', '=', parsed.value)
    .where('h.deletedAt', 'is', null)
    .where('h.status', '!=', '退出');
  if (excludeId) q = q.where('h.id', '!=', excludeId);
  const duplicates = app.run.all(q).map((r) => ({ ...r, name: maskName(r.name), townshipName: r.townshipName ?? r.townshipCode }));
  return {
    ok: true,
    value: parsed.value,
    birthDate: parsed.birthDate,
    sex: parsed.sex,
    age: parsed.age,
    warnings: parsed.warnings,
    duplicates,
  };
}

const IMAGE_TYPES: { ext: string; mime: string; magic: number[] }[] = [
  { ext: 'jpg', mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { ext: 'png', mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { ext: 'webp', mime: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
];

export function sniff(buf: Buffer) {
  return IMAGE_TYPES.find((t) => t.magic.every((b, i) => buf[i] === b));
}

/**
 * Copies a photo into the photo folder beside the database (never a link to the clerk's USB stick), named
 * by a fresh UUID so no name from outside reaches the file system, then records it. If the record cannot be
 * saved the copied file is removed again.
 */
export function addPhoto(
  app: LedgerApp,
  actor: Actor,
  input: { householdId: string; phase: 'before' | 'after'; originalName: string; takenOn?: string | null; dataBase64: string },
): PhotoRecord {
  const data = Buffer.from(input.dataBase64, 'base64');
  const type = sniff(data);
  if (!type || data.length < 16) throw new AppError('VALIDATION', '只能添加 JPG、PNG 或 WebP 格式的照片,请换一张照片再试。');
  app.records.getRaw('households', input.householdId);
  const dir = join(app.photosDir, input.householdId);
  makePrivateDir(dir);
  const fileName = `${randomUUID()}.${type.ext}`;
  // Flushed to the disk before the record that points at it is committed: after a power cut the record
  // never names a photo whose bytes were still in the OS cache.
  writeFileAtomic(join(dir, fileName), data, { mode: PRIVATE_FILE_MODE });
  try {
    return app.records.create(
      'householdPhotos',
      {
        householdId: input.householdId,
        phase: input.phase,
        fileName,
        originalName: input.originalName.slice(0, 200),
        sha256: createHash('sha256').update(data).digest('hex'),
        takenOn: input.takenOn ?? null,
      },
      actor,
    ).record as unknown as PhotoRecord;
  } catch (e) {
    rmSync(join(dir, fileName), { force: true });
    throw e;
  }
}

export function photoData(app: LedgerApp, id: string): { mime: string; dataBase64: string } {
  const p = app.records.getRaw('householdPhotos', id) as unknown as PhotoRecord;
  if (!/^[0-9a-f-]{36}\.(jpg|png|webp)$/.test(p.fileName)) throw new AppError('NOT_FOUND', '照片文件名无效');
  const buf = readFileSync(join(app.photosDir, p.householdId, p.fileName));
  return { mime: sniff(buf)?.mime ?? 'application/octet-stream', dataBase64: buf.toString('base64') };
}
