import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { LedgerApp } from '../../electron/app';
import { exportArchive } from '../../electron/backup/archive';
import { exportBackupCopy, importBackupCopy } from '../../electron/backup/copy';
import { restoreBackup } from '../../electron/backup/restore';
import { createBackup, listBackups } from '../../electron/backup/service';
import { addPhoto } from '../../electron/households/service';
import type { Actor } from '../../electron/records/actor';
import { seed } from '../../electron/seed/generate';
import { seal } from '../../electron/system/sealed';
import { dumpDb, makeApp, tempDir } from '../helpers/app';
import { personalValues } from '../helpers/contractCalls';

/*
 * Issue 14.2, "lost stick": what a clerk carries off the PC (a 迁移包, a backup saved elsewhere) found by a
 * stranger. Their raw bytes, and whatever gunzip makes of them, hold none of the office's 身份证号, phones or
 * names, in UTF-8 or UTF-16, nor the office's private key. The right passphrase gives the data back; a wrong
 * one is refused with a clear message and nothing written. (Sync packages are sealed to the receiving office:
 * issue 14.1, tested with the sync package format.)
 */
const TODAY = '2026-06-30';
const now = () => Date.parse(`${TODAY}T10:00:00+08:00`);
const PASS = '凤凰街道 2026 迁移';
const WRONG = '凤凰街道 2026 迁移!';
let app: LedgerApp;
let dir: string;
let actor: Actor;
let values: string[];
let keyPem: string;
let archive: Buffer;
let backupCopy: Buffer;
/** The records as they were when the saved backup was made. */
let atBackup: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  dir = tempDir('lost-stick-');
  app = new LedgerApp({ dataDir: dir, now });
  await seed(app, { scale: 'township', seed: 7, today: TODAY });
  const admin = app.store.sqlite.prepare("SELECT id, displayName FROM users WHERE username = 'admin'").get() as {
    id: string;
    displayName: string;
  };
  actor = { userId: admin.id, userName: admin.displayName, role: 'admin' };
  const household = app.store.sqlite.prepare('SELECT id FROM households WHERE deletedAt IS NULL LIMIT 1').pluck().get() as string;
  addPhoto(app, actor, {
    householdId: household,
    phase: 'before',
    originalName: '改造前.png',
    dataBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(7)]).toString('base64'),
  });
  values = personalValues(app);
  keyPem = readFileSync(join(dir, 'keys', 'office-ed25519.pem'), 'utf8');
  archive = Buffer.from((await exportArchive(app, actor, PASS)).dataBase64, 'base64');
  atBackup = dumpDb(app, { except: ['audit_log', 'meta'] });
  const backup = await createBackup(app.store.sqlite, dir, 'manual');
  backupCopy = Buffer.from((await exportBackupCopy(app, actor, backup.name, PASS)).dataBase64, 'base64');
}, 180_000);
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
  while (cleanups.length) cleanups.pop()!();
});

/**
 * Every way a value could sit in the bytes: UTF-8 and UTF-16 (LE, BE) text. Needles shorter than 6 bytes
 * (a two-character name in UTF-16) are left out: 4 given bytes occur by chance about once in 4 GB of
 * ciphertext per needle, and a thousand names in megabytes of it would "find" one or two that are not there.
 */
function needles(v: string): Buffer[] {
  const le = Buffer.from(v, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return [Buffer.from(v, 'utf8'), le, be].filter((n) => n.length >= 6);
}

/** The private key as PEM text, its base64 body and its raw 32-byte seed. */
function keyNeedles(): Buffer[] {
  const der = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
  const body = keyPem.replace(/-----[^-]+-----|\s/g, '');
  return [Buffer.from(keyPem), Buffer.from(body.slice(0, 40)), der.subarray(der.length - 32)];
}

/**
 * The labels of the needles found in `bytes` (and in what gunzip makes of them). One pass per layer with the
 * needles indexed by their first 3 bytes: thousands of Buffer.includes over megabytes took minutes.
 */
function found(bytes: Buffer): string[] {
  const layers = [bytes];
  try {
    layers.push(gunzipSync(bytes));
  } catch {
    // Not gzip on the outside: nothing more for a finder to unpack.
  }
  const all = [
    ...values.flatMap((v) => needles(v).map((n) => ({ label: v, n }))),
    ...keyNeedles().map((n) => ({ label: '本单位私钥', n })),
  ];
  const byPrefix = new Map<number, { label: string; n: Buffer }[]>();
  for (const x of all) {
    const k = (x.n[0] << 16) | (x.n[1] << 8) | x.n[2];
    byPrefix.set(k, [...(byPrefix.get(k) ?? []), x]);
  }
  const hits = new Set<string>();
  for (const l of layers)
    for (let i = 0; i + 3 <= l.length; i++) {
      const cands = byPrefix.get((l[i] << 16) | (l[i + 1] << 8) | l[i + 2]);
      if (cands) for (const c of cands) if (l.compare(c.n, 0, c.n.length, i, i + c.n.length) === 0) hits.add(c.label);
    }
  return [...hits];
}

function newPc() {
  const d = tempDir('lost-stick-newpc-');
  const pc = new LedgerApp({ dataDir: d, now });
  cleanups.push(() => (pc.close(), rmSync(d, { recursive: true, force: true })));
  return { app: pc, dir: d };
}

describe('a lost USB stick reveals nothing and signs nothing', () => {
  it('the seeded office has values to find, and the search finds them in the plain database', () => {
    // Proves the search works: a plain copy of the database shows them all.
    expect(values.length).toBeGreaterThan(300);
    expect(values.some((v) => /^\d{17}[\dX]$/.test(v))).toBe(true);
    expect(values.some((v) => /^1\d{10}$/.test(v))).toBe(true);
    const plain = readFileSync(join(dir, 'ledger.sqlite'));
    expect(found(plain).length).toBeGreaterThan(values.length * 0.9);
    expect(keyNeedles().some((n) => readFileSync(join(dir, 'keys', 'office-ed25519.pem')).includes(n))).toBe(true);
  });

  it('a 迁移包: no 身份证号, phone, name or private key in its bytes', () => {
    expect(archive.length).toBeGreaterThan(10_000);
    expect(found(archive)).toEqual([]);
  });

  it('a backup saved off the PC: none either', () => {
    expect(backupCopy.length).toBeGreaterThan(10_000);
    expect(found(backupCopy)).toEqual([]);
  });

  it('the 迁移包 opens with the right passphrase only; a wrong one says so and the new PC stays empty', async () => {
    const pc = newPc();
    const ctx = { app: pc.app, session: { user: null, lastActive: now() } };
    const wrong = await dispatch(ctx, 'backups.restoreArchive', { dataBase64: archive.toString('base64'), passphrase: WRONG });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: [{ field: 'passphrase' }] } });
    expect(!wrong.ok && wrong.error.message).toMatch(/文件密码不正确。本机没有写入任何数据/);
    const none = await dispatch(ctx, 'backups.restoreArchive', { dataBase64: archive.toString('base64') });
    expect(!none.ok && none.error.message).toMatch(/已加密,请输入导出时设置的文件密码/);
    expect(pc.app.office()).toBeNull();
    expect(readdirSync(pc.dir).filter((f) => !/^ledger\.sqlite(-wal|-shm)?$/.test(f) && f !== 'backups')).toEqual([]);
    const right = await dispatch(ctx, 'backups.restoreArchive', { dataBase64: archive.toString('base64'), passphrase: PASS });
    expect(right).toMatchObject({ ok: true, value: { photos: 1 } });
    expect(dumpDb(pc.app, { except: ['audit_log', 'sync_state'] })).toBe(dumpDb(app, { except: ['audit_log', 'sync_state'] }));
    expect(readFileSync(join(pc.dir, 'keys', 'office-ed25519.pem'), 'utf8')).toBe(keyPem);
  }, 120_000);

  it('the backup copy comes back with the right passphrase only, then restores like any backup', async () => {
    const before = listBackups(dir).map((b) => b.name);
    const audit = dumpDb(app);
    await expect(importBackupCopy(app, actor, backupCopy, WRONG)).rejects.toThrow(/文件密码不正确。本机没有写入任何数据/);
    expect(listBackups(dir).map((b) => b.name)).toEqual(before);
    expect(dumpDb(app)).toBe(audit);
    // A 迁移包 given where a backup copy belongs is named for what it is.
    await expect(importBackupCopy(app, actor, archive, PASS)).rejects.toThrow(/这是迁移包,不是备份文件/);

    const imported = await importBackupCopy(app, actor, backupCopy, PASS);
    expect(imported.reason).toBe('从备份文件导入');
    expect(listBackups(dir).map((b) => b.name)).toEqual([imported.name, ...before]);
    app.records.create('facilities', { townshipCode: '420704001000', name: '备份之后新建的敬老院', type: '其他', status: '运营' }, actor);
    await restoreBackup(app, actor, imported.name);
    // The records as they were (the sync clock in `meta` never goes back: a restore keeps it ahead).
    expect(dumpDb(app, { except: ['audit_log', 'meta'] })).toBe(atBackup);
  }, 120_000);

  it('refuses a damaged, cut-off, crafted or foreign file with what is wrong, writing nothing', async () => {
    const before = listBackups(dir).map((b) => b.name);
    const flipped = Buffer.from(backupCopy);
    flipped[Math.floor(flipped.length / 2)] ^= 0x01;
    await expect(importBackupCopy(app, actor, flipped, PASS)).rejects.toThrow(/已损坏或被改动过/);
    await expect(importBackupCopy(app, actor, backupCopy.subarray(0, 60), PASS)).rejects.toThrow(/不完整/);
    await expect(importBackupCopy(app, actor, Buffer.from('SQLite format 3\0'), PASS)).rejects.toThrow(/不是本程序另存的备份文件/);
    // A header asking for a huge scrypt cost is refused before any work.
    const greedy = Buffer.from(backupCopy);
    greedy[10] = 30;
    const t0 = performance.now();
    await expect(importBackupCopy(app, actor, greedy, PASS)).rejects.toThrow(/文件头已损坏/);
    expect(performance.now() - t0).toBeLessThan(1000);
    // Sealed with the right passphrase by someone else: another office's backup is not restored here.
    const other = await makeApp({ name: '别的民政办' });
    cleanups.push(other.cleanup);
    const b = await createBackup(other.app.store.sqlite, other.dir, 'manual');
    const foreign = Buffer.from((await exportBackupCopy(other.app, other.actor, b.name, PASS)).dataBase64, 'base64');
    await expect(importBackupCopy(app, actor, foreign, PASS)).rejects.toThrow(/是“别的民政办”的备份,不是本单位的/);
    // Sealed content that is not a bundle.
    await expect(importBackupCopy(app, actor, await seal(Buffer.from('随便什么内容'), PASS, 'backup'), PASS)).rejects.toThrow(
      /不能导入这个备份文件/,
    );
    expect(listBackups(dir).map((b) => b.name)).toEqual(before);
    expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.part'))).toEqual([]);
  }, 120_000);
});
