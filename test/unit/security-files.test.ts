import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { exportArchive, restoreArchive } from '../../electron/backup/archive';
import { exportBackupCopy, importBackupCopy } from '../../electron/backup/copy';
import { createBackup, createBackupSync } from '../../electron/backup/service';
import { addPhoto } from '../../electron/households/service';
import { FENGHUANG, makeApp, tempDir } from '../helpers/app';
import { idCardFor } from '../helpers/ledgers';

/*
 * Issue 14.5: on Linux the data folder, the keys, the photos and the backups are the owner's only (folders
 * 0700, files 0600) whatever the umask, as docs/security.md says: made so by every writer, and a folder of an
 * older program (or copied in by hand) is made so at the next start.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Every entry under `root` whose mode lets anyone but the owner in, with its mode. */
function loose(root: string): string[] {
  const out: string[] = [];
  const check = (p: string) => {
    const st = lstatSync(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${p.slice(root.length) || '/'} ${(st.mode & 0o777).toString(8)}`);
  };
  check(root);
  for (const n of readdirSync(root, { recursive: true, encoding: 'utf8' })) check(join(root, n));
  return out;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(24).fill(7)]);

describe.skipIf(process.platform === 'win32')('owner-only files', () => {
  it('everything the program writes in the data folder is 0700/0600 even under a permissive umask', async () => {
    const umask = process.umask(0o002);
    try {
      const t = await makeApp();
      cleanups.push(t.cleanup);
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
      addPhoto(t.app, t.actor, { householdId: h.id, phase: 'before', originalName: 'a.png', dataBase64: PNG.toString('base64') });
      await createBackup(t.app.store.sqlite, t.dir, 'manual');
      const sync = createBackupSync(t.app.store.sqlite, t.dir, 'import');
      // A backup brought back from a stick, and an office moved to a new PC.
      const copy = await exportBackupCopy(t.app, t.actor, sync.name, 'passphrase-1');
      await importBackupCopy(t.app, t.actor, Buffer.from(copy.dataBase64, 'base64'), 'passphrase-1');
      const archive = await exportArchive(t.app, t.actor, 'passphrase-1');
      const d = tempDir('newpc-');
      const pc = new LedgerApp({ dataDir: d });
      cleanups.push(() => (pc.close(), rmSync(d, { recursive: true, force: true })));
      await restoreArchive(pc, Buffer.from(archive.dataBase64, 'base64'), 'passphrase-1');

      const names = readdirSync(t.dir, { recursive: true, encoding: 'utf8' });
      expect(names).toEqual(expect.arrayContaining(['keys', join('keys', 'office-ed25519.pem'), 'photos', 'backups', 'ledger.sqlite']));
      expect(names.filter((n) => n.startsWith(join('backups', '')) && n.endsWith('.png'))).toHaveLength(3);
      expect(loose(t.dir)).toEqual([]);
      expect(readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.png'))).toHaveLength(1);
      expect(loose(d)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });

  it('a data folder an older program left readable is made owner-only at the next start', async () => {
    const t = await makeApp();
    const h = t.app.records.create(
      'households',
      {
        townshipCode: FENGHUANG,
        name: '李四',
        idCard: idCardFor('19460305', 2),
        projectYear: 2026,
        status: '申请',
        categories: [],
        conditions: [],
      },
      t.actor,
    ).record;
    addPhoto(t.app, t.actor, { householdId: h.id, phase: 'after', originalName: 'b.png', dataBase64: PNG.toString('base64') });
    t.app.close();
    cleanups.push(() => rmSync(t.dir, { recursive: true, force: true }));
    for (const n of readdirSync(t.dir, { recursive: true, encoding: 'utf8' })) {
      const p = join(t.dir, n);
      chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    }
    mkdirSync(join(t.dir, 'logs'), { mode: 0o755 });
    writeFileSync(join(t.dir, 'logs', 'old.log'), 'x', { mode: 0o644 });
    chmodSync(t.dir, 0o755);
    expect(loose(t.dir).length).toBeGreaterThan(6);
    const again = new LedgerApp({ dataDir: t.dir });
    cleanups.push(() => again.close());
    expect(loose(t.dir)).toEqual([]);
  });
});
