import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../system/files';

/**
 * The office's Ed25519 key pair (spec §9). The private key is a file in the data folder that never goes into
 * a sync package or the database; the public key is exchanged at registration so other offices can check
 * this office's signatures.
 */
export class OfficeKeys {
  private readonly file: string;
  private key: KeyObject | null = null;

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
      mkdirSync(join(this.file, '..'), { recursive: true });
      writeFileAtomic(this.file, Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), { mode: 0o600 });
      try {
        chmodSync(this.file, 0o600);
      } catch {
        // Windows has no POSIX modes; the file sits in the user's own profile folder.
      }
    }
    this.key = createPrivateKey(readFileSync(this.file));
    return this.key;
  }

  /** Drops the key held in memory: the key file was replaced (an office archive was restored). */
  forget(): void {
    this.key = null;
  }

  publicKeyPem(): string {
    return createPublicKey(this.ensure()).export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(data: Buffer): string {
    return sign(null, data, this.ensure()).toString('base64');
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
