import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((res, rej) => scryptCb(pw, salt, len, opts, (e, k) => (e ? rej(e) : res(k))));

/**
 * OWASP's scrypt floor (issue 14.4): N = 2^17, r = 8, p = 1, 128 MB and about 0.3 s per login on an office
 * PC: slow enough to make guessing a stolen database's passwords expensive, quick enough for a login.
 */
export const PASSWORD_COST = Object.freeze({ N: 1 << 17, r: 8, p: 1 });
let cost: { N: number; r: number; p: number } = PASSWORD_COST;

/**
 * Vitest only: unit tests set up hundreds of offices and would spend minutes in scrypt (test/helpers/app.ts
 * lowers N). A hash records its own cost, so cheap hashes verify the same way; the shipped cost and the
 * upgrade to it are tested with `'shipped'`.
 */
export function setPasswordCostForTests(N: number | 'shipped'): void {
  if (!process.env.VITEST) throw new Error('setPasswordCostForTests is for the test runner only');
  cost = N === 'shipped' ? PASSWORD_COST : { N, r: 8, p: 1 };
}

const maxmem = (N: number, r: number) => 128 * N * r * 2;

/** `scrypt$N$r$p$salt$hash`, so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, 32, { ...cost, maxmem: maxmem(cost.N, cost.r) });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Only costs this program ever wrote: a row edited to N = 2^30 must not take the login down.
  if (alg !== 'scrypt' || !salt || !hash || !(N >= 2 && N <= 1 << 20) || R !== 8 || P !== 1) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length !== 32) return false;
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: maxmem(N, R),
  });
  return timingSafeEqual(key, expected);
}

/** A hash made with a lower cost than today's: rehashed at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [alg, n, r, p] = stored.split('$');
  return alg !== 'scrypt' || Number(n) < cost.N || Number(r) !== cost.r || Number(p) !== cost.p;
}
