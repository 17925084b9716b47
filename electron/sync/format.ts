import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { checklistVersionPayload } from './checklists';
import { canonicalJson } from './keys';

/**
 * The file that travels on a USB stick: gzip of `{ manifest, signature, body }`, where body is a JSON
 * string whose SHA-256 is in the manifest and the manifest is signed with the sender's Ed25519 key.
 * A truncated copy fails to decompress; a changed byte fails the CRC, the hash or the signature.
 */
export const PACKAGE_FORMAT = 'eldercare-ledger-sync/2';
/** Packages of the first format (before every change was checked): still imported when they pass the checks. */
export const PACKAGE_FORMAT_V1 = 'eldercare-ledger-sync/1';
export const ACK_FORMAT = 'eldercare-ledger-ack/1';
/** Larger files are refused before decompression (a city's full package is well under this). */
export const MAX_PACKAGE_BYTES = 512 * 1024 * 1024;

const hlc = z.string().regex(/^\d{15}-[0-9a-z]{6}-[\w-]{1,64}$/);

export const manifestSchema = z.strictObject({
  format: z.enum([PACKAGE_FORMAT, PACKAGE_FORMAT_V1]),
  packageId: z.uuid(),
  senderId: z.uuid(),
  senderName: z.string().max(100),
  receiverId: z.uuid(),
  schemaVersion: z.number().int().min(1),
  minAppVersion: z.string().max(20),
  appVersion: z.string().max(20),
  createdAt: z.string().max(40),
  full: z.boolean(),
  fromSeq: z.number().int().min(0),
  toSeq: z.number().int().min(0),
  changeCount: z.number().int().min(0),
  counts: z.record(z.string().max(40), z.number().int().min(0)),
  hlcRange: z.tuple([z.string().max(120), z.string().max(120)]).nullable(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const changeSchema = z.strictObject({
  entity: z.string().max(40),
  recordId: z.uuid(),
  field: z.string().max(50),
  value: z.string().max(100_000).nullable(),
  hlc,
  baseHlc: hlc.nullable(),
  officeId: z.string().max(64),
  userName: z.string().max(60).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const recordMetaSchema = z.strictObject({
  entity: z.string().max(40),
  id: z.uuid(),
  officeId: z.string().max(64),
  townshipCode: z.string().regex(/^\d{12}$/),
  createdAt: z.string().max(40),
  createdBy: z.string().max(60).nullable(),
});
export type RecordMetaRow = z.infer<typeof recordMetaSchema>;

/**
 * A photo's bytes, tied to its 改造照片 record: the receiver writes the file where that record (checked like any
 * other) says, under the name the record gives, never a name or folder from this entry (./photos).
 */
export const photoSchema = z.strictObject({
  photoId: z.uuid(),
  dataBase64: z.string(),
});
/** How packages of format 1 carried a photo; still read, and tied to its record the same way. */
export const photoSchemaV1 = z.strictObject({
  householdId: z.uuid(),
  fileName: z.string().regex(/^[0-9a-f-]{36}\.(jpg|png|webp)$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  dataBase64: z.string(),
});
export type PhotoEntry = z.infer<typeof photoSchema> | z.infer<typeof photoSchemaV1>;

/** An office below the sender, as the sender declares it (offices.ts checkDeclaredOffices). */
export const declaredOfficeSchema = z.strictObject({
  id: z.uuid(),
  level: z.enum(['township', 'district', 'city']),
  divisionCode: z.string().regex(/^\d{12}$/),
  name: z.string().max(100),
  parentOfficeId: z.uuid(),
});

export const bodySchema = z.strictObject({
  records: z.array(recordMetaSchema),
  changes: z.array(changeSchema),
  photos: z.array(z.union([photoSchema, photoSchemaV1])),
  /** The checklist versions the package's inspections were recorded on (see ./checklists); absent when none. */
  checklists: z.array(checklistVersionPayload).max(1000).optional(),
  /** The offices registered below the sender (a district's townships), for its parent to check origins. */
  offices: z.array(declaredOfficeSchema).max(2000).optional(),
});
export type Body = z.infer<typeof bodySchema>;

export const ackManifestSchema = z.strictObject({
  format: z.literal(ACK_FORMAT),
  packageId: z.uuid(),
  /** The office that imported the package and writes this acknowledgement. */
  senderId: z.uuid(),
  receiverId: z.uuid(),
  toSeq: z.number().int().min(0),
  importedAt: z.string().max(40),
});
export type AckManifest = z.infer<typeof ackManifestSchema>;

const fileSchema = z.strictObject({ manifest: z.unknown(), signature: z.string().max(200), body: z.string().optional() });

export function sha256(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}

export function encodeFile(manifest: object, signature: string, body?: string): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(body === undefined ? { manifest, signature } : { manifest, signature, body }), 'utf8'));
}

const broken = (what: string) =>
  new AppError(
    'VALIDATION',
    `这个${what}文件不完整或已损坏(可能拷贝时 U 盘被拔出或文件被改动)。没有导入任何数据。请让对方重新导出,再拷贝一次。`,
  );

/** Decompresses and parses; any failure is one clear message, never an exception from zlib or JSON. */
export function decodeFile(bytes: Buffer, what: '同步包' | '回执'): { manifest: unknown; signature: string; body?: string } {
  if (bytes.length > MAX_PACKAGE_BYTES) throw new AppError('VALIDATION', `这个${what}文件太大(超过 512 MB),不是本程序导出的文件。`);
  // An encrypted package (./seal) picked for 导入回执 (acknowledgements are signed but not encrypted: no personal data).
  if (what === '回执' && bytes.subarray(0, 8).toString('latin1') === 'ECSEALED')
    throw new AppError('VALIDATION', '这是一个同步包文件,不是回执。请点“导入同步包…”导入它。没有做任何改动。');
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new AppError('VALIDATION', `这不是养老服务台账的${what}文件,请确认选择了正确的文件。`);
  let text: string;
  try {
    text = gunzipSync(bytes, { maxOutputLength: MAX_PACKAGE_BYTES * 4 }).toString('utf8');
  } catch {
    throw broken(what);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw broken(what);
  }
  // The other kind of exchange file picked by mistake (a 回执 for 导入同步包, or the reverse): say which it is.
  const format = (parsed as { manifest?: { format?: unknown } } | null)?.manifest?.format;
  if (what === '同步包' && typeof format === 'string' && format.startsWith('eldercare-ledger-ack/'))
    throw new AppError('VALIDATION', '这是一个同步回执文件(对方导入同步包后生成),不是同步包。请点“导入回执…”导入它。没有导入任何数据。');
  if (what === '回执' && typeof format === 'string' && format.startsWith('eldercare-ledger-sync/'))
    throw new AppError('VALIDATION', '这是一个同步包文件,不是回执。请点“导入同步包…”导入它。没有做任何改动。');
  const f = fileSchema.safeParse(parsed);
  if (!f.success) throw broken(what);
  return f.data;
}

export function signedBytes(manifest: object): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}
