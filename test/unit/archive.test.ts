import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { LedgerApp } from '../../electron/app';
import { exportArchive, restoreArchive } from '../../electron/backup/archive';
import { readTar, tarChunks } from '../../electron/backup/tar';
import { unseal } from '../../electron/system/sealed';
import { addPhoto } from '../../electron/households/service';
import { dumpDb, FENGHUANG, makeApp, tempDir } from '../helpers/app';
import { idCardFor } from '../helpers/ledgers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b1d6a80000000049454e44ae426082',
  'hex',
);

async function office() {
  const t = await makeApp();
  cleanups.push(t.cleanup);
  t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '其他', status: '运营' }, t.actor);
  const h = t.app.records.create(
    'households',
    {
      townshipCode: FENGHUANG,
      name: '张三',
      idCard: idCardFor('19450305', 1),
      projectYear: 2026,
      status: '申请',
      categories: [],
      conditions: [],
    },
    t.actor,
  ).record;
  addPhoto(t.app, t.actor, { householdId: h.id, phase: 'before', originalName: '卫生间.png', dataBase64: PNG.toString('base64') });
  return t;
}

function newPc() {
  const dir = tempDir('ledger-newpc-');
  const app = new LedgerApp({ dataDir: dir });
  cleanups.push(() => (app.close(), rmSync(dir, { recursive: true, force: true })));
  return { app, dir };
}

const PASS = '凤凰 backup 2026';
/** The tar inside a sealed archive: what an older program wrote as it is (still accepted, without a passphrase). */
const tarOf = async (a: { dataBase64: string }) => unseal(Buffer.from(a.dataBase64, 'base64'), PASS, 'archive', 1e9);

const records = (app: LedgerApp) =>
  JSON.stringify(
    ['facilities', 'households', 'household_photos', 'users', 'offices'].map((t) =>
      app.store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all(),
    ),
  );

describe('whole-office archive (move to a new PC)', () => {
  it('carries every record, photo and the signing key, sealed; the new PC logs in with the same accounts', async () => {
    const t = await office();
    const a = await exportArchive(t.app, t.actor, PASS);
    expect(a.fileName).toMatch(/测试民政办-迁移包-\d{8}\.ecmove$/);
    expect(Buffer.from(a.dataBase64, 'base64').subarray(0, 8).toString()).toBe('ECSEALED');
    // Opened, it is a plain tar a technician can list with the standard tool.
    const file = join(t.dir, 'a.tar');
    writeFileSync(file, await tarOf(a));
    const listed = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(expect.arrayContaining(['manifest.json', 'ledger.sqlite', 'keys/office-ed25519.pem']));
    expect(listed.filter((n) => n.startsWith('photos/'))).toHaveLength(1);

    const pc = newPc();
    const r = await dispatch({ app: pc.app, session: { user: null, lastActive: Date.now() } }, 'backups.restoreArchive', {
      dataBase64: a.dataBase64,
      passphrase: PASS,
    });
    expect(r).toEqual({ ok: true, value: { officeName: '测试民政办', photos: 1 } });
    expect(records(pc.app)).toBe(records(t.app));
    const photo = t.app.store.sqlite.prepare('SELECT householdId, fileName FROM household_photos').get() as {
      householdId: string;
      fileName: string;
    };
    expect(readFileSync(join(pc.app.photosDir, photo.householdId, photo.fileName)).equals(PNG)).toBe(true);
    expect(pc.app.keys.publicKeyPem()).toBe(t.app.keys.publicKeyPem());
    // The private key is readable by its owner only, as created at setup and as restored; no temp file left.
    if (process.platform !== 'win32') {
      for (const dir of [t.dir, pc.dir]) expect(statSync(join(dir, 'keys/office-ed25519.pem')).mode & 0o777).toBe(0o600);
    }
    const leftovers = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.part$|\.archive$/.test(f));
    expect(leftovers(pc.dir)).toEqual([]);
    expect(leftovers(t.dir)).toEqual([]);
    const login = await dispatch({ app: pc.app, session: { user: null, lastActive: Date.now() } }, 'session.login', {
      username: 'admin',
      password: 'Admin12345',
    });
    expect(login).toMatchObject({ ok: true });
    expect(pc.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'archive-restore'").pluck().get()).toBe(1);
    expect(t.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'archive-export'").pluck().get()).toBe(1);
  });

  it('refuses, writing nothing: an installation already set up, a damaged or cut-off copy, foreign paths, a newer program', async () => {
    const t = await office();
    // The checks run on the tar inside (a sealed archive is opened first): a plain one, as older programs wrote.
    const good = await tarOf(await exportArchive(t.app, t.actor, PASS));

    // Never over an office's data.
    const before = dumpDb(t.app);
    await expect(restoreArchive(t.app, good)).rejects.toThrow(/只能在新安装、尚未设置的电脑上恢复/);
    expect(dumpDb(t.app)).toBe(before);

    const pc = newPc();
    const untouched = () => {
      expect(pc.app.office()).toBeNull();
      expect(readdirSync(pc.dir).filter((f) => !/^ledger\.sqlite(-wal|-shm)?$/.test(f) && f !== 'backups')).toEqual([]);
    };
    const damaged = Buffer.from(good);
    const db = readTar(good).find((e) => e.name === 'ledger.sqlite')!;
    damaged[good.indexOf(db.data) + 5000] ^= 0xff;
    await expect(restoreArchive(pc.app, damaged)).rejects.toThrow(/ledger\.sqlite”与清单不符/);
    untouched();
    await expect(restoreArchive(pc.app, good.subarray(0, good.length - 3000))).rejects.toThrow(/不完整|不符/);
    untouched();
    await expect(restoreArchive(pc.app, Buffer.from('这不是迁移包'.repeat(200)))).rejects.toThrow(/不是迁移包格式|不完整/);
    untouched();
    const evil = Buffer.concat(tarChunks([...readTar(good), { name: '../../evil.txt', data: Buffer.from('x') }]));
    await expect(restoreArchive(pc.app, evil)).rejects.toThrow(/不认识的文件/);
    untouched();
    // A file listed twice in the manifest cannot hide an unlisted one.
    const entries0 = readTar(good);
    const m0 = JSON.parse(entries0.find((e) => e.name === 'manifest.json')!.data.toString()) as { files: { name: string }[] };
    const photo0 = entries0.find((e) => e.name.startsWith('photos/'))!;
    m0.files = m0.files.map((f) => (f.name === photo0.name ? m0.files.find((g) => g.name === 'ledger.sqlite')! : f));
    const twice = Buffer.concat(
      tarChunks(entries0.map((e) => (e.name === 'manifest.json' ? { name: e.name, data: Buffer.from(JSON.stringify(m0)) } : e))),
    );
    await expect(restoreArchive(pc.app, twice)).rejects.toThrow(/清单中有重复的文件/);
    untouched();

    // Written by a newer program: its database has a migration this one does not know.
    const newerDir = tempDir('ledger-newer-');
    cleanups.push(() => rmSync(newerDir, { recursive: true, force: true }));
    const entries = readTar(good);
    writeFileSync(join(newerDir, 'x.sqlite'), entries.find((e) => e.name === 'ledger.sqlite')!.data);
    const Database = (await import('better-sqlite3')).default;
    const n = new Database(join(newerDir, 'x.sqlite'));
    n.prepare("INSERT INTO schema_migrations (name, appliedAt, appVersion) VALUES ('0999_future', '2030-01-01', '9.0.0')").run();
    n.close();
    const newerDb = readFileSync(join(newerDir, 'x.sqlite'));
    const { createHash } = await import('node:crypto');
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as {
      files: { name: string; size: number; sha256: string }[];
    };
    const m = manifest.files.find((f) => f.name === 'ledger.sqlite')!;
    m.size = newerDb.length;
    m.sha256 = createHash('sha256').update(newerDb).digest('hex');
    const newer = Buffer.concat(
      tarChunks(
        entries.map((e) =>
          e.name === 'manifest.json'
            ? { name: e.name, data: Buffer.from(JSON.stringify(manifest)) }
            : e.name === 'ledger.sqlite'
              ? { name: e.name, data: newerDb }
              : e,
        ),
      ),
    );
    await expect(restoreArchive(pc.app, newer)).rejects.toThrow(/较新版本的程序/);
    untouched();
  });
});
