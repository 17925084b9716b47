import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../shared/api/errors';

/*
 * A file the clerk carries off the PC (a 迁移包, a backup copy) sealed with a passphrase she chooses (issue
 * 14.2): scrypt turns the passphrase into a key, AES-256-GCM encrypts the gzipped content and proves it was
 * not changed. The passphrase is never stored; without it the bytes on a lost stick are noise. A second
 * derived value lets the reader tell a wrong passphrase from a damaged file (GCM alone cannot), and costs a
 * guesser nothing more than the scrypt work itself.
 *
 * Layout: magic "ECSEALED" (8) · format 1 (1) · kind (1) · log2 N, r, p (3) · salt (16) · iv (12) ·
 * passphrase check (32) · ciphertext · GCM tag (16). The header up to the check is the GCM's associated data.
 */

const MAGIC = Buffer.from('ECSEALED', 'ascii');
const FORMAT = 1;
/** What a sealed file holds, so a backup copy given to the 迁移包 restore says so instead of "wrong passphrase". */
export const SEALED_KINDS = { archive: 1, backup: 2 } as const;
export type SealedKind = keyof typeof SEALED_KINDS;
const KIND_NAMES: Record<number, string> = { 1: '迁移包', 2: '备份文件' };
/** OWASP's scrypt floor (N = 2^17, r = 8, p = 1): about 0.3 s and 128 MB here, once per file. */
const COST = { logN: 17, r: 8, p: 1 };
const HEADER = MAGIC.length + 1 + 1 + 3 + 16 + 12;
const CHECK = 32;
const TAG = 16;

function derive(passphrase: string, salt: Buffer, cost: { logN: number; r: number; p: number }): Promise<{ key: Buffer; check: Buffer }> {
  const N = 2 ** cost.logN;
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 64, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }, (e, k) =>
      e ? reject(e) : resolve({ key: k.subarray(0, 32), check: createHash('sha256').update(k.subarray(32)).digest() }),
    ),
  );
}

export const isSealed = (bytes: Buffer): boolean => bytes.length >= MAGIC.length && bytes.subarray(0, MAGIC.length).equals(MAGIC);

/** Gzips and encrypts `content` under `passphrase`. */
export async function seal(content: Buffer, passphrase: string, kind: SealedKind): Promise<Buffer> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = Buffer.concat([MAGIC, Buffer.from([FORMAT, SEALED_KINDS[kind], COST.logN, COST.r, COST.p]), salt, iv]);
  const { key, check } = await derive(passphrase, salt, COST);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(gzipSync(content, { level: 6 })), cipher.final()]);
  return Buffer.concat([header, check, body, cipher.getAuthTag()]);
}

/**
 * Decrypts a sealed file of `kind`; `maxBytes` bounds the unpacked content (a crafted file must not fill
 * the memory). Every refusal is an AppError in Chinese that says what is wrong; `what` names the file.
 */
export async function unseal(bytes: Buffer, passphrase: string, kind: SealedKind, maxBytes: number): Promise<Buffer> {
  const what = KIND_NAMES[SEALED_KINDS[kind]];
  const refuse = (why: string) => new AppError('VALIDATION', `${why}。本机没有写入任何数据。`);
  if (!isSealed(bytes)) throw refuse(`这不是加密的${what}`);
  if (bytes.length < HEADER + CHECK + TAG) throw refuse(`${what}不完整(可能没有拷贝完),请重新拷贝后再试`);
  const [format, k, logN, r, p] = bytes.subarray(MAGIC.length, MAGIC.length + 5);
  if (format !== FORMAT) throw refuse(`这个${what}由较新版本的程序生成,请先把本机程序升级`);
  if (k !== SEALED_KINDS[kind]) throw refuse(`这是${KIND_NAMES[k] ?? '其他文件'},不是${what}`);
  // A crafted header must not make us spend minutes or gigabytes: only the costs this program writes.
  if (logN < 15 || logN > 18 || r !== 8 || p !== 1) throw refuse(`${what}的文件头已损坏`);
  const header = bytes.subarray(0, HEADER);
  const salt = header.subarray(MAGIC.length + 5, MAGIC.length + 21);
  const iv = header.subarray(MAGIC.length + 21, HEADER);
  const { key, check } = await derive(passphrase, salt, { logN, r, p });
  if (!timingSafeEqual(check, bytes.subarray(HEADER, HEADER + CHECK)))
    throw new AppError('VALIDATION', '文件密码不正确。本机没有写入任何数据。请输入导出时设置的文件密码(区分大小写)。', [
      { field: 'passphrase', level: 'error', message: '文件密码不正确' },
    ]);
  let gz: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(header);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    gz = Buffer.concat([decipher.update(bytes.subarray(HEADER + CHECK, bytes.length - TAG)), decipher.final()]);
  } catch {
    throw refuse(`${what}已损坏或被改动过(可能没有拷贝完),请重新拷贝后再试`);
  }
  try {
    return gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch {
    // Authenticated yet not unpackable: written by a faulty program or bigger than this program accepts.
    throw refuse(`${what}的内容无法解开(过大或已损坏)`);
  }
}
