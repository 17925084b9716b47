import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';

/*
 * What leaves the PC on a USB stick is encrypted to the office it is for (issue 14, docs/sync.md
 * "Encryption"). Sign-then-encrypt: the signed package file (./format) is the plaintext; the sender makes a
 * fresh X25519 key pair for each package, agrees a secret with the receiver's X25519 key (from its office
 * card), derives the AES-256-GCM content key with HKDF-SHA256 and encrypts. Only the holder of the
 * receiver's key can read the package; the signature inside still proves who sent it.
 *
 * File: MAGIC | header length (uint32 BE) | header (JSON) | GCM tag (16 bytes) | ciphertext. The header holds
 * nothing personal (the sender's and receiver's ids, the receiver's key fingerprint, the one-time public key, the IV) and is
 * authenticated as additional data, so a changed byte anywhere fails the decryption.
 */

export const SEALED_MAGIC = Buffer.from('ECSEALED', 'ascii');
export const SEALED_FORMAT = 'eldercare-ledger-sealed/1';
const INFO = Buffer.from('eldercare-ledger-sealed/1 content key', 'utf8');
const MAX_HEADER = 4096;

const headerSchema = z.strictObject({
  format: z.literal(SEALED_FORMAT),
  /** Who made it (not secret: an office id), so that one's own package is recognised though not readable here. */
  senderId: z.uuid(),
  receiverId: z.uuid(),
  /** Which key of the receiver it was encrypted to (an office whose key changed says so, instead of "damaged"). */
  receiverKey: z.string().regex(/^[0-9a-f]{16}$/),
  ephemeralKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
});
type Header = z.infer<typeof headerSchema>;

/** A short fingerprint of an X25519 public key: the first 8 bytes of the SHA-256 of its raw 32 bytes. */
export function keyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const raw = Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function contentKey(shared: Buffer, ephemeralRaw: Buffer, receiverRaw: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, receiverRaw]), INFO, 32));
}

const rawOf = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');

export function isSealed(bytes: Buffer): boolean {
  return bytes.length >= SEALED_MAGIC.length && bytes.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC);
}

/** Encrypts `plain` (a signed package file) to the receiver's X25519 public key (PEM). */
export function seal(plain: Buffer, senderId: string, receiver: { id: string; boxKey: string }): Buffer {
  const receiverKey = createPublicKey(receiver.boxKey);
  const eph = generateKeyPairSync('x25519');
  const ephRaw = rawOf(eph.publicKey);
  const key = contentKey(diffieHellman({ privateKey: eph.privateKey, publicKey: receiverKey }), ephRaw, rawOf(receiverKey));
  const iv = randomBytes(12);
  const header: Header = {
    format: SEALED_FORMAT,
    senderId,
    receiverId: receiver.id,
    receiverKey: keyFingerprint(receiverKey),
    ephemeralKey: ephRaw.toString('base64url'),
    iv: iv.toString('base64url'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  const aad = Buffer.concat([SEALED_MAGIC, len, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([aad, cipher.getAuthTag(), body]);
}

const damaged = () =>
  new AppError(
    'VALIDATION',
    '这个同步包无法解密:文件不完整或被改动过(加密校验不通过),也可能是拷贝时 U 盘被拔出。没有导入任何数据。请让对方重新导出,再拷贝一次。',
  );

/** The receiver an encrypted package names, before any decryption (to say whom it is for). */
export function sealedHeader(bytes: Buffer): Header {
  if (bytes.length < SEALED_MAGIC.length + 4) throw damaged();
  const len = bytes.readUInt32BE(SEALED_MAGIC.length);
  const start = SEALED_MAGIC.length + 4;
  if (len > MAX_HEADER || bytes.length < start + len + 16) throw damaged();
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.subarray(start, start + len).toString('utf8'));
  } catch {
    throw damaged();
  }
  const h = headerSchema.safeParse(raw);
  if (!h.success) throw damaged();
  return h.data;
}

/**
 * Decrypts a package sealed to this office. The caller has checked that the header names this office;
 * a package sealed to an older key of this office, or a changed byte, is refused in Chinese.
 */
export function unseal(bytes: Buffer, own: { privateKey: KeyObject; officeName: string }): Buffer {
  const header = sealedHeader(bytes);
  const ownPublic = createPublicKey(own.privateKey);
  if (header.receiverKey !== keyFingerprint(ownPublic))
    throw new AppError(
      'VALIDATION',
      `这个同步包是按本单位(${own.officeName})以前的加密公钥加密的,本机的密钥已经不同,无法解密。请把本单位的单位公钥文件重新交给对方登记,再请对方重新导出同步包。没有导入任何数据。`,
    );
  const start = SEALED_MAGIC.length + 4;
  const len = bytes.readUInt32BE(SEALED_MAGIC.length);
  const aad = bytes.subarray(0, start + len);
  const tag = bytes.subarray(start + len, start + len + 16);
  const body = bytes.subarray(start + len + 16);
  try {
    const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: header.ephemeralKey }, format: 'jwk' });
    const key = contentKey(diffieHellman({ privateKey: own.privateKey, publicKey: ephemeral }), rawOf(ephemeral), rawOf(ownPublic));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64url'));
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw damaged();
  }
}
