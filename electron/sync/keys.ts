import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../system/files';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../system/permissions';

/**
 * The office's Ed25519 key pair (spec §9). The private key is a file in the data folder that never goes into
 * a sync package or the database; the public key is exchanged at registration so other offices can check
 * this office's signatures.
 */
export class OfficeKeys {
  private readonly file: string;
  private key: KeyObject | null = null;
  private box: KeyObject | null = null;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'keys', 'office-ed25519.pem');
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** Creates the key pair once (at setup); later calls return the same key. */
  ensure(): KeyObject {
    if (this.key) return this.key;
    if (!existsSync(this.file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      makePrivateDir(join(this.file, '..'));
      writeFileAtomic(this.file, Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), { mode: PRIVATE_FILE_MODE });
      // Whatever the umask (a no-op on Windows: the file sits in the user's own profile folder).
      makePrivateFile(this.file);
    }
    this.key = createPrivateKey(readFileSync(this.file));
    return this.key;
  }

  /** Drops the key held in memory: the key file was replaced (an office archive was restored). */
  forget(): void {
    this.key = null;
    this.box = null;
  }

  /**
   * The office's X25519 key, to which sync packages are encrypted (./seal). It is derived from the Ed25519
   * key (HKDF), not a second file: whatever carries or restores the office's key (迁移包, backup) carries
   * this one too, and an office can never end up able to sign but not to read what is sent to it.
   */
  boxPrivateKey(): KeyObject {
    if (this.box) return this.box;
    const seed = Buffer.from(this.ensure().export({ format: 'jwk' }).d as string, 'base64url');
    const raw = Buffer.from(hkdfSync('sha256', seed, 'eldercare-ledger', 'office x25519/1', 32));
    this.box = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
    return this.box;
  }

  boxPublicKeyPem(): string {
    return createPublicKey(this.boxPrivateKey()).export({ type: 'spki', format: 'pem' }).toString();
  }

  publicKeyPem(): string {
    return createPublicKey(this.ensure()).export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(data: Buffer): string {
    return sign(null, data, this.ensure()).toString('base64');
  }
}

/** PKCS#8 DER of an X25519 private key, before its 32 raw bytes (RFC 8410). */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/*
 * A registered office's keys are kept in offices.publicKey: its Ed25519 key (PEM), followed by its X25519 key
 * (PEM) when its card had one (cards of format 2). One column, so that no migration was needed; the two PEM
 * blocks are told apart by their key type, never by position alone.
 */
export function storedKeys(signKeyPem: string, boxKeyPem: string | null): string {
  return boxKeyPem ? `${signKeyPem.trim()}\n${boxKeyPem.trim()}\n` : signKeyPem;
}

export function splitStoredKeys(stored: string): { signKey: string; boxKey: string | null } {
  const blocks = stored.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  let signKey = stored;
  let boxKey: string | null = null;
  for (const b of blocks) {
    const type = keyType(b);
    if (type === 'ed25519') signKey = `${b}\n`;
    else if (type === 'x25519') boxKey = `${b}\n`;
  }
  return { signKey, boxKey };
}

/** 'ed25519', 'x25519', or null for anything that is not a public key of a kind this program uses. */
export function keyType(pem: string): string | null {
  try {
    return createPublicKey(pem).asymmetricKeyType ?? null;
  } catch {
    return null;
  }
}

export function verifySignature(publicKeyPem: string, data: Buffer, signatureB64: string): boolean {
  try {
    return verify(null, data, createPublicKey(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** JSON with sorted keys: the exact bytes that are signed, independent of property order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}
