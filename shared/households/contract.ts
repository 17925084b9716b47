import { z } from 'zod';
import { command, query } from '../api/define';
import type { RecordOf } from '../domain/records';
import type { householdPhotoEntity } from './schema';

type Fields<E> = E extends { fields: infer F } ? F : never;
export type PhotoRecord = RecordOf<Fields<typeof householdPhotoEntity> & object>;

export interface IdCardCheck {
  ok: boolean;
  value?: string;
  birthDate?: string;
  sex?: '男' | '女';
  age?: number;
  error?: string;
  warnings: string[];
  /** Other open households with this 身份证号 (any township in this database); names masked. */
  duplicates: { id: string; name: string; townshipCode: string; townshipName: string; projectYear: number; status: string }[];
}

/** 10 MB of image is plenty for a phone photo and bounds what one call can write to disk. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export const householdsContract = {
  'households.checkIdCard': query(z.strictObject({ idCard: z.string().max(40), excludeId: z.uuid().optional() })).returns<IdCardCheck>(),
  'households.addPhoto': command(
    z.strictObject({
      householdId: z.uuid(),
      phase: z.enum(['before', 'after'], { error: '请选择 改造前/改造后' }),
      originalName: z.string().max(200),
      takenOn: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullish(),
      dataBase64: z.string().max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 8, { error: '照片太大(不超过 10 MB)' }),
    }),
  ).returns<PhotoRecord>(),
  'households.photoData': query(z.strictObject({ id: z.uuid() })).returns<{ mime: string; dataBase64: string }>(),
};
